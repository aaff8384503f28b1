"""Ratings: taken back with null, never on one's own comment, and who voted is shown. A comment posted with its files in
one multipart request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from comments.models import Attachment, Comment, CommentRating
from comments.services import Author, CommentForbiddenError, comment_rate
from tests.factories import PEOPLE, TICKET, CommentFactory

pytestmark = pytest.mark.django_db


def rate(client, comment, rating):
    return client.post(f"/api/v1/comments/{comment.pk}/rate/", {"rating": rating}, format="json")


def test_a_rating_is_taken_back_with_null(callers, broadcasts, django_capture_on_commit_callbacks):
    comment = CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        up = rate(callers["other_member"], comment, True).json()
        back = rate(callers["other_member"], comment, None).json()
        again = rate(callers["other_member"], comment, None)

    assert (up["thumbs_up"], up["thumbs_up_user_ids"]) == (1, [PEOPLE["other_member"][0]])
    assert (back["thumbs_up"], back["thumbs_down"], back["thumbs_up_user_ids"]) == (0, 0, [])
    assert again.status_code == 200 and again.json()["thumbs_up"] == 0
    assert not CommentRating.objects.exists()
    assert [event["action"] for _, event in broadcasts] == ["rate", "rate"]  # taking back nothing pushes nothing
    assert broadcasts[-1][1]["comment"]["thumbs_up_user_ids"] == []


def test_a_thumbs_down_taken_back_lowers_its_own_count(callers):
    comment = CommentFactory()
    rate(callers["other_member"], comment, False)
    rate(callers["admin"], comment, False)

    body = rate(callers["admin"], comment, None).json()

    assert (body["thumbs_down"], body["thumbs_down_user_ids"]) == (1, [PEOPLE["other_member"][0]])


def test_the_author_cannot_rate_their_own_comment(callers):
    comment = CommentFactory()  # by "author"

    response = rate(callers["author"], comment, True)

    assert response.status_code == 403
    assert response.json()["detail"] == "authors cannot rate their own comments"
    comment.refresh_from_db()
    assert (comment.thumbs_up, comment.thumbs_down) == (0, 0)


def test_the_author_cannot_rate_their_own_comment_over_the_socket_either():
    comment = CommentFactory()

    with pytest.raises(CommentForbiddenError):
        comment_rate(comment_id=comment.pk, author=Author(user_id=comment.user_id, name="Alice"), rating=False)


def test_the_list_names_who_voted(callers):
    comment = CommentFactory()
    reply = CommentFactory(parent=comment, user_id=PEOPLE["other_member"][0])
    rate(callers["other_member"], comment, True)
    rate(callers["admin"], comment, False)
    rate(callers["author"], reply, True)

    [thread] = callers["author"].get(f"/api/v1/comments/?ticket_id={TICKET}").json()["results"]

    assert (thread["thumbs_up_user_ids"], thread["thumbs_down_user_ids"]) == ([PEOPLE["other_member"][0]], [PEOPLE["admin"][0]])
    assert thread["replies"][0]["thumbs_up_user_ids"] == [PEOPLE["author"][0]]


VOTERS = st.sampled_from([11, 12, 13])
VOTES = st.lists(st.tuples(VOTERS, st.sampled_from([True, False, None])), max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(votes=VOTES)
def test_the_counts_always_equal_each_persons_last_vote(votes):
    """Whatever order of up, down and take-back: the counts are each voter's last word, and match the voter lists."""
    comment = CommentFactory()
    last: dict[int, bool | None] = {}
    for user_id, rating in votes:
        comment_rate(comment_id=comment.pk, author=Author(user_id=user_id, name=f"User {user_id}"), rating=rating)
        last[user_id] = rating

    comment.refresh_from_db()
    assert comment.thumbs_up == sum(1 for vote in last.values() if vote is True)
    assert comment.thumbs_down == sum(1 for vote in last.values() if vote is False)
    stored = dict(CommentRating.objects.filter(comment=comment).values_list("user_id", "is_positive"))
    assert stored == {user_id: vote for user_id, vote in last.items() if vote is not None}


# --- a comment with its files in one go -----------------------------------------------------------


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def post_with_files(client, content, *files, parent=None):
    body = {"ticket_id": TICKET, "content": content, "file": list(files)}
    if parent is not None:
        body["parent"] = str(parent)
    return client.post("/api/v1/comments/", body, format="multipart")


def test_a_comment_is_posted_with_its_files_and_pushed_once(callers, broadcasts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screen, log = SimpleUploadedFile("screen.png", png()), SimpleUploadedFile("log.txt", b"boot failed\n")
        response = post_with_files(callers["author"], "See the screenshot", screen, log)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content"] == "See the screenshot"
    assert [(a["file_name"], a["content_type"]) for a in body["attachments"]] == [("screen.png", "image/png"), ("log.txt", "text/plain")]
    [(_, event)] = broadcasts
    assert event["action"] == "create" and [a["file_name"] for a in event["comment"]["attachments"]] == ["screen.png", "log.txt"]


def test_a_reply_takes_its_files_too(callers):
    top = CommentFactory()

    response = post_with_files(callers["other_member"], "Here it is", SimpleUploadedFile("log.txt", b"ok\n"), parent=top.pk)

    assert response.status_code == 201 and response.json()["parent"] == top.pk
    assert response.json()["attachments"][0]["file_name"] == "log.txt"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("empty.txt", b""), "empty.txt is empty"),
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff"), "tool.exe: files of type"),
    ],
    ids=["empty", "refused type"],
)
def test_a_refused_file_makes_no_comment_and_names_file(callers, broadcasts, upload, message):
    response = post_with_files(callers["author"], "With a bad file", SimpleUploadedFile("fine.txt", b"fine\n"), upload)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"] and message in response.json()["errors"]["file"][0]
    assert not Comment.objects.exists() and not Attachment.objects.exists()
    assert broadcasts == []


def test_too_many_files_at_once_is_refused(callers, settings):
    settings.MESSAGING_MAX_FILES_PER_UPLOAD = 2
    files = [SimpleUploadedFile(f"f{n}.txt", b"x\n") for n in range(3)]

    response = post_with_files(callers["author"], "Three", *files)

    assert response.status_code == 400 and list(response.json()["errors"]) == ["file"]
    assert not Comment.objects.exists()


def test_a_multipart_comment_without_files_is_a_comment(callers):
    response = callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "plain"}, format="multipart")

    assert response.status_code == 201 and response.json()["attachments"] == []
