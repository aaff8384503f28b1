"""Which browser origins may open a socket: the hosts in ALLOWED_HOSTS (DJANGO_ALLOWED_HOSTS + TTS_PUBLIC_HOSTS)."""

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from config.asgi import websocket_application
from tests.factories import token_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_memory_layer")]


async def opens(application, origin: str) -> bool:
    communicator = WebsocketCommunicator(
        application, f"/ws/notifications/?token={token_for('author')}", headers=[(b"origin", origin.encode())]
    )
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


async def test_under_the_make_run_default_a_console_at_any_address_goes_live():
    # given: development, TTS_PUBLIC_HOSTS unset: ALLOWED_HOSTS ends with "*"
    with override_settings(ALLOWED_HOSTS=["localhost", "127.0.0.1", "[::1]", "testserver", "*"]):
        application = websocket_application()

    # then: another loopback address, a LAN address and a DNS name are all accepted
    for origin in ("http://127.0.0.3:5173", "http://192.168.1.20:1000", "http://tts.example.org"):
        assert await opens(application, origin), origin


async def test_in_production_only_the_public_hosts_are_accepted():
    # given: TTS_PUBLIC_HOSTS=tts.example.org,.corp.example behind the service's own names
    with override_settings(ALLOWED_HOSTS=["messaging", "localhost", "tts.example.org", ".corp.example"]):
        application = websocket_application()

    # then: the console's names (any port, since the console's port is not the service's) pass, others do not
    assert await opens(application, "https://tts.example.org")
    assert await opens(application, "http://helpdesk.corp.example:8080")
    assert not await opens(application, "http://127.0.0.3:5173")
    assert not await opens(application, "https://intruder.example")
