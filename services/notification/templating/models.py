from django.core.validators import RegexValidator
from django.db import models

from templating.catalogue import NOTIFICATION_TYPE_MAX_LENGTH, NOTIFICATION_TYPE_PATTERN, Channel

notification_type_validator = RegexValidator(
    NOTIFICATION_TYPE_PATTERN, "A notification type is a lower-case slug: letters, digits, '_', '.', '-' (at most 64)."
)


class NotificationTemplate(models.Model):
    """The subject and body of one notification type on one channel, in Django's template language.

    Shipped defaults exist for every known type (migration 0002); administrators
    edit them over ``/api/v1/templates/``. An inactive or missing template falls
    back to a generic rendering, never to an error.
    """

    notification_type = models.CharField(max_length=NOTIFICATION_TYPE_MAX_LENGTH, validators=[notification_type_validator])
    channel = models.CharField(max_length=16, choices=Channel.choices)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    description = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["notification_type", "channel"]
        constraints = [models.UniqueConstraint(fields=["notification_type", "channel"], name="template_unique_type_channel")]

    def __str__(self) -> str:
        return f"{self.notification_type} ({self.channel})"
