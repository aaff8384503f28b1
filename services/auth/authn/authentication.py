"""auth's own check of an access token: the user's row, not a deny list.

The other services learn of a revocation as a message (``tts_common.revocation``);
auth makes it, so it reads the row: a token is refused when its user is
inactive, gone, or has revoked their tokens since it was issued (``iat`` before
``tokens_valid_after``: ``tts_common.revocation.issued_before``, the rule the
services' deny lists apply). Without this a
deactivated administrator's access token could reactivate its owner.
"""

from rest_framework_simplejwt.exceptions import InvalidToken

from tts_common.auth import ClaimsJWTAuthentication
from tts_common.revocation import issued_before
from users.models import User


class CurrentUserJWTAuthentication(ClaimsJWTAuthentication):
    """ClaimsJWTAuthentication, plus one read of the user's ``is_active`` and ``tokens_valid_after``."""

    def get_validated_token(self, raw_token: bytes):
        token = super().get_validated_token(raw_token)
        user = User.objects.filter(pk=token["user_id"]).values("is_active", "tokens_valid_after").first()
        if user is None or not user["is_active"]:
            raise InvalidToken("The account no longer exists or was deactivated.")
        valid_after = user["tokens_valid_after"]
        if valid_after is not None and issued_before(token.payload.get("iat"), valid_after.timestamp()):
            raise InvalidToken("Token has been revoked")
        return token
