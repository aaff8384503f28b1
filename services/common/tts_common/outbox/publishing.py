"""Publishing a batch of task messages, confirmed by the broker as a batch.

kombu's ``confirm_publish`` waits for the broker's confirm after every
message: one network round trip each. The relay instead puts its channel in
confirm mode, publishes the whole batch, then waits once for the confirms of
all of it (RabbitMQ acknowledges them cumulatively). Nothing counts as
published until confirmed. Transports without confirms (the embedded
filesystem broker) simply publish.

A message the broker nacks, or that cannot be built at all (not JSON, larger
than ``OUTBOX_MAX_MESSAGE_BYTES``, a header AMQP cannot encode), is reported
as refused, on its own, so the caller can park it; every other message of
the batch still counts.
"""

import contextlib
import json
import time
from dataclasses import dataclass, field

import amqp
import amqp.exceptions
from celery.signals import after_task_publish, before_task_publish
from kombu import Producer
from kombu.exceptions import OperationalError as KombuOperationalError

from tts_common.env import env_int
from tts_common.routing import TASK_QUEUES, plain_queue

CONFIRM_TIMEOUT_SECONDS = 15
DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024  # RabbitMQ 4's default max_message_size


class PublishNotConfirmedError(Exception):
    """The broker did not confirm the batch in time."""


# The broker or the way to it failed, not one message: the whole batch waits and is tried again.
TRANSIENT_PUBLISH_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    KombuOperationalError,
    amqp.exceptions.ConnectionError,
    amqp.exceptions.RecoverableChannelError,
    PublishNotConfirmedError,
)


@dataclass
class PublishOutcome:
    """``confirmed``: the messages the broker took. ``refused``: ``(message, reason, permanent)`` for each one
    it nacked (``permanent`` False: may work later) or that cannot be built (``permanent`` True)."""

    confirmed: list = field(default_factory=list)
    refused: list[tuple[object, str, bool]] = field(default_factory=list)


def max_message_bytes() -> int:
    return env_int("OUTBOX_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES)


class _Confirms:
    def __init__(self, channel):
        self.acked: set[int] = set()
        self.nacked: set[int] = set()
        self.up_to_acked = 0
        self.up_to_nacked = 0
        channel.events["basic_ack"].add(self.ack)
        channel.events["basic_nack"].add(self.nack)

    def ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self.up_to_acked = max(self.up_to_acked, delivery_tag)
        else:
            self.acked.add(delivery_tag)

    def nack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self.up_to_nacked = max(self.up_to_nacked, delivery_tag)
        else:
            self.nacked.add(delivery_tag)

    def is_nacked(self, tag: int) -> bool:
        return tag in self.nacked or (tag <= self.up_to_nacked and tag not in self.acked and tag > self.up_to_acked)

    def settled(self, tags) -> bool:
        return all(tag <= self.up_to_acked or tag in self.acked or self.is_nacked(tag) for tag in tags)


def publish_confirmed(app, messages) -> PublishOutcome:
    """Publish ``messages`` (objects with task_name, args, kwargs, message_id, headers) and wait for the broker.

    Returns which were confirmed and which were refused one by one. Raises one
    of ``TRANSIENT_PUBLISH_ERRORS`` when the broker itself is away or silent,
    and an AMQP channel error when the broker closed the channel (a message it
    would not take, e.g. larger than its ``max_message_size``): nothing of the
    batch counts as published then.
    """
    options = {**app.conf.broker_transport_options, "confirm_publish": False}
    with app.connection_for_write(transport_options=options) as connection:
        channel = connection.channel()
        try:
            if connection.transport.driver_type == "amqp":
                return _publish_amqp(app, connection, channel, messages)
            return _publish_plain(app, channel, messages)
        finally:
            with contextlib.suppress(Exception):  # a channel the broker already closed; the error that closed it is raised
                channel.close()


def _publish_plain(app, channel, messages) -> PublishOutcome:
    outcome = PublishOutcome()
    producer = Producer(channel)
    for message in messages:
        try:
            _encoded(message)
        except ValueError as error:
            outcome.refused.append((message, str(error), True))
            continue
        app.send_task(
            message.task_name,
            args=message.args,
            kwargs=message.kwargs,
            task_id=str(message.message_id),
            headers=message.headers or None,
            producer=producer,
            retry=False,
        )
        outcome.confirmed.append(message)
    return outcome


def _encoded(message) -> int:
    """The size in bytes of the message's arguments as JSON; ValueError when they are not JSON or too large."""
    try:
        size = len(json.dumps([message.args, message.kwargs], allow_nan=False).encode())
    except (TypeError, ValueError, RecursionError) as error:
        raise ValueError(f"not JSON: {type(error).__name__}: {error}") from None
    if size > max_message_bytes():
        raise ValueError(f"too large: {size} bytes of arguments, over OUTBOX_MAX_MESSAGE_BYTES={max_message_bytes()}")
    return size


def _publish_amqp(app, connection, channel, messages) -> PublishOutcome:
    """Celery protocol 2 messages, built by Celery, handed straight to a confirm-mode AMQP channel."""
    outcome = PublishOutcome()
    channel.confirm_select()
    confirms = _Confirms(channel)
    declared: set[str] = set()
    sent = {}
    for message in messages:
        try:
            _encoded(message)
            queue = TASK_QUEUES.get(message.task_name) or app.amqp.router.route({}, message.task_name)["queue"].name
            body, headers, amqp_message = _amqp_message(app, message, queue)
        except ValueError as error:
            outcome.refused.append((message, str(error), True))
            continue
        if queue not in declared:
            plain_queue(queue)(channel).declare()
            declared.add(queue)
        try:
            channel.basic_publish(amqp_message, exchange=queue, routing_key=queue)
        except (*TRANSIENT_PUBLISH_ERRORS, amqp.exceptions.AMQPError):
            raise
        except Exception as error:  # the frame could not be built (a header AMQP cannot encode): nothing was sent
            outcome.refused.append((message, f"cannot be encoded for AMQP: {type(error).__name__}: {error}", True))
            continue
        sent[len(sent) + 1] = (message, body, queue, headers)  # delivery tags count from 1 on a fresh channel
    deadline = time.monotonic() + CONFIRM_TIMEOUT_SECONDS
    while not confirms.settled(sent):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PublishNotConfirmedError(f"{len(sent)} message(s) not confirmed within {CONFIRM_TIMEOUT_SECONDS}s")
        connection.drain_events(timeout=remaining)
    for tag, (message, body, queue, headers) in sent.items():
        if confirms.is_nacked(tag):
            outcome.refused.append((message, "the broker refused (nacked) the message", False))
            continue
        outcome.confirmed.append(message)
        # Celery's own publishing announces each message; so does this path, once the broker confirmed it.
        after_task_publish.send(sender=message.task_name, body=body, exchange=queue, routing_key=queue, headers=headers)
    return outcome


def _amqp_message(app, message, queue: str) -> tuple[tuple, dict, amqp.Message]:
    task_id = str(message.message_id)
    built = app.amqp.as_task_v2(
        task_id,
        message.task_name,
        args=message.args,
        kwargs=message.kwargs,
        # display headers; Celery's saferepr of every payload would cost more than the publish
        argsrepr=f"<{len(message.args)} args>",
        kwargsrepr=f"<{', '.join(message.kwargs)}>",
    )
    headers = {**built.headers, **(message.headers or {})}
    before_task_publish.send(
        sender=message.task_name,
        body=built.body,
        exchange=queue,
        routing_key=queue,
        headers=headers,
        properties=built.properties,
        declare=[],
        retry_policy=None,
    )
    return (
        built.body,
        headers,
        amqp.Message(
            json.dumps(built.body).encode(),
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=2,
            priority=0,
            correlation_id=task_id,
            reply_to=built.properties.get("reply_to") or "",
            application_headers=headers,
        ),
    )
