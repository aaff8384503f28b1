import uuid

from django.db import models


class OutboxMessage(models.Model):
    """A task message written in the same transaction as the change it reports.

    The relay publishes pending rows in id order and stamps ``published_at``;
    a broker that is down only delays them. ``message_id`` becomes the Celery
    task id, so a consumer can recognise a message published twice.

    A row that can never be published (not JSON, too large, refused by the
    broker ``OUTBOX_MAX_ATTEMPTS`` times in a row) is parked: ``parked_at`` is
    stamped, ``last_error`` says why, and the rows behind it go on. Requeue
    it from the admin or with ``relay_outbox --requeue-parked``.
    """

    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    parked_at = models.DateTimeField(null=True, blank=True, db_index=True, help_text="When the relay gave up on this row.")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["published_at", "id"], name="outbox_pending_idx")]

    def __str__(self) -> str:
        state = "published" if self.published_at else "parked" if self.parked_at else "pending"
        return f"{self.task_name} #{self.pk} ({state})"
