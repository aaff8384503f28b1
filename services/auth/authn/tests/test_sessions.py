"""Refresh token families, reuse detection and every way a person's sessions end."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from tests.factories import PASSWORD

# transaction=True: /token/ and /token/refresh/ are non-atomic views whose refusals keep what they wrote; a test
# transaction around them would be the block a refusal rolls back.
pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(client, email="agent@example.com", password=PASSWORD):
    response = client.post("/token/", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _refresh(client, refresh):
    return client.post("/token/refresh/", {"refresh": refresh}, format="json")


def _bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_a_rotated_token_used_again_revokes_its_whole_family_but_not_other_sign_ins(anonymous, agent_user, settings):
    settings.REFRESH_REUSE_GRACE_SECONDS = 0
    stolen = _sign_in(anonymous)
    other_browser = _sign_in(anonymous)
    rotated = _refresh(anonymous, stolen["refresh"]).json()
    rotated_again = _refresh(anonymous, rotated["refresh"]).json()

    reuse = _refresh(anonymous, stolen["refresh"])

    assert reuse.status_code == 401 and reuse.json()["code"] == "token_reused"
    assert _refresh(anonymous, rotated_again["refresh"]).status_code == 401
    assert _refresh(anonymous, other_browser["refresh"]).status_code == 200


def test_a_sibling_that_loses_the_race_within_the_grace_period_is_refused_without_revoking(anonymous, agent_user, settings):
    settings.REFRESH_REUSE_GRACE_SECONDS = 60
    pair = _sign_in(anonymous)
    winner = _refresh(anonymous, pair["refresh"]).json()

    loser = _refresh(anonymous, pair["refresh"])

    assert loser.status_code == 401 and loser.json()["code"] == "token_not_valid"
    assert _refresh(anonymous, winner["refresh"]).status_code == 200


def test_an_administrator_setting_a_password_ends_every_session(anonymous, as_admin, agent_user):
    pair = _sign_in(anonymous)

    changed = as_admin.patch(f"/api/v1/users/{agent_user.id}/", {"password": "Brand-new-secret-77"}, format="json")

    assert changed.status_code == 200
    assert _refresh(anonymous, pair["refresh"]).status_code == 401
    assert _sign_in(anonymous, password="Brand-new-secret-77")


def test_changing_ones_own_password_ends_the_other_sessions_and_gives_this_one_a_new_pair(anonymous, agent_user):
    here, elsewhere = _sign_in(anonymous), _sign_in(anonymous)
    me = _bearer(here["access"])

    wrong = me.post("/api/v1/users/me/password/", {"current_password": "nope", "new_password": "Brand-new-secret-77"}, format="json")
    weak = me.post("/api/v1/users/me/password/", {"current_password": PASSWORD, "new_password": "123"}, format="json")
    changed = me.post("/api/v1/users/me/password/", {"current_password": PASSWORD, "new_password": "Brand-new-secret-77"}, format="json")

    assert wrong.status_code == 400 and wrong.json()["errors"] == {"current_password": ["The current password is wrong."]}
    assert weak.status_code == 400 and list(weak.json()["errors"]) == ["new_password"]
    assert changed.status_code == 200 and set(changed.json()) == {"access", "refresh"}
    assert _refresh(anonymous, here["refresh"]).status_code == 401
    assert _refresh(anonymous, elsewhere["refresh"]).status_code == 401
    assert _refresh(anonymous, changed.json()["refresh"]).status_code == 200
    assert (
        anonymous.post("/api/v1/users/me/password/", {"current_password": PASSWORD, "new_password": "x"}, format="json").status_code == 401
    )


def test_reactivating_a_user_does_not_revive_old_refresh_tokens(anonymous, as_admin, agent_user):
    pair = _sign_in(anonymous)

    assert as_admin.patch(f"/api/v1/users/{agent_user.id}/", {"is_active": False}, format="json").status_code == 200
    assert _refresh(anonymous, pair["refresh"]).status_code == 401
    assert as_admin.patch(f"/api/v1/users/{agent_user.id}/", {"is_active": True}, format="json").status_code == 200

    assert _refresh(anonymous, pair["refresh"]).status_code == 401
    assert _refresh(anonymous, _sign_in(anonymous)["refresh"]).status_code == 200


def test_a_token_issued_before_the_revocation_is_refused_even_when_not_blacklisted(anonymous, agent_user):
    pair = _sign_in(anonymous)
    assert _bearer(pair["access"]).post("/logout/all/").status_code == 205

    BlacklistedToken.objects.all().delete()  # the record of revocation that matters is tokens_valid_after

    assert _refresh(anonymous, pair["refresh"]).status_code == 401


def test_sign_out_everywhere_ends_every_session_of_the_caller_only(anonymous, agent_user, admin_user):
    first, second = _sign_in(anonymous), _sign_in(anonymous)
    admin = _sign_in(anonymous, "admin@example.com")

    signed_out = _bearer(first["access"]).post("/logout/all/")

    assert signed_out.status_code == 205
    assert _refresh(anonymous, first["refresh"]).status_code == 401
    assert _refresh(anonymous, second["refresh"]).status_code == 401
    assert _refresh(anonymous, admin["refresh"]).status_code == 200
    assert anonymous.post("/logout/all/").status_code == 401
    assert _bearer(first["refresh"]).post("/logout/all/").status_code == 401


def test_the_admin_sites_password_change_and_deactivation_end_sessions_too(client, anonymous, agent_user):
    from users.models import User

    User.objects.create_superuser("root@example.com", PASSWORD)
    client.force_login(User.objects.get(email="root@example.com"))
    before_password = _sign_in(anonymous)

    changed = client.post(
        f"/admin/users/user/{agent_user.id}/password/", {"password1": "Admin-set-secret-88", "password2": "Admin-set-secret-88"}
    )

    assert changed.status_code == 302
    assert _refresh(anonymous, before_password["refresh"]).status_code == 401
    before_deactivation = _sign_in(anonymous, password="Admin-set-secret-88")
    form = client.get(f"/admin/users/user/{agent_user.id}/change/").context["adminform"].form
    fields = {
        name: value for name, value in form.initial.items() if value is not None and name not in ("password", "groups", "user_permissions")
    }
    fields.update({"is_active": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    fields.pop("date_joined", None)
    fields.pop("last_login", None)
    deactivated = client.post(f"/admin/users/user/{agent_user.id}/change/", fields)
    assert deactivated.status_code == 302, deactivated.context["adminform"].form.errors if deactivated.context else deactivated
    User.objects.filter(pk=agent_user.pk).update(is_active=True)  # reactivated: the old token must stay dead
    assert _refresh(anonymous, before_deactivation["refresh"]).status_code == 401


def _one_second_on():
    """Let a second pass: ``iat`` has whole seconds, and a token of the revocation's own second counts as older."""
    import time

    time.sleep(1.05)


def test_auth_itself_refuses_a_deactivated_administrators_access_token(admin_user, agent_user, anonymous):
    own_token = _sign_in(anonymous, "admin@example.com")["access"]
    agent = _bearer(_sign_in(anonymous)["access"])
    admin_user.is_active = False
    admin_user.save(update_fields=["is_active"])

    reactivate_self = _bearer(own_token).patch(f"/api/v1/users/{admin_user.id}/", {"is_active": True}, format="json")

    assert reactivate_self.status_code == 401  # was 200: the old token brought its owner back
    assert agent.get("/api/v1/users/me/").status_code == 200


def test_auth_itself_refuses_access_tokens_issued_before_sign_out_everywhere_or_a_new_password(anonymous, agent_user):
    first = _sign_in(anonymous)
    _one_second_on()
    assert _bearer(first["access"]).post("/logout/all/").status_code == 205
    assert _bearer(first["access"]).get("/api/v1/users/me/").status_code == 401
    _one_second_on()
    second = _sign_in(anonymous)
    assert _bearer(second["access"]).get("/api/v1/users/me/").status_code == 200
    _one_second_on()

    changed = _bearer(second["access"]).post(
        "/api/v1/users/me/password/", {"current_password": PASSWORD, "new_password": "Brand-new-secret-77"}, format="json"
    )

    assert changed.status_code == 200
    assert _bearer(second["access"]).patch("/api/v1/users/me/", {"first_name": "Eve"}, format="json").status_code == 401
    assert _refresh(anonymous, changed.json()["refresh"]).status_code == 200


def test_the_access_token_a_password_change_answers_works_on_every_service_and_the_older_one_does_not(anonymous, agent_user):
    """auth issues it in the second after the revocation (before, it had the revocation's ``iat`` and was refused for its life)."""
    from django.core.cache import caches
    from rest_framework_simplejwt.exceptions import InvalidToken

    from tts_common.auth import ClaimsJWTAuthentication
    from tts_common.messages import REVOKE_TOKENS
    from tts_common.outbox.models import OutboxMessage
    from tts_common.revocation import CACHE_ALIAS, revocation_record

    older = _sign_in(anonymous)
    _one_second_on()

    changed = _bearer(older["access"]).post(
        "/api/v1/users/me/password/", {"current_password": PASSWORD, "new_password": "Brand-new-secret-77"}, format="json"
    )
    assert changed.status_code == 200
    published = OutboxMessage.objects.filter(task_name__startswith="sessions.revoke_tokens.").first()
    revocation_record(REVOKE_TOKENS["workflow_api"].parse([published.args[0]]))  # what another service's worker does with it
    other_service = ClaimsJWTAuthentication()
    try:
        assert other_service.get_validated_token(changed.json()["access"].encode())["user_id"] == agent_user.id
        assert _bearer(changed.json()["access"]).get("/api/v1/users/me/").status_code == 200
        with pytest.raises(InvalidToken):
            other_service.get_validated_token(older["access"].encode())
        assert _bearer(older["access"]).get("/api/v1/users/me/").status_code == 401
    finally:
        caches[CACHE_ALIAS].delete(f"user.{agent_user.id}")


def test_a_sign_in_in_the_same_second_as_a_revocation_gets_a_pair_that_works(anonymous, agent_user):
    """Reactivated (or signed out everywhere) and signed in again at once: the new pair is not refused from the start."""
    first = _sign_in(anonymous)
    _one_second_on()
    assert _bearer(first["access"]).post("/logout/all/").status_code == 205

    again = _sign_in(anonymous)  # within the same second as tokens_valid_after

    assert _bearer(again["access"]).post("/logout/all/").status_code == 205
