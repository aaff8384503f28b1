from django.db import models

from tts_common.limits import EMAIL_MAX_LENGTH, FULL_NAME_MAX_LENGTH, ROLE_NAME_MAX_LENGTH


class Task(models.Model):
    """A ticket's journey through one deployed workflow version."""

    class Status(models.TextChoices):
        PENDING = "pending"  # waiting for a member of the step's role
        IN_PROGRESS = "in_progress"
        ON_HOLD = "on_hold"  # the SLA clock stopped (tasks.services.hold)
        COMPLETED = "completed"
        CANCELLED = "cancelled"
        UNMATCHED = "unmatched"  # no deployed workflow fits the ticket

    ticket_number = models.CharField(max_length=64, unique=True)
    ticket = models.JSONField(help_text="The intake payload as the help desk sent it.")
    subject = models.CharField(max_length=500, blank=True)
    priority = models.CharField(max_length=20, db_index=True)
    priority_rank = models.PositiveSmallIntegerField(default=2, db_default=2, help_text="1 Low ... 4 Critical, for ordering.")
    workflow = models.ForeignKey("workflows.Workflow", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    workflow_version = models.ForeignKey("workflows.WorkflowVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    current_step_id = models.BigIntegerField(null=True, blank=True)
    current_step_name = models.CharField(max_length=100, blank=True)
    current_role = models.CharField(max_length=ROLE_NAME_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    resolution = models.CharField(max_length=20, blank=True, help_text="Resolved or Rejected, once completed.")
    owner_user_id = models.BigIntegerField(null=True, blank=True, help_text="The Ticket Coordinator who owns the ticket.")
    owner_email = models.CharField(max_length=EMAIL_MAX_LENGTH, blank=True)
    received_at = models.DateTimeField()
    target_resolution = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The SLA outcome, set on completion (tasks.services.sla_outcome); null while open and for a task without a target.
    sla_met = models.BooleanField(null=True, blank=True, help_text="Completed by its target (holds excluded).")
    sla_margin_seconds = models.BigIntegerField(
        null=True, blank=True, help_text="Open time between completion and the target: positive early, negative late."
    )
    resolution_open_seconds = models.BigIntegerField(null=True, blank=True, help_text="Open time from receipt to completion.")
    step_entered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the task last entered its current step; approvals count from here."
    )
    held_at = models.DateTimeField(null=True, blank=True, help_text="When the task was put on hold; null unless on hold.")
    hold_reason = models.TextField(blank=True, db_default="", help_text="Why the task is on hold; blank unless on hold.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "current_role"], name="task_waiting_for_role_idx"),
            models.Index(fields=["received_at"], name="task_received_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_number} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.IN_PROGRESS, self.Status.ON_HOLD)


class Assignment(models.Model):
    """One person holding a task at one step, for a share of the SLA."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        COMPLETED = "completed"
        ESCALATED = "escalated"
        TRANSFERRED = "transferred"
        CANCELLED = "cancelled"

    class Decision(models.TextChoices):
        APPROVE = "approve"
        REJECT = "reject"

    class Reason(models.TextChoices):
        WORKFLOW = "workflow"
        ESCALATION = "escalation"
        TRANSFER = "transfer"
        SLA_BREACH = "sla_breach"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    step_id = models.BigIntegerField()
    step_name = models.CharField(max_length=100)
    role_name = models.CharField(max_length=ROLE_NAME_MAX_LENGTH)
    user_id = models.BigIntegerField()
    user_email = models.CharField(max_length=EMAIL_MAX_LENGTH, blank=True)
    user_full_name = models.CharField(max_length=FULL_NAME_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.WORKFLOW)
    assigned_at = models.DateTimeField()
    target_resolution = models.DateTimeField(null=True, blank=True)
    sla_warning_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    decision = models.CharField(
        max_length=10,
        choices=Decision.choices,
        blank=True,
        db_default="",
        help_text="The assignee's vote at a K-of-N approval step; blank elsewhere.",
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["user_id", "status"], name="assignment_user_status_idx"),
            models.Index(fields=["status", "sla_warning_at"], name="assignment_warn_due_idx"),
            models.Index(fields=["status", "target_resolution"], name="assignment_breach_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "user_id"], condition=models.Q(status="active"), name="one_active_assignment_per_task_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.ticket_number} -> {self.user_email} ({self.status})"
