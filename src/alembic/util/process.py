"""Settings for the ``alembic`` process itself (never for a host application).

The console command runs one command and exits.  Two garbage-collector
settings pay off for such a process and would be wrong inside a long-lived
host (a web app or a test run calling :func:`alembic.config.main` with an
argument list), so they apply only when ``main()`` reads ``sys.argv``:

* a larger first-generation threshold: importing SQLAlchemy, a project's
  models and hundreds of revision modules allocates millions of container
  objects, nearly none of them garbage; the default threshold (700) makes
  the collector walk them over and over;
* :func:`gc.freeze` once the command is done: interpreter shutdown would
  otherwise run a last full collection over every object the command made
  (the reflected schema, the revision graph), which costs tens of
  milliseconds and frees nothing the operating system would not reclaim.
  ``atexit`` handlers and ``logging`` shutdown still run as usual.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator

__all__ = ["FIRST_GENERATION_THRESHOLD", "command_process", "keep_what_was_made"]

FIRST_GENERATION_THRESHOLD = 20_000

_in_command = False


@contextlib.contextmanager
def command_process() -> Iterator[None]:
    """Tune the collector for a run-one-command-then-exit process."""
    global _in_command
    first, *older = gc.get_threshold()
    if first and gc.isenabled():
        gc.set_threshold(max(first, FIRST_GENERATION_THRESHOLD), *older)
    _in_command = True
    try:
        yield
    finally:
        _in_command = False
        gc.freeze()


def keep_what_was_made() -> None:
    """After a burst made with the collector paused (thousands of revisions
    and their modules, all kept): in the console command, freeze the heap, so
    switching the collector back on does not start with a collection that
    walks every object of the burst and frees none (a tenth of a second for
    5,000 revisions).  Elsewhere (a host process) nothing changes."""
    if _in_command:
        gc.freeze()
