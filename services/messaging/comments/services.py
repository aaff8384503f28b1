"""Every write to comments: check, act, then (after commit) push the comment to its ticket's sockets.

REST views and socket consumers call these alike, so a change looks the same
whichever way it was made. Each function runs in one transaction and locks
the comment it changes (``SELECT ... FOR UPDATE``), so two edits or ratings
of one comment serialise.

Access rule: any TTS member may read and write comments on any ticket (agents
collaborate across the queue); only the author edits and attaches files; everyone but
the author rates a comment, once; the author or a TTS administrator deletes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments.files import FileRejectedError, file_inspect, stored_file_for
from comments.live import comment_broadcast, valid_ticket_id
from comments.models import Attachment, Comment, CommentRating
from tts_common import messages
from tts_common.errors import DomainError, Forbidden, NotFound

COMMENT_ADDED = "comment_added"
PREVIEW_CHARS = 200


class CommentError(DomainError):
    """Why a write was refused: a 400 (naming ``field`` when one is to blame); the socket's error frame says ``detail``."""


class CommentNotFoundError(CommentError, NotFound):
    """No such live comment (on this ticket): a 404."""


class CommentForbiddenError(CommentError, Forbidden):
    """The caller may not change this comment: a 403."""


@dataclass(frozen=True)
class Author:
    """Who is writing, from the access token's claims."""

    user_id: int
    name: str
    is_admin: bool = False

    @classmethod
    def from_user(cls, user) -> "Author":
        name = getattr(user, "full_name", "") or getattr(user, "email", "") or f"User {user.id}"
        return cls(user_id=int(user.id), name=name, is_admin=bool(getattr(user, "is_tts_admin", False)))


def _clean_content(content) -> str:
    if not isinstance(content, str) or not content.strip():
        raise CommentError("content must be a non-empty string", field="content")
    content = content.strip()
    if len(content) > settings.MESSAGING_MAX_COMMENT_LENGTH:
        raise CommentError(f"content is longer than {settings.MESSAGING_MAX_COMMENT_LENGTH} characters", field="content")
    return content


def _comment_id(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise CommentError("comment_id must be a comment's id", field="comment_id")
    try:
        return int(value)
    except ValueError:
        raise CommentError("comment_id must be a comment's id", field="comment_id") from None


def _locked_comment(comment_id, *, ticket_id: str | None) -> Comment:
    """The live comment, locked; a deleted one, or one of another ticket, is not found."""
    found = Comment.objects.select_for_update().filter(pk=_comment_id(comment_id), is_deleted=False)
    if ticket_id is not None:
        found = found.filter(ticket_id=ticket_id)
    comment = found.first()
    if comment is None:
        raise CommentNotFoundError("no such comment")
    return comment


def _notify_participants(comment: Comment, *, author: Author) -> None:
    """Ask workflow_api (which knows who works the ticket) to tell them; it leaves the author out."""
    preview = comment.content if len(comment.content) <= PREVIEW_CHARS else comment.content[: PREVIEW_CHARS - 1] + "…"
    messages.NOTIFY_TICKET_PARTICIPANTS.enqueue(
        ticket_number=comment.ticket_id,
        author_user_id=author.user_id,
        notification_type=COMMENT_ADDED,
        subject=f"New comment on {comment.ticket_id}",
        message=f"{author.name}: {preview}",
        metadata={"comment_id": comment.pk, "parent": comment.parent_id, "author_name": author.name},
    )


def _announce_created(comment: Comment) -> None:
    """``comment.created`` for workflow_api's webhooks, through the outbox in this transaction."""
    messages.COMMENT_CREATED.enqueue(
        id=comment.pk,
        ticket_id=comment.ticket_id,
        user_id=comment.user_id,
        author_name=comment.author_name,
        content=comment.content,
        parent=comment.parent_id,
        created_at=comment.created_at.isoformat(),
    )


@transaction.atomic
def comment_create(*, ticket_id: str, author: Author, content: str, parent_id=None, files: list | None = None) -> Comment:
    """A new comment, or a reply when ``parent_id`` names a comment of the same ticket, with ``files`` attached.

    Threads are one level deep: a reply to a reply joins its top-level comment's thread.
    A ``parent_id`` that names no live comment of the ticket is a CommentError naming ``parent`` (400). The files are
    checked as :func:`comment_attach` checks them, before anything is written (a refused one is a CommentError naming
    ``file`` and no comment is made); the comment is pushed once, with its attachments.
    """
    if not valid_ticket_id(ticket_id):
        raise CommentError("ticket_id must be a ticket number (letters, digits, '.', '_', '-'; at most 64)", field="ticket_id")
    content = _clean_content(content)
    checked = _checked_files(files) if files else []
    parent = None
    if parent_id is not None:
        try:
            parent = _locked_comment(parent_id, ticket_id=ticket_id)
        except CommentNotFoundError:  # a body naming a comment that is not there is bad input, not a missing resource
            raise CommentError("no such comment", field="parent") from None
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment.objects.create(ticket_id=ticket_id, user_id=author.user_id, author_name=author.name, content=content, parent=parent)
    _store_files(comment, checked, author=author)
    # After commit, callbacks run in this order: the live push first, then the outbox relay.
    comment_broadcast(comment=comment, action="reply" if parent else "create")
    _notify_participants(comment, author=author)
    _announce_created(comment)
    return comment


@transaction.atomic
def comment_update(*, comment_id, author: Author, content: str, ticket_id: str | None = None) -> Comment:
    """The author's new text; the comment is marked edited (unchanged text changes nothing)."""
    content = _clean_content(content)
    comment = _locked_comment(comment_id, ticket_id=ticket_id)
    if comment.user_id != author.user_id:
        raise CommentForbiddenError("only the author may edit this comment")
    if comment.content == content:
        return comment
    comment.content = content
    comment.is_edited = True
    comment.edited_at = timezone.now()
    comment.save(update_fields=["content", "is_edited", "edited_at", "updated_at"])
    comment_broadcast(comment=comment, action="update")
    return comment


@transaction.atomic
def comment_delete(*, comment_id, author: Author, ticket_id: str | None = None) -> Comment:
    """Soft delete by the author or an administrator: the row stays (its replies keep their thread), its text goes."""
    comment = _locked_comment(comment_id, ticket_id=ticket_id)
    if comment.user_id != author.user_id and not author.is_admin:
        raise CommentForbiddenError("only the author or an administrator may delete this comment")
    comment.is_deleted = True
    comment.deleted_at = timezone.now()
    comment.deleted_by = author.user_id
    comment.save(update_fields=["is_deleted", "deleted_at", "deleted_by", "updated_at"])
    comment_broadcast(comment=comment, action="delete")
    return comment


@transaction.atomic
def comment_rate(*, comment_id, author: Author, rating, ticket_id: str | None = None) -> Comment:
    """Thumbs up (True), down (False), or None to take the caller's rating back; one per person per comment, a second
    one replaces the first, and the same one again changes nothing (nor does None without a rating).

    ``rating`` of another type is a CommentError naming ``rating`` (400); the comment's author rating it is a
    CommentForbiddenError (403): nobody votes for their own words."""
    if rating is not None and not isinstance(rating, bool):
        raise CommentError("rating must be true (thumbs up), false (thumbs down) or null (take it back)", field="rating")
    comment = _locked_comment(comment_id, ticket_id=ticket_id)
    if comment.user_id == author.user_id:
        raise CommentForbiddenError("authors cannot rate their own comments")
    existing = CommentRating.objects.filter(comment=comment, user_id=author.user_id).first()
    if rating is None:
        return _rating_withdraw(comment, existing)
    if existing is not None and existing.is_positive == rating:
        return comment
    if existing is None:
        CommentRating.objects.create(comment=comment, user_id=author.user_id, is_positive=rating)
    else:
        existing.is_positive = rating
        existing.save(update_fields=["is_positive", "updated_at"])
        if rating:
            comment.thumbs_down -= 1
        else:
            comment.thumbs_up -= 1
    if rating:
        comment.thumbs_up += 1
    else:
        comment.thumbs_down += 1
    comment.save(update_fields=["thumbs_up", "thumbs_down", "updated_at"])
    comment_broadcast(comment=comment, action="rate")
    return comment


def _rating_withdraw(comment: Comment, existing: CommentRating | None) -> Comment:
    if existing is None:
        return comment
    if existing.is_positive:
        comment.thumbs_up -= 1
    else:
        comment.thumbs_down -= 1
    existing.delete()
    comment.save(update_fields=["thumbs_up", "thumbs_down", "updated_at"])
    comment_broadcast(comment=comment, action="rate")
    return comment


def _checked_files(files: list) -> list:
    """Each upload with what :func:`file_inspect` found, every one checked before any is kept; a CommentError naming
    ``file`` for too many, an empty or oversized one, or a type not allowed (named with the file's name)."""
    if len(files) > settings.MESSAGING_MAX_FILES_PER_UPLOAD:
        raise CommentError(f"at most {settings.MESSAGING_MAX_FILES_PER_UPLOAD} files at once", field="file")
    try:
        return [(upload, file_inspect(upload, file_name=_file_name(upload))) for upload in files]
    except FileRejectedError as error:
        raise CommentError(error.message, field="file") from None


def _store_files(comment: Comment, checked: list, *, author: Author) -> None:
    for upload, facts in checked:
        Attachment.objects.create(
            comment=comment, stored_file=stored_file_for(upload, facts), file_name=_file_name(upload), uploaded_by=author.user_id
        )


@transaction.atomic
def comment_attach(*, comment_id, author: Author, files: list, ticket_id: str | None = None) -> Comment:
    """Attach uploaded files to the author's comment; every file is checked before any is kept.

    At most ``MESSAGING_MAX_FILES_PER_UPLOAD`` files at once; CommentError naming ``file`` otherwise.
    """
    if not files:
        raise CommentError("send one or more files in the multipart field 'file'", field="file")
    if len(files) > settings.MESSAGING_MAX_FILES_PER_UPLOAD:
        raise CommentError(f"at most {settings.MESSAGING_MAX_FILES_PER_UPLOAD} files at once", field="file")
    comment = _locked_comment(comment_id, ticket_id=ticket_id)
    if comment.user_id != author.user_id:
        raise CommentForbiddenError("only the author may attach files to this comment")
    _store_files(comment, _checked_files(files), author=author)
    comment.save(update_fields=["updated_at"])
    comment_broadcast(comment=comment, action="attach_document")
    return comment


def _file_name(upload) -> str:
    name = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:255] or "file"
