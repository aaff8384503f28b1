"""Finding tasks by their ticket's text: full-text on PostgreSQL, ``icontains`` on SQLite (tts_common.search).

Only tasks the caller may see are found: the task list's rule (tasks.selectors.task_list_for), so an agent
finds the tasks they hold or once held and an administrator every task.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Concat

from audit.services import Actor
from tasks.models import Task
from tasks.selectors import task_list_for
from tts_common.search import (
    HEADLINE_OPTIONS,
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    StoredVector,
    common_word_matches,
    highlight,
    search_terms,
    strip_markers,
    websearch_query,
)

# The ticket's text besides the number and subject, as the stored document holds it (search/migrations/0001).
TICKET_TEXT_KEYS = ("description", "employee__first_name", "employee__last_name", "employee__email", "category", "sub_category")


@dataclass(frozen=True)
class TaskHit:
    """One task found: ``headline`` is the whole subject and ``snippet`` an excerpt of the description, requester
    and category, both plain text with the matches between the highlight markers; ``rank`` is PostgreSQL's
    ``ts_rank`` (0 on SQLite and for a match on the ticket number alone)."""

    id: int
    ticket_number: str
    subject: str
    status: str
    priority: str
    current_step_name: str
    received_at: datetime
    rank: float
    headline: str
    snippet: str


def _document() -> StoredVector:
    return StoredVector(Task)


def _number_prefix(text: str) -> Q:
    """Ticket numbers are upper case (TX2025...); a prefix typed in lower case finds them too."""
    return Q(ticket_number__startswith=text) | Q(ticket_number__startswith=text.upper())


def _ticket_text(task: Task) -> str:
    ticket = task.ticket if isinstance(task.ticket, dict) else {}
    employee = ticket.get("employee") if isinstance(ticket.get("employee"), dict) else {}
    parts = [
        ticket.get("description"),
        " ".join(str(employee.get(key) or "") for key in ("first_name", "last_name", "email")).strip(),
        ticket.get("category"),
        ticket.get("sub_category") or ticket.get("subcategory"),
    ]
    return " · ".join(str(part) for part in parts if part)


def task_search(*, actor: Actor, text: str) -> QuerySet[Task]:
    """The tasks ``actor`` may see whose ticket matches ``text`` (1 to 200 characters, validated by the view),
    best first: a ticket number starting with ``text`` first, then by rank, then newest.

    PostgreSQL: ``text`` is a web-search query over the stored document, or a ticket-number prefix. For an
    administrator a common word (1,000 matches among the newest 20,000 tasks, by ``received_at``) finds its
    1,000 newest matches only (tts_common.search.common_word_matches); an agent's tasks are few, every match
    of theirs is ranked.
    SQLite: every word of ``text`` appears (any case) in the ticket number, subject, description, requester's
    name or email, category or sub-category.
    """
    visible = task_list_for(actor).select_related(None).prefetch_related(None)
    number_match = Case(When(_number_prefix(text), then=Value(1)), default=Value(0), output_field=IntegerField())
    if connection.vendor == "postgresql":
        query = websearch_query(text)
        newest = common_word_matches(model=Task, order=("-received_at", "-id"), text=text) if actor.is_admin else None
        if newest is not None:
            found = visible.filter(Q(pk__in=newest) | _number_prefix(text))
        else:
            found = visible.alias(document=_document()).filter(Q(document=query) | _number_prefix(text))
        found = found.annotate(rank=SearchRank(_document(), query), number_match=number_match)
    else:
        found = visible
        for term in search_terms(text):
            fields = ["ticket_number", "subject", *(f"ticket__{key}" for key in TICKET_TEXT_KEYS)]
            matches_term = Q()
            for field in fields:
                matches_term |= Q(**{f"{field}__icontains": term})
            found = found.filter(matches_term | _number_prefix(text))
        found = found.annotate(rank=Value(0.0, output_field=FloatField()), number_match=number_match)
    return found.order_by("-number_match", "-rank", "-received_at", "-id")


def task_search_hits(*, matches: list[tuple[int, float]], text: str) -> list[TaskHit]:
    """The tasks of ``matches`` (a page of :func:`task_search` as ``(pk, rank)`` pairs, e.g. from
    tts_common.search.RankedPage) with their highlighted headline and snippet, in the same order; one query.

    The highlights are computed for this page only: ``ts_headline`` is slow, and running it over every match
    before the page is cut would cost what ranking costs many times over.
    """
    if not matches:
        return []
    rows = Task.objects.filter(pk__in=[pk for pk, _ in matches]).only(
        "id", "ticket_number", "subject", "status", "priority", "current_step_name", "received_at", "ticket"
    )
    if connection.vendor == "postgresql":
        query = websearch_query(text)
        ticket_text = Concat(
            *_joined([KT("ticket__description"), _employee_text(), KT("ticket__category"), KT("ticket__sub_category")]),
            output_field=TextField(),
        )
        rows = rows.defer("ticket").annotate(
            headline=SearchHeadline(_unmarked(F("subject")), query, highlight_all=True, **_headline_markers()),
            snippet=SearchHeadline(_unmarked(ticket_text), query, **HEADLINE_OPTIONS),
        )
        tasks = {task.pk: task for task in rows}
    else:
        terms = search_terms(text)
        tasks = {task.pk: task for task in rows}
        for task in tasks.values():
            task.headline = highlight(task.subject, terms, max_chars=10_000) or strip_markers(task.subject)
            task.snippet = highlight(_ticket_text(task), terms)
    return [
        TaskHit(
            id=task.pk,
            ticket_number=task.ticket_number,
            subject=task.subject,
            status=task.status,
            priority=task.priority,
            current_step_name=task.current_step_name,
            received_at=task.received_at,
            rank=float(rank),
            headline=task.headline or "",
            snippet=task.snippet or "",
        )
        for pk, rank in matches
        if (task := tasks.get(pk)) is not None
    ]


def _headline_markers() -> dict:
    return {"config": HEADLINE_OPTIONS["config"], "start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP}


def _unmarked(expression):
    """Stored text with any highlight marker removed, so a ticket cannot fake a highlight."""
    return Func(expression, Value(HIGHLIGHT_START + HIGHLIGHT_STOP), Value(""), function="translate", output_field=TextField())


def _employee_text():
    names = [Coalesce(KT(f"ticket__employee__{key}"), Value(""), output_field=TextField()) for key in ("first_name", "last_name", "email")]
    return Concat(names[0], Value(" "), names[1], Value(" "), names[2], output_field=TextField())


def _joined(parts: list) -> list:
    joined = []
    for part in parts:
        if joined:
            joined.append(Value(" · "))
        joined.append(Coalesce(part, Value(""), output_field=TextField()))
    return joined
