from django.urls import path

from chibo.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("alerts/", views.AlertsView.as_view(), name="alerts"),
    path("rates/", views.RatesView.as_view(), name="rates"),
    path("new/<str:code>/", views.MeetingCreateView.as_view(), name="create"),
    path("plan/<str:code>/", views.PlanYearView.as_view(), name="plan"),
    path("checkin/<str:token>/", views.CheckinView.as_view(), name="checkin"),
    path("documents/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MeetingEditView.as_view(), name="edit"),
    path("<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="cancel"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/documents/add/", views.DocumentAddView.as_view(), name="document_add"),
    path("<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("<int:pk>/sheet.pdf", views.SignInSheetView.as_view(), name="sheet"),
    path("<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/minutes/resolution/", views.ResolutionAddView.as_view(), name="resolution"),
    path("<int:pk>/minutes/finalise/", views.FinaliseView.as_view(), name="finalise"),
    path("<int:pk>/minutes/correct/", views.CorrectionView.as_view(), name="correct"),
    path("<int:pk>/minutes.pdf", views.MinutesPdfView.as_view(), name="minutes_pdf"),
]
