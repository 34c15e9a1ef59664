from rest_framework.routers import SimpleRouter

from chibo.meetings.api.views import AlertViewSet, MeetingViewSet, RateViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("meeting-alerts", AlertViewSet, basename="meeting-alert")
router.register("meeting-rates", RateViewSet, basename="meeting-rate")
urlpatterns = router.urls
