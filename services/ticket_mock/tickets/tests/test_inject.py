"""``manage.py inject``: realistic tickets from the catalogue, each published through the outbox."""

import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from faker import Faker

from tickets.demo import demo_ticket_fields
from tickets.models import Priority, Ticket
from tickets.selectors import ticket_data
from tickets.services import ticket_create
from tts_common.demo_catalogue import DEMO_CATEGORIES
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import RECEIVE_TICKET

CATALOGUE = {entry["category"]: entry for entry in DEMO_CATEGORIES}


def _inject(*arguments):
    out = StringIO()
    call_command("inject", *arguments, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_inject_creates_and_publishes_n_tickets_from_the_catalogue():
    summary = _inject("--count", "5", "--seed", "7")

    tickets = list(Ticket.objects.order_by("id"))
    messages = list(OutboxMessage.objects.order_by("id"))
    assert len(tickets) == 5 and len(messages) == 5
    assert [message.task_name for message in messages] == [RECEIVE_TICKET] * 5
    assert [message.args for message in messages] == [[ticket_data(ticket)] for ticket in tickets]
    for ticket in tickets:
        entry = CATALOGUE[ticket.category]
        assert ticket.sub_category in entry["sub_categories"] and ticket.department == entry["department"]
        assert ticket.priority in Priority.values and ticket.subject and ticket.description
        assert ticket.employee["email"] and ticket.employee["first_name"]
    assert summary.startswith("injected 5 tickets in ")


@pytest.mark.django_db
def test_rate_limits_tickets_per_second(monkeypatch):
    clock = {"now": 1000.0}
    created_at = []
    monkeypatch.setattr("tickets.management.commands.inject.time.monotonic", lambda: clock["now"])
    monkeypatch.setattr("tickets.management.commands.inject.time.sleep", lambda seconds: clock.update(now=clock["now"] + seconds))
    real_create = ticket_create
    monkeypatch.setattr(
        "tickets.management.commands.inject.ticket_create", lambda **fields: created_at.append(clock["now"]) or real_create(**fields)
    )

    summary = _inject("--count", "4", "--rate", "2")

    assert Ticket.objects.count() == 4
    assert created_at == pytest.approx([1000.0, 1000.5, 1001.0, 1001.5])
    assert "(2.7/s)" in summary  # 4 tickets in 1.5 s


@pytest.mark.parametrize("arguments", [("--count", "0"), ("--count", "2", "--rate", "-1")])
def test_nonsense_arguments_are_refused(arguments):
    with pytest.raises(CommandError):
        _inject(*arguments)


def test_generated_tickets_are_spread_and_weighted_like_a_help_desk():
    rng, faker = random.Random(1), Faker()
    faker.seed_instance(1)

    tickets = [demo_ticket_fields(faker, rng) for _ in range(2000)]

    assert {ticket["category"] for ticket in tickets} == set(CATALOGUE)
    shares = {priority: count / len(tickets) for priority, count in Counter(ticket["priority"] for ticket in tickets).items()}
    assert shares["Medium"] > shares["Low"] > shares["High"] > shares["Critical"] > 0.05
    for ticket in tickets:
        if ticket["category"] == "Asset Request":
            assert ticket["extra"]["asset_name"]
        if ticket["category"] == "Budget Request":
            assert ticket["extra"]["requested_budget"] > 0
        assert "{" not in ticket["subject"] + ticket["description"]  # every template placeholder filled
