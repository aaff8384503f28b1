"""The shared input layer: parsers, query middleware, datetime filters and the error shape.

Runs on SQLite in the unit pass and on PostgreSQL in the real pass, where NUL
and a -20:00 offset used to reach the database and fail with a 500.
"""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tts_common.limits import MAX_QUERY_STRING_BYTES
from tts_common.outbox.models import OutboxMessage
from tts_common.validation import MAX_JSON_DEPTH

NUL_REFUSED = ["Null characters are not allowed."]


def nested(depth: int):
    value: object = "leaf"
    for _ in range(depth):
        value = [value]
    return value


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def post_json(client, path, body_text: str):
    return client.post(path, data=body_text, content_type="application/json")


class TestJsonBodies:
    def test_a_nul_in_a_nested_extra_is_refused_naming_its_path(self, client):
        body = json.dumps({"subject": "ok", "extras": {"asset_name": "lap\x00top"}, "employee": {"first_name": "\x00"}})

        response = post_json(client, "/echo/", body)

        assert response.status_code == 400
        assert response.json()["errors"] == {"extras.asset_name": NUL_REFUSED, "employee.first_name": NUL_REFUSED}

    def test_nul_in_a_key_and_in_a_list_item_are_named(self, client):
        response = post_json(client, "/echo/", json.dumps({"steps": [{"name": "a"}, {"na\x00me": "b"}], "tags": ["x", "\x00"]}))

        assert response.status_code == 400
        assert response.json()["errors"] == {"steps.1.na\\u0000me": NUL_REFUSED, "tags.1": NUL_REFUSED}

    def test_a_lone_surrogate_is_refused(self, client):
        response = post_json(client, "/echo/", '{"subject": "\\ud800"}')

        assert response.status_code == 400
        assert response.json()["errors"] == {"subject": ["Surrogate characters are not allowed: U+D800."]}

    def test_a_bare_string_body_with_nul_is_refused(self, client):
        response = post_json(client, "/echo/", '"\\u0000"')

        assert response.status_code == 400
        assert response.json()["errors"] == {"non_field_errors": NUL_REFUSED}

    @pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 10_000, 100_000])
    def test_deep_json_is_a_400_not_a_500(self, client, depth):
        response = post_json(client, "/echo/", "[" * depth + "]" * depth)

        assert response.status_code == 400
        assert "nested deeper than 64 levels" in response.json()["detail"]
        assert response.json()["request_id"] == response["X-Request-ID"]

    def test_json_at_the_depth_limit_is_accepted(self, client):
        response = post_json(client, "/echo/", json.dumps({"v": nested(MAX_JSON_DEPTH - 1)}))

        assert response.status_code == 200

    def test_a_body_over_the_memory_limit_is_a_413(self, client, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

        response = post_json(client, "/echo/", json.dumps({"text": "x" * 2000}))

        assert response.status_code == 413
        assert response.json()["request_id"] == response["X-Request-ID"]

    def test_malformed_json_keeps_drf_parse_error_with_request_id(self, client):
        response = post_json(client, "/echo/", "{")

        assert response.status_code == 400
        assert response.json()["detail"].startswith("JSON parse error")
        assert response.json()["request_id"]


class TestFormsAndUploads:
    def test_a_nul_in_a_form_field_is_refused(self, client):
        response = client.post("/echo/", data="subject=a%00b&ok=1", content_type="application/x-www-form-urlencoded")

        assert response.status_code == 400
        assert response.json()["errors"] == {"subject": NUL_REFUSED}

    def test_a_nul_in_a_multipart_text_field_is_refused(self, client):
        response = client.post("/echo/", data={"subject": "a\x00b"})

        assert response.status_code == 400
        assert response.json()["errors"] == {"subject": NUL_REFUSED}

    def test_binary_file_content_with_nul_bytes_is_accepted(self, client):
        upload = SimpleUploadedFile("scan.bin", b"\x00\x01\x02\x00" * 100, content_type="application/octet-stream")

        response = client.post("/echo/", data={"subject": "scan", "attachments": upload})

        assert response.status_code == 200
        assert response.json()["files"] == {"attachments": [{"name": "scan.bin", "size": 400}]}

    @pytest.mark.parametrize("body", ["True", "[1, 2]", "--x--\r\n"])
    def test_a_multipart_body_with_no_part_is_a_parse_error_not_an_empty_form(self, client, body):
        response = client.patch("/echo/", data=body, content_type="multipart/form-data; boundary=x")

        assert response.status_code == 400
        assert response.json()["code"] == "parse_error"

    def test_an_empty_multipart_body_is_an_empty_form(self, client):
        response = client.patch("/echo/", data="", content_type="multipart/form-data; boundary=x")

        assert response.status_code == 200
        assert response.json()["data"] == {}


class TestUrls:
    def test_a_nul_in_a_query_parameter_is_refused_naming_it(self, client):
        response = client.get("/echo/?ticket_id=T%00X&page=1")

        assert response.status_code == 400
        assert response.json()["errors"] == {"ticket_id": NUL_REFUSED}

    def test_a_query_string_over_the_limit_is_the_414_problem_and_one_at_it_is_read(self, client):
        at_limit = "ticket_id=" + "x" * (MAX_QUERY_STRING_BYTES - len("ticket_id="))

        over = client.get("/echo/?" + at_limit + "x", HTTP_X_REQUEST_ID="req-414")
        assert over.status_code == 414
        assert over["Content-Type"] == "application/problem+json"
        assert over.json()["code"] == "uri_too_long"
        assert over.json()["request_id"] == "req-414"
        assert client.get("/echo/?" + at_limit).status_code == 200

    def test_a_nul_in_the_path_is_refused(self, client):
        response = client.get("/items/a%00b/")

        assert response.status_code == 400
        assert response.json()["detail"] == "URL path: Null characters are not allowed."


@pytest.mark.django_db
class TestDatetimeFilters:
    """On PostgreSQL (real pass) an offset beyond ±15:59 used to reach the server and fail."""

    def test_an_offset_postgresql_does_not_accept_is_converted_to_utc(self, client):
        OutboxMessage.objects.create(task_name="t")

        response = client.get("/outbox/", {"since": "2026-01-01T00:00:00-20:00"})
        earlier = client.get("/outbox/", {"since": "2000-01-01T00:00:00-23:59"})

        assert response.status_code == 200
        assert earlier.status_code == 200
        assert earlier.json()["count"] == 1

    def test_a_generated_datetime_filter_converts_too(self, client):
        response = client.get("/outbox/", {"published_at__lt": "2026-01-01T00:00:00+23:00"})

        assert response.status_code == 200

    def test_a_plus_sent_unescaped_reads_as_the_offset(self, client):
        OutboxMessage.objects.create(task_name="t")

        response = client.get("/outbox/?since=2000-01-01T10:00:00+05:00")

        assert response.status_code == 200
        assert response.json()["count"] == 1

    @pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "yesterday", "2026-13-01T00:00:00Z"])
    def test_a_datetime_out_of_range_or_invalid_is_a_400_naming_the_parameter(self, client, value):
        response = client.get("/outbox/", {"since": value})

        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["since"]


class TestServerErrors:
    @pytest.mark.parametrize("debug", [True, False])
    def test_a_suspicious_request_outside_drf_is_a_json_400(self, client, settings, debug):
        settings.DEBUG = debug
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2

        response = client.post(
            "/explode-plain/", data="a=1&b=2&c=3", content_type="application/x-www-form-urlencoded", HTTP_ACCEPT="text/html"
        )

        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert response.json() == {
            "type": "urn:tts:problem:bad_request",
            "title": "Bad Request",
            "status": 400,
            "detail": "Bad request",
            "code": "bad_request",
            "request_id": response["X-Request-ID"],
        }

    @pytest.mark.parametrize("debug", [True, False])
    def test_an_unknown_path_is_a_json_404_never_the_debug_page_of_url_patterns(self, client, settings, debug):
        settings.DEBUG = debug

        response = client.get("/no-such-page/", HTTP_ACCEPT="text/html", HTTP_X_REQUEST_ID="req-404-test")

        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json() == {
            "type": "urn:tts:problem:not_found",
            "title": "Not Found",
            "status": 404,
            "detail": "Not found.",
            "code": "not_found",
            "request_id": "req-404-test",
        }

    @pytest.mark.parametrize("path", ["/explode/", "/explode-plain/"])
    @pytest.mark.parametrize("debug", [True, False])
    def test_a_500_is_json_with_the_request_id_never_the_debug_page(self, client, settings, caplog, path, debug):
        settings.DEBUG = debug

        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = client.get(path, HTTP_ACCEPT="text/html", HTTP_X_REQUEST_ID="req-500-test")

        assert response.status_code == 500
        assert response["Content-Type"] == "application/problem+json"
        assert response.json() == {
            "type": "urn:tts:problem:server_error",
            "title": "Internal Server Error",
            "status": 500,
            "detail": "Internal server error",
            "code": "server_error",
            "request_id": "req-500-test",
        }
        assert response["X-Request-ID"] == "req-500-test"
        logged = [record for record in caplog.records if record.exc_info]
        assert logged, "the traceback is still logged"
        assert "a bug in" in str(logged[-1].exc_info[1])


def test_a_number_that_parses_as_infinity_is_refused_naming_it(client):
    response = post_json(client, "/echo/", '{"budget": {"amount": 1e400}}')

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["budget.amount"]


def test_a_datetime_in_a_body_is_converted_to_utc_by_drf():
    from datetime import UTC, datetime

    from rest_framework import serializers

    field = serializers.DateTimeField()

    assert field.to_internal_value("2026-01-01T00:00:00-20:00") == datetime(2026, 1, 1, 20, 0, tzinfo=UTC)
    with pytest.raises(serializers.ValidationError):
        field.to_internal_value("0001-01-01T00:00:00+05:00")
