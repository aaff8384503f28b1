"""The ``X-TTS-Signature`` header, as Stripe signs: ``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``.

Receivers verify with the ten-line snippet of docs/api.md ("Webhooks"); :func:`signature_valid` is the same check.
"""

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-TTS-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


def secret_generate() -> str:
    """A fresh subscription secret: ``whsec_`` and 43 URL-safe characters (32 random bytes)."""
    return "whsec_" + secrets.token_urlsafe(32)


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``b"<timestamp>." + body`` under ``secret`` (UTF-8)."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(*, secret: str, timestamp: int, body: bytes) -> str:
    """The header value for ``body`` sent at ``timestamp`` (whole unix seconds)."""
    return f"t={timestamp},v1={signature(secret=secret, timestamp=timestamp, body=body)}"


def signature_valid(*, secret: str, header: str, body: bytes, now: float, tolerance: int = DEFAULT_TOLERANCE_SECONDS) -> bool:
    """True when ``header`` signs ``body`` under ``secret`` and its ``t`` is within ``tolerance`` seconds of ``now``."""
    fields = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    stamp = fields.get("t", "")
    if not stamp.isdigit() or abs(now - int(stamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret=secret, timestamp=int(stamp), body=body), fields.get("v1", ""))
