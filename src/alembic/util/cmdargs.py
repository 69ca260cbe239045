"""Argument parsing and small checks shared by the command functions.

Pure helpers of :mod:`alembic.command`, kept here so that module stays
short: revision ranges, stamp destinations, the heads check of ``current``
and the masked URL shown by ``current -v``.  No SQLAlchemy import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import messaging
from .exc import CommandError, DatabaseNotAtHead
from .langhelpers import to_list

__all__ = [
    "check_at_heads",
    "context_url",
    "parse_history_range",
    "split_range",
    "stamp_targets",
]


def split_range(revision: str, sql: bool) -> tuple[str | None, str]:
    """``(starting_rev, destination)`` for ``start:end`` (``--sql`` only) or a plain rev."""
    if ":" not in revision:
        return None, revision
    if not sql:
        raise CommandError("Range revision not allowed")
    start, dest = revision.split(":", 1)
    return start, dest


def stamp_targets(
    revision: str | Sequence[str], sql: bool
) -> tuple[str | None, list[str]]:
    """The single starting revision (``--sql`` ranges) and the destinations."""
    if not sql:
        return None, to_list(revision)
    starting_rev: str | None = None
    destinations: list[str] = []
    for item in to_list(revision):
        if ":" in item:
            start, item = item.split(":", 1)
            if starting_rev is not None and start != starting_rev:
                raise CommandError(
                    "Stamp operation with --sql only supports a single starting revision at a time"
                )
            starting_rev = start
        destinations.append(item)
    return starting_rev, destinations


def parse_history_range(rev_range: str | None) -> tuple[str | None, str | None]:
    """``(base, head)`` of a ``history -r`` range; either end may be None."""
    if rev_range is None:
        return None, None
    if ":" not in rev_range:
        raise CommandError("History range requires [start]:[end], [start]:, or :[end]")
    base, head = rev_range.strip().split(":", 1)
    return base or None, head or None


def context_url(context: Any) -> str:
    """The database URL of a migration context, password masked."""
    connection = getattr(context, "connection", None)
    engine = getattr(connection, "engine", None)
    url = getattr(engine, "url", None)
    if url is None:
        url = getattr(getattr(context, "dialect", None), "name", "<offline>")
    return messaging.obfuscate_url_pw(url)


def check_at_heads(script: Any, context: Any) -> None:
    """Raise :class:`DatabaseNotAtHead` unless the database is at every head."""
    current_heads = set(context.get_current_heads())
    all_heads = set(script.get_heads())
    if current_heads != all_heads:
        shown = ", ".join(sorted(current_heads)) or "<base>"
        raise DatabaseNotAtHead(
            f"Database is not on all head revisions (current: {shown}; "
            f"heads: {', '.join(sorted(all_heads))}); run 'alembic upgrade heads'"
        )
