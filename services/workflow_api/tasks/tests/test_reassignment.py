"""The work a person leaves: auth's membership sync releases their open assignments."""

import pytest

from audit.models import AuditEvent
from audit.services import Actor
from intake.services import Delivery, tickets_receive
from roles.models import RoleMember
from roles.tasks import sync_user_system_role
from tasks.models import Assignment, Task
from tasks.services.lifecycle import task_transfer
from tasks.services.reassignment import assignments_release, member_departure_release
from tests.factories import add_member, client_for, hdts_ticket
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import CREATE_INAPP_NOTIFICATION, SEND_ASSIGNMENT_NOTIFICATION

pytestmark = pytest.mark.django_db
ADMIN = Actor(user_id=1, email="admin@example.com", is_admin=True)


def task_held_by(user_id: int, number: str, *, at_resolve: bool = True) -> Task:
    """A new task at Resolve (role Agent) or Triage (Ticket Coordinator), held by ``user_id``."""
    tickets_receive(deliveries=[Delivery(hdts_ticket(number))])
    task = Task.objects.get(ticket_number=number)
    if at_resolve:
        coordinator = client_for(20, "Ticket Coordinator")
        approve = next(t for t in coordinator.get(f"/tasks/{task.id}/").json()["available_transitions"] if t["name"] == "approve")
        assert coordinator.post(f"/tasks/{task.id}/transition/", {"transition_id": approve["id"]}, format="json").status_code == 200
    if holder(task) != user_id:
        if at_resolve:
            task_transfer(task_id=task.id, user_id=user_id, notes="set up", actor=ADMIN)
        else:  # a person who does not hold the step's role: no transfer may do this, the data may (roles change)
            person = {"user_id": user_id, "user_email": f"user{user_id}@example.com", "user_full_name": f"User {user_id}"}
            Assignment.objects.filter(task=task, status=Assignment.Status.ACTIVE).update(**person)
    return task


def holder(task: Task) -> int | None:
    active = Assignment.objects.filter(task=task, status=Assignment.Status.ACTIVE).first()
    return active.user_id if active else None


def membership_sync(user_id: int, role: str, *, action: str = "update", is_active: bool = False) -> dict:
    """The message auth sends when the membership (or its user) changes, as the queue delivers it."""
    member = RoleMember.objects.select_related("role").get(user_id=user_id, role__name=role)
    payload = {
        "user_system_role_id": member.user_system_role_id,
        "user_id": user_id,
        "user_email": member.user_email,
        "user_full_name": member.user_full_name,
        "system": "tts",
        "role_id": member.role.role_id,
        "role_name": role,
        "is_active": is_active,
        "action": action,
    }
    sync_user_system_role.run(payload)
    return payload


def reassigned(task: Task) -> list[dict]:
    return [event.after for event in AuditEvent.objects.filter(task=task, action="task.reassigned").order_by("id")]


def notifications_to(user_id: int) -> list[OutboxMessage]:
    return [
        message
        for message in OutboxMessage.objects.filter(task_name__in=[SEND_ASSIGNMENT_NOTIFICATION, CREATE_INAPP_NOTIFICATION])
        if message.kwargs["user_id"] == user_id
    ]


def test_a_deactivated_agents_task_goes_to_the_other_agent_with_an_audit_entry_and_notifications(demo_workflows):
    task = task_held_by(10, "T-1")
    before = len(notifications_to(11))

    payload = membership_sync(10, "Agent")

    task.refresh_from_db()
    assert (task.status, holder(task)) == ("in_progress", 11)
    left = Assignment.objects.get(task=task, user_id=10, status=Assignment.Status.TRANSFERRED)
    assert "deactivated" in left.notes and left.finished_at is not None
    [after] = reassigned(task)
    assert after["reason"] == "assignee_deactivated"
    assert (after["from_user_id"], after["to_user_id"], after["role"]) == (10, 11, "Agent")
    sent = notifications_to(11)[before:]
    assert sorted(message.task_name for message in sent) == sorted([SEND_ASSIGNMENT_NOTIFICATION, CREATE_INAPP_NOTIFICATION])
    inapp = next(message for message in sent if message.task_name == CREATE_INAPP_NOTIFICATION)
    assert (inapp.kwargs["related_task_id"], inapp.kwargs["notification_type"]) == (task.id, "task_transfer")

    sync_user_system_role.run(payload)  # redelivered: nothing left to move

    assert len(reassigned(task)) == 1 and len(notifications_to(11)) == before + 2
    assert Assignment.objects.filter(task=task).count() == 3  # coordinator, agent 10, agent 11


def test_with_nobody_left_in_the_role_the_task_waits_and_goes_to_whoever_joins(demo_workflows, django_capture_on_commit_callbacks):
    task = task_held_by(20, "T-2", at_resolve=False)  # the only Ticket Coordinator

    membership_sync(20, "Ticket Coordinator", action="delete")

    task.refresh_from_db()
    assert (task.status, holder(task), task.current_role) == ("pending", None, "Ticket Coordinator")
    [after] = reassigned(task)
    assert (after["reason"], after["from_user_id"], after["to_user_id"], after["status"]) == ("assignee_deactivated", 20, None, "pending")
    assert AuditEvent.objects.filter(task=task, action="task.waiting").exists()

    with django_capture_on_commit_callbacks(execute=True):
        add_member(21, "Ticket Coordinator")

    task.refresh_from_db()
    assert (task.status, holder(task)) == ("in_progress", 21)


def test_losing_one_role_moves_only_the_tasks_held_at_that_role(demo_workflows):
    add_member(10, "Asset Manager")
    at_agent = task_held_by(10, "T-3")
    at_coordinator = task_held_by(10, "T-4", at_resolve=False)  # transferred to 10, at a role 10 does not hold

    membership_sync(10, "Agent")

    assert holder(at_agent) == 11 and reassigned(at_agent)[0]["reason"] == "role_revoked"
    assert holder(at_coordinator) == 10 and reassigned(at_coordinator) == []

    membership_sync(10, "Asset Manager")  # the last TTS role: 10 holds nothing any more

    assert holder(at_coordinator) == 20 and reassigned(at_coordinator)[0]["reason"] == "assignee_deactivated"
    assert not Assignment.objects.filter(user_id=10, status=Assignment.Status.ACTIVE).exists()


def test_a_member_who_still_holds_the_role_keeps_the_work(demo_workflows):
    task = task_held_by(10, "T-5")
    add_member(10, "Agent")  # a second membership of the same role

    first = RoleMember.objects.filter(user_id=10, role__name="Agent").order_by("id").first()
    first.is_active = False
    first.save()

    assert member_departure_release(user_id=10, role_name="Agent") == 0
    assert holder(task) == 10


def test_a_reactivation_or_another_update_moves_nothing(demo_workflows):
    task = task_held_by(10, "T-6")

    membership_sync(10, "Agent", is_active=True)

    assert holder(task) == 10 and reassigned(task) == []


def test_round_robin_spreads_several_released_tasks(demo_workflows):
    add_member(12, "Agent")
    tasks = [task_held_by(10, f"T-{n}") for n in range(10, 14)]
    RoleMember.objects.filter(user_id=10).update(is_active=False)  # the precondition: 10 no longer holds the role

    assert assignments_release(user_id=10, role_name="agent", reason="role_revoked") == 4

    assert sorted(holder(task) for task in tasks) == [11, 11, 12, 12]
    assert assignments_release(user_id=10, role_name="Agent", reason="role_revoked") == 0
