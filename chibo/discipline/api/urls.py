from rest_framework.routers import SimpleRouter

from chibo.discipline.api.views import CaseViewSet, FiguresViewSet, ProgrammeViewSet

router = SimpleRouter()
router.register("inspection-programmes", ProgrammeViewSet, basename="inspection-programme")
router.register("discipline-cases", CaseViewSet, basename="discipline-case")
router.register("discipline-figures", FiguresViewSet, basename="discipline-figures")
urlpatterns = router.urls
