"""Publishing a batch of task messages, confirmed by the broker as a batch.

kombu's ``confirm_publish`` waits for the broker's confirm after every
message: one network round trip each. The relay instead puts its channel in
confirm mode, publishes the whole batch, then waits once for the confirms of
all of it (RabbitMQ acknowledges them cumulatively). Nothing counts as
published until confirmed. Transports without confirms (the embedded
filesystem broker) simply publish.
"""

import json
import time

import amqp
from celery.signals import after_task_publish, before_task_publish
from kombu import Producer

from tts_common.routing import TASK_QUEUES, plain_queue

CONFIRM_TIMEOUT_SECONDS = 15


class PublishNotConfirmedError(Exception):
    """The broker refused (nack) or did not confirm the batch in time."""


class _Confirms:
    def __init__(self, channel, expected: int):
        self.expected = expected
        self.confirmed: set[int] = set()
        self.up_to = 0
        self.refused = False
        channel.events["basic_ack"].add(self.ack)
        channel.events["basic_nack"].add(self.nack)

    def ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self.up_to = max(self.up_to, delivery_tag)
        else:
            self.confirmed.add(delivery_tag)

    def nack(self, delivery_tag: int, multiple: bool) -> None:
        self.refused = True

    @property
    def complete(self) -> bool:
        return all(tag <= self.up_to or tag in self.confirmed for tag in range(1, self.expected + 1))


def publish_confirmed(app, messages) -> None:
    """Publish ``messages`` (objects with task_name, args, kwargs, message_id, headers); raise unless all are confirmed."""
    options = {**app.conf.broker_transport_options, "confirm_publish": False}
    with app.connection_for_write(transport_options=options) as connection:
        channel = connection.channel()
        try:
            if connection.transport.driver_type == "amqp":
                _publish_amqp(app, connection, channel, messages)
            else:
                producer = Producer(channel)
                for message in messages:
                    app.send_task(
                        message.task_name,
                        args=message.args,
                        kwargs=message.kwargs,
                        task_id=str(message.message_id),
                        headers=message.headers or None,
                        producer=producer,
                        retry=False,
                    )
        finally:
            channel.close()


def _publish_amqp(app, connection, channel, messages) -> None:
    """Celery protocol 2 messages, built by Celery, handed straight to a confirm-mode AMQP channel."""
    channel.confirm_select()
    confirms = _Confirms(channel, len(messages))
    declared: set[str] = set()
    sent = []
    for message in messages:
        queue = TASK_QUEUES.get(message.task_name) or app.amqp.router.route({}, message.task_name)["queue"].name
        if queue not in declared:
            plain_queue(queue)(channel).declare()
            declared.add(queue)
        body, headers, amqp_message = _amqp_message(app, message, queue)
        channel.basic_publish(amqp_message, exchange=queue, routing_key=queue)
        sent.append((message.task_name, body, queue, headers))
    deadline = time.monotonic() + CONFIRM_TIMEOUT_SECONDS
    while not confirms.complete and not confirms.refused:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PublishNotConfirmedError(f"{len(messages)} message(s) not confirmed within {CONFIRM_TIMEOUT_SECONDS}s")
        connection.drain_events(timeout=remaining)
    if confirms.refused:
        raise PublishNotConfirmedError("the broker refused (nacked) a message of the batch")
    # Celery's own publishing announces each message; so does this path, once the broker confirmed it.
    for task_name, body, queue, headers in sent:
        after_task_publish.send(sender=task_name, body=body, exchange=queue, routing_key=queue, headers=headers)


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
