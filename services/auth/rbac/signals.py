from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from rbac.models import Role, UserSystemRole
from rbac.services import role_sync, user_sync, user_system_role_sync
from users.models import User

SYNCED_USER_FIELDS = ("email", "first_name", "last_name", "is_active")


@receiver(post_save, sender=Role)
def _role_saved(sender, instance: Role, created: bool, raw: bool = False, **kwargs):
    if not raw:
        role_sync(role=instance, action="create" if created else "update")


@receiver(post_delete, sender=Role)
def _role_deleted(sender, instance: Role, **kwargs):
    role_sync(role=instance, action="delete")


@receiver(post_save, sender=UserSystemRole)
def _assignment_saved(sender, instance: UserSystemRole, created: bool, raw: bool = False, **kwargs):
    if not raw:
        user_system_role_sync(assignment=instance, action="create" if created else "update")


@receiver(post_delete, sender=UserSystemRole)
def _assignment_deleted(sender, instance: UserSystemRole, **kwargs):
    user_system_role_sync(assignment=instance, action="delete")


@receiver(pre_save, sender=User)
def _remember_synced_user_fields(sender, instance: User, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(SYNCED_USER_FIELDS):
        return  # e.g. last_login on every sign-in
    if instance.pk:
        instance._synced_before = User.objects.filter(pk=instance.pk).values(*SYNCED_USER_FIELDS).first()


@receiver(post_save, sender=User)
def _user_saved(sender, instance: User, created: bool, raw: bool = False, **kwargs):
    before = instance.__dict__.pop("_synced_before", None)  # once: a later save of other fields must not resend
    if raw or created or before is None:
        return
    if any(before[field] != getattr(instance, field) for field in SYNCED_USER_FIELDS):
        user_sync(user=instance)
