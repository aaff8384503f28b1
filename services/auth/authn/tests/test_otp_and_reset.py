"""One-time passcodes and password resets send their mail through the outbox."""

import pytest
from django.utils.http import urlsafe_base64_encode

from tests.factories import PASSWORD, UserFactory
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import SEND_EMAIL
from tts_common.testing_messages import outbox_read_back

# transaction=True: /token/ and /token/refresh/ are non-atomic views whose refusals keep what they wrote; a test
# transaction around them would be the block a refusal rolls back.
pytestmark = pytest.mark.django_db(transaction=True)


def _mails():
    return [message.kwargs for message in OutboxMessage.objects.filter(task_name=SEND_EMAIL).order_by("id")]


@pytest.fixture
def otp_user():
    return UserFactory(email="otp@example.com", otp_enabled=True)


def test_a_passcode_is_mailed_and_then_required(anonymous, otp_user):
    first = anonymous.post("/token/", {"email": "otp@example.com", "password": PASSWORD}, format="json")

    assert first.status_code == 401 and first.json()["code"] == "otp_required"
    [mail] = _mails()
    assert mail["to"] == "otp@example.com" and mail["template"] == "otp_code"
    code = mail["context"]["code"]

    wrong = anonymous.post(
        "/token/", {"email": "otp@example.com", "password": PASSWORD, "otp": "000000" if code != "000000" else "111111"}, format="json"
    )
    right = anonymous.post("/token/", {"email": "otp@example.com", "password": PASSWORD, "otp": code}, format="json")
    reused = anonymous.post("/token/", {"email": "otp@example.com", "password": PASSWORD, "otp": code}, format="json")

    assert wrong.status_code == 401 and wrong.json()["code"] == "otp_invalid"
    assert right.status_code == 200 and "access" in right.json()
    assert reused.status_code == 401


def test_a_passcode_dies_after_too_many_wrong_tries(anonymous, otp_user, settings):
    anonymous.post("/token/", {"email": "otp@example.com", "password": PASSWORD}, format="json")
    code = _mails()[0]["context"]["code"]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.OTP_MAX_ATTEMPTS):
        anonymous.post("/token/", {"email": "otp@example.com", "password": PASSWORD, "otp": wrong}, format="json")

    late = anonymous.post("/token/", {"email": "otp@example.com", "password": PASSWORD, "otp": code}, format="json")

    assert late.status_code == 401


def test_password_reset_mails_a_link_and_the_new_password_works(anonymous, agent_user):
    old_pair = anonymous.post("/token/", {"email": "agent@example.com", "password": PASSWORD}, format="json").json()

    requested = anonymous.post("/api/v1/password-reset/", {"email": "agent@example.com"}, format="json")

    assert requested.status_code == 202
    [mail] = _mails()
    assert mail["template"] == "password_reset" and mail["context"]["reset_url"].startswith("http")
    confirm = anonymous.post(
        "/api/v1/password-reset/confirm/",
        {"uid": mail["context"]["uid"], "token": mail["context"]["token"], "new_password": "A-new-passphrase-9"},
        format="json",
    )
    assert confirm.status_code == 204
    assert anonymous.post("/token/", {"email": "agent@example.com", "password": "A-new-passphrase-9"}, format="json").status_code == 200
    assert anonymous.post("/token/refresh/", {"refresh": old_pair["refresh"]}, format="json").status_code == 401


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(anonymous):
    response = anonymous.post("/api/v1/password-reset/", {"email": "nobody@example.com"}, format="json")

    assert response.status_code == 202
    assert _mails() == []


def _uid(raw: bytes) -> str:
    return urlsafe_base64_encode(raw)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"token": "bad-token"}, "token"),
        ({"uid": "!!"}, "uid"),
        ({"uid": _uid(b"not-a-number")}, "uid"),
        ({"uid": _uid(b"\xff\xfe")}, "uid"),
        ({"uid": _uid(str(2**70).encode())}, "uid"),
        ({"uid": _uid(b"-1")}, "uid"),
        ({"uid": _uid(b"999999")}, "uid"),
        ({"new_password": "123"}, "new_password"),
    ],
)
def test_a_bad_reset_names_the_field(anonymous, agent_user, change, field):
    """The field named is the one that is wrong, never the message (issue 12: the error's text was the field's name)."""
    anonymous.post("/api/v1/password-reset/", {"email": "agent@example.com"}, format="json")
    context = _mails()[0]["context"]
    body = {"uid": context["uid"], "token": context["token"], "new_password": "A-new-passphrase-9", **change}

    response = anonymous.post("/api/v1/password-reset/confirm/", body, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if field != "new_password":
        assert errors[field] == ["The reset link is invalid or has expired."]


def test_a_reset_link_of_a_deactivated_account_is_refused(anonymous, agent_user):
    anonymous.post("/api/v1/password-reset/", {"email": "agent@example.com"}, format="json")
    context = _mails()[0]["context"]
    agent_user.is_active = False
    agent_user.save()

    body = {"uid": context["uid"], "token": context["token"], "new_password": "A-new-passphrase-9"}
    response = anonymous.post("/api/v1/password-reset/confirm/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["uid"]


def test_the_passcode_mail_is_what_the_notification_worker_reads(anonymous, otp_user):
    anonymous.post("/token/", {"email": "otp@example.com", "password": PASSWORD}, format="json")

    [(task_name, mail)] = outbox_read_back(task_name=SEND_EMAIL)

    assert (task_name, mail.to, mail.template, set(mail.context)) == (
        SEND_EMAIL,
        "otp@example.com",
        "otp_code",
        set(_mails()[0]["context"]),
    )
