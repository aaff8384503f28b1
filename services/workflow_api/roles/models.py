"""A replica of auth's TTS roles and their members, kept by the sync tasks.

Deletions leave a tombstone (``is_deleted``): messages on two queues may
arrive out of order, and a late ``create`` or ``update`` must not bring a
deleted row back (auth never reuses ids).
"""

from django.db import models

from tts_common.limits import EMAIL_MAX_LENGTH, FULL_NAME_MAX_LENGTH, ROLE_NAME_MAX_LENGTH, SYSTEM_SLUG_MAX_LENGTH


class Role(models.Model):
    role_id = models.BigIntegerField(unique=True, help_text="The role's id in auth.")
    name = models.CharField(max_length=ROLE_NAME_MAX_LENGTH, db_index=True)
    system = models.CharField(max_length=SYSTEM_SLUG_MAX_LENGTH, default="tts")
    description = models.TextField(blank=True)
    is_deleted = models.BooleanField(default=False)
    # Round-robin position: how many assignments this role has handed out.
    assignments_made = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleMember(models.Model):
    user_system_role_id = models.BigIntegerField(unique=True, help_text="The assignment's id in auth.")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="members")
    user_id = models.BigIntegerField(db_index=True)
    user_email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    user_full_name = models.CharField(max_length=FULL_NAME_MAX_LENGTH, blank=True)
    is_active = models.BooleanField(default=True)
    is_deleted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id"]

    def __str__(self) -> str:
        return f"{self.user_email} ({self.role.name})"

    @property
    def can_be_assigned(self) -> bool:
        return self.is_active and not self.is_deleted
