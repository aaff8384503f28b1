from django.contrib import admin, messages

from tts_common.outbox.models import OutboxMessage
from tts_common.outbox.services import outbox_requeue_parked


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "task_name", "created_at", "published_at", "parked_at", "attempts", "last_error")
    list_filter = ("task_name", ("published_at", admin.EmptyFieldListFilter), ("parked_at", admin.EmptyFieldListFilter))
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["requeue_parked"]

    @admin.action(description="Requeue the selected parked messages")
    def requeue_parked(self, request, queryset):
        count = outbox_requeue_parked(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} parked message(s) requeued.", messages.SUCCESS)
