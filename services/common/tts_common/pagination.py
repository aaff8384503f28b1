"""The contract's list shape: ``{"count", "next", "previous", "results"}``.

``?page`` is a whole number from 1 and ``?page_size`` one from 1 to 200 (25 when
absent); anything else (an empty value too) else is a 400 validation problem naming the parameter (DRF
would answer a 404 for ``page=abc`` and silently use 25 for ``page_size=abc``).
A page past the last of the list is DRF's 404 ``not_found`` ("Invalid page."),
as the schema says.
"""

from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def _number(self, request, name: str, maximum: int | None = None) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        field = serializers.IntegerField(min_value=1, max_value=maximum)
        try:
            return field.run_validation(raw)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({name: error.detail}) from None

    def get_page_size(self, request) -> int:
        page_size = self._number(request, self.page_size_query_param, self.max_page_size)
        return self.page_size if page_size is None else page_size

    def get_page_number(self, request, paginator):
        page_number = self._number(request, self.page_query_param)
        return 1 if page_number is None else page_number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = "A page number from 1; past the last page the answer is a 404."
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size}
                parameter["description"] = f"Results per page, 1 to {self.max_page_size}."
        return parameters
