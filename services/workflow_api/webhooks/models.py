"""Outbound webhooks: what administrators subscribe to, and every delivery made for it."""

import uuid

from django.db import models

from tts_common.limits import EMAIL_MAX_LENGTH

URL_MAX_LENGTH = 2000
SECRET_MAX_LENGTH = 200


class EventType(models.TextChoices):
    TASK_CREATED = "task.created"
    TASK_ASSIGNED = "task.assigned"
    TASK_TRANSITIONED = "task.transitioned"
    TASK_COMPLETED = "task.completed"
    TASK_SLA_BREACHED = "task.sla_breached"
    COMMENT_CREATED = "comment.created"


class Subscription(models.Model):
    """An administrator's webhook: POST these ``events`` to ``url``, signed with ``secret``.

    ``failing_since`` is when deliveries started failing without a success since; a subscription failing for
    ``WEBHOOK_DISABLE_AFTER_SECONDS`` (a day) is switched off (``is_active`` false, ``disabled_at`` and
    ``disabled_reason`` set) and its owner told in-app.
    """

    url = models.CharField(max_length=URL_MAX_LENGTH)
    events = models.JSONField(default=list, help_text="The event types delivered, a subset of EventType.")
    secret = models.CharField(max_length=SECRET_MAX_LENGTH)
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    owner_user_id = models.BigIntegerField(null=True, blank=True, help_text="The administrator who registered it.")
    owner_email = models.CharField(max_length=EMAIL_MAX_LENGTH, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"webhook #{self.pk} -> {self.url}"


class Delivery(models.Model):
    """One event sent (or being sent) to one subscription; ``body`` is the exact JSON POSTed.

    ``event_id`` is the body's ``id``: a redelivery carries the same one, so receivers can drop duplicates.
    """

    class Status(models.TextChoices):
        PENDING = "pending"  # not tried yet
        RETRYING = "retrying"  # failed, tried again at next_attempt_at
        SUCCEEDED = "succeeded"  # the receiver answered 2xx
        FAILED = "failed"  # given up: a day of failures, or the subscription is off

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    body = models.JSONField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True, help_text="When a message for this delivery was last queued.")
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    redelivery_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="redeliveries")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk} to webhook #{self.subscription_id} ({self.status})"
