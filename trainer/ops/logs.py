"""Logging: a refused request is one line, not a traceback."""

import logging

# The answers that refuse a request: expected, and frequent (a probe, a stale link).
REFUSALS = frozenset({401, 403, 404, 405})


class OneLineRefusals(logging.Filter):
    """Django logs a request refused by ``PermissionDenied`` or ``Http404`` with that
    exception's traceback ("Forbidden (Permission denied): /…" and twenty lines more);
    this keeps the line and drops the traceback. Errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in REFUSALS:
            record.exc_info = None
            record.exc_text = None
        return True
