from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("chibo.core.urls")),
    path("accounts/", include("chibo.accounts.urls")),
    path("units/", include("chibo.organizations.urls")),
    path("members/", include("chibo.members.urls")),
    path("admissions/", include("chibo.admissions.urls")),
    path("meetings/", include("chibo.meetings.urls")),
    path("badges/", include("chibo.badges.urls")),
    path("evaluations/", include("chibo.evaluations.urls")),
    path("discipline/", include("chibo.discipline.urls")),
    path("commendations/", include("chibo.commendations.urls")),
    path("exchange/", include("chibo.exchange.urls")),
    path("reports/", include("chibo.reports.urls")),
    path("documents/", include("chibo.documents.urls")),
    path("handbook/", include("chibo.handbook.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("chibo.organizations.api.urls")),
    path("api/v1/", include("chibo.members.api.urls")),
    path("api/v1/", include("chibo.admissions.api.urls")),
    path("api/v1/", include("chibo.meetings.api.urls")),
    path("api/v1/", include("chibo.badges.api.urls")),
    path("api/v1/", include("chibo.evaluations.api.urls")),
    path("api/v1/", include("chibo.discipline.api.urls")),
    path("api/v1/", include("chibo.commendations.api.urls")),
    path("api/v1/", include("chibo.exchange.api.urls")),
    path("api/v1/", include("chibo.reports.api.urls")),
    path("api/v1/", include("chibo.documents.api.urls")),
    path("api/v1/", include("chibo.handbook.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path(settings.ADMIN_URL, admin.site.urls),
]
