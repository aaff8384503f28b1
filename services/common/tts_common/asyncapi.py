"""The queue contract as an AsyncAPI 3.0.0 document, generated from ``tts_common.messages``.

``docs/asyncapi.yaml`` is to the queues what ``/api/schema/`` is to the REST
endpoints: every queue, every task name, its payload schema, who sends it and
who receives it. It is written by this module and nowhere else::

    .venv/bin/python -m tts_common.asyncapi            # rewrite docs/asyncapi.yaml
    .venv/bin/python -m tts_common.asyncapi --check    # exit 1 when it is not current

A test (``services/common/tests/test_asyncapi.py``) fails when the file is not
what this module writes, and validates it with the official AsyncAPI parser.
"""

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from tts_common import routing
from tts_common.logging import MESSAGE_HEADER
from tts_common.messages import MESSAGES, Calling, MessageDefinition

ASYNCAPI_VERSION = "3.0.0"
DOCUMENT_VERSION = "1.0.0"
AMQP_BINDING_VERSION = "0.3.0"
DEFAULT_OUTPUT = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"
SCHEMA_REF = "#/components/schemas/{model}"
SERVICES = ("auth", "workflow_api", "messaging", "notification", "ticket_mock")

DESCRIPTION = """\
The Ticket Tracking System's queues: what an integrator (the help desk, the
asset and budget systems, an operator) publishes and consumes. Generated from
`tts_common.messages`; do not edit by hand (`python -m tts_common.asyncapi`).

**Envelope.** Every message is a Celery task message, protocol 2, serialised
as JSON (`content_type: application/json`, `content_encoding: utf-8`) and
published persistently (delivery mode 2) to the direct exchange named after
its queue, with the queue's name as routing key. The AMQP headers carry at
least `task` (the task name below, which selects the consumer) and `id` (a
unique message id, used as the dedupe key); Celery adds `lang`, `root_id`,
`parent_id`, `retries`, `eta`, ... which consumers ignore. The body is the JSON
array `[args, kwargs, embed]`: `args` the positional arguments, `kwargs` the
keyword arguments, `embed` Celery's `{"callbacks", "errbacks", "chain",
"chord"}` (nulls for a plain message). Each message below says how it uses
`args` and `kwargs` (`x-calling`):

- `one positional object`: `args` is `[payload]`, `kwargs` is `{}` (where a
  keyword is named, e.g. `ticket_data`, the payload may come as that keyword instead);
- `positional arguments`: `args` lists the payload's fields in order (the same
  names are accepted as keywords);
- `keywords`: `args` is `[]`, `kwargs` is the payload (positional arguments in
  the payload's field order are accepted too);
- `nothing`: `args` is `[]` and `kwargs` is `{}`.

**Queues.** Every queue is durable, bound to a direct exchange of the same name,
and declared without `x-` arguments, so a producer that declares it plainly
(as Celery and the real HDTS do) never meets a mismatch.

**Failures.** A message that can never be processed (its payload does not
validate, naming the field; or its processing fails for good) is not retried
forever: the consumer records it in its service's database and publishes a
copy to `tts.dead_letter`. Unknown extra keywords are ignored, except in
`ticket_data`, whose free-form extras are kept.
"""


def _channel_id(queue: str) -> str:
    return queue


def _message_id(task_name: str) -> str:
    return task_name


def _schemas() -> tuple[dict[type[BaseModel], dict], dict[str, Any]]:
    """Each payload model's reference, and every schema (nested models included) under ``components/schemas``."""
    models = sorted({definition.model for definition in MESSAGES.values()}, key=lambda model: model.__name__)
    refs, defs = models_json_schema([(model, "validation") for model in models], ref_template=SCHEMA_REF)
    return {model: refs[(model, "validation")] for model in models}, defs.get("$defs", {})


def _args_and_kwargs(definition: MessageDefinition, payload_ref: dict) -> tuple[dict, dict]:
    model_ref = payload_ref["$ref"]
    if definition.calling is Calling.OBJECT:
        args = {"type": "array", "items": [payload_ref], "minItems": 0 if definition.keyword else 1, "maxItems": 1}
        kwargs: dict[str, Any] = {"type": "object", "maxProperties": 0}
        if definition.keyword:
            kwargs = {
                "type": "object",
                "properties": {definition.keyword: payload_ref},
                "description": f"Empty when the payload is positional; otherwise {{{definition.keyword!r}: payload}}.",
            }
        return args, kwargs
    if definition.calling is Calling.POSITIONAL:
        fields = [{"$ref": f"{model_ref}/properties/{name}"} for name in definition.field_names]
        required = [name for name, field in definition.model.model_fields.items() if field.is_required()]
        args = {
            "type": "array",
            "items": fields,
            "minItems": len(required),
            "additionalItems": False,
            "description": ", ".join(definition.field_names),
        }
        return args, {"type": "object", "maxProperties": 0, "description": "Empty (the consumer also reads the fields as keywords)."}
    if definition.calling is Calling.KEYWORDS:
        args = {"type": "array", "maxItems": 0, "description": "Empty (positional arguments in the payload's field order are read too)."}
        return args, payload_ref
    return {"type": "array", "maxItems": 0}, {"type": "object", "maxProperties": 0}


EMBED = {
    "type": "object",
    "description": "Celery's workflow fields; null for a plain message.",
    "properties": {name: {"type": ["array", "null"]} for name in ("callbacks", "errbacks", "chain")}
    | {"chord": {"type": ["object", "null"]}},
}


def _message(definition: MessageDefinition, payload_ref: dict) -> dict:
    args, kwargs = _args_and_kwargs(definition, payload_ref)
    return {
        "name": definition.task_name,
        "title": definition.task_name,
        "summary": definition.summary,
        "description": f"Called with {definition.calling.value}. Payload: `{definition.model.__name__}`.",
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "required": ["task", "id"],
            "properties": {
                "task": {"type": "string", "const": definition.task_name, "description": "The task name: selects the consumer."},
                "id": {"type": "string", "description": "A unique message id (Celery's task id); consumers deduplicate by it."},
                "lang": {"type": "string", "const": "py"},
                MESSAGE_HEADER: {"type": "string", "description": "The X-Request-ID of the request that caused the message (logs)."},
            },
        },
        "payload": {
            "type": "array",
            "description": "Celery protocol 2 body: [args, kwargs, embed].",
            "items": [args, kwargs, EMBED],
            "minItems": 3,
            "additionalItems": False,
        },
        "bindings": {"amqp": {"contentEncoding": "utf-8", "messageType": definition.task_name, "bindingVersion": AMQP_BINDING_VERSION}},
        "x-calling": definition.calling.value,
        "x-producers": list(definition.producers),
        "x-consumer": definition.consumer,
    }


DEAD_LETTER_SCHEMA = {
    "type": "object",
    "description": "A copy of a message a consumer gave up on (tts_common.celery.dead_letter); plain JSON, not a task message.",
    "required": ["task", "task_id", "queue", "args", "kwargs", "reason", "failed_at"],
    "properties": {
        "task": {"type": "string", "description": "The task name (or <not a task message>, <undecodable message>)."},
        "task_id": {"type": ["string", "null"]},
        "queue": {"type": ["string", "null"], "description": "Where the message was consumed from."},
        "args": {"type": "array"},
        "kwargs": {"type": "object"},
        "reason": {"type": "string", "description": "Why it failed, naming the field for a payload that does not validate."},
        "failed_at": {"type": "string", "format": "date-time"},
        "request_id": {"type": ["string", "null"]},
    },
}


def _amqp_channel_binding(queue: str) -> dict:
    """The queue (the AMQP binding describes either a queue or an exchange; the exchange is in ``x-exchange``)."""
    return {
        "amqp": {
            "is": "queue",
            "queue": {"name": queue, "durable": True, "exclusive": False, "autoDelete": False, "vhost": "/"},
            "bindingVersion": AMQP_BINDING_VERSION,
        }
    }


def _exchange(queue: str) -> dict:
    return {"name": queue, "type": "direct", "durable": True, "autoDelete": False, "routingKey": queue, "arguments": {}}


QUEUE_DESCRIPTIONS = {
    routing.LEGACY_ROLE_SEND_QUEUE: "Named by the specification; declared for compatibility, nothing is routed here.",
    routing.LEGACY_WORKFLOW_SEED_QUEUE: "Named by the specification; declared for compatibility, nothing is routed here.",
    routing.DEAD_LETTER_QUEUE: "Where a message that can never be processed ends, for an operator to see (also recorded in "
    "the consuming service's database, `DeadLetter`).",
}


def document() -> dict[str, Any]:
    """The AsyncAPI 3.0.0 document as a dict (deterministic: same definitions, same document)."""
    refs, schemas = _schemas()
    schemas["DeadLetterCopy"] = DEAD_LETTER_SCHEMA
    by_queue: dict[str, list[MessageDefinition]] = {}
    for definition in MESSAGES.values():
        by_queue.setdefault(definition.queue, []).append(definition)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for queue in routing.ALL_QUEUE_NAMES:
        channel_id = _channel_id(queue)
        definitions = sorted(by_queue.get(queue, []), key=lambda definition: definition.task_name)
        tasks = ", ".join(f"`{definition.task_name}`" for definition in definitions)
        channels[channel_id] = {
            "address": queue,
            "title": queue,
            "description": QUEUE_DESCRIPTIONS.get(queue, f"Carries {tasks}."),
            "servers": [{"$ref": "#/servers/rabbitmq"}],
            "messages": {_message_id(d.task_name): {"$ref": f"#/components/messages/{_message_id(d.task_name)}"} for d in definitions},
            "bindings": _amqp_channel_binding(queue),
            "x-exchange": _exchange(queue),
        }
        for definition in definitions:
            message_id = _message_id(definition.task_name)
            messages[message_id] = _message(definition, refs[definition.model])
            channel_message = {"$ref": f"#/channels/{channel_id}/messages/{message_id}"}
            operations[f"send.{definition.task_name}"] = {
                "action": "send",
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "messages": [channel_message],
                "title": f"{' or '.join(definition.producers)} sends {definition.task_name}",
                "tags": [{"name": producer} for producer in definition.producers],
                "bindings": {"amqp": {"deliveryMode": 2, "bindingVersion": AMQP_BINDING_VERSION}},
                "x-producers": list(definition.producers),
            }
            operations[f"receive.{definition.task_name}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "messages": [channel_message],
                "title": f"{definition.consumer} receives {definition.task_name}",
                "tags": [{"name": definition.consumer}],
                "bindings": {"amqp": {"ack": True, "bindingVersion": AMQP_BINDING_VERSION}},
                "x-consumers": [definition.consumer],
            }
    dead_letter = _channel_id(routing.DEAD_LETTER_QUEUE)
    messages["dead_letter"] = {
        "name": "dead_letter",
        "title": "A dead letter",
        "summary": "A message a consumer gave up on, with the reason.",
        "contentType": "application/json",
        "payload": {"$ref": "#/components/schemas/DeadLetterCopy"},
    }
    channels[dead_letter]["messages"] = {"dead_letter": {"$ref": "#/components/messages/dead_letter"}}
    operations["send.dead_letter"] = {
        "action": "send",
        "channel": {"$ref": f"#/channels/{dead_letter}"},
        "messages": [{"$ref": f"#/channels/{dead_letter}/messages/dead_letter"}],
        "title": "every consumer dead-letters what it can never process",
        "tags": [{"name": service} for service in SERVICES],
        "x-producers": list(SERVICES),
    }
    operations["receive.dead_letter"] = {
        "action": "receive",
        "channel": {"$ref": f"#/channels/{dead_letter}"},
        "messages": [{"$ref": f"#/channels/{dead_letter}/messages/dead_letter"}],
        "title": "an operator reads the dead letters",
        "tags": [{"name": "operator"}],
        "x-consumers": ["operator"],
    }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "Ticket Tracking System queues",
            "version": DOCUMENT_VERSION,
            "description": DESCRIPTION,
            "license": {"name": "Proprietary"},
        },
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {
                "host": "localhost:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "title": "RabbitMQ",
                "description": "The broker of `CELERY_BROKER_URL` (RabbitMQ in production and CI). Without it, the suite "
                "runs on kombu's filesystem transport with the same queue and task names.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }


class _Dumper(yaml.SafeDumper):
    """Plain YAML for readers: no anchors or aliases, multi-line text as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def render() -> str:
    """``document()`` as the YAML written to ``docs/asyncapi.yaml``."""
    header = "# Generated by `python -m tts_common.asyncapi` from tts_common.messages: do not edit by hand.\n"
    return header + yaml.dump(document(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tts_common.asyncapi", description="Write (or --check) docs/asyncapi.yaml.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is not what would be written")
    options = parser.parse_args(argv)
    text = render()
    if options.check:
        current = options.output.read_text(encoding="utf-8") if options.output.exists() else ""
        if current != text:
            print(f"{options.output} is not current: run .venv/bin/python -m tts_common.asyncapi", file=sys.stderr)
            return 1
        return 0
    options.output.write_text(text, encoding="utf-8")
    print(f"wrote {options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
