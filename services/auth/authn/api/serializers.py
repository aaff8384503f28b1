from rest_framework import serializers

from tts_common.limits import EMAIL_MAX_LENGTH
from users.api.serializers import PasswordField

# A refresh token carries the user's roles; this leaves room for hundreds of them.
TOKEN_MAX_LENGTH = 16384
# A reset link's uid is the user id in URL-safe base64, its token a few dozen characters: both far shorter.
RESET_PART_MAX_LENGTH = 256


class SignInSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)
    password = PasswordField()
    otp = serializers.CharField(required=False, allow_blank=True, max_length=12)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=TOKEN_MAX_LENGTH)


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH)


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=RESET_PART_MAX_LENGTH)
    token = serializers.CharField(max_length=RESET_PART_MAX_LENGTH)
    new_password = PasswordField()


class AcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What happens next, for a person to read.")


class JwkSerializer(serializers.Serializer):
    """One RSA public key (RFC 7517, RFC 7518 section 6.3)."""

    kty = serializers.ChoiceField(choices=["RSA"])
    n = serializers.CharField(help_text="modulus, base64url")
    e = serializers.CharField(help_text="public exponent, base64url")
    use = serializers.ChoiceField(choices=["sig"])
    alg = serializers.ChoiceField(choices=["RS256"])
    kid = serializers.CharField(help_text="key id: the first 16 hex digits of the PEM's SHA-256")


class JwkSetSerializer(serializers.Serializer):
    keys = JwkSerializer(many=True)
