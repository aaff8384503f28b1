from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from tts_common.errors import DomainError
from tts_common.revocation import revocation_publish
from users.models import User


def user_create(
    *, email: str, password: str, first_name: str = "", last_name: str = "", is_active: bool = True, otp_enabled: bool = False
) -> User:
    """A new account. Raises Django's ValidationError on ``password`` when the password validators refuse it."""
    user = User(email=email, first_name=first_name, last_name=last_name, is_active=is_active, otp_enabled=otp_enabled)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None
    user.set_password(password)
    user.save()
    return user


def user_update(*, user: User, password: str | None = None, **fields) -> User:
    """Change the given fields (and the password, already validated, when given).

    A new password or a deactivation signs the user out everywhere; a
    reactivation does not bring old refresh tokens back.
    """
    deactivated = user.is_active and fields.get("is_active") is False
    with transaction.atomic():
        for name, value in fields.items():
            setattr(user, name, value)
        if password:
            user.set_password(password)
        user.save()
        if password or deactivated:
            user_sign_out_everywhere(user=user)
    return user


def user_deactivate(*, user: User) -> User:
    """Accounts are never deleted (tasks and audit records name them): they stop signing in."""
    return user_update(user=user, is_active=False)


def user_password_set(*, user: User, password: str) -> User:
    """Validate and set a new password; every refresh token the user holds dies.

    Raises Django's ValidationError on ``new_password`` (the validators' messages).
    """
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.error_list}) from None
    return user_update(user=user, password=password)


def user_password_change(*, user: User, current_password: str, new_password: str) -> User:
    """Self-service: the current password proves it is the owner.

    Raises DomainError on ``current_password`` (400) when it is wrong, and
    Django's ValidationError on ``new_password`` when the validators refuse it.
    """
    if not user.check_password(current_password):
        raise DomainError("The current password is wrong.", field="current_password")
    return user_password_set(user=user, password=new_password)


def user_sign_out_everywhere(*, user: User) -> int:
    """Revoke every refresh token the user holds; returns how many were still live.

    Refresh tokens issued before now are refused from here on
    (``tokens_valid_after``, compared with the token's record on refresh), and
    the recorded ones are blacklisted as well. Access tokens issued before now
    are refused too: the revocation is published through the outbox to every
    service's deny list (``tts_common.revocation``), in this transaction.
    """
    with transaction.atomic():
        user.tokens_valid_after = timezone.now()
        user.save(update_fields=["tokens_valid_after"])
        revocation_publish(user_id=user.pk, not_before=user.tokens_valid_after)
        outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
        blacklisted = BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True)
    return len(blacklisted)
