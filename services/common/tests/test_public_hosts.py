"""TTS_PUBLIC_HOSTS: the host names the console is opened at, added to every service's ALLOWED_HOSTS."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tts_common.settings import allowed_hosts, public_hosts


@pytest.fixture
def development(monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    monkeypatch.delenv("TTS_PUBLIC_HOSTS", raising=False)
    monkeypatch.delenv("DJANGO_ALLOWED_HOSTS", raising=False)


def test_development_answers_any_host(development):
    assert public_hosts() == ["*"]
    assert allowed_hosts() == ["localhost", "127.0.0.1", "[::1]", "testserver", "*"]


def test_production_requires_the_setting(development, monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "production")

    with pytest.raises(ImproperlyConfigured, match="TTS_PUBLIC_HOSTS must be set when DJANGO_ENV=production"):
        public_hosts()


def test_the_list_follows_the_service_names_without_repeats(development, monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "production")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "localhost,messaging")
    monkeypatch.setenv("TTS_PUBLIC_HOSTS", " tts.example.org, .corp.example ,10.0.0.5,[fd00::1],localhost")

    assert public_hosts() == ["tts.example.org", ".corp.example", "10.0.0.5", "[fd00::1]", "localhost"]
    assert allowed_hosts() == ["localhost", "messaging", "tts.example.org", ".corp.example", "10.0.0.5", "[fd00::1]"]


@pytest.mark.parametrize("entry", ["http://tts.example.org", "tts.example.org:1000", "tts.example.org/console", "*.example.org", "a b"])
def test_an_entry_that_is_not_a_host_is_named(development, monkeypatch, entry):
    monkeypatch.setenv("TTS_PUBLIC_HOSTS", f"localhost,{entry}")

    with pytest.raises(ImproperlyConfigured, match="TTS_PUBLIC_HOSTS: " + repr(entry).replace("*", r"\*").replace(".", r"\.")):
        public_hosts()


@pytest.mark.django_db
def test_an_unknown_host_is_refused_in_production_and_answered_in_development(development, monkeypatch, client):
    # given: production settings naming the console's one host
    monkeypatch.setenv("DJANGO_ENV", "production")
    monkeypatch.setenv("TTS_PUBLIC_HOSTS", "tts.example.org")
    with override_settings(ALLOWED_HOSTS=allowed_hosts()):
        # when / then: a request for another name is refused as a problem, the console's name is answered
        refused = client.get("/health/", headers={"host": "intruder.example"})
        answered = client.get("/health/", headers={"host": "tts.example.org"})
    assert refused.status_code == 400
    assert answered.status_code in (200, 503)  # 503: a dependency down, but the host was accepted

    # given: the make-run default
    monkeypatch.delenv("DJANGO_ENV")
    monkeypatch.delenv("TTS_PUBLIC_HOSTS")
    with override_settings(ALLOWED_HOSTS=allowed_hosts()):
        assert client.get("/health/", headers={"host": "intruder.example"}).status_code in (200, 503)
