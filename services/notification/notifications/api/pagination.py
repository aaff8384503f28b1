"""The in-app list's page: the contract's ``{"count", "next", "previous", "results"}`` plus ``unread``."""

from rest_framework.response import Response

from notifications.selectors import inapp_unread_count
from tts_common.pagination import StandardPagination


class InAppPagination(StandardPagination):
    """Adds ``unread``: the caller's unread notifications, whatever the filters (the console's badge)."""

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        response.data["unread"] = inapp_unread_count(user_id=self.request.user.id)
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread"] = {"type": "integer", "minimum": 0, "example": 3}
        paginated["required"] = sorted({*paginated.get("required", []), "unread"})
        return paginated
