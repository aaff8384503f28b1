from django.contrib import admin

from authn.models import OneTimePasscode


@admin.register(OneTimePasscode)
class OneTimePasscodeAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "expires_at", "attempts", "used_at")
    readonly_fields = ("user", "code_hash", "created_at", "expires_at", "attempts", "used_at")
