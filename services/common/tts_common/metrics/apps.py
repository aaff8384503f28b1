from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "tts_common.metrics"
    label = "tts_metrics"
    verbose_name = "TTS metrics"

    def ready(self) -> None:
        from tts_common.metrics import workers as _workers  # noqa: F401 (connects the worker's task signals)
