from rest_framework.routers import DefaultRouter

from intake.api import IntakeFailureViewSet

router = DefaultRouter()
router.register("intake-failures", IntakeFailureViewSet, basename="intake-failure")
urlpatterns = router.urls
