"""notification's /metrics figures: notifications sent, failed and pending per channel, from the delivery log."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from notifications.models import DeliveryLog
from tests.factories import DeliveryLogFactory

pytestmark = pytest.mark.django_db


def test_sent_failed_and_pending_are_counted_per_channel_from_the_delivery_log(client, monkeypatch):
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    DeliveryLogFactory.create_batch(3, channel="email", status=DeliveryLog.Status.SENT)
    DeliveryLogFactory(channel="email", status=DeliveryLog.Status.FAILED)
    DeliveryLogFactory(channel="email", status=DeliveryLog.Status.RETRYING)
    DeliveryLogFactory(channel="inapp", status=DeliveryLog.Status.SENT)
    DeliveryLogFactory(channel="inapp", status=DeliveryLog.Status.SKIPPED)

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    samples = [sample for family in text_string_to_metric_families(response.content.decode()) for sample in family.samples]
    found = {(sample.name, sample.labels.get("channel")): sample.value for sample in samples}
    assert found[("tts_notifications_sent_total", "email")] == 3
    assert found[("tts_notifications_sent_total", "inapp")] == 1
    assert found[("tts_notifications_failed_total", "email")] == 1
    assert found[("tts_notifications_failed_total", "inapp")] == 0
    assert found[("tts_notifications_pending", "email")] == 1
    readers = {sample.labels["collector"]: sample.value for sample in samples if sample.name == "tts_metrics_collector_up"}
    assert readers == {"outbox": 1, "delivery_families": 1}
