from django.urls import path

from chibo.badges import views

app_name = "badges"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="list"),
    path("prepare/<str:code>/", views.PrepareView.as_view(), name="prepare"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="detail"),
    path("<int:pk>/list.pdf", views.RoundPdfView.as_view(), name="pdf"),
    path("<int:pk>/<str:action>/", views.RoundActionView.as_view(), name="round_action"),
    path("awards/<int:pk>/<str:action>/", views.AwardActionView.as_view(), name="award_action"),
    path("history/<int:pk>/", views.HistoryView.as_view(), name="history"),
]
