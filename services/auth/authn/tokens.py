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
    family for a rotation.
    """
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
    next_second = math.ceil(revoked_at.timestamp())
    while (left := next_second - time.time()) > 0:
        time.sleep(left)
    return token_pair_for(user)
