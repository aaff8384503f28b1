from rest_framework.routers import DefaultRouter

from webhooks.api.views import DeliveryViewSet, SubscriptionViewSet

router = DefaultRouter()
router.register("webhooks", SubscriptionViewSet, basename="webhook")
router.register("webhook-deliveries", DeliveryViewSet, basename="webhook-delivery")
urlpatterns = router.urls
