from django.urls import path

from chibo.core import pwa, views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("audit/", views.AuditListView.as_view(), name="audit"),
    path("audit/<str:target_type>/<str:target_id>/", views.AuditListView.as_view(), name="audit_object"),
    # the installable handbook (PWA): public, the worker's scope is the whole site
    path("sw.js", pwa.service_worker, name="sw"),
    path("offline/", pwa.OfflineView.as_view(), name="offline"),
    path("offline/queued/", pwa.OfflineQueuedView.as_view(), name="offline_queued"),
    path("offline/checkin/", pwa.OfflineCheckinView.as_view(), name="offline_checkin"),
]
