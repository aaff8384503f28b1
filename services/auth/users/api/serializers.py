from django.contrib.auth.password_validation import validate_password
from rest_framework import serializers

from users.models import User
from users.selectors import user_role_claims
from users.services import user_update


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"}, trim_whitespace=False)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_active", "otp_enabled", "date_joined", "roles", "password"]
        read_only_fields = ["date_joined"]

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
        if self.instance is None and not password:
            raise serializers.ValidationError({"password": "This field is required."})
        if password:
            candidate = self.instance or User(
                email=attrs.get("email", ""), first_name=attrs.get("first_name", ""), last_name=attrs.get("last_name", "")
            )
            try:
                validate_password(password, candidate)
            except Exception as error:
                raise serializers.ValidationError({"password": list(getattr(error, "messages", [str(error)]))}) from None
        return attrs

    def create(self, validated_data):
        password = validated_data.pop("password")
        user = User(**validated_data)
        user.set_password(password)
        user.save()
        return user

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        return user_update(user=instance, password=password, **validated_data)


class MeSerializer(serializers.ModelSerializer):
    """What a person may change about themselves."""

    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_active", "otp_enabled", "date_joined", "roles"]
        read_only_fields = ["id", "email", "is_active", "date_joined"]

    def get_roles(self, user: User) -> list[dict[str, str]]:
        return user_role_claims(user)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    new_password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
