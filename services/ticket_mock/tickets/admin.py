from django.contrib import admin

from tickets.models import Ticket, TicketAttachment, TicketNumberSequence, TicketStatusChange


class TicketAttachmentInline(admin.TabularInline):
    model = TicketAttachment
    extra = 0
    readonly_fields = ("file", "file_name", "file_type", "file_size", "uploaded_at")


class TicketStatusChangeInline(admin.TabularInline):
    model = TicketStatusChange
    extra = 0
    readonly_fields = ("previous_status", "status", "message_id", "received_at")
    can_delete = False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Tickets are created through the API or ``inject`` so that they are published; here they are read."""

    list_display = ("ticket_number", "subject", "category", "sub_category", "priority", "status", "submit_date")
    list_filter = ("status", "priority", "category")
    search_fields = ("ticket_number", "subject", "employee__email")
    date_hierarchy = "submit_date"
    readonly_fields = ("ticket_number", "status", "submit_date", "created_at", "updated_at")
    inlines = [TicketAttachmentInline, TicketStatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TicketStatusChange)
class TicketStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("ticket", "previous_status", "status", "received_at")
    list_filter = ("status",)
    search_fields = ("ticket__ticket_number",)
    readonly_fields = [field.name for field in TicketStatusChange._meta.fields]


@admin.register(TicketAttachment)
class TicketAttachmentAdmin(admin.ModelAdmin):
    list_display = ("file_name", "ticket", "file_type", "file_size", "uploaded_at")
    search_fields = ("file_name", "ticket__ticket_number")


@admin.register(TicketNumberSequence)
class TicketNumberSequenceAdmin(admin.ModelAdmin):
    list_display = ("day", "last_value")
    readonly_fields = ("day", "last_value")
