from django.contrib import admin

from templating.models import NotificationTemplate


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    list_display = ["notification_type", "channel", "subject", "is_active", "updated_at"]
    list_filter = ["channel", "is_active"]
    search_fields = ["notification_type", "subject"]
