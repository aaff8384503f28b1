"""Per-owner limits (at most N saved views, snippets, preference choices) that hold under concurrency.

Counting and then inserting lets simultaneous requests all see room: a tester's 60 concurrent saves left 54 views
under a limit of 50. ``owner_lock`` takes a transaction-scoped PostgreSQL advisory lock named by the quota and the
owner, so one owner's changes to it go one at a time and other owners are not held; SQLite serialises writers by
itself. Both functions run inside the transaction that then writes (every service sets ``ATOMIC_REQUESTS``).
"""

from django.db import connection

from tts_common.errors import DomainError


def owner_lock(quota: str, owner_id: int) -> None:
    """Hold ``quota``'s lock for ``owner_id`` until the current transaction ends.

    Raises RuntimeError outside a transaction (the lock would end at once, and the count with it).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("owner_lock needs a transaction (transaction.atomic or ATOMIC_REQUESTS)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"quota:{quota}:{owner_id}"])


def owner_quota_check(queryset, *, quota: str, owner_id: int, limit: int, message: str) -> None:
    """Refuse one more row for ``owner_id``: a 400 ``DomainError`` (code ``limit_reached``, ``message``) when
    ``queryset`` (the owner's rows) holds ``limit`` already. Locks first (:func:`owner_lock`), so the insert that
    follows in the same transaction is counted by the next caller."""
    owner_lock(quota, owner_id)
    if queryset.count() >= limit:
        raise DomainError(message, code="limit_reached")
