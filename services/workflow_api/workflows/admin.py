from django.contrib import admin

from workflows.models import Step, Transition, Workflow, WorkflowVersion


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "category", "sub_category", "status", "has_undeployed_changes")
    list_filter = ("status", "department")
    inlines = [StepInline]


admin.site.register(Transition)
admin.site.register(WorkflowVersion)
