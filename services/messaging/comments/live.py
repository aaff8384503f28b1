"""Pushing a ticket's comment changes to every socket of that ticket, in every messaging process.

The database is the source of truth and the channel layer is at-most-once:
a change is saved first and sent after its transaction commits; a console
that reconnects reads what it missed over REST.
"""

import json
import logging
import re

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from tts_common import live

logger = logging.getLogger(__name__)

# What the sockets of a ticket receive: {"type": COMMENT_EVENT, "action": ..., "comment": {...}}
COMMENT_EVENT = "comment.update"
TYPING_EVENT = "typing.indicator"
ACTIONS = ("create", "update", "delete", "reply", "rate", "attach_document")
TICKET_ID_PATTERN = r"[A-Za-z0-9._-]{1,64}"
_TICKET_ID = re.compile(rf"^{TICKET_ID_PATTERN}$")


def valid_ticket_id(ticket_id: str) -> bool:
    return isinstance(ticket_id, str) and bool(_TICKET_ID.match(ticket_id))


def ticket_group(ticket_id: str) -> str:
    """Every socket of the ticket, on both routes (``ws/comments/<id>/`` and ``ws/tickets/<id>/``); workflow_api
    sends its task's changes there too (``tts_common.live.push_task_changed``)."""
    return live.ticket_group(ticket_id)


def typing_group(ticket_id: str) -> str:
    """The ``ws/tickets/<id>/`` sockets only: they alone speak of typing."""
    return f"typing.ticket.{ticket_id}"


def comment_payload(comment) -> dict:
    """The comment as the REST API shows it, as plain JSON values."""
    from comments.api.serializers import CommentSerializer

    return json.loads(json.dumps(CommentSerializer(comment).data, cls=DjangoJSONEncoder))


def comment_broadcast(*, comment, action: str) -> None:
    """Send the comment (as it is now) to its ticket's sockets once the current transaction commits."""
    if action not in ACTIONS:
        raise ValueError(f"unknown comment action {action!r}")
    event = {"type": COMMENT_EVENT, "action": action, "comment": comment_payload(comment)}
    ticket_id = comment.ticket_id
    transaction.on_commit(lambda: group_send(ticket_group(ticket_id), event))


def group_send(group: str, event: dict) -> bool:
    """Best effort: the change is already saved, so a layer that fails only costs the live push."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, event)
        return True
    except Exception:
        logger.warning("push to %s failed", group, exc_info=True)
        return False
