from django.urls import path

from chibo.documents import views

app_name = "documents"

urlpatterns = [
    # staff
    path("", views.DocumentListView.as_view(), name="list"),
    path("publish/<str:code>/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DocumentEditView.as_view(), name="edit"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path("study/<int:pk>/", views.AssignmentView.as_view(), name="assignment"),
    # members (phone first)
    path("library/", views.LibraryView.as_view(), name="library"),
    path("library/<int:pk>/", views.ReadView.as_view(), name="read"),
    path("library/<int:pk>/file/", views.DownloadView.as_view(), name="download"),
    path("library/<int:pk>/bookmark/", views.BookmarkView.as_view(), name="bookmark"),
    path("library/bookmarks/", views.BookmarksView.as_view(), name="bookmarks"),
    path("library/study/", views.MyStudyView.as_view(), name="my_study"),
    path("library/study/<int:pk>/mark/", views.MarkView.as_view(), name="mark"),
]
