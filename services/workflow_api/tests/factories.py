"""Test data: the role replica's people, HDTS tickets, API clients with tokens."""

import itertools

from rest_framework.test import APIClient

from roles.services import role_member_sync_apply
from tts_common.testing import access_token_for

ROLE_IDS = {"Admin": 1, "Agent": 2, "Ticket Coordinator": 3, "Asset Manager": 4, "Budget Manager": 5}
PEOPLE = {  # user_id: (email, role)
    1: ("admin@example.com", "Admin"),
    10: ("agent.a@example.com", "Agent"),
    11: ("agent.b@example.com", "Agent"),
    20: ("coordinator@example.com", "Ticket Coordinator"),
    30: ("assets@example.com", "Asset Manager"),
}
_membership_ids = itertools.count(1000)


def membership_payload(user_id: int, role: str = "Agent", **overrides) -> dict:
    """A membership message as auth sends it (``sync_user_system_role``): ``user_id`` holds ``role`` in TTS, active,
    ``action`` create, a fresh ``user_system_role_id``; ``overrides`` replace any of these fields."""
    return {
        "user_system_role_id": next(_membership_ids),
        "user_id": user_id,
        "user_email": f"user{user_id}@example.com",
        "user_full_name": f"User {user_id}",
        "system": "tts",
        "role_id": ROLE_IDS[role],
        "role_name": role,
        "is_active": True,
        "action": "create",
        **overrides,
    }


def add_member(user_id: int, role: str, *, email: str | None = None, active: bool = True) -> None:
    role_member_sync_apply(payload=membership_payload(user_id, role, user_email=email or f"user{user_id}@example.com", is_active=active))


def client_for(user_id: int | None, role: str | None = None) -> APIClient:
    client = APIClient()
    if user_id is not None:
        roles = [{"system": "tts", "role": role}] if role else []
        email = PEOPLE.get(user_id, (f"user{user_id}@example.com",))[0]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user_id=user_id, email=email, roles=roles)}")
    return client


def hdts_ticket(number: str = "TX20251119000123", **overrides) -> dict:
    """A ticket exactly as the real HDTS sends it, extras included."""
    return {
        "ticket_number": number,
        "subject": "Laptop does not boot",
        "description": "Black screen since this morning.",
        "category": "IT Support",
        "sub_category": "Hardware",
        "department": "IT Department",
        "priority": "High",
        "status": "New",
        "submit_date": "2025-11-19T08:30:00+00:00",
        "employee": {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "company_id": "C-17",
            "department": "IT Department",
        },
        "attachments": [
            {"id": 5, "file_name": "photo.jpg", "file_type": "image/jpeg", "file_size": 2048, "file_path": "/media/tickets/photo.jpg"}
        ],
        "asset_name": "ThinkPad X1",
        "dynamic_data": {"floor": 3},
        **overrides,
    }
