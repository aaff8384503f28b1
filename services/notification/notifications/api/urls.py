from django.urls import path
from rest_framework.routers import DefaultRouter

from notifications.api.views import DeliveryHistoryViewSet, InAppNotificationViewSet, PreferencesView, SendNotificationView

v1_router = DefaultRouter()
v1_router.register("notifications/history", DeliveryHistoryViewSet, basename="delivery")
v2_router = DefaultRouter()
v2_router.register("notifications/inapp", InAppNotificationViewSet, basename="inapp")

v1_urlpatterns = [
    path("notifications/send/", SendNotificationView.as_view(), name="notification-send"),
    path("preferences/", PreferencesView.as_view(), name="preferences"),
    *v1_router.urls,
]
v2_urlpatterns = v2_router.urls
