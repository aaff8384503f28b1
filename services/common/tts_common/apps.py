from django.apps import AppConfig


class TtsCommonConfig(AppConfig):
    name = "tts_common"
    label = "tts_common"
    verbose_name = "TTS common"

    def ready(self) -> None:
        # Connect the Celery signal handlers that carry the request id.
        from tts_common import logging as _logging  # noqa: F401
