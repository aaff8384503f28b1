from django.contrib import admin

from rbac.models import Role, System, UserSystemRole


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ("slug", "name")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "system", "description")
    list_filter = ("system",)


@admin.register(UserSystemRole)
class UserSystemRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "system", "role", "is_active", "assigned_at")
    list_filter = ("system", "role", "is_active")
    autocomplete_fields = ("user",)
