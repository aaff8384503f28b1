"""The routes of the metrics tests: ``/metrics`` as every service mounts it."""

from tts_common.metrics.views import metrics_urlpatterns

urlpatterns = metrics_urlpatterns()
