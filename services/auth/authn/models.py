from django.conf import settings
from django.db import models
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken


class OneTimePasscode(models.Model):
    """A sign-in passcode sent by email; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passcodes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "used_at"], name="otp_user_unused_idx")]

    def __str__(self) -> str:
        return f"passcode for {self.user_id} ({'used' if self.used_at else 'open'})"


class RefreshTokenFamily(models.Model):
    """Which family an issued refresh token belongs to: one sign-in and every rotation since.

    A rotated token that comes back (reuse, OAuth 2.0 Security BCP 4.14.2)
    revokes every token of its family.
    """

    token = models.OneToOneField(OutstandingToken, on_delete=models.CASCADE, related_name="refresh_family")
    family = models.UUIDField(db_index=True)

    def __str__(self) -> str:
        return f"{self.token_id} in family {self.family}"
