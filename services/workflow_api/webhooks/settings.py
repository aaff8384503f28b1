"""Reading the webhook settings (no Django needed: config/settings.py calls this)."""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

from tts_common.env import env_list


def webhook_allowed_networks() -> list[str]:
    """``WEBHOOK_ALLOWED_NETWORKS``: comma-separated CIDRs (``10.0.0.0/8,fd00::/8``); ImproperlyConfigured naming a bad one."""
    networks = []
    for entry in env_list("WEBHOOK_ALLOWED_NETWORKS", []):
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError as exc:
            raise ImproperlyConfigured(f"WEBHOOK_ALLOWED_NETWORKS: {entry!r} is not a CIDR ({exc})") from None
    return networks
