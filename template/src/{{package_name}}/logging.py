"""Structured logging: one JSON object per line, each carrying the request id."""

import logging
import sys

from asgi_correlation_id import CorrelationIdFilter
from opentelemetry import trace
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.orjson import OrjsonFormatter

from .settings import Settings

# CorrelationIdFilter stores the request id as `correlation_id` on each record.
TEXT_FORMAT = "%(asctime)s %(levelname)-8s [%(correlation_id)s] %(name)s: %(message)s"
JSON_FIELDS = (
    "%(levelname)s %(name)s %(correlation_id)s %(trace_id)s %(span_id)s %(message)s"
)
# uvicorn duplicates each message with ANSI colours for terminals; logs need one copy.
DROPPED_FIELDS = [*RESERVED_ATTRS, "color_message"]


class TraceContextFilter(logging.Filter):
    """Store the current trace and span ids (or "-") on each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = trace.format_trace_id(context.trace_id)
            record.span_id = trace.format_span_id(context.span_id)
        else:
            record.trace_id = record.span_id = "-"
        return True


def configure_logging(settings: Settings) -> None:
    """Send all logs, uvicorn's included, to stdout in the configured format."""
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(CorrelationIdFilter(default_value="-"))
    handler.addFilter(TraceContextFilter())
    if settings.log_json:
        # orjson: the access log writes a line per request, and the standard library's
        # json module made that line cost more than the rest of a health check.
        handler.setFormatter(
            OrjsonFormatter(
                JSON_FIELDS,
                timestamp=True,
                reserved_attrs=DROPPED_FIELDS,
                rename_fields={
                    "levelname": "level",
                    "correlation_id": "request_id",
                },
                static_fields={
                    "service": settings.app_name,
                    "environment": settings.environment,
                },
            )
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))

    # Neither format reads the caller's file and line, the thread, the process or the
    # asyncio task: leave them uncollected (the logging HOWTO's "Optimization"). The
    # access log writes a line per request, and finding the caller was a third of it.
    # A format that adds %(lineno)d or %(process)d needs the flag it reads back on.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    # Read since Python 3.12; the type stubs do not declare it yet.
    logging.logAsyncioTasks = False  # type: ignore[attr-defined]

    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # uvicorn installs its own handlers; route its records through ours instead.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
