from rest_framework import serializers

from savedviews.models import NAME_MAX_LENGTH, ORDERING_MAX_LENGTH, SavedView
from savedviews.services import saved_view_filters_check, saved_view_ordering_check
from tts_common.fields import IdField


class SavedViewWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    filters = serializers.JSONField(required=False, default=dict, help_text='GET /tasks/ filters, e.g. {"status": "in_progress"}.')
    ordering = serializers.CharField(
        max_length=ORDERING_MAX_LENGTH, required=False, allow_blank=True, default="", help_text="As ?ordering= on GET /tasks/."
    )
    shared_with_role = IdField(
        required=False, allow_null=True, default=None, help_text="A TTS role's role_id (GET /roles/); administrators only."
    )

    def validate_filters(self, value):
        cleaned, problems = saved_view_filters_check(value)
        if problems:
            raise serializers.ValidationError(problems.get("") or problems)
        return cleaned

    def validate_ordering(self, value):
        cleaned, problem = saved_view_ordering_check(value)
        if problem:
            raise serializers.ValidationError(problem)
        return cleaned


class SharedRoleSerializer(serializers.Serializer):
    role_id = serializers.IntegerField()
    name = serializers.CharField()


class SavedViewSerializer(serializers.ModelSerializer):
    shared_with_role = SharedRoleSerializer(allow_null=True, read_only=True)
    is_owner = serializers.SerializerMethodField(help_text="Whether the caller saved it (and so may edit or delete it).")
    count = serializers.SerializerMethodField(
        help_text="Tasks GET /tasks/ lists for the caller with these filters; null when they no longer validate."
    )
    filters = serializers.DictField(child=serializers.CharField())

    class Meta:
        model = SavedView
        fields = ["id", "name", "filters", "ordering", "shared_with_role", "owner_user_id", "is_owner", "count", "created_at", "updated_at"]
        read_only_fields = fields

    def get_is_owner(self, view) -> bool:
        return view.owner_user_id == self.context["request"].user.id

    def get_count(self, view) -> int | None:
        return self.context["counts"].get(view.pk)
