"""Typed run options, the offline output stream, and terminal progress.

:class:`RuntimeOptions` is the frozen, typed view of the options dictionary a
``MigrationContext`` is built with (the dictionary itself stays public as
``MigrationContext.opts``).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from ..util.exc import CommandError

__all__ = ["Progress", "RuntimeOptions", "output_stream"]


@dataclass(frozen=True)
class RuntimeOptions:
    """The options a :class:`MigrationContext` acts on, typed and frozen.

    Built from the ``opts`` dictionary (which stays available, unchanged, as
    ``MigrationContext.opts`` for code that reads it).
    """

    as_sql: bool = False
    transactional_ddl: bool | None = None
    transaction_per_migration: bool = False
    starting_rev: Any = None
    purge: bool = False
    dont_mutate: bool = False
    version_table: str = "alembic_version"
    version_table_schema: str | None = None
    version_table_pk: bool = True
    output_encoding: str | None = None
    literal_binds: bool = False
    on_version_apply: tuple[Callable[..., None], ...] = ()
    fn: Callable[..., Any] | None = None

    @classmethod
    def from_dict(cls, opts: dict[str, Any]) -> RuntimeOptions:
        """Pick the known keys out of ``opts``; others are ignored here."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in opts.items() if k in known and v is not None}
        callbacks = values.get("on_version_apply", ())
        values["on_version_apply"] = (
            (callbacks,) if callable(callbacks) else tuple(callbacks)
        )
        options = cls(**values)
        if options.literal_binds and not options.as_sql:
            raise CommandError("Can't use literal_binds setting without as_sql mode")
        return options


class _KeepOpen(io.TextIOWrapper):
    """Text wrapper that never closes the stream it writes to."""

    def close(self) -> None:
        self.flush()


def output_stream(opts: dict[str, Any], encoding: str | None) -> Any:
    target = opts.get("output_buffer") or sys.stdout
    if not encoding:
        return target
    raw = getattr(target, "buffer", None)
    if raw is None:
        if isinstance(target, io.TextIOBase):
            return target
        raw = target
    elif hasattr(target, "flush"):
        target.flush()
    return _KeepOpen(raw, encoding=encoding, write_through=True)


class Progress:
    """A one-line ``applied/total`` counter for long online runs on a terminal.

    Silent offline, with ``-q``, when output is not a terminal, or for plans
    of at most :attr:`MIN_STEPS` steps.
    """

    MIN_STEPS = 10

    def __init__(self, total: int, stream: Any) -> None:
        self.total = total
        self.stream = stream
        self.done = 0

    @classmethod
    def for_run(cls, steps: Any, as_sql: bool, config: Any) -> Progress:
        """The progress display suited to this run (possibly a silent one)."""
        from ..util import messaging

        total = len(steps) if isinstance(steps, (list, tuple)) else 0
        quiet = bool((getattr(config, "messaging_opts", None) or {}).get("quiet"))
        stream = messaging.current_stream()
        isatty = getattr(stream, "isatty", None)
        wanted = total > cls.MIN_STEPS and not as_sql and not quiet
        if not (wanted and isatty is not None and isatty()):
            stream = None
        return cls(total, stream)

    def advance(self, step: Any) -> None:
        """Count one applied step."""
        self.done += 1
        if self.stream is None:
            return
        from ..util import messaging

        line = f"\r  {self.done}/{self.total} migrations applied ({step.short_log})"
        messaging.write_outstream(self.stream, line[:100].ljust(100))
        self.stream.flush()

    def finish(self) -> None:
        """End the counter line."""
        if self.stream is not None and self.done:
            from ..util import messaging

            messaging.write_outstream(self.stream, "\n")
