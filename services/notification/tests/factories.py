"""Test data: API clients with tokens or keys, and factories for the service's rows."""

import factory
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import DeliveryLog, InAppNotification, NotificationPreference
from templating.models import NotificationTemplate
from tts_common.testing import access_token_for

API_KEY = "test-notification-key"
PEOPLE = {"admin": 1, "owner": 10, "other_user": 11}


def client_for(user_id: int | None, role: str | None = None, *, email: str | None = None) -> APIClient:
    client = APIClient()
    if user_id is not None:
        roles = [{"system": "tts", "role": role}] if role else []
        token = access_token_for(user_id=user_id, email=email or f"user{user_id}@example.com", roles=roles)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def api_key_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=key)
    return client


def inapp_kwargs(**overrides) -> dict:
    """``notifications.create_inapp_notification`` keywords exactly as workflow_api sends them."""
    return {
        "user_id": PEOPLE["owner"],
        "subject": "New task assigned: TX20251119000123",
        "message": "Laptop does not boot (High) is at step Triage for Ticket Coordinator.",
        "notification_type": "task_assignment",
        "related_task_id": 42,
        "related_ticket_number": "TX20251119000123",
        "metadata": {"step": "Triage", "priority": "High", "role": "Ticket Coordinator", "target_resolution": "2025-11-20T08:30:00+00:00"},
        **overrides,
    }


def assignment_kwargs(**overrides) -> dict:
    """``task.send_assignment_notification`` keywords exactly as workflow_api sends them."""
    return {
        "user_id": PEOPLE["owner"],
        "user_email": "owner@example.com",
        "task_id": 42,
        "ticket_number": "TX20251119000123",
        "task_title": "Laptop does not boot",
        "role_name": "Ticket Coordinator",
        **overrides,
    }


def send_email_kwargs(**overrides) -> dict:
    """``notifications.send_email`` keywords exactly as auth sends them."""
    return {
        "to": "owner@example.com",
        "template": "password_reset",
        "context": {
            "first_name": "Olive",
            "reset_url": "http://localhost:1000/reset-password?uid=MTA&token=abc",
            "uid": "MTA",
            "token": "abc",
        },
        **overrides,
    }


class InAppNotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InAppNotification

    user_id = PEOPLE["owner"]
    subject = factory.Sequence(lambda n: f"New task assigned: TX2025111900{n:04d}")
    message = "A task is waiting for you."
    notification_type = "task_assignment"
    related_task_id = factory.Sequence(lambda n: n + 1)
    related_ticket_number = factory.Sequence(lambda n: f"TX2025111900{n:04d}")
    metadata = factory.LazyFunction(dict)
    created_at = factory.LazyFunction(timezone.now)
    dedupe_key = factory.Sequence(lambda n: f"factory-{n}")


class DeliveryLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryLog

    channel = "email"
    recipient = "owner@example.com"
    user_id = PEOPLE["owner"]
    notification_type = "task_assignment"
    subject = "New task assigned"
    status = DeliveryLog.Status.SENT
    attempts = 1
    dedupe_key = factory.Sequence(lambda n: f"factory-{n}:email")


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user_id = PEOPLE["owner"]
    user_email = "owner@example.com"
    notification_type = "task_assignment"
    channel = "email"
    enabled = False


class NotificationTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationTemplate

    notification_type = factory.Sequence(lambda n: f"custom_type_{n}")
    channel = "email"
    subject = "Hello {{ name }}"
    body = "Body for {{ name }}"
