"""Strings are strings and booleans booleans: DRF's CharField and BooleanField, strict for every serializer (tts_common.fields)."""

from urllib.parse import urlencode

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


class Flags(serializers.Serializer):
    required_flag = serializers.BooleanField()
    defaulted = serializers.BooleanField(default=True)
    optional = serializers.BooleanField(required=False)
    nullable = serializers.BooleanField(required=False, allow_null=True)


@pytest.mark.parametrize("body", [QueryDict(""), QueryDict("other=1"), {}])
def test_a_required_boolean_missing_from_a_form_or_json_body_is_a_400_naming_it(body):
    serializer = Flags(data=body)

    assert not serializer.is_valid()
    assert serializer.errors == {"required_flag": ["This field is required."]}
    assert serializer.errors["required_flag"][0].code == "required"


@pytest.mark.parametrize("body", [QueryDict("required_flag=false"), {"required_flag": False}])
def test_an_optional_boolean_missing_from_a_form_is_its_default_or_left_out_as_in_json(body):
    serializer = Flags(data=body)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"required_flag": False, "defaulted": True}


def test_a_boolean_missing_from_a_partial_form_is_left_alone():
    serializer = Flags(data=QueryDict("optional=true"), partial=True)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"optional": True}


@given(
    st.fixed_dictionaries(
        {},
        optional={name: st.sampled_from(["true", "false", "TRUE", "False"]) for name in ["required_flag", "defaulted", "optional"]},
    )
)
def test_a_form_is_read_as_the_same_json_object_would_be(fields):
    as_form = Flags(data=QueryDict(urlencode(fields)))
    as_json = Flags(data={name: value.lower() == "true" for name, value in fields.items()})

    assert as_form.is_valid() is as_json.is_valid()
    assert (as_form.validated_data if as_form.is_valid() else as_form.errors) == (
        as_json.validated_data if as_json.is_valid() else as_json.errors
    )
