from rest_framework.routers import SimpleRouter

from chibo.handbook.api import views

router = SimpleRouter()
router.register("handbook/posts", views.PostViewSet, basename="handbook-post")
router.register("handbook/comments", views.CommentViewSet, basename="handbook-comment")
router.register("handbook/inbox", views.InboxViewSet, basename="handbook-inbox")
urlpatterns = router.urls
