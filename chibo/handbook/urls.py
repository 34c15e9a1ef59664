from django.urls import path

from chibo.handbook import views

app_name = "handbook"

urlpatterns = [
    # staff
    path("", views.PostListView.as_view(), name="list"),
    path("publish/<str:code>/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/", views.PostDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PostEditView.as_view(), name="edit"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("comments/<int:pk>/moderate/", views.ModerateView.as_view(), name="moderate"),
    # members (phone first)
    path("news/", views.NewsView.as_view(), name="news"),
    path("news/<int:pk>/", views.ReadView.as_view(), name="read"),
    path("news/<int:pk>/comment/", views.CommentView.as_view(), name="comment"),
    path("news/<int:pk>/files/<int:file_pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", views.OpenView.as_view(), name="open"),
    path("inbox/meeting/<int:pk>/", views.MeetingNoticeView.as_view(), name="meeting_notice"),
    path("inbox/read-all/", views.ReadAllView.as_view(), name="read_all"),
]
