from rest_framework.routers import SimpleRouter

from chibo.reports.api.views import QualityViewSet, StatisticsViewSet, SubmittedReportViewSet

router = SimpleRouter()
router.register("report-statistics", StatisticsViewSet, basename="report-statistics")
router.register("reports-submitted", SubmittedReportViewSet, basename="report-submitted")
router.register("report-quality", QualityViewSet, basename="report-quality")
urlpatterns = router.urls
