"""The problem details every error response is (tts_common.errors)."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tts_common.errors import PROBLEM_CONTENT_TYPE, first_error, problem, validation_problem, validation_summary

MEMBERS = {"type", "title", "status", "detail", "code", "request_id"}


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert set(body) >= MEMBERS
    assert body["status"] == status
    assert body["type"] == f"urn:tts:problem:{body['code']}"
    assert body["request_id"] == response["X-Request-ID"]
    return body


@pytest.mark.parametrize("prefix", ["/raise/", "/raise-plain/"])
class TestDomainErrors:
    def test_a_domain_error_with_a_field_is_a_validation_problem_naming_it(self, client, prefix):
        body = problem_of(client.get(prefix + "domain-field/"), 400)

        assert body["code"] == "invalid"
        assert body["title"] == "Bad Request"
        assert body["detail"] == "name: Name is taken."
        assert body["errors"] == {"name": ["Name is taken."]}

    def test_a_domain_error_keeps_its_code_and_extension_members(self, client, prefix):
        body = problem_of(client.get(prefix + "domain-code/"), 400)

        assert body["code"] == "not_deployable"
        assert body["detail"] == "Cannot deploy."
        assert body["problems"] == ["no steps"]
        assert "errors" not in body

    @pytest.mark.parametrize(
        ("kind", "status", "code"),
        [("not-found", 404, "not_found"), ("conflict", 409, "already_claimed"), ("forbidden", 403, "permission_denied")],
    )
    def test_the_subclasses_have_their_status_and_code(self, client, prefix, kind, status, code):
        body = problem_of(client.get(f"{prefix}{kind}/"), status)

        assert body["code"] == code
        assert "errors" not in body


class TestDrfErrors:
    def test_djangos_validation_error_from_a_service_is_a_400_with_its_message_dict(self, client):
        body = problem_of(client.get("/raise/django-dict/"), 400)

        assert body["errors"] == {"email": ["Enter a valid email address."], "non_field_errors": ["Both at once."]}
        assert body["detail"] == "email: Enter a valid email address."

    def test_djangos_validation_error_without_fields_is_non_field_errors(self, client):
        body = problem_of(client.get("/raise/django-list/"), 400)

        assert body["errors"] == {"non_field_errors": ["Not now."]}
        assert body["detail"] == "Not now."

    def test_nested_field_errors_keep_drfs_nesting_and_the_detail_names_the_path(self, client):
        body = problem_of(client.get("/raise/nested/"), 400)

        assert body["errors"] == {"steps": [{}, {"name": ["This field is required."]}]}
        assert body["detail"] == "steps.1.name: This field is required."

    def test_a_throttled_request_keeps_retry_after(self, client):
        response = client.get("/raise/throttled/")
        body = problem_of(response, 429)

        assert body["code"] == "throttled"
        assert response["Retry-After"] == "7"

    def test_an_anonymous_request_is_a_401_with_www_authenticate(self, client):
        response = client.get("/whoami/")
        body = problem_of(response, 401)

        assert body["code"] == "not_authenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_a_bad_token_is_a_401_and_simplejwts_dict_detail_becomes_detail_and_code(self, client):
        response = client.get("/raise/simplejwt-dict/")
        body = problem_of(response, 401)

        assert body["code"] == "token_not_valid"
        assert body["detail"] == "Token is invalid"

    def test_an_error_is_problem_json_even_when_the_browser_asks_for_html(self, client):
        body = problem_of(client.get("/whoami/", HTTP_ACCEPT="text/html"), 401)

        assert body["code"] == "not_authenticated"

    def test_a_method_not_allowed_is_a_problem(self, client):
        body = problem_of(client.delete("/echo/"), 405)

        assert body["code"] == "method_not_allowed"

    @pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
    def test_a_form_body_where_only_json_is_taken_is_a_415(self, client, content_type):
        body = problem_of(client.post("/echo-json/", data="flag=0", content_type=content_type), 415)

        assert body["code"] == "unsupported_media_type"

    def test_json_is_taken_there(self, client):
        response = client.post("/echo-json/", data='{"flag": false}', content_type="application/json")

        assert response.status_code == 200
        assert response.json() == {"data": {"flag": False}}

    def test_malformed_json_is_a_parse_error(self, client):
        body = problem_of(client.post("/echo/", data="{", content_type="application/json"), 400)

        assert body["code"] == "parse_error"
        assert "errors" not in body


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(("kind", "status", "code"), [("404", 404, "not_found"), ("403", 403, "permission_denied")])
def test_djangos_own_404_and_403_outside_drf_are_problems(client, settings, debug, kind, status, code):
    settings.DEBUG = debug

    body = problem_of(client.get(f"/refuse-plain/{kind}/", HTTP_ACCEPT="text/html"), status)

    assert body["code"] == code


errors_trees = st.recursive(
    st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=2),
    lambda children: st.dictionaries(st.text(min_size=1, max_size=4), children, max_size=3) | st.lists(children, max_size=3),
    max_leaves=8,
)


def leaves(tree) -> list[str]:
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in leaves(value)]
    if isinstance(tree, list):
        return [leaf for value in tree for leaf in leaves(value)]
    return [tree]


@given(st.dictionaries(st.text(min_size=1, max_size=4), errors_trees, min_size=1, max_size=3))
def test_the_detail_of_a_validation_problem_is_its_first_message_with_its_path(errors):
    body = validation_problem(errors, request_id="r")

    assert body["errors"] == errors
    assert body["code"] == "invalid" and body["status"] == 400
    found = first_error(errors)
    if leaves(errors):
        assert found is not None
        path, message = found
        assert message == leaves(errors)[0]
        assert body["detail"] == (f"{path}: {message}" if path else message)
    else:
        assert found is None
        assert body["detail"] == "The request is invalid."


@given(st.sampled_from([400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503]), st.dictionaries(st.text(), st.integers()))
def test_an_extension_never_replaces_a_problems_own_members(status, extra):
    body = problem(status, detail="d", request_id="r", extra=extra)

    assert body["status"] == status and body["detail"] == "d" and body["request_id"] == "r"
    assert body["type"] == "urn:tts:problem:" + body["code"]
    assert "errors" not in body


def test_a_list_of_errors_is_non_field_errors():
    assert validation_problem(["Pick one."])["errors"] == {"non_field_errors": ["Pick one."]}
    assert validation_summary({"non_field_errors": ["Pick one."]}) == "Pick one."
