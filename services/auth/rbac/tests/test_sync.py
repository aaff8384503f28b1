"""Every change to a TTS role reaches workflow_api through the outbox, in the contract's shape."""

import pytest

from rbac.models import Role, System, UserSystemRole
from rbac.services import tts_resync_all, user_system_role_assign
from tests.factories import UserFactory
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import SYNC_ROLE, SYNC_USER_SYSTEM_ROLE
from tts_common.testing_messages import outbox_read_back

pytestmark = pytest.mark.django_db


def _sent(task_name):
    return [message.args[0] for message in OutboxMessage.objects.filter(task_name=task_name).order_by("id")]


def test_a_tts_role_created_over_the_api_is_synced(as_admin):
    OutboxMessage.objects.all().delete()

    role_id = as_admin.post("/api/v1/roles/", {"name": "Auditor", "system": "tts", "description": "Reads"}, format="json").json()["id"]

    assert _sent(SYNC_ROLE) == [{"role_id": role_id, "name": "Auditor", "system": "tts", "description": "Reads", "action": "create"}]


def test_update_and_delete_are_synced_in_order(as_admin, tts):
    role = Role.objects.create(system=tts, name="Auditor")
    as_admin.patch(f"/api/v1/roles/{role.id}/", {"description": "Reads everything"}, format="json")
    as_admin.delete(f"/api/v1/roles/{role.id}/")

    assert [(payload["action"], payload["description"]) for payload in _sent(SYNC_ROLE) if payload["role_id"] == role.id] == [
        ("create", ""),
        ("update", "Reads everything"),
        ("delete", "Reads everything"),
    ]


def test_roles_of_other_systems_are_not_synced(as_admin):
    System.objects.create(slug="hdts", name="HDTS")
    OutboxMessage.objects.all().delete()

    as_admin.post("/api/v1/roles/", {"name": "Requester", "system": "hdts"}, format="json")

    assert _sent(SYNC_ROLE) == []


def test_an_assignment_and_its_revocation_are_synced(as_admin, tts_roles):
    person = UserFactory(email="new.agent@example.com", first_name="New", last_name="Agent")
    OutboxMessage.objects.all().delete()

    assignment_id = as_admin.post(
        "/api/v1/user-system-roles/", {"user": person.id, "system": "tts", "role": "Agent"}, format="json"
    ).json()["id"]
    as_admin.delete(f"/api/v1/user-system-roles/{assignment_id}/")

    created, deleted = _sent(SYNC_USER_SYSTEM_ROLE)
    assert created == {
        "user_system_role_id": assignment_id,
        "user_id": person.id,
        "user_email": "new.agent@example.com",
        "user_full_name": "New Agent",
        "system": "tts",
        "role_id": tts_roles["Agent"].id,
        "role_name": "Agent",
        "is_active": True,
        "action": "create",
    }
    assert deleted["action"] == "delete" and deleted["user_system_role_id"] == assignment_id


def test_deactivating_a_user_restates_their_roles_as_inactive(as_admin, agent_user):
    OutboxMessage.objects.all().delete()

    as_admin.delete(f"/api/v1/users/{agent_user.id}/")

    [payload] = _sent(SYNC_USER_SYSTEM_ROLE)
    assert payload["user_id"] == agent_user.id and payload["is_active"] is False and payload["action"] == "update"


def test_deactivating_a_user_with_several_roles_restates_every_membership(as_admin, agent_user, tts_roles):
    user_system_role_assign(user=agent_user, system=tts_roles["Admin"].system, role=tts_roles["Admin"])
    OutboxMessage.objects.all().delete()

    as_admin.patch(f"/api/v1/users/{agent_user.id}/", {"is_active": False}, format="json")

    sent = _sent(SYNC_USER_SYSTEM_ROLE)
    assert sorted(payload["role_name"] for payload in sent) == ["Admin", "Agent"]  # workflow_api releases the work of each
    assert all(payload["is_active"] is False and payload["user_id"] == agent_user.id for payload in sent)


def test_signing_in_publishes_nothing(anonymous, agent_user):
    from tests.factories import PASSWORD

    OutboxMessage.objects.all().delete()
    anonymous.post("/token/", {"email": "agent@example.com", "password": PASSWORD}, format="json")

    assert OutboxMessage.objects.count() == 0


def test_resync_restates_every_tts_role_and_assignment(agent_user, admin_user):
    OutboxMessage.objects.all().delete()

    count = tts_resync_all()

    assert count == Role.objects.filter(system__slug="tts").count() + UserSystemRole.objects.count()
    assert {payload["action"] for payload in _sent(SYNC_ROLE) + _sent(SYNC_USER_SYSTEM_ROLE)} == {"update"}


def test_reassigning_a_revoked_role_reactivates_it(tts_roles, agent_user):
    assignment = UserSystemRole.objects.get(user=agent_user)
    assignment.is_active = False
    assignment.save()

    again, created = user_system_role_assign(user=agent_user, system=assignment.system, role=assignment.role)

    assert not created and again.pk == assignment.pk and again.is_active


def test_every_sync_message_is_what_workflow_api_reads(agent_user, admin_user):
    OutboxMessage.objects.all().delete()

    tts_resync_all()

    read = outbox_read_back(task_name__in=[SYNC_ROLE, SYNC_USER_SYSTEM_ROLE])
    assert len(read) == Role.objects.filter(system__slug="tts").count() + UserSystemRole.objects.count()
    members = [payload for task_name, payload in read if task_name == SYNC_USER_SYSTEM_ROLE]
    assert {(member.user_id, member.user_email, member.is_active) for member in members} >= {(agent_user.pk, agent_user.email, True)}
