from rest_framework.routers import SimpleRouter

from chibo.badges.api.views import AwardDayViewSet, AwardViewSet, HistoryViewSet, RoundViewSet

router = SimpleRouter()
router.register("badge-rounds", RoundViewSet, basename="badge-round")
router.register("badge-awards", AwardViewSet, basename="badge-award")
router.register("badge-history", HistoryViewSet, basename="badge-history")
router.register("badge-award-days", AwardDayViewSet, basename="badge-award-day")
urlpatterns = router.urls
