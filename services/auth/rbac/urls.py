from rest_framework.routers import DefaultRouter

from rbac.api.views import RoleViewSet, SystemViewSet, UserSystemRoleViewSet

router = DefaultRouter()
router.register("systems", SystemViewSet, basename="system")
router.register("roles", RoleViewSet, basename="role")
router.register("user-system-roles", UserSystemRoleViewSet, basename="user-system-role")

urlpatterns = router.urls
