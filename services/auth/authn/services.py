"""Signing in, rotating and revoking tokens, passcodes and password resets.

Mail leaves through the outbox as ``notifications.send_email``, so it is sent
once the transaction commits and survives a broker that is down.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from rest_framework.exceptions import Throttled
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from authn.lockout import LOCKED_OUT_MESSAGE, retry_after_seconds
from authn.models import OneTimePasscode, RefreshTokenFamily
from authn.tokens import RefreshTokenToSpend, token_pair_for
from tts_common import messages
from tts_common.errors import DomainError
from users.models import User
from users.services import user_password_set


class SignInError(DomainError):
    """A sign-in that gives no tokens: 401 with ``code`` ``invalid_credentials``, ``otp_required`` or ``otp_invalid``."""

    status = 401
    code = "invalid_credentials"


class LockedOutError(Throttled):
    """Too many failed sign-ins from this address for this account: 429 ``locked_out`` with ``Retry-After`` (seconds).

    DRF's ``Throttled`` rather than a DomainError because the answer needs its ``Retry-After`` header.
    """

    default_detail = LOCKED_OUT_MESSAGE
    default_code = "locked_out"

    def __init__(self):
        super().__init__(wait=retry_after_seconds())


class TokenRefusedError(DomainError):
    """A refresh token that gives no new pair (forged, expired, spent, revoked, or its account deactivated): 401 ``token_not_valid``."""

    status = 401
    code = "token_not_valid"


def email_send(*, to: str, template: str, context: dict) -> None:
    messages.SEND_EMAIL.enqueue(to=to, template=template, context=context)


def sign_in(*, request: HttpRequest, email: str, password: str, otp: str | None = None) -> dict[str, str]:
    """Check the credentials (and the passcode where enabled); return a token pair.

    ``request`` is Django's own request: django-axes records failures and flags
    a lockout on it. Raises SignInError (401) or LockedOutError (429).
    """
    user = authenticate(request, email=email.strip().lower(), password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOutError()
    if user is None:
        raise SignInError("No active account found with the given credentials.")
    if user.otp_enabled:
        if not otp:
            passcode_send(user=user)
            raise SignInError("A one-time passcode was sent to your email; send it as 'otp'.", code="otp_required")
        if not passcode_check(user=user, code=otp):
            raise SignInError("The passcode is wrong or has expired.", code="otp_invalid")
    return token_pair_for(user)


def passcode_send(*, user: User) -> None:
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        OneTimePasscode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
        OneTimePasscode.objects.create(
            user=user,
            code_hash=make_password(code),
            expires_at=timezone.now() + timedelta(seconds=settings.OTP_LIFETIME_SECONDS),
        )
        email_send(
            to=user.email,
            template="otp_code",
            context={"first_name": user.first_name, "code": code, "minutes": settings.OTP_LIFETIME_SECONDS // 60},
        )


def passcode_check(*, user: User, code: str) -> bool:
    with transaction.atomic():
        passcode = (
            OneTimePasscode.objects.select_for_update().filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now()).first()
        )
        if passcode is None or passcode.attempts >= settings.OTP_MAX_ATTEMPTS:
            return False
        if check_password(str(code).strip(), passcode.code_hash):
            passcode.used_at = timezone.now()
            passcode.save(update_fields=["used_at"])
            return True
        passcode.attempts += 1
        passcode.save(update_fields=["attempts"])
        return False


class RefreshTokenReusedError(TokenRefusedError):
    """A refresh token that was already rotated came back; its whole family was revoked: 401 ``token_reused``."""

    code = "token_reused"


def tokens_rotate(*, refresh: str) -> dict[str, str]:
    """Spend a refresh token once: it is blacklisted and a new pair of the same family is issued, with fresh claims.

    The token's ``OutstandingToken`` row is locked (``SELECT ... FOR NO KEY
    UPDATE``) until the request's transaction ends, so of N simultaneous uses
    exactly one succeeds. A token rotated more than
    ``REFRESH_REUSE_GRACE_SECONDS`` ago that comes back is reuse: every token
    of its family is revoked (RefreshTokenReusedError). Within the grace
    period it is a sibling tab that lost the race: refused, nothing revoked.
    Refused too (TokenRefusedError): an unknown, expired or forged token, a
    deactivated account, a token issued before the user's
    ``tokens_valid_after``.
    """
    try:
        token = RefreshTokenToSpend(refresh)
    except TokenError as error:
        raise TokenRefusedError(str(error)) from None
    refusal: TokenRefusedError | None = None
    with transaction.atomic():
        # order_by("pk"): the model's default ordering joins the (nullable) user, which FOR UPDATE refuses.
        outstanding = OutstandingToken.objects.select_for_update(no_key=True).filter(jti=token.get("jti")).order_by("pk").first()
        if outstanding is None or str(outstanding.user_id) != str(token.get("user_id")):
            raise TokenRefusedError("Token is invalid")
        family = RefreshTokenFamily.objects.filter(token=outstanding).values_list("family", flat=True).first()
        spent = BlacklistedToken.objects.filter(token=outstanding).first()
        if spent is not None:
            if family is not None and timezone.now() - spent.blacklisted_at > timedelta(seconds=settings.REFRESH_REUSE_GRACE_SECONDS):
                refresh_family_revoke(family=family)
                refusal = RefreshTokenReusedError("Token was already used; every session it started is signed out")
            else:
                refusal = TokenRefusedError("Token is blacklisted")
        else:
            BlacklistedToken.objects.create(token=outstanding)
            user = User.objects.filter(pk=outstanding.user_id, is_active=True).first()
            if user is None:
                refusal = TokenRefusedError("The account no longer exists or was deactivated.")
            elif user.tokens_valid_after is not None and outstanding.created_at < user.tokens_valid_after:
                refusal = TokenRefusedError("Token was revoked")
            else:
                pair = token_pair_for(user, family=family)
    # Raised after the block: the revocation and the spent token are kept.
    if refusal is not None:
        raise refusal
    return pair


def refresh_family_revoke(*, family) -> int:
    """Blacklist every live refresh token of ``family``; returns how many."""
    live = OutstandingToken.objects.filter(refresh_family__family=family, blacklistedtoken__isnull=True)
    return len(BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in live], ignore_conflicts=True))


def tokens_revoke(*, refresh: str) -> None:
    """Blacklist a refresh token (sign out). Raises DomainError on ``refresh`` (400) when it is forged, expired or already spent."""
    try:
        RefreshToken(refresh).blacklist()
    except TokenError as error:
        raise DomainError(str(error), field="refresh") from None


def password_reset_request(*, email: str) -> None:
    """Mail a reset link when the account exists; say nothing either way."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    email_send(
        to=user.email,
        template="password_reset",
        context={
            "first_name": user.first_name,
            "reset_url": f"{settings.FRONTEND_URL}/reset-password?uid={uid}&token={token}",
            "uid": uid,
            "token": token,
        },
    )


RESET_LINK_INVALID = "The reset link is invalid or has expired."


def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    """Set the new password and sign the user out everywhere.

    Raises DomainError on ``uid`` or ``token`` (400) when the link is not a live one
    of an active account, and Django's ValidationError on ``new_password`` when
    the password validators refuse it.
    """
    user = _reset_link_user(uid)
    if user is None:
        raise DomainError(RESET_LINK_INVALID, field="uid")
    if not default_token_generator.check_token(user, token):
        raise DomainError(RESET_LINK_INVALID, field="token")
    return user_password_set(user=user, password=new_password)


def _reset_link_user(uid: str) -> User | None:
    try:
        user_id = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    if not 0 < user_id < 2**63:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()
