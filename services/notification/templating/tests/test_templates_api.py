"""/api/v1/templates/: administrators only; a broken template is a 400 naming the field."""

import pytest

from templating.models import NotificationTemplate
from tests.factories import NotificationTemplateFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/templates/"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [("anonymous", 401), ("owner", 403), ("other_user", 403), ("right_api_key", 401), ("wrong_api_key", 401), ("admin", 200)],
)
def test_only_administrators_read_templates(callers, caller, expected):
    assert callers[caller].get(URL).status_code == expected


@pytest.mark.parametrize(("caller", "expected"), [("anonymous", 401), ("owner", 403), ("admin", 201)])
def test_only_administrators_create_templates(callers, caller, expected):
    body = {"notification_type": "ticket_closed", "channel": "email", "subject": "Closed: {{ ticket_number }}", "body": "Done."}

    assert callers[caller].post(URL, body, format="json").status_code == expected


def test_an_administrator_lists_filters_edits_and_deletes(callers):
    admin = callers["admin"]
    listed = admin.get(URL, {"channel": "email", "notification_type": "task_assignment"}).json()
    [template] = listed["results"]
    assert set(template) == {
        "id",
        "notification_type",
        "channel",
        "subject",
        "body",
        "description",
        "is_active",
        "created_at",
        "updated_at",
    }

    edited = admin.patch(f"{URL}{template['id']}/", {"subject": "Yours now: {{ ticket_number }}"}, format="json")
    assert edited.status_code == 200 and edited.json()["subject"] == "Yours now: {{ ticket_number }}"

    assert admin.delete(f"{URL}{template['id']}/").status_code == 204
    assert not NotificationTemplate.objects.filter(pk=template["id"]).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"subject": "{% if %}"}, "subject"),
        ({"body": "{{ value|nosuchfilter }}"}, "body"),
        ({"body": "{% load nonexistent_library %}"}, "body"),
        ({"channel": "sms"}, "channel"),
        ({"notification_type": "Not A Slug"}, "notification_type"),
        ({"subject": ""}, "subject"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(callers, body, field):
    template = NotificationTemplateFactory()

    response = callers["admin"].patch(f"{URL}{template.pk}/", body, format="json")

    assert response.status_code == 400 and list(response.json()["errors"]) == [field], response.json()


def test_a_second_template_for_the_same_type_and_channel_is_refused(callers):
    response = callers["admin"].post(
        URL, {"notification_type": "task_assignment", "channel": "email", "subject": "x", "body": "y"}, format="json"
    )

    assert response.status_code == 400


def test_preview_renders_with_a_context(callers):
    template = NotificationTemplate.objects.get(notification_type="task_assignment", channel="email")

    response = callers["admin"].post(f"{URL}{template.pk}/preview/", {"context": {"ticket_number": "TX9"}}, format="json")

    assert response.status_code == 200 and response.json()["subject"] == "New task assigned: TX9"
    assert callers["owner"].post(f"{URL}{template.pk}/preview/", {}, format="json").status_code == 403


def test_a_preview_that_fails_to_render_is_a_400_naming_context(callers, monkeypatch):
    template = NotificationTemplateFactory()

    def fails(template, context):
        raise ValueError("no such date")

    monkeypatch.setattr("templating.services.render_template", fails)
    response = callers["admin"].post(f"{URL}{template.pk}/preview/", {"context": {"when": "x"}}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"context": ["The template fails to render with this context: no such date"]}


def test_a_preview_context_of_more_entries_than_the_bound_is_a_400_naming_context(callers, settings):
    template = NotificationTemplateFactory()
    context = {f"key_{n}": n for n in range(settings.NOTIFICATION_CONTEXT_MAX_ENTRIES + 1)}

    response = callers["admin"].post(f"{URL}{template.pk}/preview/", {"context": context}, format="json")

    limit = settings.NOTIFICATION_CONTEXT_MAX_ENTRIES
    assert response.status_code == 400
    assert response.json()["errors"] == {"context": [f"At most {limit} entries (it has {len(context)})."]}
