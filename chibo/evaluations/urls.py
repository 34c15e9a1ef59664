from django.urls import path

from chibo.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.EvaluationListView.as_view(), name="list"),
    path("self/", views.SelfView.as_view(), name="self"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="detail"),
    path("<int:pk>/correct/", views.CorrectView.as_view(), name="correct"),
    path("review/<int:member>/<int:year>/", views.ReviewView.as_view(), name="review"),
    path("decide/<str:code>/<int:year>/", views.DecideView.as_view(), name="decide"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("units/review/<str:code>/<int:year>/", views.UnitReviewView.as_view(), name="unit_review"),
    path("units/decide/<str:code>/<int:year>/", views.UnitDecideView.as_view(), name="unit_decide"),
    path("units/<int:pk>/correct/", views.UnitCorrectView.as_view(), name="unit_correct"),
    path("tables/", views.TableListView.as_view(), name="tables"),
    path("tables/<int:pk>/", views.TableDetailView.as_view(), name="table"),
    path("tables/<str:code>/<int:year>/<str:subject>/", views.TableEditView.as_view(), name="table_edit"),
    path(
        "tables/<str:code>/<int:year>/<str:subject>/copy/", views.TableCopyView.as_view(), name="table_copy"
    ),
    path("results/", views.ResultsView.as_view(), name="results"),
    path("results/<str:code>/<int:year>.<str:fmt>", views.ResultsExportView.as_view(), name="results_export"),
]
