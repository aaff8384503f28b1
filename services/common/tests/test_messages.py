"""The message definitions against ../shared/contract.md, and the models' own promises.

The table below is written from the contract (and docs/api.md for the
additions it documents), not generated from the code: a change to a task
name, queue, calling convention or payload key fails here first.
"""

import json
import math
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tts_common import messages
from tts_common.messages import MESSAGES, Calling, MalformedMessageError, MessageDefinition
from tts_common.routing import ALL_QUEUE_NAMES, TASK_QUEUES

OBJECT, POSITIONAL, KEYWORDS, NOTHING = Calling.OBJECT, Calling.POSITIONAL, Calling.KEYWORDS, Calling.NOTHING
TICKET_DATA_KEYS = {
    "ticket_number", "subject", "description", "category", "sub_category", "department", "priority", "status", "submit_date",
    "employee", "attachments",
}  # fmt: skip
ROLE_KEYS = {"role_id", "name", "system", "description", "action"}
MEMBER_KEYS = {
    "user_system_role_id", "user_id", "user_email", "user_full_name", "system", "role_id", "role_name", "is_active", "action",
}  # fmt: skip
ASSIGNMENT_KEYS = ("user_id", "user_email", "task_id", "ticket_number", "task_title", "role_name")
INAPP_KEYS = ("user_id", "subject", "message", "notification_type", "related_task_id", "related_ticket_number", "metadata")
REVOCATION_KEYS = {"user_id", "not_before"}
CHECKOUT_KEYS = {"ticket_number", "task_id", "ticket"}
COMMENT_KEYS = {"id", "ticket_id", "user_id", "author_name", "content", "parent", "created_at"}

# task name -> (queue, how it is called, the payload's keys (ordered where position matters), producers, consumer)
CONTRACT: dict[str, tuple[str, Calling, Any, set[str], str]] = {
    "tickets.tasks.receive_ticket": ("TICKET_TASKS_PRODUCTION", OBJECT, TICKET_DATA_KEYS, {"ticket_mock", "hdts"}, "workflow_api"),
    "send_ticket_status": ("ticket_status-default", POSITIONAL, ("ticket_number", "new_status"), {"workflow_api"}, "ticket_mock"),
    "role.tasks.sync_role": ("tts.role.sync", OBJECT, ROLE_KEYS, {"auth"}, "workflow_api"),
    "role.tasks.sync_user_system_role": ("tts.user_system_role.sync", OBJECT, MEMBER_KEYS, {"auth"}, "workflow_api"),
    "workflow.seed_workflows": ("workflow_seed_queue", NOTHING, (), {"operator"}, "workflow_api"),
    "task.send_assignment_notification": ("notification-queue-default", KEYWORDS, ASSIGNMENT_KEYS, {"workflow_api"}, "notification"),
    "notifications.create_inapp_notification": ("inapp-notification-queue", KEYWORDS, INAPP_KEYS, {"workflow_api"}, "notification"),
    "notifications.send_email": (
        "notification-queue-default", KEYWORDS, ("to", "template", "context"), {"auth", "notification"}, "notification",
    ),
    # additions documented in docs/api.md
    "notifications.bulk_create_notifications": ("inapp-notification-queue", KEYWORDS, ("notifications",), {"workflow_api"}, "notification"),
    "workflow.sla_sweep": ("tts.workflow.maintenance", NOTHING, (), {"workflow_api"}, "workflow_api"),
    "workflow.notify_ticket_participants": (
        "tts.workflow.maintenance", KEYWORDS,
        ("ticket_number", "author_user_id", "notification_type", "subject", "message", "metadata"), {"messaging"}, "workflow_api",
    ),
    "amscheckout.tasks.request_checkout": ("ams.checkout", OBJECT, CHECKOUT_KEYS, {"workflow_api"}, "ams"),
    "bmscheckout.tasks.request_checkout": ("bms.checkout", OBJECT, CHECKOUT_KEYS, {"workflow_api"}, "bms"),
    "sessions.revoke_tokens.workflow_api": ("tts.revocation.workflow_api", OBJECT, REVOCATION_KEYS, {"auth"}, "workflow_api"),
    "sessions.revoke_tokens.ticket_mock": ("tts.revocation.ticket_mock", OBJECT, REVOCATION_KEYS, {"auth"}, "ticket_mock"),
    "sessions.revoke_tokens.messaging": ("tts.revocation.messaging", OBJECT, REVOCATION_KEYS, {"auth"}, "messaging"),
    "sessions.revoke_tokens.notification": ("tts.revocation.notification", OBJECT, REVOCATION_KEYS, {"auth"}, "notification"),
    "webhooks.comment_created": ("tts.webhooks", KEYWORDS, COMMENT_KEYS, {"messaging"}, "workflow_api"),
    "webhooks.deliver": ("tts.webhooks", KEYWORDS, ("delivery_id",), {"workflow_api"}, "workflow_api"),
    "webhooks.retry_sweep": ("tts.webhooks", NOTHING, (), {"workflow_api"}, "workflow_api"),
}  # fmt: skip

# One message per task name exactly as the contract's examples send it: (args, kwargs).
EMPLOYEE = {"first_name": "Ana", "last_name": "Reyes", "email": "ana@example.com", "company_id": "C-7", "department": "IT Department"}
HDTS_TICKET = {
    "ticket_number": "TX20251119000123", "subject": "Laptop does not boot", "description": "Black screen.", "category": "IT Support",
    "sub_category": "Hardware", "department": "IT Department", "priority": "High", "status": "Open",
    "submit_date": "2025-11-19T08:30:00+00:00", "employee": EMPLOYEE,
    "attachments": [{"id": 1, "file_name": "photo.jpg", "file_type": "image/jpeg", "file_size": 2048, "file_path": "/media/p.jpg"}],
    "asset_name": "ThinkPad X1", "requested_budget": "1200.50", "dynamic_data": {"floor": 3},
}  # fmt: skip
INAPP = {
    "user_id": 10, "subject": "New task assigned: TX20251119000123", "message": "Laptop does not boot (High) is at step Triage.",
    "notification_type": "task_assignment", "related_task_id": 42, "related_ticket_number": "TX20251119000123",
    "metadata": {"step": "Triage", "priority": "High"},
}  # fmt: skip
REVOCATION = {"user_id": 7, "not_before": 1764504000.5}
CHECKOUT = {"ticket_number": "TX20251119000123", "task_id": 42, "ticket": HDTS_TICKET}
EXAMPLES: dict[str, tuple[list, dict]] = {
    "tickets.tasks.receive_ticket": ([HDTS_TICKET], {}),
    "send_ticket_status": (["TX20251119000123", "In Progress"], {}),
    "role.tasks.sync_role": ([{"role_id": 3, "name": "Agent", "system": "tts", "description": "", "action": "create"}], {}),
    "role.tasks.sync_user_system_role": (
        [{"user_system_role_id": 9, "user_id": 10, "user_email": "a@example.com", "user_full_name": "A B", "system": "tts",
          "role_id": 3, "role_name": "Agent", "is_active": True, "action": "update"}], {},
    ),
    "workflow.seed_workflows": ([], {}),
    "task.send_assignment_notification": ([], {
        "user_id": 10, "user_email": "a@example.com", "task_id": 42, "ticket_number": "TX20251119000123",
        "task_title": "Laptop does not boot", "role_name": "Agent",
    }),
    "notifications.create_inapp_notification": ([], INAPP),
    "notifications.send_email": ([], {"to": "a@example.com", "template": "password_reset", "context": {"link": "https://x/r"}}),
    "notifications.bulk_create_notifications": ([], {"notifications": [INAPP, {**INAPP, "user_id": 11}]}),
    "workflow.sla_sweep": ([], {}),
    "workflow.notify_ticket_participants": ([], {
        "ticket_number": "TX20251119000123", "author_user_id": 10, "notification_type": "comment_added",
        "subject": "New comment on TX20251119000123", "message": "Ana: hello", "metadata": {"comment_id": 5, "parent": None},
    }),
    "amscheckout.tasks.request_checkout": ([CHECKOUT], {}),
    "bmscheckout.tasks.request_checkout": ([CHECKOUT], {}),
    **{name: ([REVOCATION], {}) for name in CONTRACT if name.startswith("sessions.revoke_tokens.")},
    "webhooks.comment_created": ([], {
        "id": 5, "ticket_id": "TX20251119000123", "user_id": 10, "author_name": "Ana Reyes", "content": "Rebooted it.",
        "parent": None, "created_at": "2025-11-19T09:00:00+00:00",
    }),
    "webhooks.deliver": ([], {"delivery_id": 7}),
    "webhooks.retry_sweep": ([], {}),
}  # fmt: skip


def test_every_task_of_the_routing_table_has_exactly_one_definition_and_the_contract_names_them_all():
    assert set(MESSAGES) == set(TASK_QUEUES) == set(CONTRACT)
    assert all(definition.task_name == name for name, definition in MESSAGES.items())


@pytest.mark.parametrize("task_name", sorted(CONTRACT))
def test_each_definition_keeps_the_contract_s_queue_calling_keys_producers_and_consumer(task_name):
    queue, calling, keys, producers, consumer = CONTRACT[task_name]
    definition = MESSAGES[task_name]

    assert (definition.queue, definition.calling, set(definition.producers), definition.consumer) == (queue, calling, producers, consumer)
    assert definition.queue in ALL_QUEUE_NAMES
    if isinstance(keys, tuple):  # the order matters: positional arguments are read in it
        assert definition.field_names[: len(keys)] == keys
    else:
        assert set(definition.field_names) == keys
    assert definition.summary and definition.model.__doc__


def test_the_ticket_is_also_accepted_under_the_ticket_data_keyword():
    assert messages.RECEIVE_TICKET.parse([], {"ticket_data": HDTS_TICKET}) == messages.RECEIVE_TICKET.parse([HDTS_TICKET])


@pytest.mark.parametrize("task_name", sorted(EXAMPLES))
def test_the_contract_s_example_is_accepted_and_built_back_exactly_as_the_contract_calls_it(task_name):
    definition = MESSAGES[task_name]
    args, kwargs = EXAMPLES[task_name]

    payload = definition.parse(args, kwargs)
    built = definition.message(payload)

    assert built.task_name == task_name
    assert json.loads(json.dumps([built.args, built.kwargs or {}])) == [args, kwargs]


def test_ticket_data_keeps_free_form_extras_and_reads_the_aliases():
    sent = {**HDTS_TICKET, "ticket_id": " 12345 ", "subcategory": "Printers", "priority": "urgent"}
    del sent["ticket_number"], sent["sub_category"]

    ticket = messages.RECEIVE_TICKET.parse([sent])

    assert (ticket.ticket_number, ticket.sub_category, ticket.priority) == ("12345", "Printers", "Critical")
    assert (ticket.asset_name, ticket.requested_budget, ticket.dynamic_data) == ("ThinkPad X1", "1200.50", {"floor": 3})


@pytest.mark.parametrize(
    ("priority", "read"), [("Low", "Low"), ("medium", "Medium"), ("HIGH", "High"), ("Critical", "Critical"), ("Urgent", "Critical"),
                           ("whenever", None), ("", None), (None, None), (3, None)],
)  # fmt: skip
def test_the_priority_is_one_of_the_four_whatever_its_letter_case(priority, read):
    assert messages.RECEIVE_TICKET.parse([{"ticket_number": "T-1", "priority": priority}]).priority == read


@pytest.mark.parametrize(
    ("task_name", "args", "kwargs", "reason"),
    [
        ("tickets.tasks.receive_ticket", [], {}, "no ticket_data: expected one positional object or the keyword ticket_data"),
        ("tickets.tasks.receive_ticket", ["text"], {}, "ticket_data must be an object, not str"),
        ("tickets.tasks.receive_ticket", [{"subject": "x"}], {}, "ticket_data.ticket_number is missing"),
        ("tickets.tasks.receive_ticket", [{"ticket_number": "T", "x": {"a\x00": 1}}], {}, "ticket_data.x.a\ufffd contains a NUL"),
        ("send_ticket_status", [7, "Resolved"], {}, "ticket_number: Input should be a valid string"),
        ("send_ticket_status", ["T-1"], {}, "new_status is missing"),
        ("send_ticket_status", ["T-1", "Resolved"], {"new_status": "x"}, "new_status was given both positionally and as a keyword"),
        ("role.tasks.sync_role", [{**EXAMPLES["role.tasks.sync_role"][0][0], "action": "explode"}], {}, "payload.action: Input should be"),
        ("workflow.seed_workflows", ["unexpected"], {}, "workflow.seed_workflows takes no arguments"),
        ("notifications.create_inapp_notification", [], {**INAPP, "user_id": True}, "user_id: must be a whole number, not a boolean"),
        ("notifications.create_inapp_notification", [], {**INAPP, "user_id": 2**63}, "user_id: Input should be less than or equal to"),
        ("notifications.create_inapp_notification", [], {**INAPP, "metadata": {"k": "a\x00"}}, "metadata: k: Null characters"),
        ("notifications.create_inapp_notification", list(range(8)), {}, "expected at most 7 positional arguments"),
        ("notifications.send_email", [], {"to": "not-an-address", "template": "x"}, "to: 'not-an-address' is not an email address"),
        ("sessions.revoke_tokens.messaging", [{"user_id": "7", "not_before": 1.0}], {}, "revocation.user_id: Input should be"),
        ("sessions.revoke_tokens.messaging", [{"user_id": 7, "not_before": math.inf}], {}, "revocation.not_before: must be a finite"),
        ("webhooks.deliver", [], {"delivery_id": 0}, "delivery_id: Input should be greater than 0"),
        ("webhooks.comment_created", [], {"id": 5, "user_id": 10}, "ticket_id is missing"),
        ("webhooks.comment_created", [], {"id": 5, "ticket_id": "T-1", "user_id": 10, "content": "a\x00"}, "content: "),
    ],
)  # fmt: skip
def test_a_payload_that_does_not_validate_is_refused_naming_the_field(task_name, args, kwargs, reason):
    with pytest.raises(MalformedMessageError) as refused:
        MESSAGES[task_name].parse(args, kwargs)

    assert str(refused.value).startswith(reason)


ROLE = EXAMPLES["role.tasks.sync_role"][0][0]
MEMBER = EXAMPLES["role.tasks.sync_user_system_role"][0][0]
TICKET = {"ticket_number": "T-1"}


# The tester's findings (issue 12): each input reached the database (DataError, OverflowError) or was silently lost.
@pytest.mark.parametrize(
    ("task_name", "args", "kwargs", "field"),
    [
        ("role.tasks.sync_role", [{**ROLE, "name": "n" * 500}], {}, "payload.name"),  # varchar(100)
        ("role.tasks.sync_role", [{**ROLE, "system": "s" * 500}], {}, "payload.system"),  # varchar(20)
        ("role.tasks.sync_user_system_role", [{**MEMBER, "user_email": "e" * 1000}], {}, "payload.user_email"),  # varchar(254)
        ("role.tasks.sync_user_system_role", [{**MEMBER, "user_full_name": "f" * 1000}], {}, "payload.user_full_name"),  # (301)
        ("role.tasks.sync_user_system_role", [{**MEMBER, "system": "s" * 21}], {}, "payload.system"),
        ("role.tasks.sync_user_system_role", [{**MEMBER, "role_name": "r" * 101}], {}, "payload.role_name"),  # the role's name
        ("task.send_assignment_notification", [], {**EXAMPLES["task.send_assignment_notification"][1], "role_name": "r" * 101},
         "role_name"),
        ("notifications.send_email", [], {"to": "a" * 250 + "@example.com", "template": "x"}, "to"),  # recipient varchar(254)
        ("sessions.revoke_tokens.workflow_api", [{"user_id": 5, "not_before": 1e308}], {}, "revocation.not_before"),  # OverflowError
        ("sessions.revoke_tokens.workflow_api", [{"user_id": 5, "not_before": -1}], {}, "revocation.not_before"),
        ("tickets.tasks.receive_ticket", [TICKET, "extra"], {}, "ticket_data"),
        ("tickets.tasks.receive_ticket", [TICKET], {"ticket_data": {"ticket_number": "T-2"}}, "ticket_data"),  # T-2 was dropped
        ("role.tasks.sync_role", [ROLE, ROLE], {}, "payload"),
        ("role.tasks.sync_role", [ROLE], {"payload": ROLE}, "payload"),
        ("notifications.create_inapp_notification", [], {**INAPP, "subject": "s" * 256}, "subject"),  # varchar(255), was cut
        ("workflow.notify_ticket_participants", [], {"ticket_number": "T-1", "subject": "s" * 256}, "subject"),  # becomes that
        ("notifications.bulk_create_notifications", [], {"notifications": [INAPP] * 1001}, "notifications"),  # 20,000 were made
    ],
)  # fmt: skip
def test_a_value_the_database_cannot_hold_or_a_second_object_is_refused_naming_the_field(task_name, args, kwargs, field):
    with pytest.raises(MalformedMessageError) as refused:
        MESSAGES[task_name].parse(args, kwargs)

    assert refused.value.field == field
    assert str(refused.value).startswith(field)


@pytest.mark.parametrize(
    ("task_name", "args", "kwargs"),
    [
        ("role.tasks.sync_role", [{**ROLE, "name": "n" * 100, "system": "s" * 20}], {}),
        ("role.tasks.sync_user_system_role",
         [{**MEMBER, "user_email": "e" * 254, "user_full_name": "f" * 301, "system": "s" * 20, "role_name": "r" * 100}], {}),
        ("sessions.revoke_tokens.workflow_api", [{"user_id": 5, "not_before": 253402300799}], {}),
        ("sessions.revoke_tokens.workflow_api", [{"user_id": 5, "not_before": 0}], {}),
        ("notifications.create_inapp_notification", [], {**INAPP, "subject": "s" * 255, "message": "m" * 10_000}),
        ("notifications.bulk_create_notifications", [], {"notifications": [INAPP] * 1000}),
        ("tickets.tasks.receive_ticket", [{"ticket_number": "T-1", "submit_date": "not a date"}], {}),
    ],
)  # fmt: skip
def test_values_at_the_limits_are_accepted(task_name, args, kwargs):
    MESSAGES[task_name].parse(args, kwargs)


def test_a_submit_date_that_is_not_a_date_is_kept_as_sent_so_the_ticket_is_not_lost():
    assert messages.RECEIVE_TICKET.parse([{"ticket_number": "T-1", "submit_date": "not a date"}]).submit_date == "not a date"


def test_unknown_keywords_are_ignored_so_a_producer_may_add_one():
    assert messages.CREATE_INAPP_NOTIFICATION.parse([], {**INAPP, "priority_hint": "high"}) == messages.CREATE_INAPP_NOTIFICATION.parse(
        [], INAPP
    )


def test_a_bulk_message_reads_its_items_one_by_one():
    bulk = messages.BULK_CREATE_NOTIFICATIONS.parse([], {"notifications": [INAPP, "not an object", {**INAPP, "user_id": "nobody"}]})

    good, not_an_object, bad_user = bulk.items()

    assert good == messages.CREATE_INAPP_NOTIFICATION.parse([], INAPP)
    assert str(not_an_object) == "notifications.1 must be an object, not str"
    assert bad_user.field == "notifications.2.user_id"


def test_a_producer_s_mistake_is_refused_when_the_message_is_built():
    with pytest.raises(MalformedMessageError, match="user_email"):
        messages.SEND_ASSIGNMENT_NOTIFICATION.build(user_id=1, user_email="", ticket_number="T-1")


# --- properties, for every payload the published schema allows ------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
JSON_SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False) | TEXT
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8)


def from_schema(schema: dict, defs: dict) -> st.SearchStrategy:
    """Values the JSON schema (as pydantic writes it) allows; just what our models use."""
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in schema:
        return st.one_of([from_schema(option, defs) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "email":
            return st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8})?@[a-z]{1,8}\.(com|org|ph)", fullmatch=True)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"]).filter(lambda text: re.fullmatch(schema["pattern"].strip("^$"), text))
        # Stripped where a minimum length is set: the models strip such fields before counting.
        low, high = schema.get("minLength", 0), schema.get("maxLength", 40)
        text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=low, max_size=high)
        return text.filter(lambda value: len(value.strip()) >= low and value == value.strip()) if low else text
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(2**63) - 1) + 1)
        return st.integers(low, schema.get("maximum", 2**63 - 1))
    if kind == "number":
        return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {}), defs) if schema.get("items") else JSON_VALUES, max_size=3)
    if kind == "object":
        if "properties" not in schema:  # a free-form object
            return st.dictionaries(TEXT, JSON_VALUES, max_size=3)
        properties = schema["properties"]
        required = set(schema.get("required", ()))
        optional = {name: from_schema(sub, defs) for name, sub in properties.items() if name not in required}
        fixed = st.fixed_dictionaries({name: from_schema(properties[name], defs) for name in required}, optional=optional)
        if schema.get("additionalProperties") is True:
            extras = st.dictionaries(
                TEXT.filter(lambda key: key not in properties and key not in ("ticket_id", "subcategory")), JSON_VALUES, max_size=2
            )
            return st.tuples(fixed, extras).map(lambda pair: {**pair[1], **pair[0]})
        return fixed
    return JSON_VALUES


def payloads(definition: MessageDefinition) -> st.SearchStrategy:
    schema = definition.model.model_json_schema()
    return from_schema(schema, schema.get("$defs", {}))


def as_sent(definition: MessageDefinition, payload: dict) -> tuple[list, dict]:
    if definition.calling is Calling.OBJECT:
        return [payload], {}
    if definition.calling is Calling.POSITIONAL:
        return [payload[name] for name in definition.field_names if name in payload], {}
    return [], payload


DEFINITIONS = sorted(MESSAGES.values(), key=lambda definition: definition.task_name)
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda definition: definition.task_name)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_payload_the_published_schema_allows_is_accepted_and_round_trips_through_json(definition, data):
    payload = data.draw(payloads(definition))
    args, kwargs = as_sent(definition, payload)

    read = definition.parse(*json.loads(json.dumps([args, kwargs])))
    built = definition.message(read)

    assert definition.parse(*json.loads(json.dumps([built.args, built.kwargs or {}]))) == read


def _wrong_type_for(schema: dict) -> Any:
    kinds = {option.get("type") for option in schema.get("anyOf", [schema])}
    return {"not": "this"} if "array" in kinds or "string" in kinds or "integer" in kinds else ["not", "this"]


REQUIRED_FIELDS = [(definition, name) for definition in DEFINITIONS for name in definition.model.model_json_schema().get("required", ())]


@pytest.mark.parametrize(("definition", "field"), REQUIRED_FIELDS, ids=lambda value: getattr(value, "task_name", value))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_required_field_of_the_wrong_type_is_refused_naming_that_field(definition, field, data):
    payload = data.draw(payloads(definition))
    payload[field] = _wrong_type_for(definition.model.model_json_schema()["properties"][field])

    with pytest.raises(MalformedMessageError) as refused:
        definition.parse(*as_sent(definition, payload))

    prefix = f"{definition.keyword or 'payload'}." if definition.calling is Calling.OBJECT else ""
    assert refused.value.field == f"{prefix}{field}"
    assert str(refused.value).startswith(f"{prefix}{field}")
