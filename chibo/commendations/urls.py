from django.urls import path

from chibo.commendations import views

app_name = "commendations"

urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("candidates/", views.CandidatesView.as_view(), name="candidates"),
    path("counts/", views.CountsView.as_view(), name="counts"),
    path("record/<str:code>/", views.RecordView.as_view(), name="record"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/correct/", views.CorrectView.as_view(), name="correct"),
    path("<int:pk>/annul/", views.AnnulView.as_view(), name="annul"),
]
