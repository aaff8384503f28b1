from django.db import models


class IntakeFailure(models.Model):
    """A ticket message that can never become a task, kept with its reason for administrators."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reason = models.TextField()
    payload = models.JSONField(null=True, blank=True, help_text="What arrived (its repr when it was not JSON-shaped).")
    message_id = models.CharField(max_length=100, blank=True, help_text="The Celery task id of the message.")
    ticket_number = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.ticket_number or 'no ticket number'}: {self.reason}"
