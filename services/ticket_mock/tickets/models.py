from django.db import models
from django.utils import timezone


class Priority(models.TextChoices):
    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"
    CRITICAL = "Critical"

    @classmethod
    def canonical(cls, value: object) -> object:
        """``"critical"`` -> ``"Critical"``: the value of any letter case, or ``value`` unchanged when it is none."""
        by_lower = {choice.lower(): choice for choice in cls.values}
        return by_lower.get(value.strip().lower(), value) if isinstance(value, str) else value


NEW_STATUS = "New"


class TicketNumberSequence(models.Model):
    """The last ticket number handed out on ``day`` (numbers restart daily)."""

    day = models.DateField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last_value}"


class Ticket(models.Model):
    """A help-desk ticket as HDTS holds it; ``status`` is what workflow_api last reported."""

    ticket_number = models.CharField(max_length=32, unique=True, editable=False)
    subject = models.CharField(max_length=255)
    description = models.TextField()
    category = models.CharField(max_length=100, db_index=True)
    sub_category = models.CharField(max_length=100, blank=True)
    department = models.CharField(max_length=100, blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, db_index=True)
    status = models.CharField(max_length=50, default=NEW_STATUS, db_index=True)
    submit_date = models.DateTimeField(default=timezone.now)
    # first_name, last_name, email, company_id, department
    employee = models.JSONField(default=dict)
    # Free-form fields sent along at the top level of the payload
    # (asset_name, requested_budget, dynamic_data, ...).
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submit_date", "-id"]
        indexes = [models.Index(fields=["-submit_date", "-id"], name="ticket_newest_first_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(priority__in=Priority.values), name="ticket_priority_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_number} {self.subject}"


def attachment_upload_to(attachment: "TicketAttachment", filename: str) -> str:
    return f"ticket_attachments/{attachment.ticket.ticket_number}/{filename}"


class TicketAttachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=255)
    file_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=100)
    file_size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name


class TicketStatusChange(models.Model):
    """A status workflow_api reported for a ticket, in the order received.

    ``message_id`` is the Celery task id of the report; a message delivered
    twice is recognised by it and recorded once.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="status_changes")
    previous_status = models.CharField(max_length=50)
    status = models.CharField(max_length=50)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.previous_status} -> {self.status}"
