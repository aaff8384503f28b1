from django.contrib import admin

from tts_common.outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "task_name", "created_at", "published_at", "attempts", "last_error")
    list_filter = ("task_name", ("published_at", admin.EmptyFieldListFilter))
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
