"""The client's address: X-Forwarded-For only from trusted proxies, right-most untrusted hop."""

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from tts_common.client_ip import client_address, client_address_from, trusted_networks
from tts_common.throttling import ScopedRateThrottle

LOOPBACK = trusted_networks(("127.0.0.1/32", "::1/128"))
OFFICE = trusted_networks(("127.0.0.1/32", "10.0.0.0/8"))


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "trusted", "client"),
    [
        # a direct client names itself, whatever it writes
        ("203.0.113.9", "", LOOPBACK, "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", LOOPBACK, "203.0.113.9"),
        ("127.0.0.2", "198.51.100.1", LOOPBACK, "127.0.0.2"),
        # the console's proxy on loopback forwards the browser
        ("127.0.0.1", "127.0.0.2", LOOPBACK, "127.0.0.2"),
        ("::1", "127.0.0.3", LOOPBACK, "127.0.0.3"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.2", LOOPBACK, "127.0.0.2"),
        # what the browser wrote itself is left of the address the proxy saw
        ("127.0.0.1", "1.1.1.1, 2.2.2.2, 203.0.113.9", LOOPBACK, "203.0.113.9"),
        # two trusted hops, then the client
        ("127.0.0.1", "198.51.100.7, 10.1.2.3", OFFICE, "198.51.100.7"),
        ("127.0.0.1", "forged, 198.51.100.7, 10.1.2.3", OFFICE, "198.51.100.7"),
        # a hop that is no address ends the walk at the proxy that wrote it
        ("127.0.0.1", "198.51.100.7, garbage", OFFICE, "127.0.0.1"),
        # only proxies: the left-most is as far as we can see
        ("127.0.0.1", "10.0.0.5, 10.0.0.6", OFFICE, "10.0.0.5"),
        ("127.0.0.1", "", LOOPBACK, "127.0.0.1"),
        ("", "", LOOPBACK, ""),
    ],
)
def test_the_right_most_untrusted_address_is_the_client(remote_addr, forwarded_for, trusted, client):
    assert client_address_from(remote_addr, forwarded_for, trusted) == client


@given(st.text(max_size=200))
def test_a_direct_client_cannot_choose_its_address(forwarded_for):
    assert client_address_from("198.51.100.20", forwarded_for, LOOPBACK) == "198.51.100.20"


def test_the_setting_names_the_trusted_proxies(settings):
    settings.TTS_TRUSTED_PROXIES = ["192.0.2.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.4")

    assert client_address(request) == "198.51.100.4"


def test_a_bad_cidr_in_the_setting_is_named(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TTS_TRUSTED_PROXIES = ["10.0.0.0/8", "not-a-network"]
    with pytest.raises(ImproperlyConfigured, match="not-a-network"):
        client_address(RequestFactory().get("/"))


def test_the_throttle_counts_a_direct_client_by_its_socket_not_its_header():
    factory = RequestFactory()
    throttle = ScopedRateThrottle()
    rotated = [factory.get("/", REMOTE_ADDR="127.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(3)]
    proxied = [factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(3)]

    assert {throttle.get_ident(request) for request in rotated} == {"127.0.0.2"}
    assert [throttle.get_ident(request) for request in proxied] == ["198.51.100.0", "198.51.100.1", "198.51.100.2"]
