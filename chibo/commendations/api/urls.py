from rest_framework.routers import SimpleRouter

from chibo.commendations.api.views import CandidateViewSet, CommendationViewSet, CountViewSet

router = SimpleRouter()
router.register("commendations", CommendationViewSet, basename="commendation")
router.register("commendation-candidates", CandidateViewSet, basename="commendation-candidate")
router.register("commendation-counts", CountViewSet, basename="commendation-count")
urlpatterns = router.urls
