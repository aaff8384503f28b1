from django.apps import AppConfig


class TtsCommonConfig(AppConfig):
    name = "tts_common"
    label = "tts_common"
    verbose_name = "TTS common"

    def ready(self) -> None:
        # Connect the Celery signal handlers that carry the request id.
        from tts_common import logging as _logging  # noqa: F401
        from tts_common import schema as _schema  # noqa: F401 (registers the bearer JWT scheme with drf-spectacular)
        from tts_common.fields import strict_serializer_fields

        # Every serializer of every service: a number where a string is declared is a 400, so is 0 for a boolean.
        strict_serializer_fields()
