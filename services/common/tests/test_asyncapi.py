"""docs/asyncapi.yaml: current, valid for the official AsyncAPI parser, and true to the definitions."""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tests.test_messages import EXAMPLES
from tts_common import asyncapi
from tts_common.messages import MESSAGES
from tts_common.routing import ALL_QUEUE_NAMES, DEAD_LETTER_QUEUE, LEGACY_ROLE_SEND_QUEUE, LEGACY_WORKFLOW_SEED_QUEUE

ROOT = Path(__file__).resolve().parents[3]
DOCUMENT = ROOT / "docs" / "asyncapi.yaml"
VALIDATOR = ROOT / "scripts" / "asyncapi-validate.mjs"
REGENERATE = ".venv/bin/python -m tts_common.asyncapi"


@pytest.fixture(scope="module")
def document() -> dict:
    return asyncapi.document()


def test_docs_asyncapi_yaml_is_what_the_definitions_generate():
    assert DOCUMENT.read_text(encoding="utf-8") == asyncapi.render(), f"docs/asyncapi.yaml is not current: run {REGENERATE}"


def test_the_check_command_says_so_when_the_file_is_stale(tmp_path, capsys):
    stale = tmp_path / "asyncapi.yaml"
    stale.write_text(asyncapi.render().replace("Ticket Tracking System queues", "Old title"), encoding="utf-8")

    assert asyncapi.main(["--check", "--output", str(stale)]) == 1
    assert REGENERATE.removeprefix(".venv/bin/") in capsys.readouterr().err
    assert asyncapi.main(["--output", str(stale)]) == 0
    assert asyncapi.main(["--check", "--output", str(stale)]) == 0


def _validate(path: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (bash scripts/install.sh needs Node.js 20+)")
    parser = ROOT / "frontend" / "node_modules" / "@asyncapi" / "parser"
    assert parser.is_dir(), "the AsyncAPI parser is missing: run bash scripts/install.sh (npm ci in frontend/)"
    return subprocess.run([node, str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=120, check=False)


def test_the_official_asyncapi_parser_finds_no_error_in_it():
    result = _validate(DOCUMENT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID: AsyncAPI 3.0.0" in result.stdout


@pytest.mark.parametrize(
    "breakage",
    ["an operation without its action", "a message reference that leads nowhere", "a queue binding that is not AMQP's"],
)
def test_a_broken_document_is_refused_by_the_validation(document, tmp_path, breakage):
    broken = copy.deepcopy(document)
    if breakage == "an operation without its action":
        del broken["operations"]["send.send_ticket_status"]["action"]
    elif breakage == "a message reference that leads nowhere":
        broken["channels"]["ticket_status-default"]["messages"]["send_ticket_status"] = {"$ref": "#/components/messages/nothing"}
    else:
        broken["channels"]["ticket_status-default"]["bindings"]["amqp"]["is"] = "mailbox"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")

    result = _validate(path)

    assert result.returncode == 1 and "INVALID" in result.stdout, result.stdout + result.stderr


def test_every_queue_is_a_channel_with_its_tasks_and_the_legacy_and_dead_letter_queues_are_there(document):
    channels = document["channels"]
    assert set(channels) == set(ALL_QUEUE_NAMES)
    for queue, channel in channels.items():
        assert channel["address"] == queue
        assert channel["bindings"]["amqp"]["queue"] == {
            "name": queue,
            "durable": True,
            "exclusive": False,
            "autoDelete": False,
            "vhost": "/",
        }
        assert channel["x-exchange"]["type"] == "direct" and channel["x-exchange"]["name"] == queue
    for task_name, definition in MESSAGES.items():
        assert task_name in channels[definition.queue]["messages"]
    assert channels[LEGACY_ROLE_SEND_QUEUE]["messages"] == channels[LEGACY_WORKFLOW_SEED_QUEUE]["messages"] == {}
    assert set(channels[DEAD_LETTER_QUEUE]["messages"]) == {"dead_letter"}


def test_each_task_is_sent_by_its_producers_and_received_by_its_consumer(document):
    operations = document["operations"]
    for task_name, definition in MESSAGES.items():
        send, receive = operations[f"send.{task_name}"], operations[f"receive.{task_name}"]
        assert (send["action"], send["x-producers"]) == ("send", list(definition.producers))
        assert (receive["action"], receive["x-consumers"]) == ("receive", [definition.consumer])
        assert send["channel"] == receive["channel"] == {"$ref": f"#/channels/{definition.queue}"}
        message = document["components"]["messages"][task_name]
        assert message["headers"]["properties"]["task"]["const"] == task_name
        assert message["x-calling"] == definition.calling.value


def _body_validator(document: dict, task_name: str) -> Draft7Validator:
    registry = Registry().with_resource("urn:tts:asyncapi", Resource(contents=document, specification=DRAFT7))
    return Draft7Validator({"$ref": f"urn:tts:asyncapi#/components/messages/{task_name}/payload"}, registry=registry)


@pytest.mark.parametrize("task_name", sorted(EXAMPLES))
def test_the_published_body_schema_accepts_the_contract_s_example_as_celery_sends_it(document, task_name):
    args, kwargs = EXAMPLES[task_name]
    body = json.loads(json.dumps([args, kwargs, {"callbacks": None, "errbacks": None, "chain": None, "chord": None}]))

    assert list(_body_validator(document, task_name).iter_errors(body)) == []


@pytest.mark.parametrize(
    ("task_name", "body"),
    [
        ("send_ticket_status", [["TX1"], {}, {}]),
        ("send_ticket_status", [["TX1", 7], {}, {}]),
        ("notifications.create_inapp_notification", [[], {"user_id": "x", "notification_type": "system"}, {}]),
        ("notifications.create_inapp_notification", [[], {"notification_type": "system"}, {}]),
        ("role.tasks.sync_role", [[{"role_id": 1, "name": "A", "action": "explode"}], {}, {}]),
        ("sessions.revoke_tokens.messaging", [[{"user_id": 0, "not_before": 1.0}], {}, {}]),
        ("workflow.seed_workflows", [["unexpected"], {}, {}]),
    ],
)
def test_the_published_body_schema_refuses_what_the_consumer_refuses(document, task_name, body):
    assert list(_body_validator(document, task_name).iter_errors(body)) != []
