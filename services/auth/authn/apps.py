from django.apps import AppConfig


class AuthnConfig(AppConfig):
    name = "authn"
    verbose_name = "Sign-in"
    default_auto_field = "django.db.models.BigAutoField"
