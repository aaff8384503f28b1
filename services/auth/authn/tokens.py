"""Tokens with the contract's claims: ``user_id``, ``email``, ``full_name``, ``roles``."""

from rest_framework_simplejwt.tokens import RefreshToken

from users.models import User
from users.selectors import user_role_claims


def token_pair_for(user: User) -> dict[str, str]:
    """A fresh refresh token (recorded, so it can be blacklisted) and its access token."""
    refresh = RefreshToken.for_user(user)
    refresh["user_id"] = user.pk  # the contract's claim is an int; simplejwt writes a string
    refresh["email"] = user.email
    refresh["full_name"] = user.full_name
    refresh["roles"] = user_role_claims(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}
