"""The work behind ``alembic verify`` and ``alembic history --applied``.

Both read the applied-migrations history (:mod:`alembic.runtime.history`)
through a migration context that env.py configured.  The command layer
passes that history module in as ``hist``, so this util module never imports
a higher layer; it only needs the context's ``connection``, ``opts``,
``config``, ``version_table_schema`` and ``begin_transaction``.
No SQLAlchemy import here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .exc import ChecksumMismatch, CommandError
from .langhelpers import to_tuple

__all__ = [
    "format_history_row",
    "show_applied_history",
    "verify_history",
]

#: How to turn the history on, said when it is off.
TURN_ON = (
    "migration_history is off; add 'migration_history = true' to the [alembic] "
    "section of alembic.ini (or [tool.alembic] in pyproject.toml) to record "
    "applied steps from the next upgrade on"
)

#: Direction of the rows ``verify --accept`` appends.
ACCEPT = "accept"
RESOLVE = "resolve"


def _settings(hist: Any, context: Any) -> Any:
    return hist.HistorySettings.from_options(
        context.opts, context.config, schema=context.version_table_schema
    )


def _table_label(settings: Any) -> str:
    return f"{settings.schema}.{settings.table}" if settings.schema else settings.table


def format_history_row(row: Any) -> str:
    """One line of ``history --applied`` for a history row."""
    when = row.applied_at.strftime("%Y-%m-%d %H:%M:%S")
    duration = "-" if row.duration_ms is None else f"{row.duration_ms} ms"
    checksum = (row.checksum or "-")[:12]
    line = (
        f"{when}  {row.direction:<9} {row.revision}  {row.outcome}  {duration}  "
        f"checksum {checksum}  alembic {row.tool_version}"
    )
    if row.outcome != "success" and row.message:
        line += f"  message: {' '.join(str(row.message).split())}"
    return line


def show_applied_history(hist: Any, context: Any, say: Any) -> None:
    """Print the history log of the context's database through ``say(line)``."""
    settings = _settings(hist, context)
    table = hist.history_table(settings)
    rows = hist.read_history(context.connection, table)
    if not rows:
        if not settings.enabled:
            say(f"No applied-migration history: {TURN_ON}.")
            return
        say(
            f"No applied-migration history in this database yet: table "
            f"'{_table_label(settings)}' does not exist or is empty; it is "
            "written by upgrade, downgrade and stamp."
        )
        return
    for row in rows:
        say(format_history_row(row))


def _script_files(script: Any) -> dict[str, Any]:
    return {sc.revision: getattr(sc, "path", None) for sc in script.walk_revisions()}


def _resolve_accepted(
    script: Any, accept: Sequence[str], applied: dict[str, Any], problems: list[Any]
) -> list[str]:
    """The revision ids ``--accept`` names (``all``: every edited one)."""
    if any(item == "all" for item in accept):
        return [p.revision for p in problems if p.kind == "changed"]
    chosen: list[str] = []
    for item in accept:
        try:
            rev = script.get_revision(item).revision
        except Exception as err:  # noqa: BLE001 - RevisionError or CommandError alike
            raise CommandError(
                f"Can't accept '{item}': {err}; give an applied revision id or 'all'"
            ) from None
        if rev not in applied and not _interrupted(problems, rev):
            raise CommandError(
                f"Can't accept revision {rev}: the history shows it is not applied; "
                "run 'alembic history --applied' to see what is"
            )
        chosen.append(rev)
    return chosen


def _interrupted(problems: list[Any], rev: str) -> bool:
    return any(p.revision == rev and p.kind == "interrupted" for p in problems)


def _record_accepts(
    hist: Any,
    context: Any,
    script: Any,
    table: Any,
    revisions: list[str],
    say: Any,
    applied: dict[str, Any],
) -> None:
    """Append one ``accept`` row per revision, in one transaction (a
    ``resolve`` row for an interrupted revision that is not applied, so it
    does not count as applied)."""
    with context.begin_transaction(_per_migration=True):
        hist.ensure_history_table(context.connection, table)
        for rev in revisions:
            sc = script.get_revision(rev)
            hist.record_step(
                context.connection,
                table,
                revision=[rev],
                down_revision=list(to_tuple(sc.down_revision, default=())),
                direction=ACCEPT if rev in applied else RESOLVE,
                checksum=hist.file_checksum(sc.path),
                duration_ms=None,
                outcome="success",
                message="edit accepted with 'alembic verify --accept'",
            )
    for rev in revisions:
        say(f"Accepted the current file of revision {rev} as an intended edit.")


def _failure(problems: list[Any]) -> ChecksumMismatch:
    listed = "; ".join(p.describe() for p in problems)
    return ChecksumMismatch(
        f"{len(problems)} applied revision(s) no longer match their files: {listed}. "
        "Restore the original files, or run 'alembic verify --accept <rev>' "
        "(or '--accept all') to accept an intended edit",
        problems=problems,
    )


def _say_nothing_recorded(context: Any, settings: Any, say: Any) -> None:
    heads = tuple(context.get_current_heads())
    where = f"table '{_table_label(settings)}'"
    if heads:
        say(
            f"The database is at {', '.join(heads)} but {where} records no applied "
            "migration (applied by another tool?): nothing to verify until the next "
            "upgrade records one."
        )
    else:
        say(f"No applied-migration history in {where} yet: nothing to verify.")


def verify_history(
    hist: Any, context: Any, script: Any, accept: Sequence[str], say: Any
) -> None:
    """Compare recorded checksums with the files; accept edits; raise on problems."""
    settings = _settings(hist, context)
    if not settings.enabled:
        raise CommandError(f"verify needs the applied-migration history: {TURN_ON}")
    table = hist.history_table(settings)
    rows = hist.read_history(context.connection, table)
    applied = hist.applied_checksums(rows)
    scripts = _script_files(script)
    problems = hist.find_checksum_problems(applied, scripts)
    problems += [
        hist.ChecksumProblem(row.revision, "interrupted")
        for row in hist.unresolved_interruptions(rows)
    ]
    if accept:
        chosen = _resolve_accepted(script, accept, applied, problems)
        _record_accepts(hist, context, script, table, chosen, say, applied)
        problems = [p for p in problems if p.revision not in chosen]
    if problems:
        raise _failure(problems)
    if not rows:
        _say_nothing_recorded(context, settings, say)
        return
    say(f"{len(applied)} applied revisions match their files.")
