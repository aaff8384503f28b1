"""Producer/consumer agreement in a producing service's tests: what it wrote to its outbox, read back
through each message's definition exactly as the consuming service reads it."""

import json

from tts_common.messages import MESSAGES


def outbox_read_back(**filters) -> list[tuple[str, object]]:
    """``(task name, payload model)`` for every outbox row (matching ``filters``), oldest first.

    Each row goes through JSON first, as the broker carries it; a payload its
    consumer would refuse raises ``MalformedMessageError`` naming the field.
    """
    from tts_common.outbox.models import OutboxMessage

    read = []
    for row in OutboxMessage.objects.filter(**filters).order_by("id"):
        args, kwargs = json.loads(json.dumps([row.args, row.kwargs]))
        read.append((row.task_name, MESSAGES[row.task_name].parse(args, kwargs)))
    return read
