"""auth's sync messages applied to the replica: idempotent and tolerant of order."""

import pytest

from roles.models import Role, RoleMember
from roles.services import role_member_sync_apply, role_sync_apply
from roles.tasks import sync_role, sync_user_system_role
from tts_common.messages import MalformedMessageError

pytestmark = pytest.mark.django_db


def role(action="create", **overrides):
    return {"role_id": 7, "name": "Auditor", "system": "tts", "description": "Reads", "action": action, **overrides}


def membership(action="create", **overrides):
    return {
        "user_system_role_id": 70,
        "user_id": 5,
        "user_email": "e@example.com",
        "user_full_name": "Eve",
        "system": "tts",
        "role_id": 7,
        "role_name": "Auditor",
        "is_active": True,
        "action": action,
        **overrides,
    }


def test_create_update_and_delete_a_role():
    sync_role.run(role())
    sync_role.run(role("update", name="Senior Auditor"))
    assert Role.objects.get(role_id=7).name == "Senior Auditor"

    sync_role.run(role("delete", name="Senior Auditor"))
    assert Role.objects.get(role_id=7).is_deleted


def test_the_same_message_twice_changes_nothing_more():
    sync_role.run(role())
    sync_role.run(role())

    assert Role.objects.count() == 1


def test_a_late_update_does_not_bring_back_a_deleted_role_or_membership():
    sync_role.run(role("delete"))
    sync_role.run(role("update", name="Zombie"))
    sync_user_system_role.run(membership("delete"))
    sync_user_system_role.run(membership("update"))

    assert Role.objects.get(role_id=7).name == "Auditor" and Role.objects.get(role_id=7).is_deleted
    assert RoleMember.objects.get(user_system_role_id=70).is_deleted


def test_a_membership_that_arrives_before_its_role_creates_the_role():
    sync_user_system_role.run(membership())

    member = RoleMember.objects.get()
    assert (member.role.name, member.user_email, member.can_be_assigned) == ("Auditor", "e@example.com", True)


def test_deactivation_makes_a_member_unassignable():
    sync_user_system_role.run(membership())
    sync_user_system_role.run(membership("update", is_active=False))

    assert not RoleMember.objects.get().can_be_assigned


@pytest.mark.parametrize(
    ("payload", "message"),
    [("nope", "must be an object"), ({"role_id": 1, "action": "create"}, "name"), ({**role(), "action": "explode"}, "action: ")],
)
def test_unusable_role_messages_say_why(payload, message):
    with pytest.raises(MalformedMessageError, match=message):
        role_sync_apply(payload=payload)


def test_unusable_membership_messages_say_why():
    with pytest.raises(MalformedMessageError, match="user_id"):
        role_member_sync_apply(payload=membership(user_id=None))


@pytest.mark.parametrize(("caller", "status"), [("anonymous", 401), ("agent", 200), ("admin", 200)])
def test_the_replica_is_readable_by_members(callers, replica, caller, status):
    response = callers[caller].get("/roles/")

    assert response.status_code == status
    if status == 200:
        agents = next(r for r in response.json()["results"] if r["name"] == "Agent")
        assert [m["user_id"] for m in agents["members"]] == [10, 11]
