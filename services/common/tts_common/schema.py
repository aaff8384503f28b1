"""The OpenAPI schema every service serves (drf-spectacular): who may call, and how it fails.

- :class:`ClaimsJWTScheme` declares the bearer JWT (``bearerAuth``) on every
  operation that authenticates with :class:`tts_common.auth.ClaimsJWTAuthentication`
  or a subclass (auth's own), so Swagger UI's Authorize button works.
- :class:`AutoSchema` (``DEFAULT_SCHEMA_CLASS``) declares the error responses an
  operation can give, each an ``application/problem+json`` body of the shared
  ``Problem`` component (:mod:`tts_common.errors`):

  ======  ==========================================================
  400     the operation takes a body or parameters
  401     the view authenticates (a bad token is refused even where anonymous callers are let in)
  403     the operation needs a token (a role or ownership may still be missing)
  404     the path has parameters, or the list is paginated (a page past the last)
  413     the operation takes a body (``DATA_UPLOAD_MAX_MEMORY_SIZE``)
  414     the operation takes query parameters (``tts_common.limits.MAX_QUERY_STRING_BYTES``)
  415     the operation takes a body (an unsupported ``Content-Type``)
  429     the view is throttled (``Retry-After`` says when to come back)
  503     always: the database did not answer (``Retry-After``)
  ======  ==========================================================

  An error response a view declares itself (``@extend_schema(responses={409:
  OpenApiResponse(description=...)})``) keeps its description and gets the
  ``Problem`` body; :func:`problem_response` builds one. A view whose error bodies
  are not problems (``/health/``'s 503 names the failing check) is marked with
  :func:`own_error_bodies`.
- :class:`BoundedListSchema` declares the bounds of a nested ``Serializer(many=True,
  max_length=N, min_length=M, allow_empty=False)`` (``maxItems``/``minItems``), which
  DRF enforces and drf-spectacular leaves out.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

from tts_common.errors import PROBLEM_CONTENT_TYPE

PROBLEM_COMPONENT = "Problem"
OWN_ERROR_BODIES_ATTRIBUTE = "tts_own_error_bodies"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details: every error response of every service.",
    "properties": {
        "type": {"type": "string", "description": "urn:tts:problem:<code>", "example": "urn:tts:problem:invalid"},
        "title": {"type": "string", "description": "The HTTP reason phrase.", "example": "Bad Request"},
        "status": {"type": "integer", "description": "The HTTP status code.", "example": 400},
        "detail": {"type": "string", "description": "One human sentence; for `invalid`, the first field error."},
        "code": {
            "type": "string",
            "description": "Machine code: DRF's (`invalid`, `not_authenticated`, `authentication_failed`, `permission_denied`, "
            "`not_found`, `method_not_allowed`, `throttled`, `parse_error`, `unsupported_media_type`...), "
            "`server_error`, `database_unavailable`, or a domain code.",
            "example": "invalid",
        },
        "request_id": {"type": "string", "nullable": True, "description": "The request's X-Request-ID."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": 'Validation errors only (code `invalid`), nested as DRF nests them: {"name": ["..."]}.',
        },
    },
    "required": ["type", "title", "status", "detail", "code", "request_id"],
    "additionalProperties": True,
}

DESCRIPTIONS = {
    400: "The input is invalid (`errors` names each field or parameter) or malformed.",
    401: "No token, or one that is invalid, expired or revoked (`WWW-Authenticate: Bearer`).",
    403: "The token's user may not do this.",
    404: "Not found.",
    413: "The body is too large.",
    414: "The query string is too long (`tts_common.limits.MAX_QUERY_STRING_BYTES`).",
    415: "Unsupported Content-Type.",
    429: "Too many requests; `Retry-After` gives the seconds to wait.",
    503: "The database is unavailable; retry after `Retry-After` seconds.",
}


class ClaimsJWTScheme(OpenApiAuthenticationExtension):
    """``Authorization: Bearer <access token>`` for ClaimsJWTAuthentication and its subclasses."""

    target_class = "tts_common.auth.ClaimsJWTAuthentication"
    match_subclasses = True
    name = "bearerAuth"
    priority = 1  # over drf-spectacular's own simplejwt schemes

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="AUTHORIZATION", token_prefix="Bearer", bearer_format="JWT")  # noqa: S106


class BoundedListSchema(OpenApiSerializerFieldExtension):
    """A nested ``Serializer(many=True, ...)`` (DRF's ``ListSerializer``) with the bounds DRF enforces:
    ``maxItems`` from ``max_length``, ``minItems`` from ``min_length`` (or 1 where ``allow_empty=False``)."""

    target_class = "rest_framework.serializers.ListSerializer"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if schema is None:
            return None
        max_length = self.target.max_length
        min_length = max(self.target.min_length or 0, 0 if self.target.allow_empty else 1)
        if max_length is not None:
            schema["maxItems"] = max_length
        if min_length:
            schema["minItems"] = min_length
        return schema


def problem_response(description: str) -> OpenApiResponse:
    """For ``@extend_schema(responses={409: problem_response("Already claimed.")})``."""
    return OpenApiResponse(description=description)


def own_error_bodies(view):
    """Mark a view whose error bodies are its own, not problems: :class:`AutoSchema` leaves them alone."""
    target = getattr(view, "cls", view)  # @api_view's function: the class spectacular inspects
    setattr(target, OWN_ERROR_BODIES_ATTRIBUTE, True)
    return view


class AutoSchema(SpectacularAutoSchema):
    """``DEFAULT_SCHEMA_CLASS``: drf-spectacular's, plus the error responses (module docstring)."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None or getattr(self.view, OWN_ERROR_BODIES_ATTRIBUTE, False):
            return operation
        problem_ref = self._problem_component().ref
        responses = operation["responses"]
        for status_code in self.problem_statuses(operation):
            responses.setdefault(str(status_code), {"description": DESCRIPTIONS[status_code]})
        for status_code, response in responses.items():
            if str(status_code)[0] in "45":
                response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": problem_ref}}
        return operation

    def problem_statuses(self, operation: dict[str, Any]) -> list[int]:
        """The error statuses this operation can answer (module docstring's table)."""
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation or self.method in BODY_METHODS
        statuses = []
        if has_body or parameters:
            statuses.append(400)
        if self.view.get_authenticators():
            statuses.append(401)
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            statuses.append(403)
        if any(parameter.get("in") == "path" or parameter.get("name") == "page" for parameter in parameters):
            statuses.append(404)  # no such object, or a page past the last
        if any(parameter.get("in") == "query" for parameter in parameters):
            statuses.append(414)
        if has_body:
            statuses += [413, 415]
        if self.view.get_throttles():
            statuses.append(429)
        statuses.append(503)
        return statuses

    def _problem_component(self) -> ResolvedComponent:
        component = ResolvedComponent(
            name=PROBLEM_COMPONENT, type=ResolvedComponent.SCHEMA, object=PROBLEM_COMPONENT, schema=PROBLEM_SCHEMA
        )
        self.registry.register_on_missing(component)
        return self.registry[component]
