"""Open WebSocket connections, counted around the ASGI application (messaging's ``config/asgi.py``).

    application = ProtocolTypeRouter({"http": ..., "websocket": WebSocketMetrics(AllowedHostsOriginValidator(...))})

A socket counts from the moment the application accepts it (``websocket.accept``
sent) until its handler returns; ``route`` is the path's first segment after
``ws/`` (``comments``, ``tickets``, ``notifications``), so the label stays bounded.
"""

from prometheus_client import Counter, Gauge

KNOWN_ROUTES = ("comments", "tickets", "notifications")

# Sockets open in the service's processes now: the live sum over its (living) processes.
WEBSOCKET_CONNECTIONS = Gauge(
    "tts_websocket_connections",
    "WebSocket connections open now, by route kind (comments, tickets, notifications, other).",
    ["route"],
    multiprocess_mode="livesum",
)
WEBSOCKET_CONNECTIONS_ACCEPTED = Counter("tts_websocket_connections_accepted", "WebSocket connections accepted, by route kind.", ["route"])
for _route in KNOWN_ROUTES:  # at 0 from the start
    WEBSOCKET_CONNECTIONS.labels(_route)
    WEBSOCKET_CONNECTIONS_ACCEPTED.labels(_route)


def route_of(path: str) -> str:
    """``/ws/comments/T-1/`` -> ``comments``; anything unknown -> ``other``."""
    parts = [part for part in path.split("/") if part]
    route = parts[1] if len(parts) > 1 and parts[0] == "ws" else ""
    return route if route in KNOWN_ROUTES else "other"


class WebSocketMetrics:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        route = route_of(scope.get("path", ""))
        accepted = False

        async def counting_send(message):
            nonlocal accepted
            if message.get("type") == "websocket.accept" and not accepted:
                accepted = True
                WEBSOCKET_CONNECTIONS.labels(route).inc()
                WEBSOCKET_CONNECTIONS_ACCEPTED.labels(route).inc()
            await send(message)

        try:
            return await self.app(scope, receive, counting_send)
        finally:
            if accepted:
                WEBSOCKET_CONNECTIONS.labels(route).dec()
