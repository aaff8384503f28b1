"""Serializer fields with the bounds the database has."""

from rest_framework import serializers

# PostgreSQL bigint; every id column is one (DEFAULT_AUTO_FIELD is BigAutoField).
BIGINT_MAX = 2**63 - 1


class IdField(serializers.IntegerField):
    """An id given in a body: a whole number from 1 to 2**63 - 1, else a 400 naming the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)
