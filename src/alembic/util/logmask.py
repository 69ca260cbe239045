"""Mask database passwords in every log record.

:class:`SecretFilter` is a :class:`logging.Filter` that rewrites a record's
message (arguments merged in), traceback and stack text through
:func:`alembic.util.redact.mask_text`.  :func:`install_log_masking` applies
it to every record the process creates, whichever logger or handler ends up
emitting it.
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Any

from .redact import mask_text

__all__ = ["SecretFilter", "install_log_masking"]


class SecretFilter(logging.Filter):
    """A logging filter that masks passwords in a record's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string: logging reports it
            return True
        # warnings and errors carry error texts; INFO lines carry revision
        # messages, whose words are masked only inside URLs and settings
        record.msg = mask_text(message, known=record.levelno >= logging.WARNING)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = mask_text(text)
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


_install_lock = threading.Lock()
_installed: dict[str, Any] = {}


def install_log_masking() -> None:
    """Pass every log record created from now on through :class:`SecretFilter`.

    A filter on one logger misses records propagated from its children, and
    env.py's ``fileConfig`` replaces handlers after the CLI starts, so the
    filter is applied by the log-record factory, which sees every record.
    Installing twice is harmless.
    """
    with _install_lock:
        if "factory" in _installed:
            return
        previous = logging.getLogRecordFactory()
        secret_filter = SecretFilter()

        def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            secret_filter.filter(record)
            return record

        _installed["factory"] = masked_record
        logging.setLogRecordFactory(masked_record)
