"""Checks a workflow graph before it is deployed; every problem is named."""

from collections import defaultdict, deque

from django.core.exceptions import ValidationError
from django.utils import timezone

from tts_common.limits import MAX_DURATION_SECONDS
from workflows.calendars import SEARCH_HORIZON, BusinessCalendar
from workflows.models import SLA_KEYS


def sla_problems(sla) -> list[str]:
    """What is wrong with ``sla``, each message naming its key (``sla.low ...``); ``[]`` when nothing.

    Each of low, medium, high, urgent: whole seconds, 1 to ten years (:data:`MAX_DURATION_SECONDS`);
    any other key is a problem (the first one is named).
    """
    if not isinstance(sla, dict):
        return ['sla must be an object {"low", "medium", "high", "urgent"} in seconds']
    problems = [f"sla.{key} is missing" for key in SLA_KEYS if key not in sla]
    # One message however many unknown keys a client sends: the answer stays small and quick.
    unknown = next((key for key in sla if key not in SLA_KEYS), None)
    if unknown is not None:
        problems.append(f"sla.{unknown} is not a priority (use {', '.join(SLA_KEYS)})")
    problems += [
        f"sla.{key} must be a positive whole number of seconds"
        for key in SLA_KEYS
        if key in sla and (isinstance(sla[key], bool) or not isinstance(sla[key], int) or sla[key] <= 0)
    ]
    problems += [
        f"sla.{key} must be at most {MAX_DURATION_SECONDS} seconds (ten years)"
        for key in SLA_KEYS
        if isinstance(sla.get(key), int) and not isinstance(sla[key], bool) and sla[key] > MAX_DURATION_SECONDS
    ]
    return problems


def calendar_problems(calendar) -> list[str]:
    """What is wrong with a calendar definition (``None``: around the clock), each message naming its path
    (``calendar.hours: the week has no open hours``); ``[]`` when nothing. The rules: :meth:`BusinessCalendar.parse`."""
    try:
        BusinessCalendar.parse(calendar)
    except ValidationError as error:
        return [f"{path}: {message}" for path, messages in error.message_dict.items() for message in messages]
    return []


def reachability_problems(sla, calendar) -> list[str]:
    """Each SLA the calendar cannot give from now on (``sla.low: 315360000 s of open time are not reached within
    36600 days in this calendar``): a ticket of that priority could never get a target, so it would only ever be an
    intake failure. ``[]`` around the clock, when every target is reached, or when ``sla`` or ``calendar`` is invalid
    (their own checks name that). Costs at most one bounded calendar walk per priority (about 40 ms at worst)."""
    if calendar is None or sla_problems(sla) or calendar_problems(calendar):
        return []
    business, now = BusinessCalendar.parse(calendar), timezone.now()
    problems = []
    for key in SLA_KEYS:
        try:
            business.add_open_time(now, sla[key])
        except ValueError:
            problems.append(f"sla.{key}: {sla[key]} s of open time are not reached within {SEARCH_HORIZON.days} days in this calendar")
    return problems


def graph_problems(steps: list[dict], transitions: list[dict]) -> list[str]:
    """``steps``: dicts with ``id`` and ``name``; ``transitions``: ``from_step``/``to_step`` ids or None."""
    names = {step["id"]: step["name"] for step in steps}
    if not steps:
        return ["the workflow has no steps"]
    problems: list[str] = []
    starts = [t for t in transitions if t["from_step"] is None]
    if len(starts) != 1:
        problems.append(f"a workflow needs exactly one start transition (from no step), it has {len(starts)}")
    problems += [f"transition '{t['name']}' goes from the start straight to the end" for t in starts if t["to_step"] is None]

    forward: dict[int | None, set] = defaultdict(set)
    backward: dict[int | None, set] = defaultdict(set)
    for transition in transitions:
        forward[transition["from_step"]].add(transition["to_step"])
        backward[transition["to_step"]].add(transition["from_step"])

    reachable = _walk(forward, None)
    problems += [f"step '{names[step_id]}' cannot be reached from the start" for step_id in names if step_id not in reachable]
    reaches_end = _walk(backward, None)
    problems += [f"no end can be reached from step '{names[step_id]}'" for step_id in names if step_id not in reaches_end]
    return problems


def approval_problems(steps: list[dict], transitions: list[dict], *, active_members: dict[str, int] | None) -> list[str]:
    """The K-of-N rules of each step (:mod:`tasks.services.approvals`), each problem naming the step: 1 <= K <= N;
    N no more than ``active_members`` of the step's role (role names casefolded; None: not checked); a step with
    N > 1 has exactly two outgoing transitions, its approve and its reject ones (by name, without case)."""
    problems: list[str] = []
    for step in steps:
        deciders, required = step.get("assignees", 1), step.get("approvals_required", 1)
        name = step["name"]
        if not 1 <= required <= deciders:
            problems.append(f"step '{name}' needs 1 to {deciders} approvals (approvals_required {required} > assignees {deciders})")
        if deciders <= 1:
            continue
        members = None if active_members is None else active_members.get(step["role"].casefold(), 0)
        if members is not None and deciders > members:
            problems.append(f"step '{name}' needs {deciders} people but the role {step['role']} has {members} active member(s)")
        outgoing = sorted(t["name"].strip().casefold() for t in transitions if t["from_step"] == step["id"])
        wanted = sorted({step.get(f"{kind}_transition", kind).strip().casefold() for kind in ("approve", "reject")})
        if len(wanted) < 2:
            problems.append(f"step '{name}' needs different approve and reject transitions")
        elif outgoing != wanted:
            problems.append(
                f"step '{name}' is decided by {deciders} people, so its transitions must be exactly "
                f"'{step.get('approve_transition', 'approve')}' and '{step.get('reject_transition', 'reject')}'"
            )
    return problems


def _walk(edges: dict, origin) -> set:
    seen, queue = set(), deque(edges.get(origin, ()))
    while queue:
        node = queue.popleft()
        if node is None or node in seen:
            continue
        seen.add(node)
        queue.extend(edges.get(node, ()))
    return seen
