from django.urls import path

from chibo.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.StatisticsView.as_view(), name="statistics"),
    path("statistics.<str:fmt>", views.StatisticsExportView.as_view(), name="statistics_export"),
    path("submit/<str:code>/", views.SubmitView.as_view(), name="submit"),
    path("submitted/", views.SubmittedListView.as_view(), name="submitted_list"),
    path("submitted/<int:pk>/", views.SubmittedDetailView.as_view(), name="submitted_detail"),
    path("quality/", views.QualityView.as_view(), name="quality"),
    path("quality/problems.xlsx", views.QualityExportView.as_view(), name="quality_export"),
    path("quality/snapshot/<str:code>/", views.SnapshotView.as_view(), name="snapshot"),
    path("quality/run/<str:code>/", views.QualityRunView.as_view(), name="quality_run"),
]
