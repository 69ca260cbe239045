"""CHECK constraints: compared by default, by name when named and by
expression otherwise, never counting the CHECKs a Boolean or Enum type makes
for itself (nor those the database adds on its own, like MariaDB's
``json_valid``)."""

from __future__ import annotations

import re
from typing import Any

from ...operations import ops
from .constraints import _expr_sig, _parents
from .dialects import loose_sql

__all__ = ["compare_checks", "compare_checks_by_name"]


def _type_bound(ck: Any) -> bool:
    return bool(getattr(ck, "_type_bound", False))


def _check_text(ctx: Any, ck: Any, table: Any) -> str | None:
    return (
        _expr_sig(ctx, ck.sqltext, table)[5:]
        if not isinstance(ck.sqltext, str)
        else loose_sql(ck.sqltext)
    )


def _typed_columns(md_table: Any) -> list[str]:
    from sqlalchemy import Boolean, Enum

    return [c.name for c in md_table.c if isinstance(c.type, (Boolean, Enum))]


def _md_checks(ctx: Any, md_table: Any) -> tuple[list[Any], set]:
    from sqlalchemy import CheckConstraint

    checks, bound_names = [], set()
    column_level = [ck for col in md_table.c for ck in col.constraints]
    for ck in list(md_table.constraints) + column_level:
        if not isinstance(ck, CheckConstraint):
            continue
        if _type_bound(ck):
            bound_names.add(ck.name)
        else:
            checks.append(ck)
    return checks, bound_names


def _conn_checks(
    ctx: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
    bound_names: set,
) -> list[Any]:
    from sqlalchemy import CheckConstraint

    profile, parents = ctx._profile, _parents(schema, tname)
    typed = _typed_columns(md_table)
    result = []
    for ck in conn_table.constraints:
        if not isinstance(ck, CheckConstraint):
            continue
        text = str(ck.sqltext)
        if ck.name is not None and ck.name in bound_names:
            continue
        if profile.is_implicit_check(text, conn_table):
            continue
        if any(profile.check_text_matches_type(text, col) for col in typed):
            continue
        if ctx.run_name_filters(ck.name, "check_constraint", parents):
            result.append(ck)
    return result


def _included(ctx: Any, ck: Any, reflected: bool, compare_to: Any = None) -> bool:
    """include_object is asked only about the CHECKs an op is emitted for."""
    return ctx.run_object_filters(
        ck, ck.name, "check_constraint", reflected, compare_to
    )


def _by_name(ck: Any) -> str:
    return str(ck.name or "")


def compare_checks(
    ctx: Any,
    modify_ops: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
) -> None:
    """CHECK constraints: by name when named, else by expression, never the
    ones a Boolean or Enum type makes for itself."""
    if conn_table is None or md_table is None:
        return
    md_checks, bound = _md_checks(ctx, md_table)
    left = _conn_checks(ctx, schema, tname, conn_table, md_table, bound)
    unmatched, changed = [], []
    for ck in md_checks:
        found = _find_check(ctx, ck, left, md_table)
        if found is None:
            unmatched.append(ck)
            continue
        left.remove(found)
        if ck.name and _literals(_md_text(ctx, ck)) != _literals(str(found.sqltext)):
            changed.append((found, ck))
    for ck in list(unmatched):
        if ck.name:
            continue
        auto = next((c for c in left if _auto_named(c, tname)), None)
        if auto is not None:  # an unnamed model CHECK, named by the database
            left.remove(auto)
            unmatched.remove(ck)
    for ck in sorted(left, key=_by_name):
        if ck.name is not None and _included(ctx, ck, True):
            modify_ops.ops.append(ops.DropConstraintOp.from_constraint(ck))
    for conn_ck, md_ck in sorted(changed, key=lambda pair: _by_name(pair[1])):
        if _included(ctx, md_ck, False, conn_ck):
            modify_ops.ops.append(ops.DropConstraintOp.from_constraint(conn_ck))
            modify_ops.ops.append(ops.AddConstraintOp.from_constraint(md_ck))
    for ck in sorted(unmatched, key=_by_name):
        if _included(ctx, ck, False):
            modify_ops.ops.append(ops.AddConstraintOp.from_constraint(ck))


def compare_checks_by_name(
    ctx: Any,
    modify_ops: Any,
    schema: str | None,
    tname: str,
    conn_table: Any,
    md_table: Any,
) -> None:
    """Named CHECK constraints only, added or dropped by name (expressions
    are not compared), as Alembic's ``checkconstraint_byname`` plugin does."""
    if conn_table is None or md_table is None:
        return
    md_checks, bound = _md_checks(ctx, md_table)
    named = {ck.name: ck for ck in md_checks if ck.name}
    conn = _conn_checks(ctx, schema, tname, conn_table, md_table, bound)
    conn_named = {ck.name: ck for ck in conn if ck.name}
    for name in sorted(set(conn_named) - set(named)):
        if _included(ctx, conn_named[name], True):
            modify_ops.ops.append(ops.DropConstraintOp.from_constraint(conn_named[name]))
    for name in sorted(set(named) - set(conn_named)):
        if _included(ctx, named[name], False):
            modify_ops.ops.append(ops.AddConstraintOp.from_constraint(named[name]))


_STRING = re.compile(r"'((?:[^'\\]|''|\\.)*)'")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_BOOL = re.compile(r"\b(true|false)\b", re.IGNORECASE)


def _md_text(ctx: Any, ck: Any) -> str:
    if isinstance(ck.sqltext, str):
        return ck.sqltext
    text = getattr(ck.sqltext, "text", None)  # a text() clause: as written
    if isinstance(text, str):
        return text
    try:
        return str(
            ck.sqltext.compile(
                dialect=ctx.dialect, compile_kwargs={"literal_binds": True}
            )
        )
    except Exception:  # noqa: BLE001 - an expression this dialect cannot print
        return str(ck.sqltext)


def _literal_value(text: str) -> str:
    try:
        return repr(float(text))
    except ValueError:
        return text


def _literals(text: str) -> tuple[str, ...]:
    """The literal values of a CHECK expression, as a sorted multiset.

    Databases rewrite CHECK expressions freely (casts, ``IN`` as ``= ANY
    (ARRAY[...])``, ``BETWEEN`` as two comparisons, quoting), but keep the
    literal values; comparing those finds changed bounds and value lists
    without reporting rewrites as changes."""
    values = [
        _literal_value(v.replace("''", "'").replace("\\'", "'"))
        for v in _STRING.findall(text)
    ]
    rest = _STRING.sub(" ", text)
    rest = _BOOL.sub(lambda m: "1" if m.group(1).lower() == "true" else "0", rest)
    values += [_literal_value(v) for v in _NUMBER.findall(rest)]
    return tuple(sorted(values))


def _find_check(ctx: Any, ck: Any, candidates: list[Any], md_table: Any) -> Any:
    if ck.name:
        return next((c for c in candidates if c.name == ck.name), None)
    text = _check_text(ctx, ck, md_table)
    return next((c for c in candidates if loose_sql(str(c.sqltext)) == text), None)


def _auto_named(ck: Any, tname: str) -> bool:
    name = ck.name
    return (
        name is None
        or name.startswith(f"{tname}_")
        and name.endswith("_check")
        or re.fullmatch(r"CONSTRAINT_\d+", name) is not None
    )
