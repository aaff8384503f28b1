"""HTTP and WebSocket, served by gunicorn with uvicorn workers (the Procfile; daphne works too).

The Django ASGI application is built first (it sets Django up), then the
WebSocket routes, which import models, behind the Origin check and the JWT
query-parameter middleware.
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

websocket_urlpatterns = [*comment_routes, *notification_routes]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(JwtQueryAuthMiddleware(URLRouter(websocket_urlpatterns))),
    }
)
