from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from comments.live import TICKET_ID_PATTERN
from comments.models import Attachment, Comment
from tts_common.fields import IdField


class AttachmentSerializer(serializers.ModelSerializer):
    content_type = serializers.CharField(source="stored_file.content_type")
    size = serializers.IntegerField(source="stored_file.size")
    sha256 = serializers.CharField(source="stored_file.sha256")
    width = serializers.IntegerField(source="stored_file.width", allow_null=True)
    height = serializers.IntegerField(source="stored_file.height", allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "file_name", "content_type", "size", "sha256", "width", "height", "uploaded_by", "created_at", "download_url"]

    def get_download_url(self, attachment: Attachment) -> str:
        return reverse("attachment-download", args=[attachment.pk])


class CommentSerializer(serializers.ModelSerializer):
    """A comment as REST answers it and as the sockets receive it (``comment_update``)."""

    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The top-level comment this replies to; null on a top-level comment."
    )
    content = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    thumbs_up_user_ids = serializers.SerializerMethodField(help_text="Who rated the comment thumbs up (user ids, ascending).")
    thumbs_down_user_ids = serializers.SerializerMethodField(help_text="Who rated the comment thumbs down (user ids, ascending).")

    class Meta:
        model = Comment
        fields = [
            "id",
            "ticket_id",
            "user_id",
            "author_name",
            "content",
            "parent",
            "thumbs_up",
            "thumbs_down",
            "thumbs_up_user_ids",
            "thumbs_down_user_ids",
            "attachments",
            "is_edited",
            "edited_at",
            "is_deleted",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_content(self, comment: Comment) -> str:
        return "" if comment.is_deleted else comment.content

    def get_thumbs_up_user_ids(self, comment: Comment) -> list[int]:
        return sorted(rating.user_id for rating in comment.ratings.all() if rating.is_positive)

    def get_thumbs_down_user_ids(self, comment: Comment) -> list[int]:
        return sorted(rating.user_id for rating in comment.ratings.all() if not rating.is_positive)

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, comment: Comment) -> list[dict]:
        if comment.is_deleted:
            return []
        return AttachmentSerializer(comment.attachments.all(), many=True).data


class ThreadSerializer(CommentSerializer):
    """A top-level comment with its replies, oldest first."""

    replies = serializers.SerializerMethodField()

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "replies"]
        read_only_fields = fields

    @extend_schema_field(CommentSerializer(many=True))
    def get_replies(self, comment: Comment) -> list[dict]:
        if comment.parent_id is not None:
            return []
        return CommentSerializer(comment.replies.all(), many=True).data


TICKET_ID_INVALID = "A ticket number: letters, digits, '.', '_', '-' (at most 64)."


class TicketIdField(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(rf"^{TICKET_ID_PATTERN}$", max_length=64, error_messages={"invalid": TICKET_ID_INVALID}, **kwargs)


class CommentCreateSerializer(serializers.Serializer):
    ticket_id = TicketIdField()
    content = serializers.CharField(trim_whitespace=True, max_length=settings.MESSAGING_MAX_COMMENT_LENGTH)
    parent = IdField(required=False, allow_null=True, help_text="Reply to this comment (same ticket).")


class CommentCreateMultipartSerializer(CommentCreateSerializer):
    """The same comment sent as multipart, with its files in one go."""

    file = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=settings.MESSAGING_MAX_FILES_PER_UPLOAD,
        help_text="Files to attach (repeat the part), checked as the attachments endpoint checks them; "
        "a refused file is a 400 naming `file` and no comment is made.",
    )


class CommentUpdateSerializer(serializers.Serializer):
    content = serializers.CharField(trim_whitespace=True, max_length=settings.MESSAGING_MAX_COMMENT_LENGTH)


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false``, and nothing else: JSON's booleans, or the words a form carries them as (any case).

    DRF's field takes ``1``, ``"0"``, ``"yes"``... and reads a boolean missing
    from a form (multipart or urlencoded) as false, since an unchecked HTML
    checkbox sends nothing: a form without ``rating`` was a thumbs-down. Here
    each is a 400 naming the field.
    """

    default_empty_html = empty
    default_error_messages = {"invalid": "Must be true or false."}
    FORM_WORDS = {"true": True, "false": False}

    def get_value(self, dictionary):
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""  # an empty form value is not a choice (DRF would read it as null where null is allowed)
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        from_form = html.is_html_input(getattr(self.root, "initial_data", None))
        if from_form and isinstance(data, str) and data.lower() in self.FORM_WORDS:
            return self.FORM_WORDS[data.lower()]
        self.fail("invalid")


class RatingSerializer(serializers.Serializer):
    rating = StrictBooleanField(
        allow_null=True,
        help_text="true: thumbs up, false: thumbs down, null (JSON only): take the caller's rating back. "
        "A second rating replaces the first. The comment's author cannot rate it (403).",
    )


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        max_length=settings.MESSAGING_MAX_FILES_PER_UPLOAD,
        help_text="One or more files (repeat the part).",
    )


class ThreadQuerySerializer(serializers.Serializer):
    """The list's query: comments are listed per ticket."""

    ticket_id = TicketIdField(help_text="The ticket number.")
