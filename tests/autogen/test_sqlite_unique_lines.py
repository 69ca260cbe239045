"""The lines of a CREATE TABLE statement SQLite's unique-constraint parser reads.

``alembic.autogenerate.compare.sqlite_uniques`` hands SQLAlchemy's parser the
statement with every line it cannot match blanked.  The claim to test: the
parser's own patterns (as found in the installed dialect, and those of the
other SQLAlchemy version the module lists) find exactly the same matches, in
the same order, in both texts; and a real reflection batch gives the same
unique constraints as SQLAlchemy's plain Inspector.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from alembic.autogenerate.compare import sqlite_uniques
from alembic.autogenerate.compare.sqlite_uniques import (
    _LINE_LOCAL_PATTERNS,
    line_local_parser,
    unique_parse_text,
)


def _installed_patterns() -> list[str]:
    code = line_local_parser(sa.create_engine("sqlite://").dialect)
    assert code is not None, "the installed SQLAlchemy's patterns were not recognised"
    return sorted(set(sqlite_uniques._string_constants(code, "UNIQUE")))


def _matches(pattern: str, text: str) -> list[tuple]:
    """What the parser takes from each match: its groups (names, columns)."""
    return [m.groups() for m in re.finditer(pattern, text, re.IGNORECASE)]


_PIECES = st.sampled_from(
    [
        "CONSTRAINT",
        "constraint",
        "uq_a",
        '"quoted name"',
        '"q"',
        "UNIQUE",
        "unique",
        "Unique",
        "(a)",
        "(a, b)",
        "(",
        "a)",
        "code VARCHAR(40)",
        "x INTEGER",
        "NOT NULL",
        ",",
        "uniqueness",
        "is_unique BOOLEAN",
        "[col]",
        "`col`",
        "PRIMARY KEY (id)",
        "CREATE TABLE t (",
        ")",
        "\u017f",  # a letter re.IGNORECASE folds to "s"
    ]
)
_GAPS = st.sampled_from([" ", "\n", "\t", "\n\t", "  \n", "\n\n", ", ", "\n \n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PIECES, _GAPS), max_size=14))
@example([("CONSTRAINT", "\n"), ('"quoted name"', " "), ("UNIQUE", " "), ("(a)", "")])
@example([("CONSTRAINT", "\n\n"), ("uq_a", "\n"), ("UNIQUE", "\n \n"), ("(a)", "")])
def test_the_parser_finds_the_same_matches_in_the_blanked_text(parts) -> None:
    sql = "".join(piece + gap for piece, gap in parts)
    blanked = unique_parse_text(sql)
    assert blanked.count("\n") == sql.count("\n")
    for pattern in sorted(_LINE_LOCAL_PATTERNS):
        assert _matches(pattern, blanked) == _matches(pattern, sql), pattern


def test_known_shapes_keep_what_the_parser_needs() -> None:
    # the usual line: only it is kept
    sql = "CREATE TABLE t (\n\tid INTEGER,\n\tCONSTRAINT uq_t UNIQUE (id)\n)"
    assert unique_parse_text(sql) == "\n\n\tCONSTRAINT uq_t UNIQUE (id)\n"
    # the prefix above, the column list below: kept
    sql = "CREATE TABLE t (\n\tid INTEGER, CONSTRAINT\n\tuq_t\n\tUNIQUE\n\t(id)\n)"
    blanked = unique_parse_text(sql)
    for pattern in _installed_patterns():
        assert _matches(pattern, blanked) == _matches(pattern, sql)
    assert "uq_t" in blanked and "(id)" in blanked
    # no UNIQUE at all: nothing for the parser to read
    assert unique_parse_text("CREATE TABLE t (\n\tid INTEGER\n)") == "\n\n"


def test_unknown_patterns_are_left_alone(monkeypatch) -> None:
    dialect = sa.create_engine("sqlite://").dialect
    assert line_local_parser(dialect) is not None
    monkeypatch.setattr(sqlite_uniques, "_LINE_LOCAL_PATTERNS", frozenset({"UNIQUE"}))
    assert line_local_parser(dialect) is None


TRICKY = [
    "CREATE TABLE a (id INTEGER PRIMARY KEY, code VARCHAR(10) UNIQUE, x INTEGER)",
    (
        "CREATE TABLE b (\n\tid INTEGER NOT NULL,\n\tcode VARCHAR(40) NOT NULL,\n"
        "\tname VARCHAR(40),\n\tCONSTRAINT pk_b PRIMARY KEY (id),\n"
        "\tCONSTRAINT uq_b_code UNIQUE (code),\n\tUNIQUE (name, code)\n)"
    ),
    (
        'CREATE TABLE c (\n\tid INTEGER,\n\t"odd col" INTEGER,\n\tCONSTRAINT\n'
        '\t"uq c odd"\n\tUNIQUE\n\t("odd col")\n)'
    ),
    "CREATE TABLE d (\n\tid INTEGER,\n\tis_unique BOOLEAN,\n\tuniqueness TEXT\n)",
    "CREATE TABLE e (\n\tid INTEGER,\n\tv TEXT unique,\n\tw TEXT\n\t\tUNIQUE\n)",
    'CREATE TABLE f (\n\tid INTEGER,\n\tCONSTRAINT\n\t"uq f id" UNIQUE (id)\n)',
]


def test_a_reflection_batch_gives_the_inspectors_unique_constraints(tmp_path) -> None:
    from alembic.autogenerate.compare import reflect

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'u.db'}")
    with engine.begin() as conn:
        for ddl in TRICKY:
            conn.exec_driver_sql(ddl)
    names = ["a", "b", "c", "d", "e", "f"]
    with engine.connect() as conn:
        plain = {n: sa.inspect(conn).get_unique_constraints(n) for n in names}
    blanked_for = []
    original = reflect.unique_parse_text

    def spy(sql: str) -> str:
        blanked_for.append(sql.split("(")[0])
        return original(sql)

    reflect.unique_parse_text = spy
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            with reflect._sqlite_table_sql_memo(inspector, None):
                info = inspector._get_reflection_info(
                    schema=None, filter_names=names, available=names
                )
    finally:
        reflect.unique_parse_text = original
    batched = {key[1]: value for key, value in info.unique_constraints.items()}
    assert batched == plain
    assert len(blanked_for) == len(names)  # the parser did read blanked texts
    assert plain["b"] and plain["c"]  # the cases are not empty
    assert plain["f"] == [{"name": "uq f id", "column_names": ["id"]}]
