"""The client's address, decided once for every service: throttles, lockouts and logs.

``X-Forwarded-For`` is believed only as far as it was written by a trusted
proxy. The socket's peer (``REMOTE_ADDR``) must be in ``TTS_TRUSTED_PROXIES``
(CIDRs, default ``127.0.0.1/32,::1/128``); then the header is read right to
left, skipping trusted proxies, and the first address that is not one is the
client (the "right-most untrusted" rule): everything left of it was written by
the client itself and may be forged. A peer that is not trusted is the client,
whatever the header says.

django-ipware / python-ipware were considered: they pick a position in the
header (``proxy_count``) or match the header's own trailing entries against
``proxy_list``, without asking whether the socket's peer is a proxy at all, so
a client talking to a service directly could still choose its address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_TRUSTED_PROXIES = ("127.0.0.1/32", "::1/128")


@lru_cache(maxsize=8)
def trusted_networks(cidrs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """``("10.0.0.0/8", ...)`` parsed; ImproperlyConfigured names an entry that is not a network."""
    networks = []
    for cidr in cidrs:
        try:
            networks.append(ipaddress.ip_network(cidr.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"TTS_TRUSTED_PROXIES: {cidr!r} is not an IP address or CIDR network") from None
    return tuple(networks)


def parse_address(value: str) -> IPAddress | None:
    """One address as a hop writes it (``::ffff:1.2.3.4`` becomes ``1.2.3.4``); None when it is not one."""
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address_from(remote_addr: str, forwarded_for: str, trusted: tuple[IPNetwork, ...]) -> str:
    """The client's address from the socket's peer and the ``X-Forwarded-For`` value (may be empty).

    An entry that is not an address ends the walk: the hop that wrote it is
    the last one we can name. When every hop is a trusted proxy, the left-most
    one is the client.
    """
    peer = parse_address(remote_addr or "")
    if peer is None:
        return remote_addr or ""
    client = peer
    for hop in reversed([entry for entry in forwarded_for.split(",") if entry.strip()]):
        if not any(client in network for network in trusted):
            break
        address = parse_address(hop)
        if address is None:
            break
        client = address
    return str(client)


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent ``request`` (Django's or DRF's request), as a string.

    Also ``AXES_CLIENT_IP_CALLABLE`` for django-axes.
    """
    cidrs = tuple(getattr(settings, "TTS_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES))
    meta = request.META
    return client_address_from(meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), trusted_networks(cidrs))
