"""Middleware: a clear 503 for a lost database, a clear 400 for a form in the wrong encoding."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

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
            try:
                response = render(request, "errors/503.jinja", {"message": message}, status=503)
            except Exception:  # the error page itself may need the database
                response = JsonResponse(
                    {"error": {"code": "unavailable", "message": message, "fields": {}}}, status=503
                )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response


class UndecodableFormMiddleware:
    """Refuse a URL-encoded form whose bytes are not in its character set (UTF-8 unless it says
    otherwise). Django would read the whole form as Latin-1 instead, and the person's text
    would be stored garbled ("Café" as "CafÃ©").
    """

    message = "The form could not be read. Send it as UTF-8 text."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "application/x-www-form-urlencoded":
            try:
                request.body.decode(request.encoding or settings.DEFAULT_CHARSET)
            except UnicodeDecodeError:
                return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        if request.path.startswith("/api/"):
            body = {"error": {"code": "bad_encoding", "message": self.message, "fields": {}}}
            return JsonResponse(body, status=400)
        return render(request, "frontend/errors/400.jinja", {"message": self.message}, status=400)
