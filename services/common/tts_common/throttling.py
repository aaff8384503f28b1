"""DRF throttles that count per client as :mod:`tts_common.client_ip` names it.

DRF's own ``get_ident`` believes ``X-Forwarded-For`` from anyone unless
``NUM_PROXIES`` is set, so a client that changes the header on each request
is never throttled; these classes use the one definition of the client's
address instead. Use them wherever a view throttles.
"""

from rest_framework import throttling

from tts_common.client_ip import client_address


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request)


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """``throttle_scope`` on the view, the rate in ``DEFAULT_THROTTLE_RATES``; anonymous and signed-in callers alike by address."""
