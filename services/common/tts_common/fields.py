"""Serializer fields with the bounds the database has, strings that are strings, booleans that are booleans.

DRF's ``CharField`` (and so ``EmailField``, ``SlugField``, ``URLField``,
``RegexField`` and every field ``ModelSerializer`` makes for a ``CharField`` or
``TextField``) takes the JSON numbers ``42`` and ``4.2`` where a string is
declared and stores ``"42"``; its ``BooleanField`` takes ``0``, ``1``, ``"yes"``,
``"off"``, ``"t"``... The OpenAPI schema says ``type: string`` and ``type:
boolean``. DRF has no setting for either, so :func:`strict_serializer_fields`
makes both refuse what the schema does not allow, for every serializer of every
service at once: tts_common's ``AppConfig.ready`` calls it.

- A string field takes a string only: else a 400 naming the field, ``"Not a valid string."``.
- A boolean field takes ``true`` or ``false`` only; as text (a form or multipart
  field, where everything is text) ``"true"`` or ``"false"`` in any case: else a
  400 naming the field, ``"Must be a valid boolean."``.
- A boolean field missing from a form or multipart body is missing, as in JSON:
  required, a 400 naming it (``"This field is required."``); optional, its
  ``default`` or left out. DRF read it as ``false`` (an unchecked HTML checkbox
  sends nothing), so a form without a required flag answered it as false.
"""

from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

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


_BOOLEAN_TEXT = {"true": True, "false": False}


def _strict_boolean(self, data):
    if isinstance(data, bool):
        return data
    if isinstance(data, str) and data.strip().lower() in _BOOLEAN_TEXT:
        return _BOOLEAN_TEXT[data.strip().lower()]
    self.fail("invalid", input=data)


_form_boolean_value = serializers.BooleanField.get_value


def _boolean_value(self, dictionary):
    if html.is_html_input(dictionary) and self.field_name not in dictionary:
        return empty  # missing, not false: required -> 400, else the default or left out
    return _form_boolean_value(self, dictionary)


def strict_serializer_fields() -> None:
    """Make DRF's ``CharField`` (and subclasses) and ``BooleanField`` strict (module docstring). Idempotent."""
    serializers.CharField.to_internal_value = _strict_to_internal_value
    serializers.BooleanField.to_internal_value = _strict_boolean
    serializers.BooleanField.get_value = _boolean_value
