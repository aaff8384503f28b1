"""One signed POST to a checked target, over urllib3: short timeouts, no redirects, no retries of its own."""

import ssl
from dataclasses import dataclass

import urllib3
from django.conf import settings

from webhooks.addresses import Target

USER_AGENT = "TTS-Webhooks/1"
RESPONSE_EXCERPT_BYTES = 500


@dataclass(frozen=True)
class Answer:
    """What the receiver answered: ``status`` (None when no answer came) and a short ``error`` or excerpt."""

    status: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(*, target: Target, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``target.address`` (the checked address, never a fresh lookup) with ``headers``.

    TLS checks the certificate against ``target.host`` (SNI too). Timeouts: ``WEBHOOK_CONNECT_TIMEOUT_SECONDS``
    and ``WEBHOOK_READ_TIMEOUT_SECONDS``. A 3xx is an answer like any other: the redirect is not followed.
    """
    timeout = urllib3.Timeout(connect=settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS, read=settings.WEBHOOK_READ_TIMEOUT_SECONDS)
    options = {"timeout": timeout, "retries": False, "maxsize": 1}
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address, target.port, server_hostname=target.host, assert_hostname=target.host,
            cert_reqs=ssl.CERT_REQUIRED, **options,
        )  # fmt: skip
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, **options)
    sent = {"Content-Type": "application/json", "User-Agent": USER_AGENT, "Host": target.host_header, **headers}
    try:
        with pool:
            response = pool.urlopen("POST", target.path, body=body, headers=sent, redirect=False, preload_content=False)
            excerpt = response.read(RESPONSE_EXCERPT_BYTES, decode_content=False).decode(errors="replace")
            response.release_conn()
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return Answer(None, f"{type(exc).__name__}: {exc}"[:1000])
    return Answer(response.status, "" if 200 <= response.status < 300 else excerpt)
