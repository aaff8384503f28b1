"""Writing snippets (canned replies) and filling them in for a task.

Rules (docs/api.md, "Snippets"): ``shortcut`` is a word of letters, digits, ``-`` and ``_`` (a leading ``/`` is
dropped, kept lower case) unique per owner; ``body`` at most 5,000 characters and every ``{{...}}`` in it a known
placeholder; ``is_shared`` set by administrators only; at most :data:`MAX_SNIPPETS_PER_OWNER` each; only the owner
edits or deletes.
"""

import re
from typing import Any

from django.db import IntegrityError, transaction
from requesters.selectors import task_requester

from audit.services import Actor
from snippets.models import SHORTCUT_MAX_LENGTH, Snippet
from snippets.placeholders import PLACEHOLDERS, fill, unknown_placeholders
from tasks.models import Task
from tts_common.errors import DomainError, Forbidden
from tts_common.quota import owner_quota_check

MAX_SNIPPETS_PER_OWNER = 200
SHORTCUT = re.compile(rf"[a-z0-9][a-z0-9_-]{{0,{SHORTCUT_MAX_LENGTH - 1}}}")
UNSET: Any = object()


def snippet_shortcut_check(shortcut: str) -> tuple[str, str | None]:
    """``shortcut`` as stored (no leading ``/``, lower case), and the problem if it is not one word."""
    cleaned = shortcut.strip().removeprefix("/").lower()
    if not SHORTCUT.fullmatch(cleaned):
        return "", (f"Use 1 to {SHORTCUT_MAX_LENGTH} letters, digits, - or _, starting with a letter or digit (typed as /name).")
    return cleaned, None


def snippet_body_check(body: str) -> str | None:
    """Why ``body`` cannot be saved (an unknown placeholder), or None."""
    unknown = unknown_placeholders(body)
    if unknown:
        names = ", ".join("{{" + name + "}}" for name in unknown)
        return f"Unknown placeholder {names}. Choose from: {', '.join('{{' + known + '}}' for known in PLACEHOLDERS)}."
    return None


def _check_sharing(*, actor: Actor, is_shared: bool) -> None:
    if is_shared and not actor.is_admin:
        raise Forbidden("Only administrators share snippets (is_shared).")


def _check_shortcut_free(*, owner_user_id: int, shortcut: str, exclude_pk: int | None = None) -> None:
    if Snippet.objects.filter(owner_user_id=owner_user_id, shortcut__iexact=shortcut).exclude(pk=exclude_pk).exists():
        raise DomainError(f"You already have a snippet /{shortcut}.", field="shortcut")


def _save(snippet: Snippet) -> Snippet:
    try:
        with transaction.atomic():
            snippet.save()
    except IntegrityError:
        raise DomainError(f"You already have a snippet /{snippet.shortcut}.", field="shortcut") from None
    return snippet


def snippet_create(*, actor: Actor, title: str, shortcut: str, body: str, is_shared: bool = False) -> Snippet:
    """A new snippet owned by ``actor`` (fields already checked by the serializer). Raises ``Forbidden`` when a
    non-administrator shares, a 400 naming ``shortcut`` when taken, a 400 at :data:`MAX_SNIPPETS_PER_OWNER`."""
    _check_sharing(actor=actor, is_shared=is_shared)
    owner_quota_check(
        Snippet.objects.filter(owner_user_id=actor.user_id),
        quota="snippets",
        owner_id=actor.user_id,
        limit=MAX_SNIPPETS_PER_OWNER,
        message=f"You have {MAX_SNIPPETS_PER_OWNER} snippets, the most one person keeps: delete one first.",
    )
    _check_shortcut_free(owner_user_id=actor.user_id, shortcut=shortcut)
    snippet = Snippet(owner_user_id=actor.user_id, owner_email=actor.email, title=title, shortcut=shortcut, body=body, is_shared=is_shared)
    return _save(snippet)


def snippet_update(
    *, actor: Actor, snippet: Snippet, title: str = UNSET, shortcut: str = UNSET, body: str = UNSET, is_shared: bool = UNSET
) -> Snippet:
    """Change what is given; only the owner (``Forbidden`` otherwise); the same refusals as :func:`snippet_create`."""
    _check_owner(actor=actor, snippet=snippet)
    if is_shared is not UNSET:
        _check_sharing(actor=actor, is_shared=is_shared)
        snippet.is_shared = is_shared
    if shortcut is not UNSET:
        _check_shortcut_free(owner_user_id=snippet.owner_user_id, shortcut=shortcut, exclude_pk=snippet.pk)
        snippet.shortcut = shortcut
    if title is not UNSET:
        snippet.title = title
    if body is not UNSET:
        snippet.body = body
    return _save(snippet)


def snippet_delete(*, actor: Actor, snippet: Snippet) -> None:
    """Delete the snippet; only the owner (``Forbidden`` otherwise)."""
    _check_owner(actor=actor, snippet=snippet)
    snippet.delete()


def _check_owner(*, actor: Actor, snippet: Snippet) -> None:
    if snippet.owner_user_id != actor.user_id:
        raise Forbidden("Only the person who wrote this snippet may change or delete it.")


def snippet_values(*, task: Task, agent_name: str) -> dict[str, str]:
    """The placeholders' values for ``task``, inserted by the person named ``agent_name``."""
    requester = task_requester(task)
    ticket = task.ticket if isinstance(task.ticket, dict) else {}
    category = ticket.get("category")
    return {
        "ticket_number": task.ticket_number,
        "subject": task.subject,
        "priority": task.priority,
        "status": task.status,
        "category": category if isinstance(category, str) else "",
        "requester_first_name": requester.first_name,
        "requester_last_name": requester.last_name,
        "requester_name": " ".join(part for part in (requester.first_name, requester.last_name) if part),
        "requester_email": requester.email,
        "agent_first_name": agent_name.split(" ")[0] if agent_name.strip() else "",
        "agent_name": agent_name.strip(),
    }


def snippet_render(*, snippet: Snippet, task: Task, agent_name: str) -> dict[str, str]:
    """``{"title", "body"}`` with the task's values filled in (plain text, :func:`snippets.placeholders.fill`)."""
    return {"title": snippet.title, "body": fill(snippet.body, snippet_values(task=task, agent_name=agent_name))}
