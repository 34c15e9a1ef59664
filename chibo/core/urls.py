from django.urls import path

from chibo.core import views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("audit/", views.AuditListView.as_view(), name="audit"),
    path("audit/<str:target_type>/<str:target_id>/", views.AuditListView.as_view(), name="audit_object"),
]
