"""Saved views: a person's named filters and sort over the task list (docs/api.md, "Saved views")."""

from django.db import models
from django.db.models.functions import Lower

from tts_common.limits import EMAIL_MAX_LENGTH

NAME_MAX_LENGTH = 80
ORDERING_MAX_LENGTH = 200


class SavedView(models.Model):
    """``filters`` are ``GET /tasks/`` query parameters (name → text), ``ordering`` its ``?ordering=`` value.

    An administrator may share their view with one role (``shared_with_role``): every holder of that role lists it,
    each counting the tasks they see; only the owner edits or deletes it.
    """

    owner_user_id = models.BigIntegerField(db_index=True)
    owner_email = models.CharField(max_length=EMAIL_MAX_LENGTH, blank=True)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    filters = models.JSONField(default=dict, blank=True)
    ordering = models.CharField(max_length=ORDERING_MAX_LENGTH, blank=True)
    shared_with_role = models.ForeignKey("roles.Role", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(Lower("name"), "owner_user_id", name="saved_view_name_unique_per_owner")]

    def __str__(self) -> str:
        return f"{self.name} (user {self.owner_user_id})"
