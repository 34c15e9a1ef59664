from rest_framework.routers import SimpleRouter

from chibo.questions.api import views

router = SimpleRouter()
router.register("questions/mine", views.MyQuestionViewSet, basename="questions-mine")
router.register("questions/faq", views.FaqViewSet, basename="questions-faq")
router.register("questions/staff", views.QuestionViewSet, basename="questions-staff")
urlpatterns = router.urls
