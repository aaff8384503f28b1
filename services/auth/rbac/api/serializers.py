from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rbac.models import ROLE_DESCRIPTION_MAX_LENGTH, Role, System, UserSystemRole
from tts_common.limits import ROLE_NAME_MAX_LENGTH
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
        extra_kwargs = {"description": {"max_length": ROLE_DESCRIPTION_MAX_LENGTH}}
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=Role.objects.all(), fields=["system", "name"], message="This system already has a role of that name."
            )
        ]

    def validate_system(self, system: System) -> System:
        # Its assignments and workflow_api's replica (tts roles only) are kept per system.
        if self.instance is not None and system.pk != self.instance.system_id:
            raise serializers.ValidationError("A role's system cannot change; create a role in the other system.")
        return system


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "minLength": 1, "maxLength": ROLE_NAME_MAX_LENGTH}]})
class RoleReferenceField(serializers.Field):
    """A role given by id (an integer, or its digits) or by name; resolved against the request's system by the service."""

    default_error_messages = {
        "invalid": "Give the role's id or its name.",
        "max_length": "Ensure this field has no more than {max_length} characters.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or (isinstance(data, str) and not data.strip()):
            self.fail("invalid")
        if isinstance(data, str) and len(data) > ROLE_NAME_MAX_LENGTH:
            self.fail("max_length", max_length=ROLE_NAME_MAX_LENGTH)
        return data


class UserSystemRoleAssignSerializer(serializers.Serializer):
    """What POST /user-system-roles/ takes: the user by id, the system by slug, the role by id or name."""

    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    system = serializers.SlugRelatedField(slug_field="slug", queryset=System.objects.all())
    role = RoleReferenceField()


class UserSystemRoleSerializer(serializers.ModelSerializer):
    """An assignment as answered: ``role`` is the role's id, ``role_name`` its name."""

    system = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    role_name = serializers.CharField(source="role.name", read_only=True)
    user_email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = UserSystemRole
        fields = ["id", "user", "user_email", "system", "role", "role_name", "is_active", "assigned_at"]
        read_only_fields = fields
