"""Turn a lost database into a clear 503 instead of a 500 stack trace."""

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

RETRY_AFTER_SECONDS = "5"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        message = "The service is briefly unavailable. Please try again in a few seconds."
        if request.path.startswith("/api/") or "application/json" in request.headers.get(
            "Accept", ""
        ):
            response = JsonResponse(
                {"error": {"code": "unavailable", "message": message, "fields": {}}}, status=503
            )
        else:
            from django.shortcuts import render

            try:
                response = render(request, "errors/503.jinja", {"message": message}, status=503)
            except Exception:
                response = JsonResponse(
                    {"error": {"code": "unavailable", "message": message, "fields": {}}}, status=503
                )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
