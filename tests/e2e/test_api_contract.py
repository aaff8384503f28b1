"""The API contract, checked by schemathesis against the running suite: every operation of every
service's ``/api/schema/`` answers as its schema says, for an administrator and for an agent.

Checks: ``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance``,
``response_schema_conformance`` and ``negative_data_rejection`` (input the schema forbids is refused
with a 4xx). Phases: as the administrator, who reaches every operation's logic, examples, coverage
(boundary and invalid values of every field and parameter) and fuzzing; as the agent, examples and
fuzzing (most writes end in a 403 for an agent: the coverage phase would spend minutes on them).
At most ``TTS_CONTRACT_MAX_EXAMPLES`` (15) fuzzed cases per operation, seeded
(``TTS_CONTRACT_SEED``, 20261130) so a run is reproducible; hypothesis's deadline is off.

Each (service, role) is one test, with the id ``<service>-<role>``. Select some with ``-k``::

    pytest tests/e2e/test_api_contract.py -k auth               # auth, both roles
    pytest tests/e2e/test_api_contract.py -k "workflow_api and agent"

The CLI's report of each run (failures with a curl command to reproduce each) is the test's failure
message, and is written to ``$TTS_CONTRACT_REPORT_DIR/schemathesis-<service>-<role>.txt`` when
that variable is set.

The pass signs in as two users of its own (``contract.admin@example.com``, ``contract.agent@example.com``),
never as the demo's. It leaves out the operations that would end the session it runs in
(:data:`EXCLUDED`), and never changes an object that existed before it (``tests/e2e/contract_hooks.py``),
so the tests after it still find the bootstrap administrator, the demo workflow and the templates.
It runs after the other end-to-end tests and before the disruptive ones (``conftest.py``): it creates
users, roles, workflows and tickets by the hundred, and its sign-ins meet auth's login throttle.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.flows import ADMIN, sign_in
from tests.e2e.http import call

pytestmark = [pytest.mark.integration, pytest.mark.contract]

SERVICES = ("auth", "workflow_api", "messaging", "notification", "ticket_mock")
ROLES = {"admin": "Admin", "agent": "Agent"}
PHASES = {"admin": "examples,coverage,fuzzing", "agent": "examples,fuzzing"}
PASSWORD = "Contract-pass-42"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
)
MAX_EXAMPLES = int(os.environ.get("TTS_CONTRACT_MAX_EXAMPLES") or 15)
SEED = int(os.environ.get("TTS_CONTRACT_SEED") or 20261130)
UNSAFE_METHODS = ("post", "put", "patch", "delete")
# operationId: why it is left out (for both roles).
EXCLUDED = {
    "auth": {
        "logout_all_create": "signs out every session of the caller: the pass's own token too",
        "api_v1_users_me_password_create": "a new password signs out the token in use",
    },
}
LIST_PAGES = 20  # protected objects: at most this many pages of 200 per collection
# What the tests after the pass rely on, read before and after it: (service, collection, the fields compared).
WATCHED = (
    ("auth", "/api/v1/users/", ("email", "is_active")),
    ("auth", "/api/v1/roles/", ("name", "system")),
    ("workflow_api", "/workflows/", ("name", "status", "category", "sub_category", "department")),
    ("notification", "/api/v1/templates/", ("notification_type", "channel", "subject", "body", "is_active")),
)


def _watched(suite, token: str) -> dict[str, dict[str, dict]]:
    seen: dict[str, dict[str, dict]] = {}
    for service, collection, fields in WATCHED:
        base = suite.services[service]
        rows: dict[str, dict] = {}
        for page in range(1, LIST_PAGES + 1):
            reply = call("get", f"{base}{collection}?{urlencode({'page': page, 'page_size': 200})}", token=token)
            assert reply.status == 200, (service, collection, reply.body)
            rows |= {str(row["id"]): {field: row.get(field) for field in fields} for row in reply.body["results"]}
            if not reply.body.get("next"):
                break
        seen[f"{service} {collection}"] = rows
    return seen


@pytest.fixture(scope="module")
def before_the_pass(suite) -> dict[str, dict[str, dict]]:
    return _watched(suite, sign_in(suite, *ADMIN))


@pytest.fixture(scope="module")
def contract_tokens(suite, before_the_pass) -> dict[str, str]:
    """An access token of the pass's own administrator and agent, by role key, signed in once before the pass: the
    pass may switch its users' one-time passcodes on (``PATCH /api/v1/users/me/``), after which a sign-in needs one.
    Access tokens live 15 minutes (``JWT_ACCESS_MINUTES``); the whole pass takes about five."""
    admin = sign_in(suite, *ADMIN)
    tokens = {}
    for key, role in ROLES.items():
        email = f"contract.{key}@example.com"
        body = {"email": email, "first_name": "Contract", "last_name": role, "password": PASSWORD}
        created = call("post", f"{suite.auth}/api/v1/users/", body, token=admin)
        assert created.status == 201, created.body
        assignment = {"user": created.body["id"], "system": "tts", "role": role}
        assigned = call("post", f"{suite.auth}/api/v1/user-system-roles/", assignment, token=admin)
        assert assigned.status == 201, assigned.body
        tokens[key] = sign_in(suite, email, PASSWORD)
    return tokens


def _collection_values(base: str, collection: str, field: str, token: str) -> set[str]:
    values: set[str] = set()
    for page in range(1, LIST_PAGES + 1):
        reply = call("get", f"{base}{collection}?{urlencode({'page': page, 'page_size': 200})}", token=token)
        if reply.status != 200:
            break
        results = reply.body.get("results", []) if isinstance(reply.body, dict) else reply.body
        values |= {str(item[field]) for item in results if isinstance(item, dict) and field in item}
        if not isinstance(reply.body, dict) or not reply.body.get("next"):
            break
    return values


def protected_objects(base: str, schema: dict, token: str) -> dict[str, dict[str, list[str]]]:
    """``{path template: {parameter: [values]}}`` of the objects an unsafe operation could change: each
    path parameter's values as the collection before it (``/workflows/`` for ``/workflows/{id}/deploy/``)
    lists them now."""
    protected: dict[str, dict[str, list[str]]] = {}
    for template, operations in schema["paths"].items():
        if "{" not in template or not any(method in operations for method in UNSAFE_METHODS):
            continue
        collection = template[: template.index("{")]
        parameter = template[template.index("{") + 1 : template.index("}")]
        field = parameter if parameter in ("role_id", "ticket_number", "name") else "id"
        protected[template] = {parameter: sorted(_collection_values(base, collection, field, token))}
    return protected


# schemathesis's default statuses for a refused schema-violating request, plus the two the schemas declare for
# bodies and URLs that are too large (413, and 414 past tts_common.limits.MAX_QUERY_STRING_BYTES).
REJECTION_STATUSES = ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422", "428", "429", "5xx"]
CONFIG = "[checks.negative_data_rejection]\nexpected-statuses = [" + ", ".join(f'"{s}"' for s in REJECTION_STATUSES) + "]\n"


def schemathesis_command(schema_url: str, service: str, role: str, token: str, api_key: str) -> list[str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        schema_url,
        "--checks",
        ",".join(CHECKS),
        "--phases",
        PHASES[role],
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",  # with 2, hypothesis's lambda-source cache is shared across threads and fails a run now and then
        "--request-timeout",
        "30",
        "--generation-database",
        "none",
        "--generation-with-security-parameters",
        "false",
        "--header",
        f"Authorization: Bearer {token}",
        "--header",
        f"X-API-Key: {api_key}",
        "--no-color",
        "--output-truncate",
        "false",
    ]
    for operation_id in EXCLUDED.get(service, {}):
        command += ["--exclude-operation-id", operation_id]
    return command


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_as_its_schema_says(suite, contract_tokens, tmp_path, service, role):
    base = suite.services[service]
    schema_reply = call("get", f"{base}/api/schema/?format=json")
    assert schema_reply.status == 200, schema_reply.body
    token, admin_token = contract_tokens[role], contract_tokens["admin"]
    (tmp_path / "schemathesis.toml").write_text(CONFIG)  # read from the run's working directory
    protected_file = tmp_path / "protected.json"
    protected_file.write_text(json.dumps(protected_objects(base, schema_reply.body, admin_token)))
    api_key = (suite.env.get("NOTIFICATION_API_KEYS") or "dev-notification-key").split(",")[0]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.e2e.contract_hooks",
        "TTS_CONTRACT_PROTECTED": str(protected_file),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }

    started = time.monotonic()
    run = subprocess.run(
        schemathesis_command(f"{base}/api/schema/?format=json", service, role, token, api_key),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = f"{service} as {role}: {time.monotonic() - started:.0f} s, exit {run.returncode}\n{run.stdout}\n{run.stderr}"
    report_dir = os.environ.get("TTS_CONTRACT_REPORT_DIR")
    if report_dir:
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        (Path(report_dir) / f"schemathesis-{service}-{role}.txt").write_text(report)

    assert run.returncode == 0, report


def test_the_pass_left_what_existed_before_it_alone(suite, before_the_pass):
    """Runs after the pass (this module's order): the bootstrap administrator still signs in, and every user, role,
    workflow and template that existed before it reads as it did (the disruptive tests after it rely on them)."""
    after = _watched(suite, sign_in(suite, *ADMIN))

    for collection, rows in before_the_pass.items():
        assert {key: after[collection].get(key) for key in rows} == rows, collection
