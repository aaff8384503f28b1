from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.api.serializers import AuditEventSerializer
from tasks.models import Assignment, Task
from tasks.selectors import active_assignment, active_assignments, available_transitions, is_breached
from tasks.services.approvals import is_approval_step, tally_of, transition_name_for
from tasks.services.sla import PRIORITY_RANK
from tasks.unmatched import UnmatchedExplainer
from tts_common.fields import IdField

PRIORITY_CHOICES = [(priority, priority) for priority in PRIORITY_RANK]


class TaskWorkflowSerializer(serializers.Serializer):
    """The workflow version a task runs on."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()


class CurrentStepSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField(help_text="The role whose members work this step.")
    instruction = serializers.CharField()


class AssigneeSerializer(serializers.Serializer):
    """Who holds the task now."""

    user_id = serializers.IntegerField()
    user_email = serializers.CharField()
    user_full_name = serializers.CharField()
    target_resolution = serializers.DateTimeField(allow_null=True, help_text="When this person's share of the SLA runs out.")


class ApprovalTallySerializer(serializers.Serializer):
    """Where an approval step stands: ``approvals_required`` (K) of ``assignees`` (N) must approve."""

    assignees = serializers.IntegerField(help_text="N: how many people decide the step.")
    approvals_required = serializers.IntegerField(help_text="K: approvals that move the task on.")
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="Assignees yet to decide.")
    approve_transition = serializers.CharField()
    reject_transition = serializers.CharField()


class ApprovalVoteSerializer(serializers.Serializer):
    """One person's decision at an approval step."""

    step_name = serializers.CharField()
    user_id = serializers.IntegerField()
    user_email = serializers.CharField()
    user_full_name = serializers.CharField()
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    notes = serializers.CharField()
    decided_at = serializers.DateTimeField()


class AvailableTransitionSerializer(serializers.Serializer):
    """A transition the caller may take now (``POST /tasks/{id}/transition/`` with its ``id``)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    to_step = serializers.CharField(allow_null=True, help_text="The next step's name; null ends the task.")
    requires_notes = serializers.BooleanField()


class GraphStepSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    current = serializers.BooleanField(help_text="The task is at this step.")


class GraphTransitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_step = serializers.IntegerField(allow_null=True, help_text="A step's id; null is the start.")
    to_step = serializers.IntegerField(allow_null=True, help_text="A step's id; null is the end.")
    name = serializers.CharField()


class TaskGraphSerializer(serializers.Serializer):
    """The task's workflow version as a graph."""

    steps = GraphStepSerializer(many=True)
    transitions = GraphTransitionSerializer(many=True)


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = [
            "id",
            "user_id",
            "user_email",
            "user_full_name",
            "step_name",
            "role_name",
            "status",
            "reason",
            "assigned_at",
            "target_resolution",
            "finished_at",
            "notes",
            "decision",
            "warned_at",
            "breached_at",
        ]


class TaskListSerializer(serializers.ModelSerializer):
    priority = serializers.ChoiceField(choices=PRIORITY_CHOICES, read_only=True)
    workflow = serializers.SerializerMethodField(help_text="null for an unmatched task.")
    current_step = serializers.SerializerMethodField(help_text="null once the task is completed, cancelled or unmatched.")
    assignee = serializers.SerializerMethodField(
        help_text="The caller's own active assignment when they hold the task, else the first one; null when nobody holds it."
    )
    assignees = serializers.SerializerMethodField(help_text="Everyone holding the task now (several at an approval step).")
    sla_met = serializers.BooleanField(allow_null=True, read_only=True, help_text="Completed by its target; null unless completed.")
    sla_margin_seconds = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="Open time in seconds between completion and the target: positive early, negative late; null unless completed.",
    )
    resolution_open_seconds = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Open time in seconds from receipt to completion; null unless completed."
    )
    breached = serializers.SerializerMethodField(
        help_text="Open (not on hold) and past its own or an assignment's target, or completed late (as ?breached=true)."
    )
    category = serializers.SerializerMethodField(help_text="The ticket's category, as the help desk sent it (matching reads it).")
    sub_category = serializers.SerializerMethodField(help_text="The ticket's sub-category (`subcategory` accepted at intake).")
    department = serializers.SerializerMethodField(help_text="The ticket's department.")
    unmatched_reason = serializers.SerializerMethodField(
        help_text="For an unmatched task: why no workflow takes the ticket, said against the workflows as they are now "
        "(which of department, category and sub-category found none, or which workflow would take it once deployed); "
        "null for every other task."
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "ticket_number",
            "subject",
            "priority",
            "status",
            "resolution",
            "workflow",
            "current_step",
            "assignee",
            "assignees",
            "owner_user_id",
            "received_at",
            "target_resolution",
            "completed_at",
            "sla_met",
            "sla_margin_seconds",
            "resolution_open_seconds",
            "held_at",
            "hold_reason",
            "breached",
            "category",
            "sub_category",
            "department",
            "unmatched_reason",
        ]

    @extend_schema_field(TaskWorkflowSerializer(allow_null=True))
    def get_workflow(self, task) -> dict | None:
        if task.workflow is None:
            return None
        return {"id": task.workflow_id, "name": task.workflow.name, "version": task.workflow_version.number}

    @extend_schema_field(CurrentStepSerializer(allow_null=True))
    def get_current_step(self, task) -> dict | None:
        if task.current_step_id is None:
            return None
        step = task.workflow_version.step(task.current_step_id) or {}
        return {
            "id": task.current_step_id,
            "name": task.current_step_name,
            "role": task.current_role,
            "instruction": step.get("instruction", ""),
        }

    @extend_schema_field(AssigneeSerializer(allow_null=True))
    def get_assignee(self, task) -> dict | None:
        current = active_assignment(task, self.context.get("actor"))
        return _assignee(current) if current is not None else None

    @extend_schema_field(AssigneeSerializer(many=True))
    def get_assignees(self, task) -> list[dict]:
        return [_assignee(assignment) for assignment in active_assignments(task)]

    def get_breached(self, task) -> bool:
        return is_breached(task)

    def _ticket_text(self, task, *keys: str) -> str:
        ticket = task.ticket if isinstance(task.ticket, dict) else {}
        return next((str(ticket[key]) for key in keys if ticket.get(key) not in (None, "")), "")

    def get_category(self, task) -> str:
        return self._ticket_text(task, "category")

    def get_sub_category(self, task) -> str:
        return self._ticket_text(task, "sub_category", "subcategory")

    def get_department(self, task) -> str:
        return self._ticket_text(task, "department")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_unmatched_reason(self, task) -> str | None:
        if task.status != Task.Status.UNMATCHED:
            return None
        if "unmatched_explainer" not in self.context:  # one read of the workflows for the whole page
            self.context["unmatched_explainer"] = UnmatchedExplainer()
        return self.context["unmatched_explainer"].reason(task.ticket)


def _assignee(assignment: Assignment) -> dict:
    return {
        "user_id": assignment.user_id,
        "user_email": assignment.user_email,
        "user_full_name": assignment.user_full_name,
        "target_resolution": assignment.target_resolution,
    }


class TaskDetailSerializer(TaskListSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)
    available_transitions = serializers.SerializerMethodField()
    approval = serializers.SerializerMethodField(help_text="The tally of the current step when it is a K-of-N approval step; else null.")
    approvals = serializers.SerializerMethodField(help_text="Every approval decision on the task, oldest first.")
    steps = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(TaskListSerializer.Meta):
        fields = [
            *TaskListSerializer.Meta.fields,
            "ticket",
            "assignments",
            "available_transitions",
            "approval",
            "approvals",
            "steps",
            "history",
        ]

    @extend_schema_field(AvailableTransitionSerializer(many=True))
    def get_available_transitions(self, task) -> list[dict]:
        return available_transitions(task, self.context["actor"])

    @extend_schema_field(ApprovalTallySerializer(allow_null=True))
    def get_approval(self, task) -> dict | None:
        step = task.workflow_version.step(task.current_step_id) if task.workflow_version_id else None
        if not task.is_open or not is_approval_step(step):
            return None
        tally = tally_of(task, step, task.assignments.all())
        return {
            "assignees": tally.assignees,
            "approvals_required": tally.required,
            "approved": tally.approved,
            "rejected": tally.rejected,
            "pending": tally.pending,
            "approve_transition": transition_name_for(step, "approve"),
            "reject_transition": transition_name_for(step, "reject"),
        }

    @extend_schema_field(ApprovalVoteSerializer(many=True))
    def get_approvals(self, task) -> list[dict]:
        return [
            {
                "step_name": a.step_name,
                "user_id": a.user_id,
                "user_email": a.user_email,
                "user_full_name": a.user_full_name,
                "decision": a.decision,
                "notes": a.notes,
                "decided_at": a.finished_at,
            }
            for a in sorted((a for a in task.assignments.all() if a.decision), key=lambda a: (a.finished_at, a.id))
        ]

    @extend_schema_field(TaskGraphSerializer(allow_null=True))
    def get_steps(self, task) -> dict | None:
        """The workflow version as a graph, for drawing where the task is."""
        if task.workflow_version is None:
            return None
        definition = task.workflow_version.definition
        return {
            "steps": [
                {"id": s["id"], "name": s["name"], "role": s["role"], "current": s["id"] == task.current_step_id}
                for s in definition["steps"]
            ],
            "transitions": [{key: t[key] for key in ("id", "from_step", "to_step", "name")} for t in definition["transitions"]],
        }

    @extend_schema_field(AuditEventSerializer(many=True))
    def get_history(self, task) -> list[dict]:
        return AuditEventSerializer(task.audit_events.order_by("id"), many=True).data


class TransitionInputSerializer(serializers.Serializer):
    transition_id = IdField()
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class EscalateInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000)
    from_user_id = IdField(
        required=False,
        help_text="Administrators: whose assignment to escalate, at an approval step held by several people (required there).",
    )


class HoldInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000, help_text="Why the task waits (not blank).")


class ResumeInputSerializer(serializers.Serializer):
    """``POST /tasks/{id}/resume/`` takes no fields."""


class TransferInputSerializer(serializers.Serializer):
    user_id = IdField()
    from_user_id = IdField(
        required=False, help_text="Whose assignment to hand over, at an approval step held by several people (required there)."
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class TransferCandidateQuerySerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="Words each found in the person's name or email (any case)."
    )


class TransferCandidateSerializer(serializers.Serializer):
    """A person who may take the task by transfer."""

    user_id = serializers.IntegerField()
    user_email = serializers.CharField(source="email")
    user_full_name = serializers.CharField(source="full_name")
    active_assignments = serializers.IntegerField(help_text="How many tasks the person holds now (their load).")


class QueryIntegerField(serializers.IntegerField):
    """An integer query parameter: absent is its default, empty (``?days=``) is invalid (DRF reads it as absent)."""

    def get_value(self, dictionary):
        if dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class TaskStatsQuerySerializer(serializers.Serializer):
    days = QueryIntegerField(min_value=1, max_value=365, default=30, help_text="The window in UTC days, today included.")


class OpenByStatusSerializer(serializers.Serializer):
    pending = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    on_hold = serializers.IntegerField()


class SlaMetSerializer(serializers.Serializer):
    """Of the tasks completed in the window (with a target), how many met their SLA."""

    completed = serializers.IntegerField()
    met = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="met / completed, 0 to 1; null when none completed.")


class SlaMetByWorkflowSerializer(SlaMetSerializer):
    workflow = serializers.CharField()


class SlaMetByPrioritySerializer(serializers.Serializer):
    Low = SlaMetSerializer()
    Medium = SlaMetSerializer()
    High = SlaMetSerializer()
    Critical = SlaMetSerializer()


class OpenByPrioritySerializer(serializers.Serializer):
    Low = serializers.IntegerField()
    Medium = serializers.IntegerField()
    High = serializers.IntegerField()
    Critical = serializers.IntegerField()


class OpenByStepSerializer(serializers.Serializer):
    workflow = serializers.CharField()
    step = serializers.CharField()
    count = serializers.IntegerField()


class DayStatsSerializer(serializers.Serializer):
    date = serializers.DateField()
    received = serializers.IntegerField()
    resolved = serializers.IntegerField()


class TaskStatsSerializer(serializers.Serializer):
    """The dashboard's figures over the tasks the caller can see."""

    days = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    open_by_status = OpenByStatusSerializer()
    open_by_priority = OpenByPrioritySerializer()
    open_by_step = OpenByStepSerializer(many=True, help_text="Open tasks by current step, largest count first.")
    breached_open = serializers.IntegerField(help_text="Open tasks breached now, as ?breached=true.")
    breaches_in_period = serializers.IntegerField(help_text="Assignments whose SLA breach was recorded (breached_at) in the window.")
    unmatched = serializers.IntegerField()
    per_day = DayStatsSerializer(many=True, help_text="One entry per UTC day of the window, oldest first.")
    mean_time_to_resolve_seconds = serializers.FloatField(
        allow_null=True, help_text="Mean completed_at - received_at of the tasks completed in the window; null when none."
    )
    completed_in_period = serializers.IntegerField()
    sla_met_by_workflow = SlaMetByWorkflowSerializer(many=True, help_text="Per workflow, by name.")
    sla_met_by_priority = SlaMetByPrioritySerializer()
