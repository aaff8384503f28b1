"""Assignment strategies over the role replica."""

import pytest

from roles.models import RoleMember
from tasks.models import Assignment
from tasks.services.assignment import AssigneePicker
from tests.factories import add_member

pytestmark = pytest.mark.django_db


def picks(role, strategy, times):
    picker = AssigneePicker({role: times})
    return [picker.pick(role, strategy).user_id for _ in range(times)]


def test_round_robin_cycles_through_active_members_and_remembers_where_it_was(replica):
    add_member(12, "Agent")

    assert picks("Agent", "round_robin", 4) == [10, 11, 12, 10]
    assert picks("agent", "round_robin", 2) == [11, 12]


def test_inactive_and_revoked_members_are_skipped(replica):
    RoleMember.objects.filter(user_id=10).update(is_active=False)

    assert picks("Agent", "round_robin", 2) == [11, 11]


def test_least_loaded_picks_whoever_holds_fewest_active_tasks(replica, demo_workflows):
    from intake.services import Delivery, tickets_receive
    from tests.factories import hdts_ticket

    tickets_receive(deliveries=[Delivery(hdts_ticket(f"T-{n}")) for n in range(2)])
    Assignment.objects.update(user_id=10)  # agent 10 holds two tasks, agent 11 none

    assert picks("Agent", "least_loaded", 3) == [11, 11, 10]


def test_a_role_nobody_holds_gives_nobody(replica):
    assert AssigneePicker({"Budget Manager": 1}).pick("Budget Manager") is None
    assert AssigneePicker({}).pick("Agent") is None


def test_concurrent_pickers_get_disjoint_turns(replica):
    add_member(12, "Agent")
    first, second = AssigneePicker({"Agent": 2}), AssigneePicker({"Agent": 2})

    assert [second.pick("Agent").user_id for _ in range(2)] == [12, 10]  # turns 2 and 3, though it picks first
    assert [first.pick("Agent").user_id for _ in range(2)] == [10, 11]
