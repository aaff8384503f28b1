"""Serializer fields with the bounds the database has, and strings that are strings.

DRF's ``CharField`` (and so ``EmailField``, ``SlugField``, ``URLField``,
``RegexField`` and every field ``ModelSerializer`` makes for a ``CharField`` or
``TextField``) takes the JSON numbers ``42`` and ``4.2`` where a string is
declared and stores ``"42"``; the OpenAPI schema says ``type: string``. DRF has
no setting for it, so :func:`refuse_numbers_for_strings` makes ``CharField``
refuse them, for every serializer of every service at once: tts_common's
``AppConfig.ready`` calls it. A number is then a 400 naming the field,
``"Not a valid string."``. Form and multipart bodies are text and unaffected.
"""

from rest_framework import serializers

# PostgreSQL bigint; every id column is one (DEFAULT_AUTO_FIELD is BigAutoField).
BIGINT_MAX = 2**63 - 1


class IdField(serializers.IntegerField):
    """An id given in a body: a whole number from 1 to 2**63 - 1, else a 400 naming the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)


_lenient_to_internal_value = serializers.CharField.to_internal_value


def _strict_to_internal_value(self, data):
    if not isinstance(data, str):
        self.fail("invalid")
    return _lenient_to_internal_value(self, data)


def refuse_numbers_for_strings() -> None:
    """Make DRF's ``CharField`` and its subclasses take only strings (module docstring). Idempotent."""
    serializers.CharField.to_internal_value = _strict_to_internal_value
