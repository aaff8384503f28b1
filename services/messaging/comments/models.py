from django.db import models
from django.utils import timezone

from tts_common.limits import FULL_NAME_MAX_LENGTH


class Comment(models.Model):
    """A message about a ticket; a reply names its top-level comment (one level of threading)."""

    ticket_id = models.CharField(max_length=64, help_text="The ticket number.")
    user_id = models.BigIntegerField(help_text="The author, from the access token.")
    author_name = models.CharField(max_length=FULL_NAME_MAX_LENGTH, blank=True)
    content = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    thumbs_up = models.PositiveIntegerField(default=0)
    thumbs_down = models.PositiveIntegerField(default=0)
    is_edited = models.BooleanField(default=False)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket_id", "parent", "created_at"], name="comment_ticket_thread_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} #{self.pk} by {self.user_id}"


class CommentRating(models.Model):
    """One person's thumbs up (``is_positive``) or down on one comment; changing it replaces it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="ratings")
    user_id = models.BigIntegerField()
    is_positive = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user_id"], name="one_rating_per_user_per_comment")]

    def __str__(self) -> str:
        return f"{self.user_id} {'+' if self.is_positive else '-'} comment {self.comment_id}"


def stored_file_path(instance: "StoredFile", filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class StoredFile(models.Model):
    """File content, stored once per SHA-256 however many attachments name it."""

    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=stored_file_path, max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=150, help_text="Read from the content, not from the upload's claim.")
    width = models.PositiveIntegerField(null=True, blank=True, help_text="Images only.")
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.content_type}, {self.size} bytes)"


class Attachment(models.Model):
    """A file attached to a comment, under the name its uploader gave it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="attachments")
    file_name = models.CharField(max_length=255)
    uploaded_by = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.file_name} on comment {self.comment_id}"
