from rest_framework.routers import DefaultRouter

from workflows.api.views import StepViewSet, TransitionViewSet, WorkflowViewSet

router = DefaultRouter()
router.register("workflows", WorkflowViewSet, basename="workflow")
router.register("steps", StepViewSet, basename="step")
router.register("transitions", TransitionViewSet, basename="transition")
urlpatterns = router.urls
