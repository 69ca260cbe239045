"""SQLite: the lines of a CREATE TABLE statement its unique-constraint parser reads.

SQLAlchemy's SQLite dialect finds unique constraints by running two regular
expressions over each table's CREATE statement: one for ``[CONSTRAINT name]
UNIQUE (cols)``, one for a column declared ``UNIQUE`` inline.  The inline
one backtracks at every identifier of the statement, about 180 us for an
ordinary 15-column table: the largest single cost of reflecting a
300-table SQLite schema (``alembic check``), paid for tables that mostly
have one unique constraint or none.

Both expressions (in every SQLAlchemy version whose patterns are listed in
:data:`_LINE_LOCAL_PATTERNS`) only match text that contains the word
``UNIQUE``, and a match can reach beyond the line holding that word only:

* backwards, through white space, to the ``CONSTRAINT`` keyword and the
  constraint's name, at most two non-blank lines up, and only when fewer
  than two words (or a quoted name) come before ``UNIQUE`` on its line;
* forwards, through white space, to the ``(`` of the column list and the
  column list itself, on the next non-blank line, and only when nothing
  but white space follows ``UNIQUE`` on its line.

So :func:`unique_parse_text` blanks every other line (keeping its line
break), and the dialect's own parser finds exactly the same matches, in the
same order, in a text a fraction of the length (usually the one line
``CONSTRAINT uq_x UNIQUE (x),``).  It is used only while a
reflection batch runs, only for the call made by the very
``get_unique_constraints`` whose patterns were checked
(:func:`line_local_parser`), and any other caller gets the whole statement.
"""

from __future__ import annotations

import re
import types
from typing import Any

__all__ = ["line_local_parser", "unique_parse_text"]

#: the pattern strings of the dialect's unique-constraint parser this
#: reasoning was checked against (SQLAlchemy 2.0 and 2.1)
_LINE_LOCAL_PATTERNS = frozenset(
    {
        # SQLAlchemy 2.1
        r'(?:CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+)?UNIQUE\s*\((.+?)\)',
        (
            r'(?:(".+?")|(?:[\[`])?([a-z0-9_]+)(?:[\]`])?)[\t ]+[a-z0-9_]+'
            r"(?:[\t ]+[a-z0-9_]+)*?[\t ]+UNIQUE"
        ),
        # SQLAlchemy 2.0
        r'(?:CONSTRAINT "?(.+?)"? +)?UNIQUE *\((.+?)\)',
        r'(?:(".+?")|(?:[\[`])?([a-z0-9_]+)(?:[\]`])?)[\t ]+[a-z0-9_ ]+?[\t ]+UNIQUE',
    }
)

_UNIQUE = re.compile("unique", re.IGNORECASE)  # the parser's own case rules


def line_local_parser(dialect: Any) -> types.CodeType | None:
    """The code of ``dialect``'s ``get_unique_constraints`` when every
    pattern in it is one of the checked ones, else None (leave it alone)."""
    method = getattr(type(dialect), "get_unique_constraints", None)
    method = getattr(method, "__wrapped__", method)  # SQLAlchemy's cache()
    code = getattr(method, "__code__", None)
    if not isinstance(code, types.CodeType):
        return None
    patterns = set(_string_constants(code, "UNIQUE"))
    if not patterns or not patterns <= _LINE_LOCAL_PATTERNS:
        return None
    return code


def _string_constants(code: types.CodeType, word: str) -> Any:
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _string_constants(const, word)
        elif isinstance(const, str) and word in const:
            yield const


def unique_parse_text(sql: str) -> str:
    """``sql`` with every line the unique-constraint parser cannot match in
    blanked (see the module docstring)."""
    found = list(_UNIQUE.finditer(sql))
    if not found:
        return "\n" * sql.count("\n")
    lines = sql.split("\n")
    keep = [False] * len(lines)
    for match in found:
        start, end = match.span()
        i = sql.count("\n", 0, start)
        line_start = sql.rfind("\n", 0, start) + 1
        line_end = sql.find("\n", end)
        keep[i] = True
        if _may_start_above(sql[line_start:start]):
            _keep_non_blank(lines, keep, range(i - 1, -1, -1), 2)
        if not sql[end : len(sql) if line_end < 0 else line_end].strip():
            _keep_non_blank(lines, keep, range(i + 1, len(lines)), 1)
    return "\n".join(line if kept else "" for line, kept in zip(lines, keep))


def _may_start_above(before: str) -> bool:
    """Whether ``CONSTRAINT name`` before a ``UNIQUE`` preceded on its line
    by ``before`` may lie partly on earlier lines: unless two words without
    quotes precede it there (then both are on this line, or there is no
    such prefix)."""
    return '"' in before or len(before.split()) < 2


def _keep_non_blank(
    lines: list[str], keep: list[bool], order: range, count: int
) -> None:
    """Mark the first ``count`` non-blank lines in ``order`` (white space as
    the parser's ``\\s`` sees it) to be kept."""
    for j in order:
        if count == 0:
            return
        if lines[j].strip():
            keep[j] = True
            count -= 1
