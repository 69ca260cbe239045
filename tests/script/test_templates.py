"""The ``alembic init`` templates: generic, async, multidb, pyproject, pyproject_async.

Contract with ``alembic init --metadata`` (alembic/util/scaffold.py): every
template's env.py contains exactly one line that is exactly
``target_metadata = None`` at column 0, directly preceded by a comment line
that explains it.  ``init --metadata pkg.mod:Base`` replaces that line with
the import of the models and ``target_metadata = Base.metadata`` (multidb:
the value may also be a dict of engine name -> MetaData).  Keep that line
when editing the templates; these tests enforce it.
"""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

import pytest
import tomllib

import alembic
from alembic.script.headers import _scan_fast, headers_from_source

TEMPLATES = Path(alembic.__file__).resolve().parent / "templates"
NAMES = ["async", "generic", "multidb", "pyproject", "pyproject_async"]
DESCRIPTIONS = {
    "generic": "Generic single-database configuration.",
    "async": "Generic single-database configuration with an async dbapi.",
    "multidb": "Rudimentary multi-database configuration.",
    "pyproject": "pyproject configuration, based on the generic configuration.",
    "pyproject_async": "pyproject configuration, with an async dbapi.",
}


def _render(path: Path, **kw) -> str:
    from mako.template import Template

    from alembic.util.scaffold import NEW_PROJECT_PLUGINS

    kw.setdefault("autogenerate_plugins", NEW_PROJECT_PLUGINS)
    return Template(filename=str(path)).render_unicode(**kw)


def test_template_set_and_files() -> None:
    assert sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir()) == NAMES
    for name in NAMES:
        files = sorted(p.name for p in (TEMPLATES / name).iterdir())
        expected = ["README", "alembic.ini.mako", "env.py", "script.py.mako"]
        if name.startswith("pyproject"):
            expected.append("pyproject.toml.mako")
        assert files == sorted(expected), name


@pytest.mark.parametrize("name", NAMES)
def test_readme_first_line(name) -> None:
    first = (TEMPLATES / name / "README").read_text().splitlines()[0]
    assert first == DESCRIPTIONS[name]


@pytest.mark.parametrize("name", NAMES)
def test_env_py_shape(name) -> None:
    source = (TEMPLATES / name / "env.py").read_text()
    tree = ast.parse(source)
    lines = source.splitlines()
    spots = [i for i, line in enumerate(lines) if line == "target_metadata = None"]
    assert len(spots) == 1
    assert lines[spots[0] - 1].startswith("#")
    calls = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(
            node.func, (ast.Attribute, ast.Name)
        ):
            fname = (
                node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            )
            calls.setdefault(fname, []).append({k.arg: k.value for k in node.keywords})
    offline = [kw for kw in calls["configure"] if "url" in kw]
    assert offline, "offline configure(url=...) missing"
    kw = offline[0]
    assert ast.literal_eval(kw["literal_binds"]) is True
    assert ast.literal_eval(kw["dialect_opts"]) == {"paramstyle": "named"}
    assert "target_metadata" in kw
    engine_fn = "async_engine_from_config" if "async" in name else "engine_from_config"
    engine_kw = calls[engine_fn][0]
    assert ast.literal_eval(engine_kw["prefix"]) == "sqlalchemy."
    assert ast.unparse(engine_kw["poolclass"]) == "pool.NullPool"
    assert "begin_transaction" in calls and "run_migrations" in calls
    if "async" in name:
        assert "run_sync" in calls and "run" in calls  # asyncio.run(...)
    if name == "multidb":
        assert all("engine_name" in kw for kw in calls["run_migrations"])


@pytest.mark.parametrize("name", NAMES)
def test_alembic_ini_renders(name, tmp_path) -> None:
    text = _render(
        TEMPLATES / name / "alembic.ini.mako", script_location="%(here)s/migrations"
    )
    parser = configparser.ConfigParser()
    parser.read_string(text)
    assert parser.has_section("alembic")
    for section in (
        "loggers",
        "handlers",
        "formatters",
        "logger_alembic",
        "handler_console",
    ):
        assert parser.has_section(section)
    if name.startswith("pyproject"):
        assert not parser.has_option("alembic", "script_location")
    else:
        assert (
            parser.get("alembic", "script_location", raw=True) == "%(here)s/migrations"
        )
        assert parser.get("alembic", "prepend_sys_path") == "."
        assert parser.get("alembic", "path_separator") == "os"
        # new projects get the applied-migration history (issue 11 item 14)
        assert parser.get("alembic", "migration_history") == "true"
    driver = "sqlite+aiosqlite" if "async" in name else "sqlite"
    if name == "multidb":
        assert parser.get("alembic", "databases") == "engine1, engine2"
        for engine in ("engine1", "engine2"):
            assert parser.get(engine, "sqlalchemy.url", raw=True) == (
                f"${{DATABASE_URL_{engine.upper()}:-sqlite:///%(here)s/{engine}.db}}"
            )
    else:
        assert parser.get("alembic", "sqlalchemy.url", raw=True) == (
            f"${{DATABASE_URL:-{driver}:///%(here)s/app.db}}"
        )
    if not name.startswith("pyproject"):
        assert (
            "%%(year)d" in text
        )  # the commented file_template keeps doubled percent signs


@pytest.mark.parametrize("name", ["pyproject", "pyproject_async"])
def test_pyproject_toml_renders(name) -> None:
    text = _render(
        TEMPLATES / name / "pyproject.toml.mako", script_location="%(here)s/migrations"
    )
    data = tomllib.loads(text)["tool"]["alembic"]
    data.pop("autogenerate_plugins", None)  # the plugins the new project turns on
    assert data == {
        "script_location": "%(here)s/migrations",
        "prepend_sys_path": ["."],
        "migration_history": True,
    }
    assert "[[tool.alembic.post_write_hooks]]" in text


class _FakeConfig:
    def get_main_option(self, name, default=None):
        return {"databases": "engine1, engine2"}.get(name, default)


@pytest.mark.parametrize("name", NAMES)
def test_script_template_output_reads_fast(name) -> None:
    kw = {
        "up_revision": "abc123",
        "down_revision": ("d1", "d2"),
        "branch_labels": None,
        "depends_on": "dep1",
        "create_date": "2024-05-06 07:08:09",
        "comma": lambda v: ", ".join(v) if isinstance(v, tuple) else (v or ""),
        "message": "Add things",
        "config": _FakeConfig(),
    }
    text = _render(TEMPLATES / name / "script.py.mako", **kw)
    compile(text, "rev.py", "exec")
    assert "Revises: d1, d2\n" in text and "Create Date: 2024-05-06 07:08:09\n" in text
    fast = _scan_fast(text)
    assert fast is not None, "template output must take the fast header path"
    assert fast.values == {
        "revision": "abc123",
        "down_revision": ("d1", "d2"),
        "branch_labels": None,
        "depends_on": "dep1",
    }
    assert fast.doc.startswith("Add things\n\nRevision ID: abc123\n")
    with_body = _render(
        TEMPLATES / name / "script.py.mako",
        **kw,
        upgrades="op.create_table('t', sa.Column('id', sa.Integer()))",
        downgrades="op.drop_table('t')",
        imports="import json",
        engine1_upgrades="op.create_table('e1')",
    )
    assert _scan_fast(with_body) is not None
    assert headers_from_source(with_body.encode()).values == fast.values
    if name == "multidb":
        module = {}
        exec(  # noqa: S102 - run the rendered file
            compile(
                with_body.replace("from alembic import op\n", ""), "rev.py", "exec"
            ),
            module,
        )
        assert callable(module["upgrade_engine1"]) and callable(
            module["downgrade_engine2"]
        )
        assert "op.create_table('e1')" in with_body
        assert (
            with_body.count("    pass\n") == 3
        )  # every engine function but upgrade_engine1
    else:
        assert "    op.create_table('t', sa.Column('id', sa.Integer()))\n" in with_body
        assert "import json\n" in with_body
