from django.contrib import admin
from django.urls import include, path

from comments.api.urls import urlpatterns as comment_urlpatterns
from tts_common.metrics.views import metrics_urlpatterns
from tts_common.urls import common_urlpatterns

urlpatterns = [
    *common_urlpatterns(),
    *metrics_urlpatterns(),
    path("admin/", admin.site.urls),
    path("api/v1/", include(comment_urlpatterns)),
    path("api/v1/", include("search.urls")),
]

handler400 = "tts_common.errors.bad_request"
handler500 = "tts_common.errors.server_error"
