from django.urls import path

from chibo.members import views

app_name = "members"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="list"),
    path("transfers/", views.TransfersView.as_view(), name="transfers"),
    path("export.<str:fmt>", views.MemberExportView.as_view(), name="export"),
    path("new/<str:code>/", views.MemberCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MemberDetailView.as_view(), name="detail"),
    path("<int:pk>/sensitive/", views.MemberSensitiveView.as_view(), name="sensitive"),
    path("<int:pk>/edit/", views.MemberEditView.as_view(), name="edit"),
    path("<int:pk>/recognise/", views.RecogniseView.as_view(), name="recognise"),
    path("<int:pk>/transfer/", views.TransferInternalView.as_view(), name="transfer"),
    path("<int:pk>/transfer-out/", views.TransferOutView.as_view(), name="transfer_out"),
    path("<int:pk>/exempt/", views.ExemptView.as_view(), name="exempt"),
    path("<int:pk>/absence/", views.AbsenceView.as_view(), name="absence"),
    path("<int:pk>/leave/", views.LeaveView.as_view(), name="leave"),
    path("<int:pk>/readmit/", views.ReadmitView.as_view(), name="readmit"),
    path("transfers/<int:pk>/arrival/", views.TransferArrivalView.as_view(), name="transfer_arrival"),
    path("transfers/<int:pk>/return/", views.TemporaryReturnView.as_view(), name="temporary_return"),
    path("exemptions/<int:pk>/end/", views.ExemptionEndView.as_view(), name="exemption_end"),
    path("absences/<int:pk>/return/", views.AbsenceReturnView.as_view(), name="absence_return"),
]
