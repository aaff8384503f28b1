from django.contrib import admin

from tts_common.deadletter.models import DeadLetter


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ("failed_at", "task_name", "task_id", "queue", "reason", "published")
    list_filter = ("task_name", "queue", "published")
    search_fields = ("task_id", "reason")
    readonly_fields = [field.name for field in DeadLetter._meta.fields]
