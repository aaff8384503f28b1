"""Consumers of auth's role sync messages."""

from celery import shared_task

from roles.services import role_member_sync_apply, role_sync_apply
from tts_common.routing import SYNC_ROLE, SYNC_USER_SYSTEM_ROLE


@shared_task(name=SYNC_ROLE)
def sync_role(payload):
    role_sync_apply(payload=payload)


@shared_task(name=SYNC_USER_SYSTEM_ROLE)
def sync_user_system_role(payload):
    role_member_sync_apply(payload=payload)
