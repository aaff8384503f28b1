"""Rendering with Django's template language: shipped defaults, edits, and the fallback that never fails."""

import pytest

from templating.catalogue import CONTRACT_TYPES, NOTIFICATION_TYPES, Channel
from templating.defaults import DEFAULT_TEMPLATES
from templating.models import NotificationTemplate
from templating.services import TemplateCheckError, default_templates_install, notification_render, template_check
from tests.factories import NotificationTemplateFactory

pytestmark = pytest.mark.django_db


def test_every_known_type_ships_an_email_template_and_every_contract_type_an_inapp_one():
    shipped = set(NotificationTemplate.objects.values_list("notification_type", "channel"))

    assert {(kind, "email") for kind in NOTIFICATION_TYPES} <= shipped
    assert {(kind, "inapp") for kind in CONTRACT_TYPES} <= shipped
    assert len(shipped) == len(DEFAULT_TEMPLATES)


def test_every_shipped_template_compiles_and_renders_without_context():
    for default in DEFAULT_TEMPLATES:
        template_check(subject=default["subject"], body=default["body"])
        rendered = notification_render(notification_type=default["notification_type"], channel=default["channel"], context={})
        assert rendered.template_id is not None and rendered.subject


def test_installing_the_defaults_again_keeps_an_administrators_edit():
    NotificationTemplate.objects.filter(notification_type="task_assignment", channel="email").update(subject="Edited {{ ticket_number }}")

    assert default_templates_install() == 0

    assert NotificationTemplate.objects.get(notification_type="task_assignment", channel="email").subject == "Edited {{ ticket_number }}"


def test_the_assignment_email_names_the_ticket_role_and_link():
    rendered = notification_render(
        notification_type="task_assignment",
        channel=Channel.EMAIL,
        context={
            "ticket_number": "TX1",
            "task_title": "Printer & scanner <jammed>",
            "role_name": "Agent",
            "task_id": 7,
            "frontend_url": "http://console",
        },
    )

    assert rendered.subject == "New task assigned: TX1"
    assert "as Agent" in rendered.body
    assert "Printer & scanner <jammed>" in rendered.body  # plain text: nothing is HTML-escaped
    assert "http://console/tasks/7" in rendered.body


def test_auths_passcode_mail_carries_the_code():
    rendered = notification_render(
        notification_type="otp_code", channel="email", context={"first_name": "Olive", "code": "123456", "minutes": 10}
    )

    assert "123456" in rendered.body and "Hello Olive" in rendered.body and "10 minutes" in rendered.body


def test_a_type_without_a_template_falls_back_to_the_contexts_subject_and_message():
    rendered = notification_render(
        notification_type="budget_approved", channel="email", context={"subject": "Budget\nOK", "message": "Approved."}
    )

    assert (rendered.subject, rendered.body, rendered.template_id) == ("Budget OK", "Approved.", None)


def test_the_fallback_without_subject_or_message_lists_the_context():
    rendered = notification_render(notification_type="budget_approved", channel="email", context={"amount": 5, "frontend_url": "x"})

    assert rendered.subject == "Budget approved"
    assert rendered.body == "amount: 5"


def test_an_inactive_template_is_not_used():
    NotificationTemplate.objects.filter(notification_type="system", channel="email").update(is_active=False)

    rendered = notification_render(notification_type="system", channel="email", context={"message": "Maintenance tonight."})

    assert rendered.template_id is None and rendered.body == "Maintenance tonight."


def test_a_template_that_fails_while_rendering_falls_back_instead_of_failing():
    NotificationTemplateFactory(notification_type="fragile", body="{% include 'nowhere.txt' %}", subject="S")

    rendered = notification_render(notification_type="fragile", channel="email", context={"message": "still delivered"})

    assert rendered.body == "still delivered" and rendered.template_id is None


def test_a_missing_variable_renders_empty():
    template = NotificationTemplateFactory(subject="Hi {{ nobody }}!", body="[{{ missing.deep }}]")

    rendered = notification_render(notification_type=template.notification_type, channel="email", context={})

    assert (rendered.subject, rendered.body) == ("Hi !", "[]")


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("{% if %}", "fine", "subject"),
        ("fine", "{{ value|nosuchfilter }}", "body"),
        ("fine", "{% nosuchtag %}", "body"),
        ("ok", "{% include 'x' %}", "body"),
    ],
)
def test_a_broken_template_is_reported_with_the_field(subject, body, field):
    with pytest.raises(TemplateCheckError) as error:
        template_check(subject=subject, body=body)

    assert error.value.field == field
