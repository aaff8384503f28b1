"""Attachments: checked by content, stored once per hash, bounded in size, downloaded only by members."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from comments.models import Attachment, StoredFile
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def png(width=3, height=2, color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(client, comment, *files):
    return client.post(f"/api/v1/comments/{comment.pk}/attachments/", {"file": list(files)}, format="multipart")


def test_an_image_is_attached_with_its_type_and_dimensions_and_pushed(callers, broadcasts, django_capture_on_commit_callbacks):
    comment = CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = attach(callers["author"], comment, upload("screen.png", png(3, 2)))

    assert response.status_code == 201, response.content
    [attachment] = response.json()["attachments"]
    assert (attachment["file_name"], attachment["content_type"], attachment["width"], attachment["height"]) == (
        "screen.png",
        "image/png",
        3,
        2,
    )
    assert attachment["size"] == len(png(3, 2)) and len(attachment["sha256"]) == 64
    assert attachment["download_url"] == f"/api/v1/attachments/{attachment['id']}/download/"
    [(_, event)] = broadcasts
    assert event["action"] == "attach_document" and event["comment"]["attachments"] == [attachment]


def test_the_same_content_is_stored_once_however_often_it_is_attached(callers, broadcasts):
    first, second = CommentFactory(), CommentFactory()
    content = b"Error log line 1\nError log line 2\n"

    attach(callers["author"], first, upload("log.txt", content))
    attach(callers["author"], second, upload("copy-of-log.txt", content), upload("other.txt", b"something else"))

    assert Attachment.objects.count() == 3
    assert StoredFile.objects.count() == 2
    names = {a.file_name: a.stored_file_id for a in Attachment.objects.all()}
    assert names["log.txt"] == names["copy-of-log.txt"] != names["other.txt"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", b"%PDF-1.7\n%...\n", "application/pdf"),
        ("notes.txt", "Grüße aus dem Büro".encode(), "text/plain"),
        ("table.csv", b"a,b\n1,2\n", "text/csv"),
        ("photo.jpg", None, "image/jpeg"),
    ],
)
def test_the_type_is_read_from_the_content(callers, broadcasts, name, content, expected):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4)).save(buffer, format="JPEG")
        content = buffer.getvalue()
    comment = CommentFactory()

    response = attach(callers["author"], comment, upload(name, content, "image/png"))

    assert response.status_code == 201, response.content
    assert response.json()["attachments"][0]["content_type"] == expected


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)), "application/octet-stream may not be attached"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"not really an image", "not a readable image"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_a_file_of_a_type_not_allowed_or_not_what_it_claims_is_refused(callers, name, content, reason):
    comment = CommentFactory()

    response = attach(callers["author"], comment, upload(name, content, "image/png"))

    assert response.status_code == 400 and reason in response.json()["detail"]
    assert not Attachment.objects.exists() and not StoredFile.objects.exists()


def test_the_allow_list_comes_from_settings(callers, settings):
    settings.MESSAGING_ATTACHMENT_TYPES = ["application/pdf"]
    comment = CommentFactory()

    response = attach(callers["author"], comment, upload("screen.png", png()))

    assert response.status_code == 400 and "image/png may not be attached" in response.json()["detail"]


def test_a_file_over_the_size_limit_is_refused_and_nothing_of_the_request_is_kept(callers, settings):
    settings.MESSAGING_MAX_ATTACHMENT_BYTES = 1000
    comment = CommentFactory()

    response = attach(callers["author"], comment, upload("small.txt", b"fine"), upload("big.txt", b"x" * 1001))

    assert response.status_code == 400 and "the limit is 1000 bytes" in response.json()["detail"]
    assert not Attachment.objects.exists()


def test_an_image_with_too_many_pixels_is_refused(callers, settings):
    settings.MESSAGING_MAX_IMAGE_PIXELS = 100
    comment = CommentFactory()

    response = attach(callers["author"], comment, upload("huge.png", png(20, 20)))

    assert response.status_code == 400 and "too large" in response.json()["detail"]


def test_only_the_author_attaches_and_a_request_needs_a_file(callers):
    comment = CommentFactory()

    assert attach(callers["other_member"], comment, upload("a.txt", b"a")).status_code == 403
    assert attach(callers["admin"], comment, upload("a.txt", b"a")).status_code == 403
    assert attach(callers["anonymous"], comment, upload("a.txt", b"a")).status_code == 401
    assert attach(callers["no_tts_role"], comment, upload("a.txt", b"a")).status_code == 403
    assert callers["author"].post(f"/api/v1/comments/{comment.pk}/attachments/", {}, format="multipart").status_code == 400


@pytest.mark.parametrize(("caller", "expected"), [("anonymous", 401), ("no_tts_role", 403), ("author", 200), ("other_member", 200)])
def test_a_download_is_for_signed_in_members_only(callers, broadcasts, caller, expected):
    comment = CommentFactory()
    attachment_id = attach(callers["author"], comment, upload("log.txt", b"line one\n")).json()["attachments"][0]["id"]

    response = callers[caller].get(f"/api/v1/attachments/{attachment_id}/download/")

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"line one\n"
        assert response["Content-Type"] == "text/plain"
        assert 'attachment; filename="log.txt"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_files_of_a_deleted_comment_are_gone(callers, broadcasts):
    comment = CommentFactory()
    attachment_id = attach(callers["author"], comment, upload("log.txt", b"x")).json()["attachments"][0]["id"]
    callers["author"].delete(f"/api/v1/comments/{comment.pk}/")

    assert callers["author"].get(f"/api/v1/attachments/{attachment_id}/download/").status_code == 404
    assert callers["author"].get("/api/v1/attachments/999999/download/").status_code == 404


def test_more_files_than_one_upload_takes_are_a_400_naming_file_and_none_is_kept(callers, settings):
    settings.MESSAGING_MAX_FILES_PER_UPLOAD = 2
    comment = CommentFactory()

    response = attach(callers["author"], comment, *(upload(f"{n}.txt", f"file {n}".encode()) for n in range(3)))

    assert response.status_code == 400 and response.json()["errors"] == {"file": ["at most 2 files at once"]}
    assert not Attachment.objects.exists() and not StoredFile.objects.exists()
    assert attach(callers["author"], comment, upload("a.txt", b"a"), upload("b.txt", b"b")).status_code == 201
