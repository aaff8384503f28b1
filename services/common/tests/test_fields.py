"""Strings are strings and booleans booleans: DRF's CharField and BooleanField, strict for every serializer (tts_common.fields)."""

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers

from tts_common.outbox.models import OutboxMessage


class Declared(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField(required=False)
    slug = serializers.SlugField(required=False)
    flag = serializers.BooleanField(required=False)


class Generated(serializers.ModelSerializer):
    class Meta:
        model = OutboxMessage
        fields = ["task_name", "last_error"]


not_strings = st.integers() | st.floats(allow_nan=False) | st.booleans() | st.lists(st.text(), max_size=2)


@given(not_strings)
def test_a_declared_char_field_refuses_anything_but_a_string(value):
    serializer = Declared(data={"name": value})

    assert not serializer.is_valid()
    assert serializer.errors["name"] == ["Not a valid string."]


def test_its_subclasses_refuse_numbers_too():
    serializer = Declared(data={"name": "ok", "slug": 42})  # "42" is a valid slug

    assert not serializer.is_valid()
    assert list(serializer.errors) == ["slug"]
    assert serializer.errors["slug"][0].code == "invalid"


@pytest.mark.parametrize("field", ["task_name", "last_error"])
def test_a_field_a_model_serializer_makes_for_a_char_or_text_column_refuses_numbers(field):
    serializer = Generated(data={"task_name": "t", field: 4.2})

    assert not serializer.is_valid()
    assert serializer.errors == {field: ["Not a valid string."]}


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1).filter(str.strip))
def test_a_string_is_taken_as_before(text):
    serializer = Declared(data={"name": text})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["name"] == text.strip()


def test_form_bodies_are_text_and_still_taken():
    serializer = Declared(data=QueryDict("name=42"))

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["name"] == "42"


@pytest.mark.parametrize("value", [0, 1, 0.0, "1", "0", "yes", "off", "t", "", [], {}])
def test_a_boolean_field_refuses_anything_but_true_or_false(value):
    serializer = Declared(data={"name": "ok", "flag": value})

    assert not serializer.is_valid()
    assert list(serializer.errors) == ["flag"]


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False), ("true", True), ("FALSE", False)])
def test_a_boolean_is_taken_as_json_or_as_the_text_of_a_form(value, expected):
    serializer = Declared(data={"name": "ok", "flag": value})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["flag"] is expected
