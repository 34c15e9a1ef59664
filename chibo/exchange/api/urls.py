from rest_framework.routers import SimpleRouter

from chibo.exchange.api.views import ImportViewSet, RosterExportViewSet

router = SimpleRouter()
router.register("imports", ImportViewSet, basename="import")
router.register("roster-export", RosterExportViewSet, basename="roster-export")
urlpatterns = router.urls
