"""The contract's queue and task names are permanent: pin them."""

from tts_common import routing
from tts_common.celery import celery_settings

CONTRACT = {
    "tickets.tasks.receive_ticket": "TICKET_TASKS_PRODUCTION",
    "send_ticket_status": "ticket_status-default",
    "role.tasks.sync_role": "tts.role.sync",
    "role.tasks.sync_user_system_role": "tts.user_system_role.sync",
    "workflow.seed_workflows": "workflow_seed_queue",
    "task.send_assignment_notification": "notification-queue-default",
    "notifications.create_inapp_notification": "inapp-notification-queue",
    "notifications.bulk_create_notifications": "inapp-notification-queue",
    "notifications.send_email": "notification-queue-default",
    # the project's own, documented in docs/api.md
    "workflow.sla_sweep": "tts.workflow.maintenance",
    "workflow.notify_ticket_participants": "tts.workflow.maintenance",
    "amscheckout.tasks.request_checkout": "ams.checkout",
    "bmscheckout.tasks.request_checkout": "bms.checkout",
    # auth's revocations fanned out: one task name and queue per consuming service
    "sessions.revoke_tokens.workflow_api": "tts.revocation.workflow_api",
    "sessions.revoke_tokens.ticket_mock": "tts.revocation.ticket_mock",
    "sessions.revoke_tokens.messaging": "tts.revocation.messaging",
    "sessions.revoke_tokens.notification": "tts.revocation.notification",
    # outbound webhooks (docs/api.md, "Webhooks")
    "webhooks.comment_created": "tts.webhooks",
    "webhooks.deliver": "tts.webhooks",
    "webhooks.retry_sweep": "tts.webhooks",
}


def test_every_contract_task_routes_to_its_queue():
    assert routing.TASK_QUEUES == CONTRACT
    assert {task: route["queue"] for task, route in routing.celery_routes().items()} == CONTRACT


def test_compatibility_and_dead_letter_queues_are_declared():
    names = {queue.name for queue in routing.celery_queues()}

    assert {"role_send-default", "workflow_seed", "tts.dead_letter", *CONTRACT.values()} <= names


def test_queues_are_declared_plainly_so_any_producer_can_publish():
    for queue in routing.celery_queues():
        assert queue.durable
        assert not queue.queue_arguments, f"{queue.name} must carry no x- arguments"
        assert queue.exchange.name == queue.name
        assert queue.exchange.type == "direct"
        assert queue.routing_key == queue.name


def test_celery_is_json_only_with_late_acks_and_time_limits():
    conf = celery_settings()

    assert conf["accept_content"] == ["json"] and conf["task_serializer"] == "json"
    assert conf["task_acks_late"] and conf["task_reject_on_worker_lost"]
    assert 0 < conf["task_soft_time_limit"] < conf["task_time_limit"]


def test_an_amqp_broker_gets_publisher_confirms(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")

    assert celery_settings()["broker_transport_options"] == {"confirm_publish": True}


def test_each_service_that_verifies_tokens_has_its_own_revocation_task_and_queue():
    tasks = routing.REVOCATION_TASKS

    assert set(tasks) == {"workflow_api", "ticket_mock", "messaging", "notification"}
    assert len({routing.TASK_QUEUES[task] for task in tasks.values()}) == len(tasks)
