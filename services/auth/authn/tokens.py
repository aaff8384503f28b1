"""Tokens with the contract's claims: ``user_id``, ``email``, ``full_name``, ``roles``."""

import math
import time
import uuid
from datetime import datetime

from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from authn.models import RefreshTokenFamily
from users.models import User
from users.selectors import user_role_claims


class RefreshTokenToSpend(RefreshToken):
    """Verified in every way (signature, issuer, expiry, type) but the blacklist, which tokens_rotate reads under a lock."""

    def check_blacklist(self) -> None:
        return None


def token_pair_for(user: User, *, family: uuid.UUID | None = None) -> dict[str, str]:
    """A fresh refresh token and its access token, as ``{"access", "refresh"}``.

    The refresh token is recorded (``OutstandingToken``, so it can be
    blacklisted) in ``family``: a new family for a sign-in, the spent token's
    family for a rotation. Issued in a whole second after the user's
    ``tokens_valid_after`` (:func:`token_pair_after`), so a sign-in in the
    same second as a revocation does not get a pair refused from the start.
    """
    if user.tokens_valid_after is not None:
        _wait_for_the_second_after(user.tokens_valid_after)
    refresh = RefreshToken.for_user(user)
    refresh["user_id"] = user.pk  # the contract's claim is an int; simplejwt writes a string
    refresh["email"] = user.email
    refresh["full_name"] = user.full_name
    refresh["roles"] = user_role_claims(user)
    outstanding = OutstandingToken.objects.get(jti=refresh["jti"])
    RefreshTokenFamily.objects.create(token=outstanding, family=family or uuid.uuid4())
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def token_pair_after(user: User, *, revoked_at: datetime) -> dict[str, str]:
    """``token_pair_for(user)`` issued in a whole second after ``revoked_at`` (the user's ``tokens_valid_after``).

    ``iat`` has whole seconds and a token whose ``iat`` is before the
    revocation is refused (``tts_common.revocation.issued_before``), so a pair
    issued in the revocation's own second would be dead from the start. This
    waits (under a second, once per password change) for the next second
    rather than relax that rule for every token of the revocation's second.
    """
    _wait_for_the_second_after(revoked_at)
    return token_pair_for(user)


def _wait_for_the_second_after(revoked_at: datetime) -> None:
    """Sleep (under a second, and only right after a revocation) until the whole second after ``revoked_at``."""
    next_second = math.ceil(revoked_at.timestamp())
    while (left := next_second - time.time()) > 0:
        time.sleep(left)
