from rest_framework import serializers

from roles.models import Role, RoleMember


class RoleMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleMember
        fields = ["user_id", "user_email", "user_full_name", "is_active"]


class RoleSerializer(serializers.ModelSerializer):
    members = RoleMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Role
        fields = ["role_id", "name", "system", "description", "members"]
