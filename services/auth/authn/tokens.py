"""Tokens with the contract's claims: ``user_id``, ``email``, ``full_name``, ``roles``."""

import uuid

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
