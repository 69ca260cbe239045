"""Which streams an ``--sql`` run has written its SQL script to.

The console command watches a run; the dialect impl notes every stream it
writes offline SQL to.  When the run then fails, the command line puts its
``FAILED:`` line on stderr if stdout already holds part of the script, so
the SQL written so far stays a valid script.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

__all__ = ["note_script_output", "same_stream", "watching_script_output"]

_WRITTEN: ContextVar[list[Any] | None] = ContextVar("alembic_script_output", default=None)


@contextlib.contextmanager
def watching_script_output() -> Iterator[list[Any]]:
    """Collect, for the block, the streams SQL script text was written to."""
    written: list[Any] = []
    token = _WRITTEN.set(written)
    try:
        yield written
    finally:
        _WRITTEN.reset(token)


def note_script_output(stream: Any) -> None:
    """Record that SQL script text went to ``stream`` (when watched)."""
    written = _WRITTEN.get()
    if written is not None and not any(s is stream for s in written):
        written.append(stream)


def _descriptor(stream: Any) -> Any:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def same_stream(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` end up in the same place (same object, or
    the same open file descriptor, e.g. stdout and a re-encoding wrapper
    over it)."""
    if a is b:
        return True
    fd = _descriptor(a)
    return fd is not None and fd == _descriptor(b)
