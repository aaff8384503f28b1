from rest_framework.routers import DefaultRouter

from templating.api.views import NotificationTemplateViewSet

router = DefaultRouter()
router.register("templates", NotificationTemplateViewSet, basename="template")

urlpatterns = router.urls
