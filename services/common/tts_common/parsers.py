"""DRF parsers that refuse what the database cannot store, for every endpoint at once.

Set as ``DEFAULT_PARSER_CLASSES`` in :mod:`tts_common.settings`; a view that
names parsers of its own should name these.

- JSON: more than :data:`~tts_common.validation.MAX_JSON_DEPTH` levels is a
  400 ``{"detail": "JSON parse error - ..."}`` (``ParseError``); a NUL or a
  lone surrogate anywhere, in a key or a value, is a 400 naming its path:
  ``{"extras.asset_name": ["Null characters are not allowed."]}``.
- Forms and multipart: the same for every text field and every uploaded file's
  name. File contents are bytes and are not checked. A multipart body with no
  part at all is a 400 ``parse_error``.
"""

from django.http import QueryDict
from rest_framework import exceptions, parsers

from tts_common.validation import JsonTooDeepError, multi_value_problems, text_problem, unstorable_values


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(f"JSON parse error - {JsonTooDeepError()}") from None
        try:
            problems = unstorable_values(data)
        except JsonTooDeepError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        if problems:
            raise exceptions.ValidationError(problems)
        return data


def _refuse_unstorable_fields(data: QueryDict, files=None) -> None:
    problems = multi_value_problems(data.lists())
    for key, uploads in files.lists() if files is not None else []:
        for upload in uploads:
            problem = text_problem(upload.name or "")
            if problem:
                problems.setdefault(key, []).append(f"File name: {problem}")
    if problems:
        raise exceptions.ValidationError(problems)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_unstorable_fields(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Also refuses a body that has no part at all (``true`` sent as multipart parsed as an empty form:
    a PATCH of nothing that answered 200; schemathesis found it)."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = int((request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0)
        result = super().parse(stream, media_type, parser_context)
        if length and not result.data and not result.files:
            raise exceptions.ParseError("Multipart form parse error - the body has no parts.")
        _refuse_unstorable_fields(result.data, result.files)
        return result


__all__ = ["FormParser", "JSONParser", "MultiPartParser"]
