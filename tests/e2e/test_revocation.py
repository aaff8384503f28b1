"""Revocation through the running suite: a deactivated agent's access token is refused by every service
within seconds, and their open socket closes with 4401.

auth publishes the revocation through its outbox; each service's worker puts it in its deny list
(messaging's worker also closes the agent's sockets through Redis). Nothing here waits for the token
to expire: it has 15 minutes left.
"""

import time

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.e2e.flows import ADMIN, eventually, sign_in
from tests.e2e.http import call

pytestmark = pytest.mark.integration

ORIGIN = "http://localhost:5173"
PASSWORD = "Revoked-pass-42"
WITHIN_SECONDS = 15


def _agent(suite, admin: str, email: str) -> int:
    created = call(
        "post",
        f"{suite.auth}/api/v1/users/",
        {"email": email, "first_name": "Rita", "last_name": "Revoked", "password": PASSWORD},
        token=admin,
    )
    assert created.status == 201, created.body
    assigned = call(
        "post", f"{suite.auth}/api/v1/user-system-roles/", {"user": created.body["id"], "system": "tts", "role": "Agent"}, token=admin
    )
    assert assigned.status == 201, assigned.body
    return created.body["id"]


def _probes(suite) -> dict[str, str]:
    """One authenticated read per service that verifies tokens itself."""
    return {
        "workflow_api": f"{suite.workflow}/tasks/",
        "ticket_mock": f"{suite.ticket_mock}/api/tickets/",
        "messaging": f"{suite.messaging}/api/v1/comments/?ticket_id=TX20990101000001",
        "notification": f"{suite.notification}/api/v2/notifications/inapp/",
    }


def _close_code(socket, timeout: float) -> int | None:
    try:
        while True:
            socket.recv(timeout=timeout)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


def test_a_deactivated_agents_token_is_refused_everywhere_and_their_socket_closes_4401(suite):
    admin = sign_in(suite, *ADMIN)
    agent_id = _agent(suite, admin, "e2e.revoked.agent@example.com")
    token = sign_in(suite, "e2e.revoked.agent@example.com", PASSWORD)
    probes = _probes(suite)
    before = {service: call("get", url, token=token).status for service, url in probes.items()}
    assert all(status != 401 for status in before.values()), before
    with connect(
        f"{suite.messaging.replace('http://', 'ws://')}/ws/notifications/?token={token}", origin=ORIGIN, open_timeout=10
    ) as socket:
        assert '"connection_established"' in socket.recv(timeout=10)

        deactivated = call("patch", f"{suite.auth}/api/v1/users/{agent_id}/", {"is_active": False}, token=admin)
        assert deactivated.status == 200, deactivated.body
        started = time.monotonic()

        assert _close_code(socket, timeout=WITHIN_SECONDS) == 4401
        socket_closed_after = time.monotonic() - started

    def refused_everywhere():
        statuses = {service: call("get", url, token=token).status for service, url in probes.items()}
        return statuses if all(status == 401 for status in statuses.values()) else None

    eventually(refused_everywhere, timeout=WITHIN_SECONDS, interval=0.25, what="every service to refuse the revoked token")
    refused_after = time.monotonic() - started
    print(f"socket closed {socket_closed_after:.2f} s and every service refused {refused_after:.2f} s after the deactivation")
    assert call("get", f"{suite.workflow}/tasks/", token=admin).status == 200  # the administrator's own token is untouched
