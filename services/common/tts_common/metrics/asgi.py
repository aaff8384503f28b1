"""Open WebSocket connections, counted around the ASGI application (messaging's ``config/asgi.py``).

    application = ProtocolTypeRouter({"http": ..., "websocket": WebSocketMetrics(AllowedHostsOriginValidator(...))})

A socket counts from the moment the application accepts it (``websocket.accept``
sent) until its handler returns; ``route`` is the path's first segment after
``ws/`` (``comments``, ``tickets``, ``notifications``), so the label stays bounded.
"""

from tts_common.metrics.domain import WEBSOCKET_CONNECTIONS, WEBSOCKET_CONNECTIONS_ACCEPTED

KNOWN_ROUTES = {"comments", "tickets", "notifications"}


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
