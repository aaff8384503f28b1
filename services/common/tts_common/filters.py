"""Datetime filters that accept every valid ISO 8601 offset.

django-filter's ``IsoDateTimeFilter`` keeps the offset it was given, and
PostgreSQL refuses offsets beyond ±15:59 (``2026-01-01T00:00:00-20:00`` is
valid ISO 8601, and Python parses it): the query failed with a 500. Here every
value is converted to UTC before it reaches the database, and a value that
cannot be (a datetime whose UTC form falls outside years 1 to 9999) is a 400
naming the parameter.

Use :class:`IsoDateTimeFilter` for declared filters and :class:`FilterSet` as
the base of every filter set, so that filters generated for model
``DateTimeField``s get the same treatment.
"""

import re
from copy import deepcopy
from datetime import UTC

from django import forms
from django.db import models
from django_filters import fields, rest_framework

# In a query string an unescaped "+" arrives as a space: "...T10:00:00 05:00" meant "+05:00".
_OFFSET_SENT_AS_SPACE = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


class UtcIsoDateTimeField(fields.IsoDateTimeField):
    """An ISO 8601 datetime, returned as an aware datetime in UTC.

    Naive values are read in the current time zone (UTC in every service).
    Raises ``ValidationError`` (code ``invalid``) when the text is not a
    datetime or its UTC form is out of Python's range.
    """

    def to_python(self, value):
        if isinstance(value, str):
            value = _OFFSET_SENT_AS_SPACE.sub(r"\1+\2", value.strip())
        result = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class IsoDateTimeFilter(rest_framework.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


FILTER_FOR_DBFIELD_DEFAULTS = deepcopy(rest_framework.FilterSet.FILTER_DEFAULTS)
FILTER_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {"filter_class": IsoDateTimeFilter}


class FilterSet(rest_framework.FilterSet):
    """django-filter's DRF ``FilterSet`` whose generated datetime filters convert to UTC."""

    FILTER_DEFAULTS = FILTER_FOR_DBFIELD_DEFAULTS


class FilterBackend(rest_framework.DjangoFilterBackend):
    """``DEFAULT_FILTER_BACKENDS``: filter sets made from a view's ``filterset_fields`` use :class:`FilterSet` too."""

    filterset_base = FilterSet


__all__ = ["FilterBackend", "FilterSet", "IsoDateTimeFilter", "UtcIsoDateTimeField"]
