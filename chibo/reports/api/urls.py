from rest_framework.routers import SimpleRouter

from chibo.reports.api.views import (
    QualityRunViewSet,
    QualityViewSet,
    StatisticsViewSet,
    SubmittedReportViewSet,
)

router = SimpleRouter()
router.register("report-statistics", StatisticsViewSet, basename="report-statistics")
router.register("reports-submitted", SubmittedReportViewSet, basename="report-submitted")
router.register("report-quality", QualityViewSet, basename="report-quality")
router.register("report-quality-runs", QualityRunViewSet, basename="report-quality-run")
urlpatterns = router.urls
