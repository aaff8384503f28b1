"""Writing saved views: check the filters and sort against the task list's own, then save.

Rules (docs/api.md, "Saved views"): a name unique per owner (any case), at most
:data:`MAX_VIEWS_PER_OWNER` views each, filters and ordering only what ``GET /tasks/`` takes,
``shared_with_role`` set by administrators only, to a TTS role of the replica; only the owner
edits or deletes.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.http import QueryDict

from audit.services import Actor
from roles.models import Role
from savedviews.models import SavedView
from tasks.api.views import TaskFilter, TaskViewSet
from tasks.models import Task
from tts_common.errors import DomainError, Forbidden
from tts_common.quota import owner_quota_check

MAX_VIEWS_PER_OWNER = 50
UNSET: Any = object()


def task_filter_names() -> list[str]:
    """The query parameters ``GET /tasks/`` filters by, as its filter set declares them now."""
    return sorted(TaskFilter.base_filters)


def task_ordering_choices() -> list[str]:
    """Every term ``?ordering=`` takes on ``GET /tasks/``: each field ascending and descending."""
    return [term for name in TaskViewSet.ordering_fields for term in (name, f"-{name}")]


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return str(value).strip()
    return None


def saved_view_filters_check(filters: Any) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``filters`` as ``GET /tasks/`` query parameters, and the problems found, by key.

    ``filters`` must be a JSON object whose keys are the task list's filters (:func:`task_filter_names`) and whose
    values are text, whole numbers or booleans (turned into the text a query string carries: ``true``/``false``)
    that the list's filter set accepts; an empty text is left out (the list reads it as no filter). Returns
    ``(cleaned, {})`` or ``({}, {"<key>": ["<why>"]})``; a filters value that is not an object is keyed ``""``.
    """
    if not isinstance(filters, dict):
        return {}, {"": ['Give an object of GET /tasks/ filters, such as {"status": "in_progress"}.']}
    known = task_filter_names()
    cleaned: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for key, value in filters.items():
        if key not in known:
            problems[key] = [f"Unknown filter. Choose from: {', '.join(known)}."]
            continue
        text = _as_text(value)
        if text is None:
            problems[key] = ["Give a text, a whole number or true/false."]
        elif text:
            cleaned[key] = text
    if problems:
        return {}, problems
    query = QueryDict(mutable=True)
    query.update(cleaned)
    filterset = TaskFilter(data=query, queryset=Task.objects.none())
    if not filterset.is_valid():
        return {}, {key: [str(message) for message in messages] for key, messages in filterset.errors.items()}
    return cleaned, {}


def saved_view_ordering_check(ordering: str) -> tuple[str, str | None]:
    """``ordering`` as ``?ordering=`` takes it (terms separated by commas, spaces dropped), and the problem if any."""
    if not ordering.strip():
        return "", None
    terms = [term.strip() for term in ordering.split(",")]
    choices = task_ordering_choices()
    for term in terms:
        if term not in choices:
            return "", f"Unknown field: {term or '(empty)'}. Choose from: {', '.join(choices)}."
    return ",".join(terms), None


def _shared_role(*, actor: Actor, role_id: int | None) -> Role | None:
    if role_id is None:
        return None
    if not actor.is_admin:
        raise Forbidden("Only administrators share a view with a role (shared_with_role).")
    role = Role.objects.filter(role_id=role_id, system="tts", is_deleted=False).first()
    if role is None:
        raise DomainError(f"No TTS role with id {role_id}.", field="shared_with_role")
    return role


def _save(view: SavedView) -> SavedView:
    try:
        with transaction.atomic():
            view.save()
    except IntegrityError:
        raise DomainError(f"You already have a view named {view.name!r}.", field="name") from None
    return view


def _check_name_free(*, owner_user_id: int, name: str, exclude_pk: int | None = None) -> None:
    taken = SavedView.objects.filter(owner_user_id=owner_user_id, name__iexact=name).exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(f"You already have a view named {name!r}.", field="name")


def saved_view_create(
    *, actor: Actor, name: str, filters: dict[str, str], ordering: str = "", shared_with_role: int | None = None
) -> SavedView:
    """A new view owned by ``actor``; ``filters`` and ``ordering`` already checked (:func:`saved_view_filters_check`).

    Raises a 400 ``DomainError`` naming ``name`` (taken) or ``shared_with_role`` (no such role), a 400 when the
    caller has :data:`MAX_VIEWS_PER_OWNER` views already, and ``Forbidden`` when a non-administrator shares.
    """
    role = _shared_role(actor=actor, role_id=shared_with_role)
    owner_quota_check(
        SavedView.objects.filter(owner_user_id=actor.user_id),
        quota="saved_views",
        owner_id=actor.user_id,
        limit=MAX_VIEWS_PER_OWNER,
        message=f"You have {MAX_VIEWS_PER_OWNER} saved views, the most one person keeps: delete one first.",
    )
    _check_name_free(owner_user_id=actor.user_id, name=name)
    view = SavedView(
        owner_user_id=actor.user_id, owner_email=actor.email, name=name, filters=filters, ordering=ordering, shared_with_role=role
    )
    return _save(view)


def saved_view_update(
    *,
    actor: Actor,
    view: SavedView,
    name: str = UNSET,
    filters: dict[str, str] = UNSET,
    ordering: str = UNSET,
    shared_with_role: int | None = UNSET,
) -> SavedView:
    """Change what is given; only the owner (``Forbidden`` otherwise); the same 400s as :func:`saved_view_create`."""
    _check_owner(actor=actor, view=view)
    if shared_with_role is not UNSET:
        view.shared_with_role = _shared_role(actor=actor, role_id=shared_with_role)
    if name is not UNSET:
        _check_name_free(owner_user_id=view.owner_user_id, name=name, exclude_pk=view.pk)
        view.name = name
    if filters is not UNSET:
        view.filters = filters
    if ordering is not UNSET:
        view.ordering = ordering
    return _save(view)


def saved_view_delete(*, actor: Actor, view: SavedView) -> None:
    """Delete the view; only the owner (``Forbidden`` otherwise)."""
    _check_owner(actor=actor, view=view)
    view.delete()


def _check_owner(*, actor: Actor, view: SavedView) -> None:
    if view.owner_user_id != actor.user_id:
        raise Forbidden("Only the person who saved this view may change or delete it.")
