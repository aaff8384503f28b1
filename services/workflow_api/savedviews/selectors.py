"""Reading saved views: whose a person lists, and how many tasks each matches for them."""

from django.db.models import Q, QuerySet
from django.http import QueryDict

from audit.services import Actor
from savedviews.models import SavedView
from tasks.api.views import TaskFilter
from tasks.selectors import task_list_for
from tts_common.auth import TTS


def caller_role_names(user) -> list[str]:
    """The TTS role names in the caller's token (the replica's membership may lag behind it)."""
    return [str(role.get("role", "")) for role in getattr(user, "roles", []) if role.get("system") == TTS]


def saved_views_for(*, user_id: int, role_names: list[str]) -> QuerySet[SavedView]:
    """The person's own views and those shared with a role they hold, by name."""
    shared = Q(shared_with_role__name__in=role_names, shared_with_role__is_deleted=False, shared_with_role__system=TTS)
    return SavedView.objects.select_related("shared_with_role").filter(Q(owner_user_id=user_id) | shared)


def saved_view_count(*, view: SavedView, request) -> int | None:
    """How many tasks ``GET /tasks/`` with the view's filters lists for the caller of ``request`` (one query);
    ``None`` when the stored filters no longer validate (a workflow since deleted)."""
    query = QueryDict(mutable=True)
    query.update(view.filters or {})
    filterset = TaskFilter(data=query, queryset=task_list_for(Actor.from_request(request)), request=request)
    if not filterset.is_valid():
        return None
    return filterset.qs.count()
