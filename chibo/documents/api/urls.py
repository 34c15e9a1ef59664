from rest_framework.routers import SimpleRouter

from chibo.documents.api import views

router = SimpleRouter()
router.register("documents", views.DocumentViewSet, basename="document")
router.register("study-assignments", views.StudyAssignmentViewSet, basename="study-assignment")
urlpatterns = router.urls
