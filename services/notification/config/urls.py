from django.contrib import admin
from django.urls import include, path

from notifications.api.urls import v1_urlpatterns, v2_urlpatterns
from templating.api.urls import urlpatterns as template_urlpatterns
from tts_common.metrics.views import metrics_urlpatterns
from tts_common.urls import common_urlpatterns

urlpatterns = [
    *common_urlpatterns(),
    *metrics_urlpatterns(),
    path("admin/", admin.site.urls),
    path("api/v1/", include(v1_urlpatterns)),
    path("api/v1/", include(template_urlpatterns)),
    path("api/v2/", include(v2_urlpatterns)),
]

handler400 = "tts_common.errors.bad_request"
handler500 = "tts_common.errors.server_error"
