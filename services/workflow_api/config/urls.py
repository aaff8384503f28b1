from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView

from tts_common.metrics.views import metrics_urlpatterns
from tts_common.urls import common_urlpatterns

urlpatterns = [
    *common_urlpatterns(),
    *metrics_urlpatterns(),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("admin/", admin.site.urls),
    path("", include("workflows.urls")),
    path("", include("tasks.urls")),
    path("", include("roles.urls")),
    path("", include("audit.urls")),
    path("", include("intake.urls")),
    path("", include("webhooks.urls")),
    path("", include("search.urls")),
    path("", include("savedviews.urls")),
    path("", include("snippets.urls")),
    path("", include("requesters.urls")),
]

handler400 = "tts_common.errors.bad_request"
handler500 = "tts_common.errors.server_error"
