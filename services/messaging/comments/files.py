"""Checking and storing uploaded files: the type comes from the content, each content is stored once."""

import codecs
import hashlib
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from PIL import Image, UnidentifiedImageError

from comments.models import StoredFile

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEXT_TYPES = {".csv": "text/csv"}
HEAD_BYTES = 8192


class FileRejectedError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    size: int
    content_type: str
    width: int | None = None
    height: int | None = None


def _is_image(head: bytes) -> bool:
    return head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _image_facts(upload) -> tuple[str, int, int]:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > settings.MESSAGING_MAX_IMAGE_PIXELS:
                    raise FileRejectedError(f"the image is too large ({width}x{height} pixels)")
                image_format = image.format
                image.verify()
    except FileRejectedError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise FileRejectedError("the file is not a readable image") from error
    return Image.MIME.get(image_format, "application/octet-stream"), width, height


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def file_inspect(upload, *, file_name: str) -> FileFacts:
    """Size, hash, type and image dimensions of an upload; FileRejectedError when it may not be attached."""
    limit = settings.MESSAGING_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise FileRejectedError(f"{file_name} is {upload.size} bytes; the limit is {limit} bytes")
    if upload.size == 0:
        raise FileRejectedError(f"{file_name} is empty")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    suffix = PurePath(file_name).suffix.lower()
    width = height = None
    if _is_image(head):
        content_type, width, height = _image_facts(upload)
    elif head.startswith(b"%PDF-"):
        content_type = "application/pdf"
    elif head.startswith(b"PK\x03\x04"):
        content_type = OFFICE_TYPES.get(suffix, "application/zip")
    elif _looks_like_text(head):
        content_type = TEXT_TYPES.get(suffix, "text/plain")
    else:
        content_type = "application/octet-stream"
    if content_type not in settings.MESSAGING_ATTACHMENT_TYPES:
        raise FileRejectedError(f"{file_name}: files of type {content_type} may not be attached")
    return FileFacts(sha256=digest.hexdigest(), size=upload.size, content_type=content_type, width=width, height=height)


def stored_file_for(upload, facts: FileFacts) -> StoredFile:
    """The one stored copy of this content, saving it when it is new."""
    existing = StoredFile.objects.filter(sha256=facts.sha256).first()
    if existing is not None:
        return existing
    stored = StoredFile(sha256=facts.sha256, size=facts.size, content_type=facts.content_type, width=facts.width, height=facts.height)
    upload.seek(0)
    stored.file.save(facts.sha256, upload, save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # the same content uploaded at the same moment: keep theirs
        winner = StoredFile.objects.get(sha256=facts.sha256)
        if winner.file.name != stored.file.name:
            stored.file.delete(save=False)
        return winner
    return stored
