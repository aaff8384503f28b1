"""Preferences, and dedupe when another worker got there first."""

import pytest

from notifications.messages import InAppRequest
from notifications.models import DeliveryLog, InAppNotification, NotificationPreference
from notifications.selectors import preferences_effective
from notifications.services import (
    PreferenceChange,
    inapp_notification_create,
    inapp_notifications_bulk_create,
    preference_allows,
    preferences_set,
)
from templating.catalogue import PREFERENCE_MATRIX
from tests.factories import InAppNotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def inapp(user_id=10, **overrides) -> InAppRequest:
    return InAppRequest(**{"user_id": user_id, "notification_type": "task_assignment", "subject": "S", "message": "M", **overrides})


def test_everything_is_on_until_a_person_says_otherwise():
    assert preference_allows(notification_type="task_assignment", channel="email", user_id=10)
    assert preference_allows(notification_type="anything_new", channel="inapp", user_id=10)
    assert preference_allows(notification_type="task_assignment", channel="email", email="who@example.com")


def test_a_person_mutes_email_for_one_type_and_keeps_the_rest():
    preferences_set(user_id=10, user_email="Owner@Example.com", changes=[PreferenceChange("task_assignment", "email", False)])

    assert not preference_allows(notification_type="task_assignment", channel="email", user_id=10)
    assert not preference_allows(notification_type="task_assignment", channel="email", email="owner@example.com")
    assert preference_allows(notification_type="task_assignment", channel="inapp", user_id=10)
    assert preference_allows(notification_type="sla_warning", channel="email", user_id=10)
    assert preference_allows(notification_type="task_assignment", channel="email", user_id=11)


def test_replacing_preferences_returns_the_unlisted_ones_to_on():
    preferences_set(user_id=10, user_email="a@example.com", changes=[PreferenceChange("sla_warning", "email", False)])

    preferences_set(user_id=10, user_email="a@example.com", changes=[PreferenceChange("sla_breach", "inapp", False)], replace=True)

    assert set(NotificationPreference.objects.values_list("notification_type", "channel", "enabled")) == {("sla_breach", "inapp", False)}


def test_a_new_address_follows_the_person_to_all_their_rows():
    NotificationPreferenceFactory(user_email="old@example.com", notification_type="sla_warning")

    preferences_set(user_id=10, user_email="new@example.com", changes=[PreferenceChange("sla_breach", "email", False)])

    assert set(NotificationPreference.objects.values_list("user_email", flat=True)) == {"new@example.com"}


def test_the_effective_matrix_lists_every_switchable_pair():
    NotificationPreferenceFactory(notification_type="sla_warning", channel="inapp", enabled=False)
    NotificationPreferenceFactory(notification_type="custom_thing", channel="email", enabled=False)

    matrix = preferences_effective(user_id=10)

    assert len(matrix) == len(PREFERENCE_MATRIX) + 1
    by_pair = {(row["notification_type"], row["channel"]): row for row in matrix}
    assert by_pair[("sla_warning", "inapp")] == {
        "notification_type": "sla_warning",
        "channel": "inapp",
        "enabled": False,
        "is_default": False,
    }
    assert by_pair[("sla_warning", "email")]["enabled"] is True and by_pair[("sla_warning", "email")]["is_default"] is True
    assert ("otp_code", "email") not in by_pair and ("custom_thing", "email") in by_pair


def test_a_notification_another_worker_stored_meanwhile_is_not_stored_twice():
    # The other worker's insert landed between this worker's check and its own insert.
    InAppNotificationFactory(dedupe_key="race-1")

    report = inapp_notification_create(request=inapp(), dedupe_key="race-1")

    assert report.duplicates == ["race-1"] and report.created == []
    assert InAppNotification.objects.count() == 1 and not DeliveryLog.objects.exists()


def test_a_bulk_that_meets_another_workers_rows_is_redone_one_by_one():
    InAppNotificationFactory(dedupe_key="bulk-race:1", user_id=21)

    report = inapp_notifications_bulk_create(items=[(f"bulk-race:{n}", inapp(user_id=20 + n)) for n in range(3)])

    assert [n.user_id for n in report.created] == [20, 22] and report.duplicates == ["bulk-race:1"]
    assert InAppNotification.objects.count() == 3


def test_the_same_item_twice_in_one_bulk_counts_once():
    report = inapp_notifications_bulk_create(items=[("same", inapp()), ("same", inapp())])

    assert len(report.created) == 1 and report.duplicates == ["same"]
