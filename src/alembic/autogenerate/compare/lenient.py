"""Spellings the database treats as the same type or default, beyond what
Alembic 1.20.1 accepts as equal (opt-in: ``alembic.ext.lenient_compare``).

Alembic reports, and so do we by default, that ``DOUBLE`` differs from
``Float(53)`` on MySQL, ``INTEGER(11)`` from ``INTEGER(5)``, ``MEDIUMTEXT``
from ``Text(1000000)``, ``REAL`` from ``Float(24)`` on PostgreSQL, and a
MySQL default ``current_timestamp()`` from ``now()`` or ``1`` from ``true``.
With the plugin these pairs count as equal: what the database stores for the
model's type or default is what the model asked for.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["PLUGIN", "is_lenient", "lenient_types_differ"]

PLUGIN = "alembic.ext.lenient_compare"

_SYNONYMS: dict[str, tuple[frozenset[str], ...]] = {
    "postgresql": (
        frozenset({"NUMERIC", "DECIMAL"}),
        frozenset({"FLOAT", "DOUBLE PRECISION", "FLOAT(53)"}),
        frozenset({"REAL", "FLOAT(24)"}),
    ),
    "mysql": (
        frozenset({"NUMERIC", "DECIMAL"}),
        frozenset({"BOOL", "BOOLEAN", "TINYINT(1)"}),
        frozenset({"JSON", "LONGTEXT"}),
        frozenset({"DOUBLE", "DOUBLE PRECISION"}),
    ),
}
_DEFAULT_SYNONYMS = (frozenset({"NUMERIC", "DECIMAL"}),)
_LOB_SIZES = ((255, "TINY"), (65535, ""), (16777215, "MEDIUM"))


def is_lenient(ctx: Any) -> bool:
    """True when this run compares with the plugin's equivalences."""
    from . import ext_enabled  # the package imports this module

    return ext_enabled(ctx, "lenient_compare")


def lenient_types_differ(dialect_name: str, conn_text: str, md_text: str) -> bool:
    """Compare two compiled type spellings with the equivalences above."""
    return _key(dialect_name, conn_text) != _key(dialect_name, md_text)


def _key(dialect_name: str, text: str) -> str:
    family = "mysql" if dialect_name in ("mysql", "mariadb") else dialect_name
    if family == "mysql":
        text = _mysql_spelling(text)
    text = re.sub(r"\s+", " ", text.strip().upper())
    text = re.sub(r"\s*,\s*", ",", text)
    text = re.sub(r"\(\s*", "(", text)
    text = re.sub(r"\s*\)", ")", text)
    text = re.sub(r"^([A-Z][A-Z ]*)\(0\)$", r"\1", text)
    synonyms = _SYNONYMS.get(family, _DEFAULT_SYNONYMS)
    for group in synonyms:
        if text in group:
            return min(group)
    match = re.match(r"^([A-Z][A-Z ]*?)(\(.*)$", text)
    if match:
        for group in synonyms:
            if match.group(1) in group:
                return min(group) + match.group(2)
    return text


def _mysql_spelling(text: str) -> str:
    flags = re.IGNORECASE
    text = re.sub(r"\s+(CHARACTER SET|COLLATE)\s+\w+", "", text, flags=flags)
    text = re.sub(
        r"\b(TINYINT|SMALLINT|MEDIUMINT|INTEGER|INT|BIGINT)\((?!1\))\d+\)",
        r"\1",
        text,
        flags=flags,
    )
    text = re.sub(r"\bINT\b", "INTEGER", text, flags=flags)
    text = re.sub(r"^(FLOAT)\((\d+)\)$", _mysql_float, text, flags=flags)
    return re.sub(r"^(BLOB|TEXT)\((\d+)\)$", _mysql_sized_lob, text, flags=flags)


def _mysql_float(match: Any) -> str:
    """MySQL stores FLOAT(p) as FLOAT up to 24 bits of precision, else DOUBLE."""
    return "FLOAT" if int(match.group(2)) <= 24 else "DOUBLE"


def _mysql_sized_lob(match: Any) -> str:
    """MySQL turns BLOB(n) / TEXT(n) into the smallest kind that holds n bytes."""
    kind, size = match.group(1).upper(), int(match.group(2))
    for limit, prefix in _LOB_SIZES:
        if size <= limit:
            return prefix + kind
    return "LONG" + kind
