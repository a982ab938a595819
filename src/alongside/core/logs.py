"""Logging: one line per request, and JSON lines for hosts who collect logs.

A request line holds the method, the route's name (never the path's ids or the query string,
which can hold what someone searched for), the status, the time and a request id. Nothing a
member typed is ever logged.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

request_logger = logging.getLogger("alongside.request")

# A request id from the proxy is kept when it looks like one; anything else is replaced.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# The attributes every LogRecord has; anything else was passed as ``extra`` and goes into JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            # Plain values only: Django adds the request object, whose text holds the query string.
            if (
                key not in _STANDARD
                and not key.startswith("_")
                and isinstance(value, str | int | float | bool)
            ):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """Outermost middleware: times the request and writes its one log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if _SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex[:16]
        response = self.get_response(request)
        elapsed_ms = round((time.monotonic() - started) * 1000, 1)
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match and match.view_name else "-"
        response["X-Request-ID"] = request.request_id
        request_logger.info(
            "%s %s %s %sms id=%s",
            request.method,
            route,
            response.status_code,
            elapsed_ms,
            request.request_id,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "ms": elapsed_ms,
                "request_id": request.request_id,
            },
        )
        return response


def logging_config(level: str, log_format: str) -> dict:
    """Django's LOGGING: everything to standard error, as text or as JSON lines."""
    formatter = (
        {"()": "alongside.core.logs.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Our own lines (requests, worker ticks, imports, health) at INFO unless LOG_LEVEL is lower.
            "alongside": {"level": "DEBUG" if level == "DEBUG" else "INFO"},
            "django_tasks_db": {"level": "WARNING"},
            # Django's own per-request warnings repeat our request line (with the path): keep errors.
            "django.request": {"level": "ERROR"},
        },
    }
