"""Writes the applied-migrations history while a run goes on.

:mod:`alembic.runtime.history` defines the table and reads it back; this
module is the writer the runner calls around each step:

* :meth:`HistoryJournal.open` (under the migration lock, before the first
  step) creates the table when needed and turns rows left ``running`` by a
  process that died into ``interrupted``, warning about each: on a database
  without transactional DDL their committed statements may be half applied.
* Where DDL is transactional (PostgreSQL, and SQLite, whose migrations run
  in a real transaction here) :meth:`end_step` inserts one ``success`` row in
  the step's own transaction, so the row commits or rolls back with the step.
  On MySQL/MariaDB, where each DDL statement commits, :meth:`begin_step`
  inserts a ``running`` row first (committed by the first DDL statement) and
  :meth:`end_step` turns it into ``success``: a killed run leaves the
  ``running`` row behind, and the next run reports it.
* :meth:`fail_step` records a failure once the step's transaction is over;
  where the whole run shares one transaction (PostgreSQL without
  ``transaction_per_migration``) the failure rolls back everything and is not
  recorded: there is nothing applied to account for.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from . import history

__all__ = ["HistoryJournal"]

log = logging.getLogger(__name__)


def _direction(step: Any) -> str:
    if getattr(step, "is_stamp", False) or step.__class__.__name__ == "StampStep":
        return "stamp"
    return "upgrade" if step.is_upgrade else "downgrade"


def _step_revisions(step: Any, direction: str) -> tuple:
    """(revision, down_revision) id lists for the row."""
    if direction == "stamp":
        return tuple(step.to_revisions), tuple(step.from_revisions)
    script = step.revision
    return (script.revision,), tuple(script._versioned_down_revisions)


def _step_checksum(step: Any, direction: str) -> str | None:
    if direction == "stamp":
        return None
    return history.file_checksum(getattr(step.revision, "path", None))


class HistoryJournal:
    """The history writer for one online run on one connection."""

    def __init__(
        self,
        connection: Any,
        settings: history.HistorySettings,
        atomic_steps: bool = True,
    ) -> None:
        self.connection = connection
        self.settings = settings
        self.atomic_steps = atomic_steps
        self.table = history.history_table(settings)
        self._row_id: int | None = None
        self._started = 0.0
        self._insert_stmt: Any = None
        self._update_stmt: Any = None
        #: hold success rows back and write them with :meth:`flush` (set by the
        #: runner when all steps share the run's transaction)
        self.deferred = False
        self._pending: list[dict[str, Any]] = []
        self._side: Any = None
        #: rows of killed runs not resolved since
        #: (see :func:`alembic.runtime.history.unresolved_interruptions`)
        self.interrupted: list[Any] = []

    @classmethod
    def for_context(cls, context: Any) -> HistoryJournal | None:
        """A journal for ``context``, or None when history does not apply."""
        if context.as_sql or context._options.dont_mutate:
            return None
        settings = history.HistorySettings.from_options(
            context.opts, context.config, schema=context.version_table_schema
        )
        if not settings.enabled:
            return None
        from ..util.redact import register_url
        from . import safety

        # failure messages are stored; the password of this connection's
        # URL must not be, even when no CLI registered it (API callers)
        register_url(getattr(getattr(context.connection, "engine", None), "url", None))
        atomic = (
            context.impl.transactional_ddl
            or safety.uses_legacy_sqlite3_transactions(context.connection)
        )
        return cls(context.connection, settings, atomic_steps=bool(atomic))

    def open(self) -> None:
        """Create the table if needed and report steps a dead process left."""
        history.ensure_history_table(self.connection, self.table)
        import sqlalchemy as sa

        t = self.table
        stale = self.connection.execute(
            sa.select(t.c.id, t.c.message).where(t.c.outcome == "running")
        ).all()
        for row in stale:
            self.connection.execute(
                t.update()
                .where(t.c.id == row.id)
                .values(outcome="interrupted", message=_died_message(row.message))
            )
        rows = self.connection.execute(
            sa.select(
                t.c.id, t.c.revision, t.c.down_revision, t.c.direction,
                t.c.outcome, t.c.applied_at, t.c.message,
            )
            .where(t.c.outcome.in_(("interrupted", "success")))
            .order_by(t.c.id)
        ).all()
        self.interrupted = history.unresolved_interruptions(rows)
        for row in self.interrupted:
            log.warning(interruption_warning(row))

    def begin_step(self, step: Any) -> None:
        """Start timing ``step``; without transactional DDL, insert its ``running`` row."""
        self._started = time.perf_counter()
        self._step = step
        if not self.atomic_steps:
            self._row_id = self._insert(step, "running", None).inserted_primary_key[0]

    def progress(self, committed: list[str]) -> None:
        """Keep the ``running`` row's message listing what is committed so far.

        Written on a connection of its own in autocommit (the migration's
        own transaction would commit it only with the next DDL statement),
        so a run killed now leaves the list for the next run to report.
        """
        if self._row_id is None:
            return
        import sqlalchemy as sa

        try:
            if self._side is None:
                from .locking import keep_session_alive

                side = self.connection.engine.connect()
                self._side = side.execution_options(isolation_level="AUTOCOMMIT")
                keep_session_alive(self._side)
            self._side.execute(
                self.table.update()
                .where(self.table.c.id == sa.bindparam("row_id"))
                .values(message=sa.bindparam("message")),
                {"row_id": self._row_id, "message": progress_message(committed)},
            )
        except Exception as exc:  # noqa: BLE001 - bookkeeping never fails a migration
            log.debug("Could not record the migration's progress: %s", exc)

    def _close_side(self) -> None:
        side, self._side = self._side, None
        try:
            if side is not None:
                side.close()
        except Exception as exc:  # noqa: BLE001 - a dropped session: nothing to close
            log.debug("Closing the progress connection failed: %s", exc)

    def end_step(self) -> None:
        """Record the current step as a success, with its duration."""
        self._close_side()
        if self._row_id is not None:
            self._set_outcome("success", None)
        elif self.atomic_steps and self.deferred:
            self._pending.append(self._row(self._step, "success", None))
        elif self.atomic_steps:
            self._insert(self._step, "success", None)

    def flush(self) -> None:
        """Insert the held-back success rows (one executemany), inside the
        transaction that applied their steps."""
        rows, self._pending = self._pending, []
        if rows:
            self.connection.execute(self._insert_statement(), rows)

    def fail_step(self, step: Any, exc: BaseException) -> None:
        """Record that ``step`` failed, if the connection is free to say so."""
        row_id, self._row_id = self._row_id, None
        self._close_side()
        self._pending = []  # their shared transaction is rolled back with this step
        conn = self.connection
        try:
            if conn.in_transaction():
                return  # the run's shared transaction is doomed; nothing applied
            with conn.begin():
                message = history.clean_message(f"{type(exc).__name__}: {exc}")
                updated = 0
                if row_id is not None:
                    updated = self._update(row_id, "failed", message).rowcount
                if not updated:
                    self._insert(step, "failed", message)
        except Exception as record_exc:  # noqa: BLE001 - never hide the real error
            log.warning(
                "Could not record the failed step in %s: %s",
                self.table.name,
                record_exc,
            )

    def _set_outcome(self, outcome: str, message: str | None) -> None:
        row_id, self._row_id = self._row_id, None
        self._update(row_id, outcome, message)

    def _update(self, row_id: int, outcome: str, message: str | None) -> Any:
        elapsed = int((time.perf_counter() - self._started) * 1000)
        params = {
            "row_id": row_id,
            "outcome": outcome,
            "duration_ms": elapsed,
            "message": history.clean_message(message),
        }
        return self.connection.execute(self._update_statement(), params)

    def _update_statement(self) -> Any:
        """One UPDATE with bound parameters, built once (compiled once)."""
        if self._update_stmt is None:
            import sqlalchemy as sa

            t = self.table
            self._update_stmt = (
                t.update()
                .where(t.c.id == sa.bindparam("row_id"))
                .values(
                    outcome=sa.bindparam("outcome"),
                    duration_ms=sa.bindparam("duration_ms"),
                    message=sa.bindparam("message"),
                )
            )
        return self._update_stmt

    def _insert(self, step: Any, outcome: str, message: str | None) -> Any:
        return self.connection.execute(
            self._insert_statement(), self._row(step, outcome, message)
        )

    def _insert_statement(self) -> Any:
        """A plain INSERT run with parameter dicts: compiled once, reused."""
        if self._insert_stmt is None:
            self._insert_stmt = self.table.insert()
        return self._insert_stmt

    def _row(self, step: Any, outcome: str, message: str | None) -> dict[str, Any]:
        """The column values of the history row for ``step``."""
        direction = _direction(step)
        revision, down = _step_revisions(step, direction)
        done = outcome != "running"
        return {
            "revision": ",".join(revision) or "base",
            "down_revision": ",".join(down) or None,
            "direction": direction,
            "checksum": _step_checksum(step, direction),
            "applied_at": history.utc_now(),
            "duration_ms": (
                int((time.perf_counter() - self._started) * 1000) if done else None
            ),
            "tool_version": history.tool_version(),
            "outcome": outcome,
            "message": history.clean_message(message),
        }


_PROGRESS = "committed so far: "
_DIED = "the process died before the step finished"


def progress_message(committed: list[str]) -> str:
    """The ``running`` row's message while its statements commit one by one."""
    listed = "; ".join(f"[{i}] {s}" for i, s in enumerate(committed, 1))
    return history.clean_message(_PROGRESS + listed) or ""


def _died_message(progress: str | None) -> str:
    if progress and progress.startswith(_PROGRESS):
        return f"{_DIED}; committed before it died: {progress[len(_PROGRESS):]}"
    return (
        f"{_DIED}; no statement of it was recorded as committed (one that was "
        "running when it died may have been)"
    )


def interruption_warning(row: Any) -> str:
    """What every run says about a killed run until it is resolved."""
    done = row.revision if row.direction == "upgrade" else row.down_revision or "base"
    return (
        f"The {row.direction} of revision {row.revision} started at "
        f"{row.applied_at} UTC was interrupted (history row {row.id}): "
        f"{row.message}. On a database without transactional DDL those "
        "statements are in the database although the version table does not "
        "include the revision: undo them by hand and rerun, or finish the "
        f"migration by hand and run `alembic stamp {done}`. This warning "
        f"repeats until a successful rerun, `alembic stamp`, or "
        f"`alembic verify --accept {row.revision}` resolves it."
    )
