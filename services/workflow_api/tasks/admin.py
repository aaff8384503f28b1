from django.contrib import admin

from tasks.models import Assignment, Task


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("ticket_number", "subject", "priority", "status", "current_step_name", "received_at")
    list_filter = ("status", "priority")
    search_fields = ("ticket_number", "subject")
    inlines = [AssignmentInline]
