"""Reading configuration from the environment (twelve-factor)."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value in (None, ""):
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def is_production() -> bool:
    return (env_str("DJANGO_ENV", "development") or "").lower() == "production"


def env_secret(name: str, development_default: str) -> str:
    """A secret: required in production, a fixed insecure value in development."""
    value = env_str(name)
    if value:
        return value
    if is_production():
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production")
    return development_default
