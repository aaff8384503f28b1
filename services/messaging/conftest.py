import inspect

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers

from tests.factories import PEOPLE, client_for


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """``async def`` tests run through asgiref's ``async_to_sync``, the bridge Django and Channels use.

    Their ``database_sync_to_async`` calls then run in the test's own thread, on its connection.
    """
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    async_to_sync(pyfuncitem.obj)(**arguments)
    return True


@pytest.fixture
def callers():
    """A REST client per kind of caller; "author" wrote the comments the tests make."""
    return {"anonymous": client_for(None), **{person: client_for(person) for person in PEOPLE}}


@pytest.fixture(autouse=True)
def _outbox_stays_in_the_database(monkeypatch):
    """Outbox rows are asserted in the database; nothing is relayed to a broker from unit tests."""
    monkeypatch.setattr("tts_common.outbox.services._relay_after_commit", lambda: None)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def in_memory_layer(settings):
    """This process's own channel layer, fresh for the test (the socket tests need no Redis)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.fixture
def broadcasts(monkeypatch):
    """(group, event) pairs the services pushed after commit, instead of the channel layer."""
    sent = []

    def record(group, event):
        sent.append((group, event))
        return True

    monkeypatch.setattr("comments.live.group_send", record)
    return sent
