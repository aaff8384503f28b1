from django.apps import AppConfig


class RbacConfig(AppConfig):
    name = "rbac"
    verbose_name = "Systems and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rbac import signals  # noqa: F401
