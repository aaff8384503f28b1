from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from users.models import User


def user_create(
    *, email: str, password: str, first_name: str = "", last_name: str = "", is_active: bool = True, otp_enabled: bool = False
) -> User:
    user = User(email=email, first_name=first_name, last_name=last_name, is_active=is_active, otp_enabled=otp_enabled)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def user_deactivate(*, user: User) -> User:
    """Accounts are never deleted (tasks and audit records name them): they stop signing in."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        user_sign_out_everywhere(user=user)
    return user


def user_sign_out_everywhere(*, user: User) -> int:
    """Blacklist every refresh token the user holds."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False)
    blacklisted = BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True)
    return len(blacklisted)
