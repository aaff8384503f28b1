"""Signed outbound webhooks through the running suite (issue 16, item 2).

A receiver (http.server in a thread on 127.0.0.44, which `make run`'s development settings allow) is
subscribed to every event. For an injected ticket it gets task.created and task.assigned, each verified
with the snippet docs/api.md publishes (its text, run here); the first request is answered 500 and the
same event comes again by itself; an administrator's Redeliver sends it once more; a comment made in
messaging arrives as comment.created. With production settings a receiver at a loopback address, in any
spelling, is refused at registration unless WEBHOOK_ALLOWED_NETWORKS lists it.
"""

import json
import subprocess
import sys
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e.flows import ADMIN, eventually, sign_in, ticket_post
from tests.e2e.http import call
from tests.e2e.suite import ROOT

pytestmark = pytest.mark.integration

RECEIVER_HOST = "127.0.0.44"
BEGIN, END = "<!-- webhook-verify:begin -->", "<!-- webhook-verify:end -->"


def documented_verify():
    """``verify`` exactly as docs/api.md ("Webhooks") gives it to receivers."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    snippet = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip().removeprefix("```python").removesuffix("```")
    namespace: dict = {}
    exec(compile(snippet, "docs/api.md", "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


class Receiver:
    """Records every POST (headers, raw body); answers the statuses in ``answers`` first, then 200."""

    def __init__(self, answers=()):
        self.answers, self.received, self.lock = deque(answers), [], threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    status = receiver.answers.popleft() if receiver.answers else 200
                    receiver.received.append({"headers": dict(self.headers), "body": body, "status": status})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((RECEIVER_HOST, 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://{RECEIVER_HOST}:{self.server.server_address[1]}/tts-events"

    def events(self, **match) -> list[dict]:
        with self.lock:
            found = [dict(request, event=json.loads(request["body"])) for request in self.received]
        return [r for r in found if all(r["event"].get(k) == v or r["event"]["data"].get(k) == v for k, v in match.items())]


@pytest.fixture
def receiver():
    running = Receiver(answers=[500])
    yield running
    running.server.shutdown()
    running.server.server_close()


EVENTS = ["task.created", "task.assigned", "task.transitioned", "task.completed", "task.sla_breached", "comment.created"]


def test_a_subscribed_receiver_gets_signed_task_events_a_retry_a_redelivery_and_comments(suite, receiver):
    verify = documented_verify()
    admin = sign_in(suite, *ADMIN)
    created = call("post", f"{suite.workflow}/webhooks/", {"url": receiver.url, "events": EVENTS}, token=admin)
    assert created.status == 201, created.body
    secret, hook = created.body["secret"], created.body["id"]

    number = ticket_post(suite, admin, "E2E: webhooks", "Tell the other system.")
    eventually(lambda: receiver.events(ticket_number=number, type="task.assigned"), timeout=60, what="task.assigned at the receiver")
    eventually(lambda: receiver.events(ticket_number=number, type="task.created"), timeout=60, what="task.created at the receiver")

    for request in receiver.events(ticket_number=number):
        assert verify(secret, request["headers"]["X-TTS-Signature"], request["body"]), request["headers"]
        assert not verify(secret, request["headers"]["X-TTS-Signature"], request["body"] + b" ")
        assert set(request["event"]) == {"id", "type", "created_at", "data"}
    assigned = receiver.events(ticket_number=number, type="task.assigned")[0]["event"]["data"]
    assert assigned["status"] == "in_progress" and assigned["details"]["user_id"] > 0

    # the first request was answered 500: the same event comes again by itself (backoff 7.5 to 15 s)
    first = receiver.events()[0]
    assert first["status"] == 500
    again = eventually(lambda: [r for r in receiver.events(id=first["event"]["id"]) if r["status"] == 200], timeout=60, what="the retry")
    assert again[0]["body"] == first["body"] or json.loads(again[0]["body"])["id"] == first["event"]["id"]
    log = call("get", f"{suite.workflow}/webhook-deliveries/?subscription={hook}&event_id={first['event']['id']}", token=admin).body
    [retried] = log["results"]
    assert (retried["status"], retried["attempts"], retried["last_response_code"]) == ("succeeded", 2, 200)

    # an administrator redelivers it: a new delivery of the same event
    redone = call("post", f"{suite.workflow}/webhook-deliveries/{retried['id']}/redeliver/", token=admin)
    assert redone.status == 201 and redone.body["redelivery_of"] == retried["id"]
    eventually(lambda: len(receiver.events(id=first["event"]["id"])) == 3, timeout=30, what="the redelivery")

    # a comment made in messaging arrives as comment.created, through workflow_api
    comment = call("post", f"{suite.messaging}/api/v1/comments/", {"ticket_id": number, "content": "Hooked?"}, token=admin)
    assert comment.status == 201, comment.body
    [arrived] = eventually(lambda: receiver.events(type="comment.created", ticket_id=number), timeout=60, what="comment.created")
    assert arrived["event"]["data"]["id"] == comment.body["id"] and arrived["event"]["data"]["content"] == "Hooked?"
    assert verify(secret, arrived["headers"]["X-TTS-Signature"], arrived["body"])

    call("delete", f"{suite.workflow}/webhooks/{hook}/", token=admin)


REGISTER = """
import json, sys
from django.test import Client
client = Client(HTTP_AUTHORIZATION="Bearer " + sys.argv[1])
for url in sys.argv[2:]:
    answer = client.post("/webhooks/", {"url": url, "events": ["task.created"], "is_active": False}, content_type="application/json")
    print(json.dumps({"url": url, "status": answer.status_code, "body": answer.json()}))
"""


def register_in_production(suite, token: str, urls: list[str], **extra) -> list[dict]:
    """POST /webhooks/ for each URL to workflow_api's own code with production settings, on the suite's database."""
    env = {
        **suite.env,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "e2e-production-check",
        "TTS_PUBLIC_HOSTS": "testserver",
        "JWT_PUBLIC_KEY_FILE": str(Path(suite.env["TTS_VAR_DIR"]) / "keys" / "jwt_public.pem"),
        **extra,
    }
    command = [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
               f"django.setup(); exec({REGISTER!r})", token, *urls]  # fmt: skip
    result = subprocess.run(
        command, cwd=ROOT / "services" / "workflow_api", env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_with_production_settings_a_receiver_at_a_refused_address_is_rejected_at_registration(suite, receiver):
    admin = sign_in(suite, *ADMIN)
    port = receiver.server.server_address[1]
    refused = [receiver.url, f"http://2130706433:{port}/", f"http://0177.0.0.1:{port}/", f"http://[::ffff:127.0.0.1]:{port}/",
               f"http://localhost:{port}/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.7/"]  # fmt: skip

    answers = register_in_production(suite, admin, refused)

    assert [a["status"] for a in answers] == [400] * len(refused), answers
    assert all("url" in a["body"]["errors"] and "refused address" in a["body"]["errors"]["url"][0] for a in answers), answers
    [allowed] = register_in_production(suite, admin, [receiver.url], WEBHOOK_ALLOWED_NETWORKS="127.0.0.0/8")
    assert allowed["status"] == 201, allowed
    call("delete", f"{suite.workflow}/webhooks/{allowed['body']['id']}/", token=admin)
