"""Every endpoint for every kind of caller, then what each answers and what it pushes."""

import pytest
from rest_framework.test import APIClient

from comments.models import Comment, CommentRating
from tests.factories import OTHER_TICKET, PEOPLE, TICKET, CommentFactory
from tts_common.outbox.models import OutboxMessage
from tts_common.routing import NOTIFY_TICKET_PARTICIPANTS

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "author", "other_member", "admin", "no_tts_role"]
MEMBERS = {"anonymous": 401, "author": 200, "other_member": 200, "admin": 200, "no_tts_role": 403}
ANYONE = dict.fromkeys(CALLERS, 200)

# (method, path, body, {caller: status}); {comment} was written by "author".
MATRIX = [
    ("get", "/health/", None, ANYONE),
    ("get", "/api/schema/", None, ANYONE),
    ("get", "/api/docs/", None, ANYONE),
    ("get", f"/api/v1/comments/?ticket_id={TICKET}", None, MEMBERS),
    ("get", "/api/v1/comments/{comment}/", None, MEMBERS),
    ("post", "/api/v1/comments/", {"ticket_id": TICKET, "content": "Hello"}, {**MEMBERS, "author": 201, "other_member": 201, "admin": 201}),
    ("patch", "/api/v1/comments/{comment}/", {"content": "Edited"}, {**MEMBERS, "other_member": 403, "admin": 403}),
    ("put", "/api/v1/comments/{comment}/", {"content": "Edited"}, {**MEMBERS, "author": 405, "other_member": 405, "admin": 405}),
    ("delete", "/api/v1/comments/{comment}/", None, {**MEMBERS, "author": 204, "other_member": 403, "admin": 204}),
    ("post", "/api/v1/comments/{comment}/rate/", {"rating": True}, {**MEMBERS, "author": 403}),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
@pytest.mark.parametrize("caller", CALLERS)
def test_endpoint_answers_each_caller(callers, broadcasts, method, path, body, expected, caller):
    comment = CommentFactory()

    response = getattr(callers[caller], method)(path.format(comment=comment.pk), body, format="json")

    assert response.status_code == expected[caller], response.content


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda make: make(user_id=10, roles=[{"system": "tts", "role": "Agent"}], lifetime_seconds=-10), id="expired"),
        pytest.param(lambda make: make(user_id=10, roles=[{"system": "tts", "role": "Agent"}], token_type="refresh"), id="refresh token"),
        pytest.param(lambda make: make(user_id=10, roles=[{"system": "tts", "role": "Agent"}])[:-4] + "AAAA", id="forged signature"),
    ],
)
def test_a_bad_token_is_401(make_token, token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token(make_token)}")

    assert client.get(f"/api/v1/comments/?ticket_id={TICKET}").status_code == 401


# --- create and reply ---------------------------------------------------------------------------


def test_a_comment_is_saved_with_its_author_from_the_token_and_pushed_after_commit(callers, broadcasts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "  Printer is on fire  "}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {
        "id",
        "ticket_id",
        "user_id",
        "author_name",
        "content",
        "parent",
        "thumbs_up",
        "thumbs_down",
        "attachments",
        "created_at",
        "updated_at",
    }
    assert (body["ticket_id"], body["user_id"], body["author_name"], body["content"], body["parent"]) == (
        TICKET,
        10,
        "Alice Agent",
        "Printer is on fire",
        None,
    )
    assert (body["thumbs_up"], body["thumbs_down"], body["attachments"], body["is_edited"], body["is_deleted"]) == (0, 0, [], False, False)
    assert broadcasts == [(f"comments.ticket.{TICKET}", {"type": "comment.update", "action": "create", "comment": body})]


def test_a_new_comment_asks_workflow_api_to_tell_the_tickets_people(callers, broadcasts):
    response = callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "Could someone look?"}, format="json")

    [message] = OutboxMessage.objects.filter(task_name=NOTIFY_TICKET_PARTICIPANTS)
    assert message.args == []
    assert message.kwargs == {
        "ticket_number": TICKET,
        "author_user_id": 10,
        "notification_type": "comment_added",
        "subject": f"New comment on {TICKET}",
        "message": "Alice Agent: Could someone look?",
        "metadata": {"comment_id": response.json()["id"], "parent": None, "author_name": "Alice Agent"},
    }


def test_a_long_comment_is_previewed_in_the_notification(callers, broadcasts):
    callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "x" * 500}, format="json")

    message = OutboxMessage.objects.get(task_name=NOTIFY_TICKET_PARTICIPANTS).kwargs["message"]
    assert message == "Alice Agent: " + "x" * 199 + "…"


def test_a_reply_joins_its_thread_and_a_reply_to_a_reply_joins_the_top_level_one(callers, broadcasts, django_capture_on_commit_callbacks):
    top = CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        reply = callers["other_member"].post(
            "/api/v1/comments/", {"ticket_id": TICKET, "content": "On it", "parent": top.pk}, format="json"
        )
        deeper = callers["author"].post(
            "/api/v1/comments/", {"ticket_id": TICKET, "content": "Thanks", "parent": reply.json()["id"]}, format="json"
        )

    assert reply.status_code == deeper.status_code == 201
    assert reply.json()["parent"] == deeper.json()["parent"] == top.pk
    assert [event["action"] for _, event in broadcasts] == ["reply", "reply"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ticket_id": TICKET, "content": "   "}, "content"),
        ({"ticket_id": TICKET}, "content"),
        ({"content": "Hi"}, "ticket_id"),
        ({"ticket_id": "not a ticket!", "content": "Hi"}, "ticket_id"),
        ({"ticket_id": TICKET, "content": "x" * 10_001}, "content"),
    ],
)
def test_a_bad_comment_is_a_400_naming_what_is_wrong(callers, body, field):
    response = callers["author"].post("/api/v1/comments/", body, format="json")

    assert response.status_code == 400 and list(response.json()["errors"]) == [field]
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_of_another_ticket_or_a_deleted_one_is_a_400_naming_parent(callers):
    elsewhere = CommentFactory(ticket_id=OTHER_TICKET)
    deleted = CommentFactory(is_deleted=True)

    for parent in (elsewhere.pk, deleted.pk, 999_999):
        body = {"ticket_id": TICKET, "content": "Hi", "parent": parent}
        response = callers["author"].post("/api/v1/comments/", body, format="json")
        assert response.status_code == 400 and response.json()["errors"] == {"parent": ["no such comment"]}
    assert Comment.objects.count() == 2


# --- list ----------------------------------------------------------------------------------------


def test_the_list_is_the_tickets_threads_oldest_first_with_replies(callers):
    first = CommentFactory(content="first")
    second = CommentFactory(content="second", user_id=11, author_name="Bob Agent")
    reply = CommentFactory(content="reply", parent=first)
    CommentFactory(content="deleted reply", parent=first, is_deleted=True)
    CommentFactory(content="another ticket", ticket_id=OTHER_TICKET)
    CommentFactory(content="deleted, nothing under it", is_deleted=True)
    tombstone = CommentFactory(content="deleted with a live reply", is_deleted=True)
    CommentFactory(content="keeps the tombstone", parent=tombstone)

    body = callers["other_member"].get(f"/api/v1/comments/?ticket_id={TICKET}").json()

    assert body["count"] == 3
    assert [c["id"] for c in body["results"]] == [first.pk, second.pk, tombstone.pk]
    assert [r["id"] for r in body["results"][0]["replies"]] == [reply.pk]
    assert body["results"][2]["content"] == "" and body["results"][2]["is_deleted"] is True
    assert body["results"][1]["replies"] == []


@pytest.mark.parametrize("query", ["", "?ticket_id=", "?ticket_id=not%20a%20ticket!", f"?ticket_id={'T' * 65}"])
def test_the_list_needs_a_ticket_number(callers, query):
    """A ticket_id that no comment can have was an empty 200, though the schema declares the pattern."""
    response = callers["author"].get(f"/api/v1/comments/{query}")

    assert response.status_code == 400 and list(response.json()["errors"]) == ["ticket_id"]


def test_listing_does_not_grow_queries_with_the_page(callers, django_assert_num_queries):
    for _ in range(5):
        top = CommentFactory()
        CommentFactory(parent=top)

    # savepoint, count, page, its files, its ratings, replies, their files, their ratings, release
    with django_assert_num_queries(9):
        assert callers["author"].get(f"/api/v1/comments/?ticket_id={TICKET}").json()["count"] == 5


# --- edit, delete -------------------------------------------------------------------------------


def test_the_author_edits_and_the_comment_is_marked_edited(callers, broadcasts, django_capture_on_commit_callbacks):
    comment = CommentFactory(content="Old text")

    with django_capture_on_commit_callbacks(execute=True):
        response = callers["author"].patch(f"/api/v1/comments/{comment.pk}/", {"content": "New text"}, format="json")

    body = response.json()
    assert (response.status_code, body["content"], body["is_edited"]) == (200, "New text", True)
    assert body["edited_at"] is not None
    assert [(event["action"], event["comment"]["content"]) for _, event in broadcasts] == [("update", "New text")]


def test_saving_the_same_text_changes_nothing(callers, broadcasts, django_capture_on_commit_callbacks):
    comment = CommentFactory(content="Same")

    with django_capture_on_commit_callbacks(execute=True):
        response = callers["author"].patch(f"/api/v1/comments/{comment.pk}/", {"content": "Same"}, format="json")

    assert response.json()["is_edited"] is False and broadcasts == []


def test_nobody_but_the_author_edits_not_even_an_administrator(callers):
    comment = CommentFactory(content="Mine")

    for caller in ("other_member", "admin"):
        response = callers[caller].patch(f"/api/v1/comments/{comment.pk}/", {"content": "Theirs"}, format="json")
        assert response.status_code == 403 and "author" in response.json()["detail"]
    comment.refresh_from_db()
    assert comment.content == "Mine"


@pytest.mark.parametrize("caller", ["author", "admin"])
def test_the_author_or_an_administrator_deletes_softly(callers, broadcasts, django_capture_on_commit_callbacks, caller):
    comment = CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        assert callers[caller].delete(f"/api/v1/comments/{comment.pk}/").status_code == 204

    comment.refresh_from_db()
    assert comment.is_deleted and comment.deleted_by == PEOPLE[caller][0] and comment.content
    [(_, event)] = broadcasts
    assert (event["action"], event["comment"]["id"], event["comment"]["is_deleted"], event["comment"]["content"]) == (
        "delete",
        comment.pk,
        True,
        "",
    )
    assert callers["author"].get(f"/api/v1/comments/{comment.pk}/").status_code == 404
    assert callers["author"].delete(f"/api/v1/comments/{comment.pk}/").status_code == 404
    assert callers["author"].patch(f"/api/v1/comments/{comment.pk}/", {"content": "x"}, format="json").status_code == 404


def test_an_unknown_comment_is_a_404(callers):
    assert callers["author"].get("/api/v1/comments/424242/").status_code == 404
    assert callers["author"].patch("/api/v1/comments/424242/", {"content": "x"}, format="json").status_code == 404
    assert callers["author"].post("/api/v1/comments/424242/rate/", {"rating": True}, format="json").status_code == 404
    assert callers["author"].get("/api/v1/comments/abc/").status_code == 404


# --- rating -------------------------------------------------------------------------------------


def test_one_rating_per_person_changeable(callers, broadcasts, django_capture_on_commit_callbacks):
    comment = CommentFactory()
    url = f"/api/v1/comments/{comment.pk}/rate/"

    with django_capture_on_commit_callbacks(execute=True):
        up = callers["other_member"].post(url, {"rating": True}, format="json").json()
        again = callers["other_member"].post(url, {"rating": True}, format="json").json()
        also_up = callers["admin"].post(url, {"rating": True}, format="json").json()
        changed = callers["other_member"].post(url, {"rating": False}, format="json").json()

    assert [(r["thumbs_up"], r["thumbs_down"]) for r in (up, again, also_up, changed)] == [(1, 0), (1, 0), (2, 0), (1, 1)]
    assert CommentRating.objects.filter(comment=comment).count() == 2
    assert [event["action"] for _, event in broadcasts] == ["rate", "rate", "rate"]  # the repeat changed nothing


@pytest.mark.parametrize(
    ("rating", "body_format"),
    [("maybe", "json"), (1, "json"), (0, "json"), ("true", "json"), ("null", "json"), ("0", "multipart"), ("yes", "multipart")],
)
def test_a_rating_must_be_true_or_false(callers, rating, body_format):
    comment = CommentFactory()

    response = callers["author"].post(f"/api/v1/comments/{comment.pk}/rate/", {"rating": rating}, format=body_format)

    assert response.status_code == 400 and list(response.json()["errors"]) == ["rating"]
    assert not CommentRating.objects.exists()


@pytest.mark.parametrize("body_format", ["multipart", "urlencoded", "json"])
def test_a_rating_left_out_is_a_400_naming_it_not_a_thumbs_down(callers, body_format):
    """DRF reads a boolean missing from a form as false (an unchecked checkbox): a form without ``rating`` was a thumbs-down."""
    comment = CommentFactory()
    url = f"/api/v1/comments/{comment.pk}/rate/"
    if body_format == "urlencoded":
        response = callers["author"].post(url, "other=1", content_type="application/x-www-form-urlencoded")
    else:
        response = callers["author"].post(url, {"other": "1"}, format=body_format)

    assert response.status_code == 400 and response.json()["errors"] == {"rating": ["This field is required."]}
    comment.refresh_from_db()
    assert (comment.thumbs_up, comment.thumbs_down) == (0, 0)
    assert not CommentRating.objects.exists()


def test_a_form_rating_counts_as_sent(callers):
    comment = CommentFactory()

    url = f"/api/v1/comments/{comment.pk}/rate/"

    response = callers["other_member"].post(url, "rating=true", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200 and (response.json()["thumbs_up"], response.json()["thumbs_down"]) == (1, 0)
