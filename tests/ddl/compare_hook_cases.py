"""Model/"reflected" pairs for the impl comparison hooks (issue 11 item 10).

Plain SQLAlchemy, so the same pairs run under the reference interpreter:

    bench/.venv-ref/bin/python tests/ddl/compare_hook_cases.py

prints, per dialect and case, what Alembic 1.20.1's ``compare_indexes`` /
``compare_unique_constraint`` / ``compare_check_constraint`` answer; the
expected table of ``test_compare_hooks.py`` is that output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

DIALECTS = ("default", "postgresql", "mysql", "sqlite")

#: case id -> (hook name, model side, "reflected" side)
Case = tuple[str, Any, Any]


def _tables() -> tuple[sa.Table, sa.Table]:
    def columns() -> list[sa.Column]:
        return [sa.Column("a", sa.Integer), sa.Column("b", sa.String(20)), sa.Column("c", sa.Integer)]

    return sa.Table("t", sa.MetaData(), *columns()), sa.Table("t", sa.MetaData(), *columns())


def _ix(md: Callable[[sa.Table], list], conn: Callable[[sa.Table], list], **kw: Any):
    """An index ``ix`` on each side; ``kw`` keys ``md_*`` / ``conn_*`` go to one side."""

    def build() -> Case:
        t1, t2 = _tables()
        md_kw = {k[3:]: v for k, v in kw.items() if k.startswith("md_")}
        conn_kw = {k[5:]: v for k, v in kw.items() if k.startswith("conn_")}
        return (
            "compare_indexes",
            sa.Index("ix", *md(t1), **md_kw),
            sa.Index("ix", *conn(t2), **conn_kw),
        )

    return build


def _uq(md: Callable[[sa.Table], list], conn: Callable[[sa.Table], list], **kw: Any):
    def build() -> Case:
        t1, t2 = _tables()
        md_kw = {k[3:]: v for k, v in kw.items() if k.startswith("md_")}
        conn_kw = {k[5:]: v for k, v in kw.items() if k.startswith("conn_")}
        md_uq = sa.UniqueConstraint(*md(t1), name=md_kw.pop("name", "uq"), **md_kw)
        conn_uq = sa.UniqueConstraint(*conn(t2), name=conn_kw.pop("name", "uq"), **conn_kw)
        t1.append_constraint(md_uq)
        t2.append_constraint(conn_uq)
        return "compare_unique_constraint", md_uq, conn_uq

    return build


def _ck(md: Callable[[sa.Table], Any], conn: Callable[[sa.Table], Any], **kw: Any):
    def build() -> Case:
        t1, t2 = _tables()
        md_ck = sa.CheckConstraint(md(t1), name=kw.get("md_name", "ck"))
        conn_ck = sa.CheckConstraint(conn(t2), name=kw.get("conn_name", "ck"))
        t1.append_constraint(md_ck)
        t2.append_constraint(conn_ck)
        return "compare_check_constraint", md_ck, conn_ck

    return build


def _text_ix(md: str, conn: str):
    return _ix(lambda t: [sa.text(md)], lambda t: [sa.text(conn)])


CASES: dict[str, Callable[[], Case]] = {
    # -- indexes: columns, uniqueness, names
    "ix_equal": _ix(lambda t: [t.c.a], lambda t: [t.c.a]),
    "ix_other_column": _ix(lambda t: [t.c.a], lambda t: [t.c.b]),
    "ix_column_order": _ix(lambda t: [t.c.a, t.c.b], lambda t: [t.c.b, t.c.a]),
    "ix_extra_column": _ix(lambda t: [t.c.a], lambda t: [t.c.a, t.c.b]),
    "ix_made_unique": _ix(lambda t: [t.c.a], lambda t: [t.c.a], md_unique=True),
    "ix_made_not_unique": _ix(lambda t: [t.c.a], lambda t: [t.c.a], conn_unique=True),
    "ix_unique_none_vs_false": _ix(lambda t: [t.c.a], lambda t: [t.c.a], md_unique=None, conn_unique=False),
    "ix_unique_and_columns": _ix(lambda t: [t.c.a], lambda t: [t.c.b], md_unique=True),
    "ix_other_name": (
        lambda: ("compare_indexes", sa.Index("ix1", _tables()[0].c.a), sa.Index("ix2", _tables()[1].c.a))
    ),
    # -- indexes: expressions and ordering
    "ix_same_function": _ix(lambda t: [sa.func.lower(t.c.b)], lambda t: [sa.func.lower(t.c.b)]),
    "ix_other_function": _ix(lambda t: [sa.func.lower(t.c.b)], lambda t: [sa.func.upper(t.c.b)]),
    "ix_function_vs_text": _ix(lambda t: [sa.func.lower(t.c.b)], lambda t: [sa.text("lower(b)")]),
    "ix_function_vs_pg_cast_text": _ix(lambda t: [sa.func.lower(t.c.b)], lambda t: [sa.text("lower(b::text)")]),
    "ix_function_vs_pg_paren_cast": _ix(lambda t: [sa.func.lower(t.c.b)], lambda t: [sa.text("lower((b)::text)")]),
    "ix_function_and_column": _ix(
        lambda t: [sa.func.lower(t.c.b), t.c.a], lambda t: [sa.text("lower(b::text)"), t.c.a]
    ),
    "ix_cast_vs_pg_cast": _ix(
        lambda t: [sa.cast(t.c.a, sa.String(10))], lambda t: [sa.text("(a::character varying(10))")]
    ),
    "ix_sum_vs_parenthesized": _ix(lambda t: [t.c.a + t.c.c], lambda t: [sa.text("(a + c)")]),
    "ix_desc_vs_plain": _ix(lambda t: [t.c.a.desc()], lambda t: [t.c.a]),
    "ix_desc_both": _ix(lambda t: [t.c.a.desc()], lambda t: [t.c.a.desc()]),
    "ix_desc_nulls_last": _ix(lambda t: [t.c.a.desc().nulls_last()], lambda t: [t.c.a.desc()]),
    "ix_collate": _ix(lambda t: [t.c.b.collate("C")], lambda t: [t.c.b]),
    "ix_bound_value": _ix(lambda t: [t.c.b == "x"], lambda t: [sa.text("(b = 'x'::text)")]),
    "ix_text_equal": _text_ix("lower(b)", "lower(b)"),
    "ix_text_other": _text_ix("lower(b)", "upper(b)"),
    "ix_text_case_quotes_spaces": _text_ix('LOWER( "b" )', "lower(b)"),
    "ix_text_table_prefix": _text_ix("t.a", "a"),
    "ix_text_outer_parens": _text_ix("((a))", "a"),
    "ix_text_two_groups": _text_ix("(a) + (c)", "a + c"),
    "ix_text_inner_parens": _text_ix("lower((b))", "lower(b)"),
    "ix_text_casts": _text_ix("a::text::varchar", "a"),
    "ix_text_cast_then_paren": _text_ix("(a)::integer", "a"),
    "ix_text_multiword_cast": _text_ix("lower(b::character varying(20))", "lower(b)"),
    "ix_text_unknown_multiword": _text_ix("a::foo bar", "a bar"),
    "ix_text_array_cast": _text_ix("a::text[]", "a"),
    "ix_text_cast_keeps_desc": _text_ix("a::integer desc", "a"),
    "ix_text_sql_cast": _text_ix("CAST(a AS VARCHAR(10))", "a"),
    "ix_text_sql_cast_inside": _text_ix("lower(cast(a as text)) || cast(b as text)", "lower(a) || b"),
    "ix_text_sql_cast_vs_pg_cast": _text_ix("CAST(a AS VARCHAR) || b", "(a)::varchar || b"),
    "ix_text_asc": _text_ix("(a) ASC", "a"),
    "ix_text_nulls_last": _text_ix("a ASC NULLS LAST", "a"),
    "ix_text_nulls_first": _text_ix("a NULLS FIRST", "a"),
    "ix_text_desc_nulls_first": _text_ix("a DESC NULLS FIRST", "a DESC"),
    "ix_text_paren_desc": _text_ix("(a) DESC", "a DESC"),
    "ix_text_tab": _text_ix("a\tb", "ab"),
    "ix_text_count": _ix(lambda t: [t.c.a, sa.func.lower(t.c.a)], lambda t: [t.c.a]),
    "ix_no_expressions": _ix(lambda t: [], lambda t: [t.c.a]),
    # -- indexes: dialect options
    "ix_where_differs": _ix(
        lambda t: [t.c.a],
        lambda t: [t.c.a],
        md_postgresql_where=sa.text("a > 5"),
        conn_postgresql_where=sa.text("a > 6"),
        md_sqlite_where=sa.text("a > 5"),
        conn_sqlite_where=sa.text("a > 6"),
    ),
    "ix_using": _ix(lambda t: [t.c.a], lambda t: [t.c.a], md_postgresql_using="hash"),
    "ix_include": _ix(lambda t: [t.c.a], lambda t: [t.c.a], conn_postgresql_include=["b"]),
    "ix_mysql_length": _ix(lambda t: [t.c.b], lambda t: [t.c.b], md_mysql_length=5, conn_mysql_length=10),
    "ix_nulls_not_distinct": _ix(
        lambda t: [t.c.a], lambda t: [t.c.a], md_unique=True, conn_unique=True,
        md_postgresql_nulls_not_distinct=True,
    ),
    "ix_nulls_not_distinct_false": _ix(
        lambda t: [t.c.a], lambda t: [t.c.a], md_postgresql_nulls_not_distinct=False
    ),
    "ix_nulls_not_distinct_reflected": _ix(
        lambda t: [t.c.a], lambda t: [t.c.a], conn_postgresql_nulls_not_distinct=True
    ),
    "ix_columns_and_nulls_not_distinct": _ix(
        lambda t: [t.c.a], lambda t: [t.c.b], md_postgresql_nulls_not_distinct=True
    ),
    "ix_count_and_nulls_not_distinct": _ix(
        lambda t: [t.c.a, t.c.b], lambda t: [t.c.a], md_postgresql_nulls_not_distinct=True
    ),
    # -- unique constraints
    "uq_equal": _uq(lambda t: [t.c.a], lambda t: [t.c.a]),
    "uq_other_column": _uq(lambda t: [t.c.a], lambda t: [t.c.b]),
    "uq_column_order": _uq(lambda t: [t.c.a, t.c.b], lambda t: [t.c.b, t.c.a]),
    "uq_extra_column": _uq(lambda t: [t.c.b, t.c.a], lambda t: [t.c.c]),
    "uq_other_name": _uq(lambda t: [t.c.a], lambda t: [t.c.a], md_name="uq1", conn_name="uq2"),
    "uq_unnamed": _uq(lambda t: [t.c.a], lambda t: [t.c.a], md_name=None, conn_name=None),
    "uq_deferrable": _uq(lambda t: [t.c.a], lambda t: [t.c.a], md_deferrable=True),
    "uq_nulls_not_distinct": _uq(
        lambda t: [t.c.b], lambda t: [t.c.b], md_postgresql_nulls_not_distinct=True
    ),
    "uq_nulls_not_distinct_reflected": _uq(
        lambda t: [t.c.b], lambda t: [t.c.b], conn_postgresql_nulls_not_distinct=True
    ),
    "uq_nulls_not_distinct_false": _uq(
        lambda t: [t.c.b], lambda t: [t.c.b], conn_postgresql_nulls_not_distinct=False
    ),
    "uq_columns_and_nulls_not_distinct": _uq(
        lambda t: [t.c.a], lambda t: [t.c.c], md_postgresql_nulls_not_distinct=True
    ),
    # -- check constraints
    "ck_equal": _ck(lambda t: t.c.a > 5, lambda t: t.c.a > 5),
    "ck_other_value": _ck(lambda t: t.c.a > 5, lambda t: t.c.a > 6),
    "ck_text_spacing": _ck(lambda t: "a > 5", lambda t: "a>5"),
    "ck_other_name": _ck(lambda t: "a > 5", lambda t: "a > 5", md_name="ck1", conn_name="ck2"),
    "ck_other_column": _ck(lambda t: t.c.a > 1, lambda t: t.c.b > "1"),
}


def make_impl(dialect_name: str) -> Any:
    """The impl Alembic (ours or the reference) picks for ``dialect_name``."""
    from sqlalchemy.engine import url
    from sqlalchemy.engine.default import DefaultDialect

    from alembic.runtime.migration import MigrationContext

    if dialect_name == "default":
        dialect = DefaultDialect()
    else:
        dialect = url.make_url(f"{dialect_name}://").get_dialect()()
    return MigrationContext.configure(dialect=dialect, opts={"as_sql": True}).impl


def answer(dialect_name: str, case_id: str) -> tuple[str, str]:
    """``(status, message)`` of the hook for one case."""
    hook, md, conn = CASES[case_id]()
    return tuple(getattr(make_impl(dialect_name), hook)(md, conn))


if __name__ == "__main__":
    for dialect_name in DIALECTS:
        for case_id in CASES:
            print(f"    ({dialect_name!r}, {case_id!r}): {answer(dialect_name, case_id)!r},")
