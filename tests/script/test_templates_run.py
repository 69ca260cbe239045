"""Each init template, end to end: init, revision, upgrade, downgrade on real databases."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from alembic import command
from alembic.config import Config

CREATE = 'op.create_table("{table}", sa.Column("id", sa.Integer(), primary_key=True))'
DROP = 'op.drop_table("{table}")'


def _fill(path: str, replacements: dict) -> None:
    text = Path(path).read_text()
    for docline, body in replacements.items():
        old = f'    """{docline}"""\n    pass\n'
        assert old in text, docline
        text = text.replace(old, f'    """{docline}"""\n    {body}\n')
    Path(path).write_text(text)


def _tables(url: str) -> set:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _config(tmp_path: Path, template: str) -> Config:
    ini = str(tmp_path / "alembic.ini")
    if template.startswith("pyproject"):
        return Config(ini, toml_file=str(tmp_path / "pyproject.toml"))
    return Config(ini)


@pytest.mark.parametrize(
    "template", ["generic", "async", "pyproject", "pyproject_async"]
)
def test_single_database_templates_on_sqlite(template, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = _config(tmp_path, template)
    command.init(config, str(tmp_path / "migrations"), template=template)
    config = _config(tmp_path, template)
    script = command.revision(config, message="create widgets", rev_id="aaaa0001")
    assert Path(script.path).name == "aaaa0001_create_widgets.py"
    _fill(
        script.path,
        {
            "Upgrade schema.": CREATE.format(table="widgets"),
            "Downgrade schema.": DROP.format(table="widgets"),
        },
    )
    command.upgrade(config, "head")
    db_url = f"sqlite:///{tmp_path / 'app.db'}"
    assert (tmp_path / "app.db").exists()  # the default URL: a file next to the ini
    assert {"widgets", "alembic_version"} <= _tables(db_url)
    command.downgrade(config, "base")
    assert "widgets" not in _tables(db_url)


def test_generic_template_follows_database_url(tmp_path, monkeypatch, pg_url) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", pg_url)
    config = Config(str(tmp_path / "alembic.ini"))
    command.init(config, str(tmp_path / "migrations"))
    config = Config(str(tmp_path / "alembic.ini"))
    script = command.revision(config, message="pg table", rev_id="bbbb0001")
    _fill(
        script.path,
        {
            "Upgrade schema.": CREATE.format(table="pg_widgets"),
            "Downgrade schema.": DROP.format(table="pg_widgets"),
        },
    )
    command.upgrade(config, "head")
    assert "pg_widgets" in _tables(pg_url)
    assert not (tmp_path / "app.db").exists()
    command.downgrade(config, "base")
    assert "pg_widgets" not in _tables(pg_url)


def test_multidb_template(tmp_path, monkeypatch, mysql_url) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL_ENGINE1", raising=False)
    monkeypatch.setenv("DATABASE_URL_ENGINE2", mysql_url)
    config = Config(str(tmp_path / "alembic.ini"))
    command.init(config, str(tmp_path / "migrations"), template="multidb")
    config = Config(str(tmp_path / "alembic.ini"))
    script = command.revision(config, message="two databases", rev_id="cccc0001")
    text = Path(script.path).read_text()
    assert (
        "def upgrade_engine1() -> None:" in text
        and "def downgrade_engine2() -> None:" in text
    )
    _fill(
        script.path,
        {
            "Upgrade schema of database engine1.": CREATE.format(table="one"),
            "Downgrade schema of database engine1.": DROP.format(table="one"),
            "Upgrade schema of database engine2.": CREATE.format(table="two"),
            "Downgrade schema of database engine2.": DROP.format(table="two"),
        },
    )
    command.upgrade(config, "head")
    url1 = f"sqlite:///{tmp_path / 'engine1.db'}"
    assert "one" in _tables(url1) and "two" not in _tables(url1)
    assert "two" in _tables(mysql_url) and "one" not in _tables(mysql_url)
    command.downgrade(config, "base")
    assert "one" not in _tables(url1) and "two" not in _tables(mysql_url)
