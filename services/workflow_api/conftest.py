import pytest

from roles.services import role_sync_apply
from tests.factories import PEOPLE, ROLE_IDS, add_member, client_for
from workflows.demo import demo_workflows_seed


@pytest.fixture
def replica(db):
    """auth's demo roles and a few members, as the sync queues would deliver them."""
    for name, role_id in ROLE_IDS.items():
        role_sync_apply(payload={"role_id": role_id, "name": name, "system": "tts", "description": "", "action": "create"})
    for user_id, (email, role) in PEOPLE.items():
        add_member(user_id, role, email=email)


@pytest.fixture
def demo_workflows(replica):
    demo_workflows_seed()


@pytest.fixture
def callers():
    return {
        "anonymous": client_for(None),
        "agent": client_for(10, "Agent"),
        "other_agent": client_for(11, "Agent"),
        "coordinator": client_for(20, "Ticket Coordinator"),
        "admin": client_for(1, "Admin"),
    }
