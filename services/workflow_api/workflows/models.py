"""Workflow definitions, and the immutable versions that tasks run on.

Administrators edit ``Workflow``, ``Step`` and ``Transition`` rows. Deploying
validates the graph and freezes it into a ``WorkflowVersion``; a task keeps
the version it started on, so editing (or redeploying) a workflow never
changes a task in flight.
"""

from django.db import models

from tts_common.limits import ROLE_NAME_MAX_LENGTH
from workflows.calendars import BusinessCalendar

SLA_KEYS = ("low", "medium", "high", "urgent")


class Workflow(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        DEPLOYED = "deployed"
        PAUSED = "paused"

    class EndLogic(models.TextChoices):
        NONE = "", "none"
        ASSET = "asset"
        BUDGET = "budget"
        NOTIFICATION = "notification"

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=100)
    sub_category = models.CharField(max_length=100, blank=True, help_text="Blank matches every sub-category.")
    department = models.CharField(max_length=100)
    end_logic = models.CharField(max_length=20, choices=EndLogic.choices, blank=True, default="")
    sla = models.JSONField(help_text='Seconds per priority: {"low", "medium", "high", "urgent"}.')
    calendar = models.JSONField(
        null=True, blank=True, default=None, help_text="Business hours the SLA counts (workflows.calendars); null: around the clock."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey("WorkflowVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    has_undeployed_changes = models.BooleanField(default=True)
    created_by = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "department", "category"], name="workflow_match_idx")]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    class Strategy(models.TextChoices):
        ROUND_ROBIN = "round_robin"
        LEAST_LOADED = "least_loaded"

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=ROLE_NAME_MAX_LENGTH, help_text="The TTS role whose members work this step.")
    order = models.PositiveIntegerField(default=0)
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=1, help_text="Share of the SLA this step gets.")
    instruction = models.TextField(blank=True)
    # null, not "", because the contract shows a step without escalation as null
    escalate_to = models.CharField(max_length=ROLE_NAME_MAX_LENGTH, null=True, blank=True, help_text="Role that takes an escalated task.")  # noqa: DJ001
    assignment_strategy = models.CharField(max_length=20, choices=Strategy.choices, default=Strategy.ROUND_ROBIN)
    # K-of-N approval (tasks.services.approvals): N people decide the step, K approvals move it on.
    assignees = models.PositiveSmallIntegerField(default=1, db_default=1, help_text="N: how many members of the role decide this step.")
    approvals_required = models.PositiveSmallIntegerField(
        default=1, db_default=1, help_text="K: approvals that move the task on (at most N)."
    )
    approve_transition = models.CharField(
        max_length=100, default="approve", db_default="approve", help_text="The transition that counts as approval."
    )
    reject_transition = models.CharField(
        max_length=100, default="reject", db_default="reject", help_text="The transition that counts as rejection."
    )

    class Meta:
        ordering = ["workflow_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["workflow", "name"], name="step_unique_name_per_workflow")]

    def __str__(self) -> str:
        return f"{self.workflow.name}: {self.name}"


class Transition(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="transitions")
    from_step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.CASCADE, related_name="outgoing", help_text="Empty: the workflow's start."
    )
    to_step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.CASCADE, related_name="incoming", help_text="Empty: the end (the task completes)."
    )
    name = models.CharField(max_length=100, help_text="The action's label, e.g. approve, reject.")
    requires_notes = models.BooleanField(default=False)

    class Meta:
        ordering = ["workflow_id", "id"]

    def __str__(self) -> str:
        return f"{self.from_step or 'start'} --{self.name}--> {self.to_step or 'end'}"


class WorkflowVersion(models.Model):
    """A frozen, deployed definition: steps and transitions as they were."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    deployed_at = models.DateTimeField(auto_now_add=True)
    deployed_by = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["workflow_id", "number"]
        constraints = [models.UniqueConstraint(fields=["workflow", "number"], name="workflow_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.workflow.name} v{self.number}"

    # The definition, read back -------------------------------------------------
    @property
    def steps(self) -> list[dict]:
        return self.definition["steps"]

    @property
    def transitions(self) -> list[dict]:
        return self.definition["transitions"]

    def step(self, step_id: int | None) -> dict | None:
        return next((step for step in self.steps if step["id"] == step_id), None)

    def transition(self, transition_id: int) -> dict | None:
        return next((transition for transition in self.transitions if transition["id"] == transition_id), None)

    def first_step(self) -> dict:
        start = next(transition for transition in self.transitions if transition["from_step"] is None)
        return self.step(start["to_step"])

    def transitions_from(self, step_id: int) -> list[dict]:
        return [transition for transition in self.transitions if transition["from_step"] == step_id]

    def total_weight(self) -> float:
        return sum(float(step["weight"]) for step in self.steps) or 1.0

    @property
    def calendar(self) -> BusinessCalendar:
        """The business hours this version's SLA counts; around the clock for a version deployed before calendars."""
        return BusinessCalendar.parse(self.definition.get("calendar"))
