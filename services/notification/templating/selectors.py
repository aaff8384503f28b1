from templating.models import NotificationTemplate


def template_for(*, notification_type: str, channel: str) -> NotificationTemplate | None:
    """The active template of a type on a channel, or None."""
    return NotificationTemplate.objects.filter(notification_type=notification_type, channel=channel, is_active=True).first()


def template_list():
    return NotificationTemplate.objects.all()
