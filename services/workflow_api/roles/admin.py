from django.contrib import admin

from roles.models import Role, RoleMember


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "role_id", "system", "is_deleted", "assignments_made")


@admin.register(RoleMember)
class RoleMemberAdmin(admin.ModelAdmin):
    list_display = ("user_email", "role", "user_id", "is_active", "is_deleted")
    list_filter = ("role", "is_active")
