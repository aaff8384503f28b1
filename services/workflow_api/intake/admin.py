from django.contrib import admin

from intake.models import IntakeFailure


@admin.register(IntakeFailure)
class IntakeFailureAdmin(admin.ModelAdmin):
    list_display = ("created_at", "ticket_number", "reason", "message_id")
    readonly_fields = ("created_at", "ticket_number", "reason", "payload", "message_id")
