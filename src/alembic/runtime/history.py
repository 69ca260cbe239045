"""The applied-migrations history: an append-only log beside alembic_version.

``alembic_version`` stays exactly as Alembic keeps it (one row per head), so
real Alembic can still read the database.  Next to it this module keeps
``alembic_version_history`` (name configurable), one row per applied step,
when the configuration asks for it (``migration_history = true``):
which revision, which direction, the checksum of the revision file, when,
how long, with which tool version, and whether it succeeded.  ``alembic
verify`` compares those checksums with the files on disk.

The checksum ignores line endings and trailing white space, so a checkout on
another platform or an editor that trims lines does not count as an edit.
"""
from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional

from ..util.pyfiles import source_checksum, text_checksum

__all__ = [
    "HistorySettings",
    "HistoryRow",
    "file_checksum",
    "text_checksum",
    "history_table",
    "ensure_history_table",
    "record_step",
    "read_history",
    "applied_checksums",
    "ChecksumProblem",
    "find_checksum_problems",
    "unresolved_interruptions",
]

DEFAULT_TABLE = "alembic_version_history"


@dataclass(frozen=True)
class HistorySettings:
    """Whether and where the history is kept."""

    enabled: bool = False
    table: str = DEFAULT_TABLE
    schema: Optional[str] = None

    @classmethod
    def from_options(
        cls, opts: Dict[str, Any], config: Any = None, schema: Optional[str] = None
    ) -> "HistorySettings":
        """Read ``migration_history`` / ``migration_history_table``.

        ``configure()`` keywords win over config-file keys of the same names.
        The history is off unless asked for (``migration_history = true``,
        which ``alembic init`` writes), so an existing project's database
        gets exactly Alembic's tables.
        """
        from .locking import _as_bool, _config_value, _first

        enabled = _first(opts.get("migration_history"), _config_value(config, "migration_history"))
        table = _first(
            opts.get("migration_history_table"), _config_value(config, "migration_history_table")
        )
        return cls(
            enabled=_as_bool(enabled, False, "migration_history"),
            table=table or DEFAULT_TABLE,
            schema=schema,
        )


@dataclass(frozen=True)
class HistoryRow:
    """One applied step as read back from the history table."""

    id: int
    revision: str
    down_revision: Optional[str]
    direction: str
    checksum: Optional[str]
    applied_at: datetime.datetime
    duration_ms: Optional[int]
    tool_version: str
    outcome: str
    message: Optional[str]


def file_checksum(path: Optional[str]) -> Optional[str]:
    """Checksum of a revision file, or None when there is no readable source.

    :func:`text_checksum` of its text; remembered with the file's compiled
    code (see :func:`alembic.util.pyfiles.source_checksum`) while the file's
    modification time and size stay the same.
    """
    return source_checksum(path)


def history_table(settings: HistorySettings, metadata: Any = None) -> Any:
    """The SQLAlchemy Table for the history log."""
    import sqlalchemy as sa

    return sa.Table(
        settings.table,
        metadata if metadata is not None else sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("revision", sa.String(255), nullable=False),
        sa.Column("down_revision", sa.String(255), nullable=True),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=True),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=True),
        schema=settings.schema,
    )


def ensure_history_table(connection: Any, table: Any) -> None:
    """Create the history table when it does not exist yet."""
    table.create(connection, checkfirst=True)


def utc_now() -> datetime.datetime:
    """The current UTC time, naive (portable across DateTime columns)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def clean_message(message: Optional[str]) -> Optional[str]:
    """A failure message fit for the table: passwords masked, length capped."""
    if not message:
        return None
    from ..util.redact import mask_text

    return mask_text(message)[:4000]


@functools.lru_cache(maxsize=None)
def tool_version() -> str:
    try:
        from importlib.metadata import version

        return version("alembic")[:32]
    except Exception:
        return "unknown"


def record_step(
    connection: Any,
    table: Any,
    *,
    revision: Iterable[str],
    down_revision: Iterable[str],
    direction: str,
    checksum: Optional[str],
    duration_ms: Optional[int],
    outcome: str = "success",
    message: Optional[str] = None,
) -> None:
    """Append one row for an applied (or failed) step.

    ``revision`` names the revision file whose code ran (for a downgrade, the
    revision that was undone) and ``down_revision`` its parents; a stamp
    names the revisions it moved to and from.
    """
    connection.execute(
        table.insert().values(
            revision=",".join(revision) or "base",
            down_revision=",".join(down_revision) or None,
            direction=direction,
            checksum=checksum,
            applied_at=utc_now(),
            duration_ms=duration_ms,
            tool_version=tool_version(),
            outcome=outcome,
            message=clean_message(message),
        )
    )


def read_history(connection: Any, table: Any) -> List[HistoryRow]:
    """Every row of the history, oldest first; [] when there is no table."""
    import sqlalchemy as sa

    if not sa.inspect(connection).has_table(table.name, schema=table.schema):
        return []
    rows = connection.execute(sa.select(table).order_by(table.c.id)).all()
    return [HistoryRow(**row._mapping) for row in rows]


def applied_checksums(rows: Iterable[HistoryRow]) -> Dict[str, Optional[str]]:
    """For each revision whose last successful event left it applied, its checksum.

    An upgrade applies a revision, a downgrade un-applies it, and an
    ``accept`` row re-records the checksum of an intended edit.  Stamps move
    the version table without running code, so they record no checksum.
    """
    applied: Dict[str, Optional[str]] = {}
    for row in rows:
        if row.outcome != "success":
            continue
        revisions = [r for r in row.revision.split(",") if r and r != "base"]
        if row.direction in ("upgrade", "accept"):
            for rev in revisions:
                applied[rev] = row.checksum
        elif row.direction == "downgrade":
            for rev in revisions:
                applied.pop(rev, None)
    return applied


@dataclass(frozen=True)
class ChecksumProblem:
    """An applied revision whose file changed, or that has no file any more."""

    revision: str
    kind: str  # "changed", "missing" or "interrupted"
    path: Optional[str] = None

    def describe(self) -> str:
        if self.kind == "interrupted":
            return (
                f"the last run of revision {self.revision} was killed midway and "
                "may have left some of its statements committed (see the warning "
                "of any upgrade); once the schema is right, accept it"
            )
        if self.kind == "missing":
            return (
                f"revision {self.revision} is applied to the database but no revision "
                "file defines it any more"
            )
        return (
            f"revision {self.revision} ({self.path}) was edited after it was applied"
        )


def find_checksum_problems(
    applied: Dict[str, Optional[str]], scripts: Dict[str, Optional[str]]
) -> List[ChecksumProblem]:
    """Compare recorded checksums with the files on disk.

    ``applied`` maps revision -> checksum recorded when it was applied;
    ``scripts`` maps revision -> path of its file now.  Revisions applied
    without a checksum (stamped, or from a .pyc) are only checked for
    existence.
    """
    problems: List[ChecksumProblem] = []
    for rev in sorted(applied):
        if rev not in scripts:
            problems.append(ChecksumProblem(rev, "missing"))
            continue
        recorded = applied[rev]
        if recorded is None:
            continue
        path = scripts[rev]
        if file_checksum(path) != recorded:
            problems.append(ChecksumProblem(rev, "changed", path))
    return problems


def unresolved_interruptions(rows: Iterable[Any]) -> List[Any]:
    """The ``interrupted`` rows (oldest first) that no later successful row
    resolved: a rerun or ``verify --accept`` of the same revision, or any
    stamp (the user declared the state).  Only interrupted and successful
    rows matter; other rows are skipped."""
    open_rows: List[Any] = []
    for row in rows:
        if row.outcome == "interrupted":
            open_rows.append(row)
            continue
        if row.outcome != "success":
            continue
        if row.direction == "stamp":
            open_rows = []
            continue
        done = set(row.revision.split(","))
        open_rows = [r for r in open_rows if not done & set(r.revision.split(","))]
    return open_rows
