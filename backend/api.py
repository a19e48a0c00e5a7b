"""API conventions shared by every app: one error shape, one pagination.

Every error body is ``{"error": {"code": str, "message": str, "fields": {name: [str]}}}``.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ideas.errors import ServiceError


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail) -> list[str]:
    if isinstance(detail, list):
        return [str(item) for value in detail for item in _flatten(value)]
    if isinstance(detail, dict):
        return [str(item) for value in detail.values() for item in _flatten(value)]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        return Response(error_body(exc.code, exc.message, fields), status=exc.status_code)
    if isinstance(exc, ObjectDoesNotExist | Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {name: _flatten(value) for name, value in detail.items()}
        first = next(iter(fields.values()), ["The request is not valid."])[0]
        response.data = error_body("invalid", first, fields)
    else:
        code = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        code = code if isinstance(code, str) else "error"
        response.data = error_body(code, " ".join(_flatten(getattr(exc, "detail", str(exc)))))
    return response


class Pagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return super().get_paginated_response_schema(schema)


# What each error status means, for the schema. Every one has the shape of ``error_body``.
ERROR_DESCRIPTIONS = {
    "400": "The input is not valid; `fields` names the inputs at fault.",
    "403": "Not signed in, not allowed, or the challenge is not open.",
    "404": "No such item, or not one you may see or change (or no such page).",
    "415": "The body must be JSON, a URL-encoded form or a multipart form.",
    "429": "Too many requests: wait a little and try again.",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: document the error responses every operation can give.

    Any caller can be refused (403, e.g. a bad token) or throttled (429); input can be
    invalid (400) or sent as an unsupported media type (415); anything looked up by id or
    slug can be missing (404).
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            codes = ["403", "429"]
            if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
                codes.append("400")
            if "requestBody" in operation:
                codes.append("415")
            # A path that names something, or a page number past the end.
            if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
                codes.append("404")
            for code in sorted(codes):
                operation["responses"].setdefault(
                    code, {"description": ERROR_DESCRIPTIONS[code], "content": error}
                )
    return result


def not_found() -> Response:
    return Response(error_body("not_found", "Not found."), status=status.HTTP_404_NOT_FOUND)
