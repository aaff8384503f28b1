from django.urls import path
from rest_framework.routers import DefaultRouter

from tickets.api.views import TicketViewSet, attachment_file

router = DefaultRouter(trailing_slash=True)
router.register("tickets", TicketViewSet, basename="ticket")

api_urlpatterns = router.urls
media_urlpatterns = [path("ticket_attachments/<path:name>", attachment_file, name="ticket-attachment-file")]
