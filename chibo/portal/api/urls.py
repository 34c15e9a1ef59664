from rest_framework.routers import SimpleRouter

from chibo.portal.api.views import (
    CorrectionRequestViewSet,
    MemberAccountViewSet,
    MyCorrectionRequestViewSet,
    MyMeetingViewSet,
    MyRecordViewSet,
)

router = SimpleRouter()
router.register("me/record", MyRecordViewSet, basename="my-record")
router.register("me/correction-requests", MyCorrectionRequestViewSet, basename="my-correction-request")
router.register("me/meetings", MyMeetingViewSet, basename="my-meeting")
router.register("correction-requests", CorrectionRequestViewSet, basename="correction-request")
router.register("member-accounts", MemberAccountViewSet, basename="member-account")
urlpatterns = router.urls
