"""Reading comments: a ticket's threads, with what their representation needs fetched up front."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from comments.models import Attachment, Comment


def _attachments() -> Prefetch:
    return Prefetch("attachments", queryset=Attachment.objects.select_related("stored_file").order_by("id"))


def _live_replies() -> Prefetch:
    return Prefetch(
        "replies",
        queryset=Comment.objects.filter(is_deleted=False).order_by("created_at", "id").prefetch_related(_attachments(), "ratings"),
    )


def comment_detail_queryset() -> QuerySet[Comment]:
    """Live comments, each with its files, its ratings and (for a top-level one) its live replies."""
    return Comment.objects.filter(is_deleted=False).prefetch_related(_attachments(), "ratings", _live_replies())


def ticket_threads(*, ticket_id: str) -> QuerySet[Comment]:
    """The ticket's top-level comments, oldest first, each with its live replies.

    A deleted comment is left out unless live replies hang under it; then it
    stays as a tombstone (no text, no files) so its thread reads in order.
    """
    live_replies = Comment.objects.filter(parent=OuterRef("pk"), is_deleted=False)
    return (
        Comment.objects.filter(ticket_id=ticket_id, parent__isnull=True)
        .filter(Q(is_deleted=False) | Exists(live_replies))
        .order_by("created_at", "id")
        .prefetch_related(_attachments(), "ratings", _live_replies())
    )


def attachment_for_download(*, attachment_id: int) -> Attachment | None:
    return Attachment.objects.select_related("stored_file").filter(pk=attachment_id, comment__is_deleted=False).first()
