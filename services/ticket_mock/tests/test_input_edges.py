"""Input at ticket_mock's edges: what used to be a 500, and arbitrary input (hypothesis).

On PostgreSQL (the real pass) a NUL used to reach the database and fail.
"""

import json

import pytest

from tickets.models import Ticket
from tts_common.testing_inputs import Listing, Write, check_lists, check_writes

pytestmark = pytest.mark.django_db
NUL_REFUSED = ["Null characters are not allowed."]


def test_a_nul_in_a_free_form_extra_is_a_400_naming_it(as_requester, ticket_input):
    response = as_requester.post("/api/tickets/", {**ticket_input, "asset_name": "Dell\x00XPS"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"asset_name": NUL_REFUSED}
    assert not Ticket.objects.exists()


def test_a_nul_inside_a_nested_extra_sent_as_a_form_field_is_a_400_naming_its_path(as_requester, ticket_input):
    form = {**ticket_input, "employee": json.dumps(ticket_input["employee"]), "dynamic_data": json.dumps({"serial": "A\u0000B"})}

    response = as_requester.post("/api/tickets/", form, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"] == {"dynamic_data.serial": NUL_REFUSED}


def test_a_nul_in_the_employee_is_a_400_naming_its_path(as_requester, ticket_input):
    employee = {**ticket_input["employee"], "first_name": "Ma\x00ria"}

    response = as_requester.post("/api/tickets/", {**ticket_input, "employee": employee}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"employee.first_name": NUL_REFUSED}


def test_a_nul_in_a_query_parameter_is_a_400_naming_it(as_agent):
    response = as_agent.get("/api/tickets/", {"category": "IT\x00"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"category": NUL_REFUSED}


def test_a_ten_thousand_deep_body_is_a_400(as_requester):
    response = as_requester.post("/api/tickets/", data="[" * 10_000 + "]" * 10_000, content_type="application/json")

    assert response.status_code == 400
    assert "nested deeper" in response.json()["detail"]


def test_arbitrary_input_never_makes_a_500(as_requester, as_agent, ticket_input):
    check_writes(as_requester, [Write("POST", "/api/tickets/", ticket_input)])
    check_lists(as_agent, [Listing("/api/tickets/", ["status", "priority", "category"])])
