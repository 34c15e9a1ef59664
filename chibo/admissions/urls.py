from django.urls import path

from chibo.admissions import views

app_name = "admissions"

urlpatterns = [
    path("", views.CandidateListView.as_view(), name="list"),
    path("deadlines/", views.DeadlineBoardView.as_view(), name="deadlines"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("targets/set/", views.TargetSetView.as_view(), name="target_set"),
    path("new/<str:code>/", views.CandidateCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CandidateDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CandidateEditView.as_view(), name="edit"),
    path("<int:pk>/step/<str:step>/", views.StepView.as_view(), name="step"),
    path("<int:pk>/decision/<str:kind>.pdf", views.DecisionPdfView.as_view(), name="decision_pdf"),
    path("introducers/<int:pk>/release/", views.IntroducerReleaseView.as_view(), name="introducer_release"),
    path("papers/<int:pk>/scan/", views.PaperScanView.as_view(), name="paper_scan"),
]
