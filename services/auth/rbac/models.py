from django.conf import settings
from django.db import models

from tts_common.limits import ROLE_NAME_MAX_LENGTH, SYSTEM_SLUG_MAX_LENGTH

TTS = "tts"
# A sentence or a paragraph; the API refuses more (the column itself is unbounded, as is the replica's).
ROLE_DESCRIPTION_MAX_LENGTH = 2000


class System(models.Model):
    """A product that signs in through auth: TTS, HDTS, AMS, BMS."""

    slug = models.SlugField(max_length=SYSTEM_SLUG_MAX_LENGTH, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.slug


class Role(models.Model):
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="roles")
    name = models.CharField(max_length=ROLE_NAME_MAX_LENGTH)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["system_id", "name"]
        constraints = [models.UniqueConstraint(fields=["system", "name"], name="role_unique_name_per_system")]

    def __str__(self) -> str:
        return f"{self.system.slug}:{self.name}"


class UserSystemRole(models.Model):
    """A user holds a role in a system."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="system_roles")
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="user_roles")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="user_roles")
    is_active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_assigned_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role}"
