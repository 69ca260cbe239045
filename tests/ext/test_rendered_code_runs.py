"""Issue 10 item 5: ``produce_migrations()`` then ``render_python_code()``, with
no RevisionContext, gives code that runs: executed with ``op`` bound to the same
database, it brings the schema to the model (``compare_metadata`` is then empty),
and the rendered downgrade takes it back."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa

from alembic.autogenerate import (
    compare_metadata,
    produce_migrations,
    render_python_code,
)
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext


def _model() -> sa.MetaData:
    md = sa.MetaData()
    sa.Table("kept", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("name", sa.String(40), nullable=True))
    sa.Table("added", md, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("kept_id", sa.Integer, sa.ForeignKey("kept.id")))
    return md


def _run(code: str, conn: sa.Connection, folder: Path, name: str) -> None:
    """Write the rendered directives as a module's upgrade() and run it with op bound."""
    path = folder / f"{name}.py"
    path.write_text("from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n" + code)
    spec = importlib.util.spec_from_file_location(f"rendered_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with Operations.context(MigrationContext.configure(conn)):
        module.upgrade()


def test_rendered_upgrade_and_downgrade_run(tmp_path):
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE kept (id INTEGER NOT NULL PRIMARY KEY)")
    md = _model()
    with engine.begin() as conn:
        script = produce_migrations(MigrationContext.configure(conn), md)
        up = render_python_code(script.upgrade_ops)
        down = render_python_code(script.downgrade_ops)
    assert "op.create_table('added'" in up and "op.add_column('kept'" in up
    with engine.begin() as conn:
        _run(up, conn, tmp_path, "up")
    with engine.begin() as conn:
        assert compare_metadata(MigrationContext.configure(conn), md) == []
    with engine.begin() as conn:
        _run(down, conn, tmp_path, "down")
    with engine.begin() as conn:
        assert sa.inspect(conn).get_table_names() == ["kept"]
        assert [c["name"] for c in sa.inspect(conn).get_columns("kept")] == ["id"]
