from django.apps import AppConfig


class SavedViewsConfig(AppConfig):
    name = "savedviews"
    default_auto_field = "django.db.models.BigAutoField"
