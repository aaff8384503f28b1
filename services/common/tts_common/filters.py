"""Query parameters that are what the schema says, or a 400 naming them.

Every filter's value is validated by its form field; an invalid one is the 400
validation problem ``{"errors": {"priority": ["Select a valid choice. ..."]}}``
(django-filter's ``raise_exception``, on by default in :class:`FilterBackend`).
Beyond django-filter's own checks (choices, numbers, ids):

- a boolean filter takes ``true`` or ``false`` (any case) and nothing else:
  django-filter's reads ``?is_active=494`` as "no filter" and answers 200
  (:class:`StrictBooleanField`, applied by :class:`FilterSet` to declared and
  generated boolean filters alike);
- ``?ordering=`` names only the fields a view lists in ``ordering_fields``
  (``-`` for descending, commas between): DRF's ``OrderingFilter`` drops an
  unknown one silently, and reads ``?ordering=`` or ``?ordering=,,`` as the
  default order; :class:`OrderingFilter` answers 400 naming ``ordering`` for
  each and declares the choices (at least one) in the schema.

- a filter on an integer column takes a whole number (django-filter's takes
  ``0.5`` and finds nothing): :class:`IntegerFilter`;
- a parameter sent empty (``?since=``) is a 400 unless its filter takes free
  text: django-filter reads it as "no filter" where the schema says a
  datetime, a number, a choice or a boolean.

Datetime filters accept every valid ISO 8601 offset:

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
from django_filters import filters as django_filters
from rest_framework import exceptions
from rest_framework import filters as drf_filters

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


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (any case), else ``ValidationError`` (code ``invalid``); absent or empty is no filter."""

    default_error_messages = {"invalid": "Must be true or false."}
    VALUES = {"true": True, "false": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BooleanFilter(rest_framework.BooleanFilter):
    """django-filter's boolean filter with :class:`StrictBooleanField`."""

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = forms.TextInput  # the text as sent: django-filter's widget turns "494" into None
        super().__init__(*args, **kwargs)


def _make_strict(boolean_filter: rest_framework.BooleanFilter) -> None:
    boolean_filter.field_class = StrictBooleanField
    boolean_filter.extra["widget"] = forms.TextInput
    boolean_filter.__dict__.pop("_field", None)


FILTER_FOR_DBFIELD_DEFAULTS = deepcopy(rest_framework.FilterSet.FILTER_DEFAULTS)
FILTER_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {"filter_class": IsoDateTimeFilter}
FILTER_FOR_DBFIELD_DEFAULTS[models.BooleanField] = {"filter_class": BooleanFilter}


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's number filter takes ``0.5`` for an integer column and finds nothing)."""

    field_class = forms.IntegerField


# Every integer column: django-filter names several (PositiveIntegerField...) itself; the rest are subclasses.
for _column in [models.IntegerField, models.AutoField, *FILTER_FOR_DBFIELD_DEFAULTS]:
    if issubclass(_column, models.IntegerField | models.AutoField):
        FILTER_FOR_DBFIELD_DEFAULTS[_column] = {"filter_class": IntegerFilter}
BLANK_MESSAGE = "Give a value, or leave the parameter out."


def takes_blank(declared: django_filters.Filter) -> bool:
    """Whether an empty value is a value of this filter: only free text is (``?ticket_number=``)."""
    return isinstance(declared, django_filters.CharFilter) and not isinstance(declared, django_filters.BaseCSVFilter)


class FilterSet(rest_framework.FilterSet):
    """django-filter's DRF ``FilterSet`` whose generated datetime filters convert to UTC and whose
    boolean filters, declared (``django_filters.BooleanFilter`` too) or generated, are strict."""

    FILTER_DEFAULTS = FILTER_FOR_DBFIELD_DEFAULTS

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for declared in filters.values():
            if isinstance(declared, django_filters.BooleanFilter):
                _make_strict(declared)
        return filters

    def is_valid(self) -> bool:
        """django-filter's, and a parameter sent empty (``?since=``) is refused unless its filter takes free text:
        django-filter reads it as "no filter", the schema says a datetime, number, choice or boolean."""
        if self.is_bound:
            for name, declared in self.filters.items():
                if name in self.data and self.data.get(name) == "" and not takes_blank(declared):
                    self.form.add_error(name, forms.ValidationError(BLANK_MESSAGE, code="blank"))
        return super().is_valid()


class FilterBackend(rest_framework.DjangoFilterBackend):
    """``DEFAULT_FILTER_BACKENDS``: filter sets made from a view's ``filterset_fields`` use :class:`FilterSet` too."""

    filterset_base = FilterSet


class OrderingFilter(drf_filters.OrderingFilter):
    """``DEFAULT_FILTER_BACKENDS``' ordering: ``?ordering=-received_at,id`` over the view's
    ``ordering_fields`` (spaces around a term are dropped, as DRF drops them). Each of these
    is a 400 naming ``ordering``:

    - an unknown field: ``"Unknown field: x. Choose from: id, -id, ..."``;
    - the parameter sent empty (``?ordering=``), like every typed parameter: :data:`BLANK_MESSAGE`;
    - an empty term (``?ordering=id,,-id``, ``?ordering=,``): ``"Name a field between every two commas."``.

    Leave the parameter out for the view's default order.
    """

    EMPTY_TERM_MESSAGE = "Name a field between every two commas."

    def get_ordering(self, request, queryset, view):
        if self.ordering_param not in request.query_params:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in request.query_params[self.ordering_param].split(",")]
        return self.remove_invalid_fields(queryset, terms, view, request)

    def remove_invalid_fields(self, queryset, fields, view, request):
        """``fields`` as they are, or ``ValidationError`` naming ``ordering`` (class docstring)."""
        if fields == [""]:
            self._refuse(BLANK_MESSAGE)
        if "" in fields:
            self._refuse(self.EMPTY_TERM_MESSAGE)
        valid = self.choices(queryset, view, request)
        unknown = [term for term in fields if term not in valid]
        if unknown:
            self._refuse(f"Unknown field: {unknown[0]}. Choose from: {', '.join(valid)}.")
        return fields

    def _refuse(self, message: str):
        raise exceptions.ValidationError({self.ordering_param: [exceptions.ErrorDetail(message, code="invalid")]})

    def choices(self, queryset, view, request=None) -> list[str]:
        """Every value one term may take: each valid field, ascending and descending."""
        names = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
        return [value for name in names for value in (name, f"-{name}")]

    def get_schema_operation_parameters(self, view):
        try:
            choices = self.choices(getattr(view, "queryset", None), view)
        except Exception:
            return super().get_schema_operation_parameters(view)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort by these fields, in order; a leading - sorts descending.",
                "schema": {"type": "array", "items": {"type": "string", "enum": choices}, "minItems": 1},
                "style": "form",
                "explode": False,
            }
        ]


__all__ = [
    "BooleanFilter",
    "FilterBackend",
    "FilterSet",
    "IntegerFilter",
    "IsoDateTimeFilter",
    "OrderingFilter",
    "StrictBooleanField",
    "UtcIsoDateTimeField",
]
