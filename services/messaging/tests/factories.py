"""Test data: API clients and socket paths with tokens, and factories for comments."""

import factory
from rest_framework.test import APIClient

from comments.models import Comment
from tts_common.testing import access_token_for

TICKET = "TX20251119000123"
OTHER_TICKET = "TX20251119000999"
# user_id: (full name, role or None)
PEOPLE = {
    "admin": (1, "Ada Admin", "Admin"),
    "author": (10, "Alice Agent", "Agent"),
    "other_member": (11, "Bob Agent", "Agent"),
    "coordinator": (20, "Cora Coordinator", "Ticket Coordinator"),
    "no_tts_role": (50, "Nora Outsider", None),
}
ORIGIN = (b"origin", b"http://localhost:5173")


def token_for(person: str, **overrides) -> str:
    user_id, name, role = PEOPLE[person]
    roles = [{"system": "tts", "role": role}] if role else [{"system": "hdts", "role": "Employee"}]
    return access_token_for(user_id=user_id, email=f"user{user_id}@example.com", full_name=name, roles=roles, **overrides)


def client_for(person: str | None) -> APIClient:
    client = APIClient()
    if person is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(person)}")
    return client


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    ticket_id = TICKET
    user_id = PEOPLE["author"][0]
    author_name = PEOPLE["author"][1]
    content = factory.Sequence(lambda n: f"Comment number {n}")
