from django.contrib import admin

from notifications.models import DeliveryLog, InAppNotification, NotificationPreference


@admin.register(InAppNotification)
class InAppNotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "user_id", "notification_type", "subject", "is_read", "created_at"]
    list_filter = ["notification_type", "is_read"]
    search_fields = ["subject", "related_ticket_number", "dedupe_key"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user_id", "user_email", "notification_type", "channel", "enabled", "updated_at"]
    list_filter = ["channel", "enabled", "notification_type"]
    search_fields = ["user_email"]


@admin.register(DeliveryLog)
class DeliveryLogAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "recipient", "notification_type", "status", "attempts", "created_at"]
    list_filter = ["channel", "status", "notification_type"]
    search_fields = ["recipient", "message_id", "dedupe_key", "error"]
