from django.urls import path

from chibo.discipline import views

app_name = "discipline"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("export.xlsx", views.CaseExportView.as_view(), name="export"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("open/<str:code>/", views.CaseCreateView.as_view(), name="case_create"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/<str:action>/", views.CaseActionView.as_view(), name="case_action"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programmes"),
    path("programmes/new/<str:code>/", views.ProgrammeFormView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeFormView.as_view(), name="programme_edit"),
    path("programmes/<int:pk>/<str:action>/", views.ProgrammeActionView.as_view(), name="programme_action"),
]
