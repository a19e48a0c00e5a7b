"""Errors services raise; pages and the API turn them into messages and status codes."""


class ServiceError(Exception):
    """Base: ``message`` is safe to show the person; ``field`` names the input at fault."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class InvalidInput(ServiceError):
    status_code = 400
    code = "invalid"


class NotAllowed(ServiceError):
    status_code = 403
    code = "forbidden"


class NotOpen(NotAllowed):
    code = "not_open"


class Conflict(ServiceError):
    status_code = 409
    code = "conflict"
