from django.db import models
from django.utils import timezone

from templating.catalogue import NOTIFICATION_TYPE_MAX_LENGTH, Channel

DEDUPE_KEY_MAX_LENGTH = 200


class InAppNotification(models.Model):
    """One notification in a person's console list.

    ``dedupe_key`` comes from the message that created it (its Celery task id,
    plus the item's index in a bulk message): the same message delivered
    twice, even to two workers at once, makes one row.
    """

    user_id = models.BigIntegerField()
    subject = models.CharField(max_length=255)
    message = models.TextField(blank=True)
    notification_type = models.CharField(max_length=NOTIFICATION_TYPE_MAX_LENGTH)
    related_task_id = models.BigIntegerField(null=True, blank=True)
    related_ticket_number = models.CharField(max_length=64, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    is_read = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dedupe_key = models.CharField(max_length=DEDUPE_KEY_MAX_LENGTH, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user_id", "-created_at", "-id"], name="inapp_user_newest_idx"),
            models.Index(fields=["user_id", "is_read"], name="inapp_user_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.notification_type} for user {self.user_id}: {self.subject}"


class NotificationPreference(models.Model):
    """Whether a person wants ``notification_type`` on ``channel``; no row means yes.

    ``user_email`` is the address the person had when they last set a
    preference (from their token): mail that names only an address (auth's
    ``notifications.send_email``) is matched to the person by it.
    """

    user_id = models.BigIntegerField()
    user_email = models.EmailField(blank=True, db_index=True)
    notification_type = models.CharField(max_length=NOTIFICATION_TYPE_MAX_LENGTH)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id", "notification_type", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["user_id", "notification_type", "channel"], name="preference_unique_user_type_channel")
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} {self.notification_type}/{self.channel}: {'on' if self.enabled else 'off'}"


class DeliveryLog(models.Model):
    """One delivery of one message on one channel, updated across its attempts.

    ``dedupe_key`` is the message's (see InAppNotification) plus the channel,
    so a redelivered message finds its row and is not delivered again.
    """

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"  # an attempt is in flight
        SENT = "sent", "Sent"
        RETRYING = "retrying", "Retrying"  # an attempt failed; another is scheduled
        FAILED = "failed", "Failed"  # for good: malformed, or every attempt failed
        SKIPPED = "skipped", "Skipped"  # muted by the recipient's preference

    FINAL_STATUSES = frozenset({Status.SENT, Status.FAILED, Status.SKIPPED})

    channel = models.CharField(max_length=16, choices=Channel.choices)
    recipient = models.CharField(max_length=254, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    notification_type = models.CharField(max_length=NOTIFICATION_TYPE_MAX_LENGTH, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    task_name = models.CharField(max_length=100, blank=True)
    message_id = models.CharField(max_length=155, blank=True)
    claimed_by = models.CharField(
        max_length=255, blank=True, default="", db_default="", help_text="host:pid of the process whose attempt is (or was) in flight"
    )
    dedupe_key = models.CharField(max_length=DEDUPE_KEY_MAX_LENGTH, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="delivery_newest_idx"),
            models.Index(fields=["status", "-created_at"], name="delivery_status_idx"),
            models.Index(fields=["recipient"], name="delivery_recipient_idx"),
            models.Index(fields=["user_id"], name="delivery_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.notification_type} to {self.recipient or self.user_id}: {self.status}"
