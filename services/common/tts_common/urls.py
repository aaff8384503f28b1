"""The routes every service serves: health, the OpenAPI schema and Swagger UI."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tts_common.health import health


def common_urlpatterns() -> list:
    return [
        path("health/", health, name="health"),
        path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
        path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    ]
