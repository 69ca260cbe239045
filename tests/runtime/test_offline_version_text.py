"""Offline version-table statements: the pre-rendered text written for each
step is exactly what compiling the statement would write, on every dialect
and paramstyle, including revision ids with characters the text compiler
treats specially (those take the compiling path)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from alembic.ddl.impl import RenderedText
from alembic.runtime.migration import MigrationContext
from alembic.runtime.versioning import HeadMaintainer

IDS = ["a1b2c3", "rev-2.x", "with:colon", "pct%rev", "back\\slash", "caf\u00e9"]


def _context(url: str, **opts):
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        url=url,
        dialect_opts=opts.pop("dialect_opts", {}),
        opts={"as_sql": True, "output_buffer": buf, **opts},
    )
    return ctx, buf


def _compiled_text(ctx, construct) -> str:
    """What the pre-change path wrote: compile a plain text() of the SQL."""
    return (
        ctx.impl._compile_offline(sa.text(construct.text)) + ctx.impl.command_terminator
    )


@pytest.mark.parametrize(
    "url,opts",
    [
        ("sqlite://", {"literal_binds": True, "dialect_opts": {"paramstyle": "named"}}),
        ("postgresql://", {}),
        (
            "postgresql://",
            {"literal_binds": True, "dialect_opts": {"paramstyle": "named"}},
        ),
        ("mysql+pymysql://", {}),
        ("mssql://", {}),
        ("oracle://", {"version_table_schema": "sch"}),
    ],
)
@pytest.mark.parametrize("rev", IDS)
def test_rendered_equals_compiled(url, opts, rev):
    ctx, _ = _context(url, **opts)
    maintainer = HeadMaintainer(ctx, ["base0"])
    sql = maintainer._offline_sql()
    cases = [
        (sql.update, {"old": "base0", "new": rev}),
        (sql.insert, {"new": rev}),
        (sql.delete, {"old": rev}),
    ]
    for template, ids in cases:
        construct = sql.render(template, **ids)
        if isinstance(construct, RenderedText):
            assert construct.rendered + ctx.impl.command_terminator == _compiled_text(
                ctx, construct
            )
        else:  # ids with special characters are compiled as before
            assert any(c in rev for c in "%:\\")


def test_special_ids_are_compiled_not_rendered():
    ctx, _ = _context("postgresql://")
    sql = HeadMaintainer(ctx, [])._offline_sql()
    assert isinstance(sql.render(sql.insert, new="plain1"), RenderedText)
    assert not isinstance(sql.render(sql.insert, new="a:b"), RenderedText)
    assert not isinstance(sql.render(sql.update, old="x%", new="y"), RenderedText)


def test_written_output_for_a_plain_and_a_special_id():
    ctx, buf = _context("postgresql://")
    maintainer = HeadMaintainer(ctx, [])
    maintainer._insert_version("first1")
    maintainer._update_version("first1", "odd%:id")
    text = buf.getvalue()
    assert "INSERT INTO alembic_version (version_num) VALUES ('first1')" in text
    # pyformat doubles the percent sign when the text is compiled, as before
    assert (
        "SET version_num='odd%%:id' WHERE alembic_version.version_num = 'first1'"
        in text
    )
