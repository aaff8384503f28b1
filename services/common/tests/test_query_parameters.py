"""Strict query parameters: filters, ordering and pagination answer 400 naming the parameter."""

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import given, settings
from hypothesis import strategies as st

from tts_common.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def rows():
    waiting = OutboxMessage.objects.create(task_name="b")
    parked = OutboxMessage.objects.create(task_name="a", parked_at=timezone.now())
    return waiting, parked


def refused(response, parameter: str) -> str:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [parameter]
    assert body["detail"].startswith(f"{parameter}: ")
    return body["errors"][parameter][0]


class TestBooleanFilters:
    @pytest.mark.parametrize(("value", "expected"), [("true", "parked"), ("false", "waiting"), ("TRUE", "parked")])
    def test_true_and_false_filter(self, client, rows, value, expected):
        waiting, parked = rows

        response = client.get("/outbox/", {"parked": value})

        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [{"parked": parked, "waiting": waiting}[expected].id]

    @pytest.mark.parametrize("value", ["494", "yes", "1", "0", "null", "truefalse"])
    def test_anything_else_is_refused_naming_the_parameter(self, client, value):
        assert refused(client.get("/outbox/", {"parked": value}), "parked") == "Must be true or false."

    def test_absent_is_no_filter(self, client, rows):
        response = client.get("/outbox/")

        assert response.status_code == 200
        assert response.json()["count"] == 2


class TestTypedFilters:
    @pytest.mark.parametrize("parameter", ["parked", "since", "attempts", "published_at__lt"])
    def test_a_typed_parameter_sent_empty_is_refused_not_read_as_no_filter(self, client, parameter):
        assert refused(client.get("/outbox/", {parameter: ""}), parameter) == "Give a value, or leave the parameter out."

    def test_an_empty_free_text_parameter_is_still_taken(self, client, rows):
        assert client.get("/outbox/", {"task_name": ""}).status_code == 200

    @pytest.mark.parametrize("value", ["0.5", "1e3", "one"])
    def test_an_integer_column_takes_whole_numbers_only(self, client, value):
        refused(client.get("/outbox/", {"attempts": value}), "attempts")

    def test_a_whole_number_filters(self, client, rows):
        waiting, _parked = rows
        OutboxMessage.objects.filter(pk=waiting.pk).update(attempts=3)

        body = client.get("/outbox/", {"attempts": "3"}).json()

        assert [row["id"] for row in body["results"]] == [waiting.id]


class TestOrdering:
    def test_a_listed_field_orders_either_way(self, client, rows):
        waiting, parked = rows

        ascending = client.get("/outbox/", {"ordering": "id"}).json()["results"]
        descending = client.get("/outbox/", {"ordering": "-created_at,id"}).json()["results"]

        assert [row["id"] for row in ascending] == [waiting.id, parked.id]
        assert [row["id"] for row in descending] == [parked.id, waiting.id]

    @pytest.mark.parametrize("value", ["task_name", "id,nope", "--id", "password"])
    def test_an_unknown_field_is_refused_naming_ordering(self, client, value):
        message = refused(client.get("/outbox/", {"ordering": value}), "ordering")

        assert message.startswith("Unknown field: ")
        assert message.endswith("Choose from: id, -id, created_at, -created_at.")

    def test_sent_empty_it_is_refused_like_every_typed_parameter(self, client, rows):
        assert refused(client.get("/outbox/?ordering="), "ordering") == "Give a value, or leave the parameter out."

    @pytest.mark.parametrize("value", [",,,,", ",", "id,", ",id", "id,,-created_at", "id, ,created_at"])
    def test_an_empty_term_is_refused_not_skipped(self, client, value):
        assert refused(client.get("/outbox/", {"ordering": value}), "ordering") == "Name a field between every two commas."

    def test_left_out_it_is_the_default_order(self, client, rows):
        assert client.get("/outbox/").status_code == 200

    def test_spaces_around_a_term_are_dropped(self, client, rows):
        waiting, parked = rows

        body = client.get("/outbox/", {"ordering": " -id , created_at"}).json()

        assert [row["id"] for row in body["results"]] == [parked.id, waiting.id]

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.sampled_from(["id", "-id", "created_at", "-created_at", "", " ", "nope", "--id", "task_name"])
            | st.text(alphabet=st.characters(codec="utf-8", exclude_characters=","), max_size=8),
            max_size=5,
        )
    )
    def test_any_ordering_is_taken_exactly_when_every_term_names_a_listed_field(self, terms):
        value = ",".join(terms)
        response = Client().get("/outbox/", {"ordering": value})

        taken = all(term.strip() in {"id", "-id", "created_at", "-created_at"} for term in value.split(","))
        assert response.status_code == (200 if taken else 400), (value, response.content)
        if not taken:
            assert list(response.json()["errors"]) == ["ordering"]


class TestPagination:
    @pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "1e3", ""])
    def test_a_page_that_is_not_a_whole_number_from_1_is_refused(self, client, value):
        refused(client.get("/outbox/", {"page": value}), "page")

    @pytest.mark.parametrize("value", ["abc", "0", "201", "-5", ""])
    def test_a_page_size_outside_1_to_200_is_refused(self, client, value):
        refused(client.get("/outbox/", {"page_size": value}), "page_size")

    def test_a_page_past_the_last_is_a_404(self, client, rows):
        response = client.get("/outbox/", {"page": "3", "page_size": "1"})

        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_page_size_and_page_in_range_are_taken(self, client, rows):
        body = client.get("/outbox/", {"page": "2", "page_size": "1"}).json()

        assert body["count"] == 2
        assert len(body["results"]) == 1
        assert body["previous"] is not None

    @settings(max_examples=30, deadline=None)
    @given(st.integers(min_value=-(2**70), max_value=2**70) | st.integers(min_value=-3, max_value=203))
    def test_a_whole_page_size_is_taken_in_range_and_refused_outside(self, number):
        response = Client().get("/outbox/", {"page_size": str(number)})

        assert response.status_code == (200 if 1 <= number <= 200 else 400), response.content

    @settings(max_examples=30, deadline=None)
    @given(st.text(alphabet=st.characters(categories=["L", "P", "S"]), min_size=1, max_size=6))
    def test_words_are_refused_never_ignored(self, word):
        assert Client().get("/outbox/", {"page_size": word, "page": word}).status_code == 400


def test_the_schema_declares_the_bounds_and_the_ordering_choices():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {parameter["name"]: parameter for parameter in schema["paths"]["/outbox/"]["get"]["parameters"]}

    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 25}
    assert parameters["ordering"]["schema"] == {
        "type": "array",
        "items": {"type": "string", "enum": ["id", "-id", "created_at", "-created_at"]},
        "minItems": 1,
    }
    assert parameters["ordering"]["explode"] is False
    assert parameters["parked"]["schema"] == {"type": "boolean"}
    assert parameters["attempts"]["schema"] == {"type": "integer"}
    assert "404" in schema["paths"]["/outbox/"]["get"]["responses"]
