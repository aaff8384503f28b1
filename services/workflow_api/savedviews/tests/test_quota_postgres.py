"""Per-owner limits hold when one person's requests arrive at once (real PostgreSQL, threads on their own
connections). A tester's 60 concurrent saves left 54 views under the limit of 50."""

import threading

import pytest
from django.db import connection, transaction
from snippets.models import Snippet
from snippets.services import MAX_SNIPPETS_PER_OWNER, snippet_create

from audit.services import Actor
from savedviews.models import SavedView
from savedviews.services import MAX_VIEWS_PER_OWNER, saved_view_create
from tts_common.errors import DomainError

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

OWNER = Actor(user_id=10, email="agent@example.com")
ROOM, CALLERS = 3, 12


def at_once(create) -> list[str]:
    """``create(n)`` from CALLERS threads released together, each in its own transaction; each one's outcome."""
    start, outcomes = threading.Barrier(CALLERS), []

    def call(number: int) -> None:
        start.wait()
        try:
            with transaction.atomic():
                create(number)
            outcomes.append("created")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(number,)) for number in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_simultaneous_saves_never_pass_the_limit_of_views(postgres_database):
    SavedView.objects.bulk_create(SavedView(owner_user_id=OWNER.user_id, name=f"v{i}") for i in range(MAX_VIEWS_PER_OWNER - ROOM))

    outcomes = at_once(lambda n: saved_view_create(actor=OWNER, name=f"new {n}", filters={}))

    assert outcomes == ["created"] * ROOM + ["limit_reached"] * (CALLERS - ROOM)
    assert SavedView.objects.filter(owner_user_id=OWNER.user_id).count() == MAX_VIEWS_PER_OWNER


def test_simultaneous_snippets_never_pass_the_limit(postgres_database):
    Snippet.objects.bulk_create(
        Snippet(owner_user_id=OWNER.user_id, title=f"s{i}", shortcut=f"s{i}", body="b") for i in range(MAX_SNIPPETS_PER_OWNER - ROOM)
    )

    outcomes = at_once(lambda n: snippet_create(actor=OWNER, title=f"new {n}", shortcut=f"new{n}", body="Hello"))

    assert outcomes == ["created"] * ROOM + ["limit_reached"] * (CALLERS - ROOM)
    assert Snippet.objects.filter(owner_user_id=OWNER.user_id).count() == MAX_SNIPPETS_PER_OWNER
