from django.urls import re_path

from comments.consumers import CommentConsumer, TicketConsumer
from comments.live import TICKET_ID_PATTERN

websocket_urlpatterns = [
    re_path(rf"^ws/comments/(?P<ticket_id>{TICKET_ID_PATTERN})/$", CommentConsumer.as_asgi()),
    re_path(rf"^ws/tickets/(?P<ticket_id>{TICKET_ID_PATTERN})/$", TicketConsumer.as_asgi()),
]
