from django.contrib import admin

from comments.models import Attachment, Comment, CommentRating, StoredFile


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "ticket_id", "user_id", "author_name", "parent", "is_edited", "is_deleted", "created_at"]
    list_filter = ["is_deleted", "is_edited"]
    search_fields = ["ticket_id", "author_name", "content"]
    raw_id_fields = ["parent"]


@admin.register(CommentRating)
class CommentRatingAdmin(admin.ModelAdmin):
    list_display = ["id", "comment", "user_id", "is_positive", "updated_at"]
    raw_id_fields = ["comment"]


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["id", "sha256", "content_type", "size", "width", "height", "created_at"]
    search_fields = ["sha256"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["id", "file_name", "comment", "stored_file", "uploaded_by", "created_at"]
    raw_id_fields = ["comment", "stored_file"]
