"""Ticket numbers stay unique when many creators draw them at once, on PostgreSQL's row locks."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from tickets.services import ticket_number_format, ticket_number_next

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS, EACH = 8, 5
DAY = date(2001, 1, 1)  # no counter row yet: the creators also race to open the day


def test_concurrent_creators_draw_distinct_consecutive_numbers(postgres_database):
    start = threading.Barrier(THREADS)
    numbers: list[str] = []
    failures: list[BaseException] = []

    def draw():
        try:
            start.wait()
            for _ in range(EACH):
                with transaction.atomic():
                    numbers.append(ticket_number_next(day=DAY))
        except BaseException as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert sorted(numbers) == [ticket_number_format(day=DAY, sequence=n) for n in range(1, THREADS * EACH + 1)]
