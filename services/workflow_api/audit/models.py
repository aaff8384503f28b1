from django.db import models

from tts_common.limits import EMAIL_MAX_LENGTH


class AuditEvent(models.Model):
    """One change to a task, an assignment or a workflow: who, what, before and after."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_user_id = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="Empty when the system acted.")
    actor_email = models.CharField(max_length=EMAIL_MAX_LENGTH, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    entity_type = models.CharField(max_length=30)
    entity_id = models.BigIntegerField(null=True, blank=True)
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events")
    workflow = models.ForeignKey("workflows.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events")
    ticket_number = models.CharField(max_length=64, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.entity_type}#{self.entity_id}"
