from django.apps import AppConfig


class RequestersConfig(AppConfig):
    name = "requesters"
    default_auto_field = "django.db.models.BigAutoField"
