from django.urls import path
from rest_framework.routers import DefaultRouter

from comments.api.views import AttachmentDownloadView, CommentViewSet

router = DefaultRouter(trailing_slash=True)
router.register("comments", CommentViewSet, basename="comment")

urlpatterns = [
    *router.urls,
    path("attachments/<int:pk>/download/", AttachmentDownloadView.as_view(), name="attachment-download"),
]
