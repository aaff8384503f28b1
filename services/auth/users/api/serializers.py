from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from users.models import PASSWORD_MAX_LENGTH, User
from users.selectors import user_role_claims
from users.services import user_create, user_update


class PasswordField(serializers.CharField):
    """A password: write-only, untrimmed, 1 to PASSWORD_MAX_LENGTH characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("write_only", True)
        kwargs.setdefault("max_length", PASSWORD_MAX_LENGTH)
        super().__init__(trim_whitespace=False, style={"input_type": "password"}, **kwargs)


class RoleClaimSerializer(serializers.Serializer):
    """One entry of ``roles`` (and of the token's ``roles`` claim): a role the user holds in a system."""

    system = serializers.CharField(help_text="the system's slug, e.g. tts")
    role = serializers.CharField(help_text="the role's name, e.g. Agent")


class UserSerializer(serializers.ModelSerializer):
    """A user as administrators read and change it; ``password`` (write-only) sets a new one and signs them out everywhere."""

    password = PasswordField(required=False)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_active", "otp_enabled", "date_joined", "roles", "password"]
        read_only_fields = ["date_joined"]

    @extend_schema_field(RoleClaimSerializer(many=True))
    def get_roles(self, user: User) -> list[dict[str, str]]:
        return user_role_claims(user)

    def validate_email(self, value: str) -> str:
        value = value.strip().lower()
        clash = User.objects.filter(email__iexact=value)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError("A user with this email already exists.")
        return value

    def validate(self, attrs):
        password = attrs.get("password")
        if password is not None:
            candidate = self.instance or User(
                email=attrs.get("email", ""), first_name=attrs.get("first_name", ""), last_name=attrs.get("last_name", "")
            )
            try:
                validate_password(password, candidate)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"password": error.messages}) from None
        return attrs

    def create(self, validated_data):
        return user_create(**validated_data)

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        return user_update(user=instance, password=password, **validated_data)


class UserCreateSerializer(UserSerializer):
    """A new user: ``email`` and ``password`` are required."""

    password = PasswordField()


class MeSerializer(serializers.ModelSerializer):
    """What a person may change about themselves."""

    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_active", "otp_enabled", "date_joined", "roles"]
        read_only_fields = ["id", "email", "is_active", "date_joined"]

    @extend_schema_field(RoleClaimSerializer(many=True))
    def get_roles(self, user: User) -> list[dict[str, str]]:
        return user_role_claims(user)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = PasswordField()
    new_password = PasswordField()
