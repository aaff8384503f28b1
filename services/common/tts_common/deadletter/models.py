from django.db import models


class DeadLetter(models.Model):
    """A message one of this service's consumers gave up on, kept with its reason for an operator.

    Written by the shared failure path (``tts_common.celery.dead_letter``) next
    to the copy published on the dead-letter queue; ``args`` and ``kwargs``
    are stored as ``tts_common.jsonvalues.storable`` makes them (NUL as
    U+FFFD, non-JSON as its repr, over 64 KiB truncated).
    """

    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    task_name = models.CharField(max_length=200, db_index=True)
    task_id = models.CharField(max_length=100, blank=True, db_index=True)
    queue = models.CharField(max_length=200, blank=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    published = models.BooleanField(default=False, help_text="Whether the copy reached the dead-letter queue.")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.task_name} {self.task_id}: {self.reason[:80]}"
