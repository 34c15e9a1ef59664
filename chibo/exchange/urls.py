from django.urls import path

from chibo.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.ImportListView.as_view(), name="list"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="detail"),
    path("imports/<int:pk>/status/", views.ImportProgressView.as_view(), name="progress"),
    path("imports/<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("imports/<int:pk>/report.xlsx", views.ReportView.as_view(), name="report"),
    path("template.xlsx", views.TemplateView.as_view(), name="template"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
]
