from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Role replica"
    default_auto_field = "django.db.models.BigAutoField"
