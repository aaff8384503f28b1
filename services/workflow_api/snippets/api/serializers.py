from rest_framework import serializers

from snippets.models import BODY_MAX_LENGTH, SHORTCUT_MAX_LENGTH, TITLE_MAX_LENGTH, Snippet
from snippets.services import snippet_body_check, snippet_shortcut_check
from tts_common.fields import IdField


class SnippetWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    shortcut = serializers.CharField(max_length=SHORTCUT_MAX_LENGTH + 1, help_text="Typed as /shortcut in the comment box.")
    body = serializers.CharField(max_length=BODY_MAX_LENGTH, trim_whitespace=False, help_text="Plain text with {{placeholders}}.")
    is_shared = serializers.BooleanField(required=False, default=False, help_text="Listed to every TTS member; administrators only.")

    def validate_shortcut(self, value):
        cleaned, problem = snippet_shortcut_check(value)
        if problem:
            raise serializers.ValidationError(problem)
        return cleaned

    def validate_body(self, value):
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        problem = snippet_body_check(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class SnippetSerializer(serializers.ModelSerializer):
    is_owner = serializers.SerializerMethodField(help_text="Whether the caller wrote it (and so may edit or delete it).")

    class Meta:
        model = Snippet
        fields = ["id", "title", "shortcut", "body", "is_shared", "owner_user_id", "is_owner", "created_at", "updated_at"]
        read_only_fields = fields

    def get_is_owner(self, snippet) -> bool:
        return snippet.owner_user_id == self.context["request"].user.id


class RenderQuerySerializer(serializers.Serializer):
    task = IdField(help_text="The task whose fields fill the placeholders.")


class RenderedSnippetSerializer(serializers.Serializer):
    title = serializers.CharField()
    body = serializers.CharField()


class PlaceholderSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
