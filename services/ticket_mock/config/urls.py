from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tickets.api.urls import api_urlpatterns, media_urlpatterns
from tts_common.metrics.views import metrics_urlpatterns
from tts_common.urls import common_urlpatterns

urlpatterns = [
    *common_urlpatterns(),
    *metrics_urlpatterns(),
    path("admin/", admin.site.urls),
    path("api/", include(api_urlpatterns)),
    path(settings.MEDIA_URL.lstrip("/"), include(media_urlpatterns)),
]

handler400 = "tts_common.errors.bad_request"
handler500 = "tts_common.errors.server_error"
