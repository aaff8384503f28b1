"""HTTP and WebSocket, served by gunicorn with uvicorn workers (the Procfile; daphne works too).

The Django ASGI application is built first (it sets Django up), then the
WebSocket routes, which import models, behind the Origin check and the JWT
query-parameter middleware.

The Origin check is Channels' AllowedHostsOriginValidator: a browser's Origin must name a host in
ALLOWED_HOSTS, which tts_common.settings builds from DJANGO_ALLOWED_HOSTS and TTS_PUBLIC_HOSTS (the
names people open the console at; any name under `make run`). The console's proxies (vite preview,
the nginx image) rewrite Host but pass the browser's Origin on unchanged, so it is TTS_PUBLIC_HOSTS
that lets a console opened at http://10.0.0.5:1000 or http://tts.example.org go live.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from comments.routing import websocket_urlpatterns as comment_routes  # noqa: E402
from realtime.middleware import JwtQueryAuthMiddleware  # noqa: E402
from realtime.routing import websocket_urlpatterns as notification_routes  # noqa: E402
from tts_common.metrics.asgi import WebSocketMetrics  # noqa: E402

websocket_urlpatterns = [*comment_routes, *notification_routes]


def websocket_application():
    """The sockets behind the Origin check (read from settings.ALLOWED_HOSTS when called) and the token check."""
    return AllowedHostsOriginValidator(JwtQueryAuthMiddleware(URLRouter(websocket_urlpatterns)))


application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websocket_application()})

# Open sockets, counted for /metrics (tts_common.metrics.asgi); HTTP passes straight through.
application = WebSocketMetrics(application)
