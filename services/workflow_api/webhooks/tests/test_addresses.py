"""SSRF rules: which addresses a webhook may reach, in production and under `make run`."""

import pytest

from webhooks.addresses import TargetRefusedError, address_refusal, target_check, url_parts

REFUSED = [
    "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0",  # noqa: S104 (an address under test, not bound)
    "224.0.0.1", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:0a00:0001::1", "2001:0:4136:e378:8000:63bf:f5ff:fffe",
]  # fmt: skip
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001:80b::200e"]


@pytest.mark.parametrize("address", REFUSED)
def test_a_non_public_address_is_refused(address):
    assert address_refusal(address) is not None


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_address_is_allowed(address):
    assert address_refusal(address) is None


def test_an_allowed_network_lets_an_address_through_also_when_mapped_into_ipv6():
    import ipaddress

    allowed = (ipaddress.ip_network("10.0.0.0/8"),)

    assert address_refusal("10.1.2.3", allowed) is None
    assert address_refusal("::ffff:10.1.2.3", allowed) is None
    assert address_refusal("192.168.0.1", allowed) is not None


# Numeric forms the C resolver reads as 127.0.0.1 / 10.0.0.1: resolved, then judged by what they resolve to.
NUMERIC_FORMS = [
    "http://2130706433/hook", "http://0177.0.0.1/hook", "http://0x7f.0.0.1/hook", "http://127.1/hook", "http://0x7f000001/",
    "http://017700000001/", "http://[::ffff:127.0.0.1]/", "http://[::1]:8080/", "http://167772161/", "http://[::ffff:a00:1]/",
    "http://localhost/", "http://0/",
]  # fmt: skip


@pytest.mark.parametrize("url", NUMERIC_FORMS)
def test_in_production_decimal_octal_hex_and_ipv6_forms_of_private_addresses_are_refused(url, monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ENV", "production")
    settings.WEBHOOK_ALLOWED_NETWORKS = []

    with pytest.raises(TargetRefusedError) as refused:
        target_check(url)
    assert refused.value.field == "url"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://[::1]/", "http://2130706433/", "http://localhost:8000/"])
def test_outside_production_loopback_is_allowed(url, monkeypatch, settings):
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    settings.WEBHOOK_ALLOWED_NETWORKS = []

    assert target_check(url).address in ("127.0.0.1", "::1")


def test_outside_production_a_private_network_is_still_refused_unless_allowed(monkeypatch, settings):
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(TargetRefusedError):
        target_check("http://10.0.0.1/")

    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert target_check("http://10.0.0.1/").address == "10.0.0.1"


def test_in_production_the_allowed_networks_let_loopback_through(monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ENV", "production")
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]

    assert target_check("http://127.0.0.5:1234/x?y=1").path == "/x?y=1"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.com/", "http or https"),
        ("http:///nohost", "must name a host"),
        ("http://user:pw@example.com/", "credentials"),
        ("http://example.com:99999/", "not a valid URL"),
        ("http://example.com/a b", "spaces"),
        ("https://example.com/#frag", "fragment"),
        ("not a url", "http or https"),
    ],
)
def test_a_url_that_is_not_a_plain_http_url_is_refused_naming_why(url, why):
    with pytest.raises(TargetRefusedError) as refused:
        url_parts(url)
    assert why in refused.value.detail


def test_a_name_that_does_not_resolve_is_refused():
    with pytest.raises(TargetRefusedError, match="does not resolve"):
        target_check("http://no-such-host.invalid/")
