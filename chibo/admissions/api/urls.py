from django.urls import path
from rest_framework.routers import SimpleRouter

from chibo.admissions.api.views import CandidateViewSet, DeadlineViewSet, FunnelViewSet, TargetViewSet

router = SimpleRouter()
router.register("candidates", CandidateViewSet, basename="candidate")
router.register("admission-deadlines", DeadlineViewSet, basename="admission-deadline")
router.register("admission-funnel", FunnelViewSet, basename="admission-funnel")
urlpatterns = [
    *router.urls,
    # one collection read and written whole (PUT or POST set a unit's target): not a router shape
    path(
        "admission-targets/",
        TargetViewSet.as_view({"get": "progress", "post": "set", "put": "set"}),
        name="admission-target-list",
    ),
]
