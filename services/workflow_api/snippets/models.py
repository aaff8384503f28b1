"""Canned replies: a person's snippets and the shared ones (docs/api.md, "Snippets")."""

from django.db import models
from django.db.models.functions import Lower

from tts_common.limits import EMAIL_MAX_LENGTH

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 5000
SHORTCUT_MAX_LENGTH = 40


class Snippet(models.Model):
    """``body`` is plain text with ``{{placeholder}}``s (:mod:`snippets.placeholders`); ``shortcut`` is what follows
    ``/`` in the comment box. A shared snippet (set by an administrator) is listed to every TTS member."""

    owner_user_id = models.BigIntegerField(db_index=True)
    owner_email = models.CharField(max_length=EMAIL_MAX_LENGTH, blank=True)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    shortcut = models.CharField(max_length=SHORTCUT_MAX_LENGTH)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    is_shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["shortcut", "id"]
        constraints = [models.UniqueConstraint(Lower("shortcut"), "owner_user_id", name="snippet_shortcut_unique_per_owner")]

    def __str__(self) -> str:
        return f"/{self.shortcut} (user {self.owner_user_id})"
