from django.apps import AppConfig


class DeadLetterConfig(AppConfig):
    name = "tts_common.deadletter"
    label = "deadletter"
    verbose_name = "Dead letters"
    default_auto_field = "django.db.models.BigAutoField"
