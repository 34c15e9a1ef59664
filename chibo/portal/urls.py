from django.urls import path

from chibo.portal import views

app_name = "portal"

urlpatterns = [
    # the member's own pages (phone first)
    path("", views.RecordView.as_view(), name="record"),
    path("sensitive/", views.SensitiveView.as_view(), name="sensitive"),
    path("correct/", views.CorrectionView.as_view(), name="correct"),
    path("meetings/", views.MeetingsView.as_view(), name="meetings"),
    path("meetings/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("materials/<int:pk>/", views.MaterialView.as_view(), name="material"),
    # anyone with a code: set the password of a member account
    path("activate/", views.ActivateView.as_view(), name="activate"),
    # staff: the requests to answer, the members' accounts
    path("requests/", views.RequestListView.as_view(), name="requests"),
    path("requests/<int:pk>/close/", views.RequestCloseView.as_view(), name="request_close"),
    path("accounts/", views.AccountsHomeView.as_view(), name="accounts_home"),
    path("accounts/<str:code>/", views.AccountsView.as_view(), name="accounts"),
    path("accounts/<str:code>/issue/", views.AccountsIssueView.as_view(), name="accounts_issue"),
]
