from rest_framework import serializers

from rbac.models import Role, System, UserSystemRole
from rbac.services import role_resolve
from users.models import User


class SystemSerializer(serializers.ModelSerializer):
    class Meta:
        model = System
        fields = ["id", "slug", "name"]


class RoleSerializer(serializers.ModelSerializer):
    system = serializers.SlugRelatedField(slug_field="slug", queryset=System.objects.all())

    class Meta:
        model = Role
        fields = ["id", "name", "system", "description"]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=Role.objects.all(), fields=["system", "name"], message="This system already has a role of that name."
            )
        ]


class RoleReferenceField(serializers.Field):
    """A role given by id or by name; resolved against the request's system."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or not str(data).strip():
            raise serializers.ValidationError("Give the role's id or its name.")
        return data

    def to_representation(self, value):
        return value.pk


class UserSystemRoleSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    system = serializers.SlugRelatedField(slug_field="slug", queryset=System.objects.all())
    role = RoleReferenceField()
    role_name = serializers.CharField(source="role.name", read_only=True)
    user_email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = UserSystemRole
        fields = ["id", "user", "user_email", "system", "role", "role_name", "is_active", "assigned_at"]
        read_only_fields = ["is_active", "assigned_at"]

    def validate(self, attrs):
        try:
            attrs["role"] = role_resolve(system=attrs["system"], role=attrs["role"])
        except (Role.DoesNotExist, ValueError):
            raise serializers.ValidationError({"role": f"No such role in {attrs['system'].slug}."}) from None
        return attrs
