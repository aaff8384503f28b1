"""Recording a consumer's final failure where an operator sees it."""

import logging
from typing import Any

from tts_common.deadletter.models import DeadLetter
from tts_common.jsonvalues import storable

logger = logging.getLogger(__name__)


def dead_letter_record(
    *, task_name: str, task_id: str | None, queue: str | None, args: Any, kwargs: Any, reason: str, published: bool
) -> DeadLetter | None:
    """Store one ``DeadLetter`` row (autocommit, outside any transaction of the failed work).

    Returns the row, or None when it could not be stored (the database away
    or refusing it); that is logged, never raised, so the caller's other
    record (the dead-letter queue) still happens.
    """
    try:
        return DeadLetter.objects.create(
            task_name=str(task_name)[:200],
            task_id=str(task_id or "")[:100],
            queue=str(queue or "")[:200],
            args=storable(list(args) if isinstance(args, list | tuple) else args),
            kwargs=storable(kwargs),
            reason=storable(str(reason)[:10000]),
            published=published,
        )
    except Exception:  # the dead-letter queue copy is the other record; say that this one is missing
        logger.exception("could not record dead letter for task %s (%s)", task_name, task_id)
        return None
