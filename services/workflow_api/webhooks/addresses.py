"""Where a webhook may be sent (SSRF): a public address, or one inside ``WEBHOOK_ALLOWED_NETWORKS``.

A URL's host is resolved (``getaddrinfo``: names, and numeric forms the C library reads, such as
``2130706433`` or ``0177.0.0.1`` for 127.0.0.1) and EVERY address it resolves to must pass; the delivery
then connects to the address that was checked, so a name that resolves differently a moment later
(DNS rebinding) cannot move it. Refused: loopback, private, link-local, multicast, reserved, unspecified
and any other non-global address, IPv4 inside IPv6 (``::ffff:10.0.0.1``, 6to4, Teredo) judged by the
IPv4 address it carries. ``WEBHOOK_ALLOWED_NETWORKS`` (CIDRs) lets an operator allow some; outside
production (``make run``) loopback is allowed too.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from tts_common.env import is_production
from tts_common.errors import DomainError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK_NETWORKS = ("127.0.0.0/8", "::1/128")
KINDS = ("loopback", "private", "link_local", "multicast", "reserved", "unspecified")


class TargetRefusedError(DomainError):
    """The URL cannot be a webhook target: a 400 naming ``url``."""

    def __init__(self, detail: str):
        super().__init__(detail, field="url")


@dataclass(frozen=True)
class Target:
    """A checked URL: connect to ``address`` (one the host resolved to), send ``host_header`` and ``path``."""

    scheme: str
    host: str
    port: int
    path: str
    address: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def allowed_networks() -> tuple[IPNetwork, ...]:
    """``WEBHOOK_ALLOWED_NETWORKS``, plus loopback outside production."""
    names = list(getattr(settings, "WEBHOOK_ALLOWED_NETWORKS", ()))
    if not is_production():
        names += LOOPBACK_NETWORKS
    return tuple(ipaddress.ip_network(name, strict=False) for name in names)


def _carried_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def address_refusal(address: str | IPAddress, allowed: tuple[IPNetwork, ...] = ()) -> str | None:
    """Why ``address`` may not be a webhook target, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    judged = _carried_ipv4(ip) or ip
    if any(candidate.version == network.version and candidate in network for candidate in {ip, judged} for network in allowed):
        return None
    for kind in KINDS:
        if getattr(judged, f"is_{kind}"):
            return f"{address} is a {kind.replace('_', '-')} address"
    if not judged.is_global:
        return f"{address} is not a public address"
    return None


def resolve(host: str, port: int) -> list[str]:
    """The distinct addresses ``host`` resolves to, in the resolver's order; TargetRefusedError when none."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise TargetRefusedError(f"the host {host!r} does not resolve ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def url_parts(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path with query)`` of an http(s) URL; TargetRefusedError naming what is wrong."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise TargetRefusedError(f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise TargetRefusedError("must be an http or https URL")
    if not parts.hostname:
        raise TargetRefusedError("must name a host")
    if parts.username is not None or parts.password is not None:
        raise TargetRefusedError("must not carry credentials (the signature authenticates the sender)")
    if parts.fragment:
        raise TargetRefusedError("must not have a fragment")
    if any(ord(character) < 33 or ord(character) == 127 for character in url):
        raise TargetRefusedError("must not contain spaces or control characters")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def target_check(url: str) -> Target:
    """The URL resolved and checked (see the module); TargetRefusedError (400 naming ``url``) when refused."""
    scheme, host, port, path = url_parts(url)
    addresses = resolve(host, port)
    allowed = allowed_networks()
    for address in addresses:
        if (why := address_refusal(address, allowed)) is not None:
            raise TargetRefusedError(f"{host} resolves to a refused address: {why} (WEBHOOK_ALLOWED_NETWORKS can allow it)")
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])
