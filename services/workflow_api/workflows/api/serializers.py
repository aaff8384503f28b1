from rest_framework import serializers

from workflows.models import Step, Transition, Workflow
from workflows.validation import sla_problems


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["id", "workflow", "name", "role", "order", "weight", "instruction", "escalate_to", "assignment_strategy"]


class TransitionSerializer(serializers.ModelSerializer):
    from_step_name = serializers.CharField(source="from_step.name", read_only=True, default=None)
    to_step_name = serializers.CharField(source="to_step.name", read_only=True, default=None)

    class Meta:
        model = Transition
        fields = ["id", "workflow", "from_step", "to_step", "from_step_name", "to_step_name", "name", "requires_notes"]

    def validate(self, attrs):
        workflow = attrs.get("workflow") or getattr(self.instance, "workflow", None)
        for field in ("from_step", "to_step"):
            step = attrs.get(field)
            if step is not None and step.workflow_id != workflow.id:
                raise serializers.ValidationError({field: "That step belongs to another workflow."})
        if "from_step" in attrs and "to_step" in attrs and attrs["from_step"] is None and attrs["to_step"] is None:
            raise serializers.ValidationError({"to_step": "A transition cannot go from the start straight to the end."})
        return attrs


class NestedStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["name", "role", "weight", "instruction", "escalate_to", "assignment_strategy"]


class NestedTransitionSerializer(serializers.Serializer):
    from_step = serializers.CharField(allow_null=True, required=False, help_text="A step's name; null is the start.")
    to_step = serializers.CharField(allow_null=True, required=False, help_text="A step's name; null is the end.")
    name = serializers.CharField(max_length=100)
    requires_notes = serializers.BooleanField(default=False)


class WorkflowSerializer(serializers.ModelSerializer):
    steps = NestedStepSerializer(many=True, required=False)
    transitions = NestedTransitionSerializer(many=True, required=False)
    version = serializers.IntegerField(source="current_version.number", read_only=True, default=None)

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
            "status",
            "version",
            "has_undeployed_changes",
            "steps",
            "transitions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "has_undeployed_changes", "created_at", "updated_at"]

    def validate_sla(self, value):
        problems = sla_problems(value)
        if problems:
            raise serializers.ValidationError(problems)
        return value

    def validate(self, attrs):
        steps, transitions = attrs.get("steps"), attrs.get("transitions")
        if transitions is not None and steps is None:
            raise serializers.ValidationError({"steps": "Give the steps with the transitions that name them."})
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
        data = super().to_representation(workflow)
        data["steps"] = StepSerializer(workflow.steps.all(), many=True).data
        data["transitions"] = TransitionSerializer(workflow.transitions.all(), many=True).data
        return data
