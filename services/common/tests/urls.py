from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from tts_common.permissions import IsTTSAdmin
from tts_common.urls import common_urlpatterns


@api_view(["GET"])
@permission_classes([IsAuthenticated])
def whoami(request):
    user = request.user
    return Response({"user_id": user.id, "email": user.email, "full_name": user.full_name, "roles": user.roles})


@api_view(["GET"])
@permission_classes([IsTTSAdmin])
def admin_only(request):
    return Response({"ok": True})


urlpatterns = [*common_urlpatterns(), path("whoami/", whoami), path("admin-only/", admin_only)]
