from rest_framework.routers import SimpleRouter

from chibo.evaluations.api.views import (
    MemberEvaluationViewSet,
    ResultViewSet,
    ScoringTableViewSet,
    UnitEvaluationViewSet,
)

router = SimpleRouter()
router.register("scoring-tables", ScoringTableViewSet, basename="scoring-table")
router.register("member-evaluations", MemberEvaluationViewSet, basename="member-evaluation")
router.register("unit-evaluations", UnitEvaluationViewSet, basename="unit-evaluation")
router.register("evaluation-results", ResultViewSet, basename="evaluation-result")
urlpatterns = router.urls
