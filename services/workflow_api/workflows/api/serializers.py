"""Workflow definitions over the API.

A workflow is written and read in two shapes: written, its nested transitions
name their steps by ``name`` (the steps are created in the same request);
read, steps carry ids and transitions point at them
(:class:`WorkflowWriteSerializer` in, :class:`WorkflowSerializer` out).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tts_common.limits import MAX_DURATION_SECONDS
from workflows.calendars import DAY_KEYS, MAX_HOLIDAYS, MAX_INTERVALS_PER_DAY, BusinessCalendar
from workflows.models import SLA_KEYS, Step, Transition, Workflow
from workflows.validation import sla_problems

# A workflow drawn by a person; far more is a mistake (or an attack), refused before any row is read.
MAX_STEPS = 100
MAX_DECIDERS = 20  # people deciding one approval step
MAX_TRANSITIONS = 400
TEXT_MAX_LENGTH = 5000

SLA_SCHEMA = {
    "type": "object",
    "description": "Seconds per priority, each a whole number from 1 to ten years.",
    "properties": {key: {"type": "integer", "minimum": 1, "maximum": MAX_DURATION_SECONDS} for key in SLA_KEYS},
    "required": list(SLA_KEYS),
    "additionalProperties": False,
}
CALENDAR_SCHEMA = {
    "type": "object",
    "description": "Business hours the SLA counts: every target (the task's and each assignment's share) and warning is "
    "reached in open time only, in the calendar's time zone across daylight-saving changes. Hours are local wall-clock "
    "intervals per day (24:00 ends a day; an empty list is closed all day), at least one in the week; a holiday is closed "
    "all day. null: around the clock.",
    "properties": {
        "timezone": {"type": "string", "minLength": 1, "description": 'An IANA time zone name such as "Asia/Manila".'},
        "hours": {
            "type": "object",
            "properties": {
                key: {
                    "type": "array",
                    "maxItems": MAX_INTERVALS_PER_DAY,
                    "items": {
                        "type": "array",
                        "minItems": 2,
                        "maxItems": 2,
                        "items": {"type": "string", "pattern": r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$"},
                        "description": '["HH:MM", "HH:MM"]: opens, closes; sorted, not overlapping.',
                    },
                }
                for key in DAY_KEYS
            },
            "required": list(DAY_KEYS),
            "additionalProperties": False,
        },
        "holidays": {
            "type": "array",
            "maxItems": MAX_HOLIDAYS,
            "items": {"type": "string", "format": "date"},
            "description": "Local dates closed all day.",
        },
    },
    "required": ["timezone", "hours"],
    "additionalProperties": False,
    "example": {
        "timezone": "Asia/Manila",
        "hours": {**{key: [["08:00", "17:00"]] for key in DAY_KEYS[:5]}, "sat": [], "sun": []},
        "holidays": ["2026-12-25"],
    },
}
WEIGHT_SCHEMA = {
    "description": "Share of the SLA this step gets: a positive decimal with at most 4 digits before the point and 2 after "
    '(a number or a string; answered as a string such as "1.50").',
    "oneOf": [
        {"type": "number", "minimum": 0.01, "maximum": 9999.99},
        {"type": "string", "format": "decimal", "pattern": r"^\d{0,4}(?:\.\d{0,2})?$"},
    ],
}


@extend_schema_field(SLA_SCHEMA)
class SlaField(serializers.JSONField):
    """``{"low", "medium", "high", "urgent"}`` in seconds; every problem is named by its key (``sla.low ...``)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        problems = sla_problems(value)
        if problems:
            raise serializers.ValidationError(problems)
        return value


@extend_schema_field(CALENDAR_SCHEMA, component_name="Calendar")
class CalendarField(serializers.JSONField):
    """A calendar (:mod:`workflows.calendars`) or null; :class:`WorkflowWriteSerializer` checks it, naming each faulty
    path (``calendar.hours``...)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)


@extend_schema_field(WEIGHT_SCHEMA)
class WeightField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Share of the SLA this step gets.")
        super().__init__(max_digits=6, decimal_places=2, min_value=Decimal("0.01"), **kwargs)


class ApprovalFieldsMixin(serializers.Serializer):
    """A step's K-of-N approval fields (:mod:`tasks.services.approvals`), with K <= N checked here and at deploy."""

    assignees = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_DECIDERS, help_text="N: how many members of the role decide the step (default 1)."
    )
    approvals_required = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_DECIDERS, help_text="K: approvals that move the task on, at most N (default 1)."
    )
    approve_transition = serializers.CharField(
        required=False, max_length=100, help_text="The step's transition that counts as approval (default approve)."
    )
    reject_transition = serializers.CharField(
        required=False, max_length=100, help_text="The step's transition that counts as rejection (default reject)."
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance if isinstance(self.instance, Step) else None
        deciders = attrs.get("assignees", getattr(instance, "assignees", 1))
        required = attrs.get("approvals_required", getattr(instance, "approvals_required", 1))
        if required > deciders:
            raise serializers.ValidationError({"approvals_required": f"At most assignees ({deciders})."})
        return attrs


APPROVAL_FIELDS = ["assignees", "approvals_required", "approve_transition", "reject_transition"]


class StepSerializer(ApprovalFieldsMixin, serializers.ModelSerializer):
    weight = WeightField(required=False)
    instruction = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        model = Step
        fields = [
            "id",
            "workflow",
            "name",
            "role",
            "order",
            "weight",
            "instruction",
            "escalate_to",
            "assignment_strategy",
            *APPROVAL_FIELDS,
        ]


class TransitionSerializer(serializers.ModelSerializer):
    from_step_name = serializers.SerializerMethodField(help_text="null: the transition starts the workflow.")
    to_step_name = serializers.SerializerMethodField(help_text="null: the transition ends the workflow.")

    class Meta:
        model = Transition
        fields = ["id", "workflow", "from_step", "to_step", "from_step_name", "to_step_name", "name", "requires_notes"]

    def get_from_step_name(self, transition) -> str | None:
        return transition.from_step.name if transition.from_step_id else None

    def get_to_step_name(self, transition) -> str | None:
        return transition.to_step.name if transition.to_step_id else None

    def validate(self, attrs):
        workflow = attrs.get("workflow") or getattr(self.instance, "workflow", None)
        for field in ("from_step", "to_step"):
            step = attrs.get(field)
            if step is not None and step.workflow_id != workflow.id:
                raise serializers.ValidationError({field: "That step belongs to another workflow."})
        if "from_step" in attrs and "to_step" in attrs and attrs["from_step"] is None and attrs["to_step"] is None:
            raise serializers.ValidationError({"to_step": "A transition cannot go from the start straight to the end."})
        return attrs


class NestedStepSerializer(ApprovalFieldsMixin, serializers.ModelSerializer):
    """A step written inside its workflow; its position in ``steps`` is its ``order``."""

    weight = WeightField(required=False)
    instruction = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        model = Step
        fields = ["name", "role", "weight", "instruction", "escalate_to", "assignment_strategy", *APPROVAL_FIELDS]


class NestedTransitionSerializer(serializers.Serializer):
    """A transition written inside its workflow: it names its steps."""

    from_step = serializers.CharField(allow_null=True, required=False, max_length=100, help_text="A step's name; null is the start.")
    to_step = serializers.CharField(allow_null=True, required=False, max_length=100, help_text="A step's name; null is the end.")
    name = serializers.CharField(max_length=100)
    requires_notes = serializers.BooleanField(default=False)


class WorkflowSerializer(serializers.ModelSerializer):
    """A workflow as answered: steps with their ids, transitions pointing at them; ``version`` is null until deployed."""

    sla = SlaField(read_only=True)
    calendar = CalendarField(read_only=True)
    version = serializers.SerializerMethodField(help_text="The deployed version's number; null before the first deploy.")
    steps = StepSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta:
        model = Workflow
        fields = [
            "id",
            "name",
            "description",
            "category",
            "sub_category",
            "department",
            "end_logic",
            "sla",
            "calendar",
            "status",
            "version",
            "has_undeployed_changes",
            "steps",
            "transitions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_version(self, workflow) -> int | None:
        return workflow.current_version.number if workflow.current_version_id else None


class WorkflowWriteSerializer(serializers.ModelSerializer):
    """What ``POST``/``PUT``/``PATCH /workflows/`` take. ``steps`` (at most :data:`MAX_STEPS`) and ``transitions``
    (at most :data:`MAX_TRANSITIONS`), when given, replace the whole graph; transitions name steps of the same request.
    Answers in :class:`WorkflowSerializer`'s shape."""

    description = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)
    sla = SlaField()
    calendar = CalendarField(required=False, default=None)
    steps = NestedStepSerializer(many=True, required=False, max_length=MAX_STEPS)
    transitions = NestedTransitionSerializer(many=True, required=False, max_length=MAX_TRANSITIONS)

    class Meta:
        model = Workflow
        fields = ["name", "description", "category", "sub_category", "department", "end_logic", "sla", "calendar", "steps", "transitions"]

    def validate(self, attrs):
        if "calendar" in attrs:
            try:  # stored normalised; each problem keyed by its path (calendar.timezone, calendar.hours.mon...)
                attrs["calendar"] = BusinessCalendar.parse(attrs["calendar"]).to_definition()
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict) from error
        steps, transitions = attrs.get("steps"), attrs.get("transitions")
        if transitions is not None and steps is None:
            raise serializers.ValidationError({"steps": "Give the steps with the transitions that name them."})
        if self.partial:
            # DRF skips a missing field anywhere under a partial (PATCH) serializer: the graph is still written whole.
            _require_whole(attrs, "steps", NestedStepSerializer)
            _require_whole(attrs, "transitions", NestedTransitionSerializer)
        if steps is not None:
            names = [step["name"] for step in steps]
            duplicates = sorted({name for name in names if names.count(name) > 1})
            if duplicates:
                raise serializers.ValidationError({"steps": f"Step names must be unique: {', '.join(duplicates)}."})
            unknown = sorted(
                {
                    name
                    for transition in transitions or []
                    for name in (transition.get("from_step"), transition.get("to_step"))
                    if name and name not in names
                }
            )
            if unknown:
                raise serializers.ValidationError({"transitions": f"Unknown step(s): {', '.join(unknown)}."})
        return attrs

    def to_representation(self, workflow):
        return WorkflowSerializer(workflow, context=self.context).data


def _require_whole(attrs: dict, field: str, item_serializer: type[serializers.Serializer]) -> None:
    """Raise DRF's nested errors for required keys missing from items of ``attrs[field]``, keyed by the items' positions
    as DRF keys a list's errors (``{"steps": {1: {"name": ["This field is required."]}}}``)."""
    required = [name for name, item_field in item_serializer().fields.items() if item_field.required]
    message = serializers.Field.default_error_messages["required"]
    errors = {
        index: missing
        for index, item in enumerate(attrs.get(field) or [])
        if (missing := {name: [message] for name in required if name not in item})
    }
    if errors:
        raise serializers.ValidationError({field: errors})
