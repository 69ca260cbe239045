"""``alembic init`` and ``list_templates`` through the real command line."""

from __future__ import annotations

import pathlib

import pytest

TEMPLATES = ["async", "generic", "multidb", "pyproject", "pyproject_async"]
TEMPLATE_DIR = pathlib.Path(__file__).resolve().parents[2] / "src" / "alembic" / "templates"


def failed(result) -> str:
    lines = [line for line in result.out.splitlines() if line.startswith("FAILED:")]
    assert result.code == 255 and len(lines) == 1, result
    return lines[0]


def test_list_templates(run_cli, tmp_path):
    result = run_cli(tmp_path, "list_templates")
    assert result.code == 0
    assert result.lines[0] == "Available templates:"
    for name in TEMPLATES:
        first = (TEMPLATE_DIR / name / "README").read_text().splitlines()[0]
        assert f"{name} - {first}" in result.lines
    assert "  alembic init --template generic ./scripts" in result.lines
    assert result.out.index("async - ") < result.out.index("generic - ")


@pytest.mark.parametrize("template", TEMPLATES)
def test_init_every_template(run_cli, tmp_path, template):
    result = run_cli(tmp_path, "init", "-t", template, "migrations")
    assert result.code == 0, result.out
    scripts = tmp_path / "migrations"
    assert (scripts / "versions").is_dir()
    for source in (TEMPLATE_DIR / template).iterdir():
        if source.suffix != ".mako" or source.name == "script.py.mako":
            assert (scripts / source.name).read_bytes() == source.read_bytes()
    assert f"Creating directory {scripts} ...  done" in result.lines
    assert f"Generating {scripts / 'env.py'} ...  done" in result.lines
    ini = (tmp_path / "alembic.ini").read_text()
    if template.startswith("pyproject"):
        toml = (tmp_path / "pyproject.toml").read_text()
        assert 'script_location = "%(here)s/migrations"' in toml
    else:
        assert "script_location = %(here)s/migrations" in ini
    # the URL written works as is, so no "Please edit ... before proceeding"
    assert result.lines[-1].startswith(
        f"The database URL in {tmp_path / 'alembic.ini'} works as written"
    )
    assert "${script_location}" not in ini


def test_init_refuses_non_empty_directory(run_cli, tmp_path):
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "x.txt").write_text("x")
    assert failed(run_cli(tmp_path, "init", "migrations")) == (
        "FAILED: Directory migrations already exists and is not empty"
    )
    assert not (tmp_path / "alembic.ini").exists()


def test_init_into_existing_empty_directory(run_cli, tmp_path):
    (tmp_path / "migrations").mkdir()
    result = run_cli(tmp_path, "init", "migrations")
    assert result.code == 0
    assert f"Creating directory {tmp_path / 'migrations'} ...  done" not in result.lines
    assert (tmp_path / "migrations" / "env.py").exists()


def test_init_unknown_template(run_cli, tmp_path):
    line = failed(run_cli(tmp_path, "init", "-t", "nosuch", "migrations"))
    assert "'nosuch'" in line and "generic" in line and "list_templates" in line
    assert not (tmp_path / "migrations").exists()


def test_init_skips_existing_ini(run_cli, tmp_path):
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = mine\n")
    result = run_cli(tmp_path, "init", "migrations")
    assert f"File {tmp_path / 'alembic.ini'} already exists, skipping" in result.lines
    assert (
        tmp_path / "alembic.ini"
    ).read_text() == "[alembic]\nscript_location = mine\n"


def test_init_package(run_cli, tmp_path):
    result = run_cli(tmp_path, "init", "--package", "migrations")
    assert result.code == 0
    assert (tmp_path / "migrations" / "__init__.py").read_text() == ""
    assert (tmp_path / "migrations" / "versions" / "__init__.py").exists()
    assert f"Adding {tmp_path / 'migrations' / '__init__.py'} ...  done" in result.lines


def test_init_absolute_directory(run_cli, tmp_path):
    target = tmp_path / "abs" / "scripts"
    run_cli(tmp_path, "init", str(target))
    assert (
        f"script_location = {target.as_posix()}\n"
        in (tmp_path / "alembic.ini").read_text()
    )


def test_init_nested_relative_directory_and_ini_elsewhere(run_cli, tmp_path):
    (tmp_path / "conf").mkdir()
    run_cli(tmp_path, "-c", "conf/alembic.ini", "init", "db/migrations")
    assert (
        "script_location = %(here)s/../db/migrations\n"
        in (tmp_path / "conf" / "alembic.ini").read_text()
    )


def test_init_pyproject_appends_to_existing_file(run_cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "app"\n')
    result = run_cli(tmp_path, "init", "-t", "pyproject", "migrations")
    assert result.code == 0
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "app"\n')
    assert "[tool.alembic]" in text
    import tomllib

    data = tomllib.loads(text)
    assert data["project"]["name"] == "app"
    assert data["tool"]["alembic"]["script_location"] == "%(here)s/migrations"


def test_init_pyproject_keeps_existing_tool_alembic(run_cli, tmp_path):
    original = '[tool.alembic]\nscript_location = "elsewhere"\n'
    (tmp_path / "pyproject.toml").write_text(original)
    result = run_cli(tmp_path, "init", "-t", "pyproject", "migrations")
    assert result.code == 0
    assert (tmp_path / "pyproject.toml").read_text() == original
    assert any(
        "already exists" in line and "pyproject.toml" in line for line in result.lines
    )


def test_init_metadata_wires_env_py(run_cli, tmp_path):
    result = run_cli(tmp_path, "init", "--metadata", "myapp.models:Base", "migrations")
    assert result.code == 0
    env_py = (tmp_path / "migrations" / "env.py").read_text()
    assert "from myapp.models import Base\n" in env_py
    assert "target_metadata = Base.metadata\n" in env_py
    assert "target_metadata = None" not in env_py
    compile(env_py, "env.py", "exec")


def test_init_metadata_accepts_a_metadata_object(run_cli, tmp_path):
    run_cli(tmp_path, "init", "--metadata", "app.db:metadata_obj", "migrations")
    env_py = (tmp_path / "migrations" / "env.py").read_text()
    assert (
        "from app.db import metadata_obj\n" in env_py
        and "target_metadata = metadata_obj\n" in env_py
    )


def test_init_metadata_bad_spec(run_cli, tmp_path):
    line = failed(run_cli(tmp_path, "init", "--metadata", "no-colon", "migrations"))
    assert "--metadata" in line and "myapp.models:Base" in line
    assert not (tmp_path / "migrations").exists()


def test_init_then_upgrade_works_on_embedded_sqlite(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert run_cli(tmp_path, "init", "migrations").code == 0
    assert run_cli(tmp_path, "revision", "-m", "first").code == 0
    result = run_cli(tmp_path, "upgrade", "head")
    assert result.code == 0, result.out
    assert (tmp_path / "app.db").exists()
    current = run_cli(tmp_path, "current")
    (rev_file,) = (tmp_path / "migrations" / "versions").glob("*_first.py")
    assert current.out.strip() == f"{rev_file.name.split('_')[0]} (head)"


def test_init_database_url_env_overrides(run_cli, tmp_path, monkeypatch):
    other = tmp_path / "other.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{other}")
    run_cli(tmp_path, "init", "migrations")
    run_cli(tmp_path, "revision", "-m", "first")
    assert run_cli(tmp_path, "upgrade", "head").code == 0
    assert other.exists() and not (tmp_path / "app.db").exists()


def test_init_metadata_autogenerate_upgrade_check(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    pkg = tmp_path / "myapp"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "models.py").write_text(
        "import sqlalchemy as sa\n"
        "from sqlalchemy.orm import DeclarativeBase\n\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n\n"
        "class User(Base):\n"
        "    __tablename__ = 'h2_users'\n"
        "    id = sa.Column(sa.Integer, primary_key=True)\n"
        "    name = sa.Column(sa.String(50), nullable=False)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert (
        run_cli(tmp_path, "init", "--metadata", "myapp.models:Base", "migrations").code
        == 0
    )
    result = run_cli(tmp_path, "revision", "--autogenerate", "-m", "users")
    assert result.code == 0, result.out
    (rev_file,) = (tmp_path / "migrations" / "versions").glob("*_users.py")
    assert "h2_users" in rev_file.read_text()
    assert run_cli(tmp_path, "upgrade", "head").code == 0
    check = run_cli(tmp_path, "check")
    assert check.code == 0, check.out
    assert check.out.strip().endswith("No new upgrade operations detected.")
    (pkg / "models.py").write_text(
        (pkg / "models.py").read_text() + "    email = sa.Column(sa.String(100))\n"
    )
    for name in [m for m in list(__import__("sys").modules) if m.startswith("myapp")]:
        del __import__("sys").modules[name]
    line = failed(run_cli(tmp_path, "check"))
    assert (
        line.startswith("FAILED: New upgrade operations detected: ") and "email" in line
    )


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_upgrades_and_downgrades_out_of_the_box(
    run_cli, tmp_path, monkeypatch, template
):
    for var in ("DATABASE_URL", "DATABASE_URL_ENGINE1", "DATABASE_URL_ENGINE2"):
        monkeypatch.delenv(var, raising=False)
    assert run_cli(tmp_path, "init", "-t", template, "migrations").code == 0
    made = run_cli(tmp_path, "revision", "-m", "first", "--rev-id", "f1257000aaaa")
    assert made.code == 0, made.out
    up = run_cli(tmp_path, "upgrade", "head")
    assert up.code == 0, up.out
    assert list(
        tmp_path.glob("*.db")
    ), "the embedded SQLite database was created next to the ini"
    current = run_cli(tmp_path, "current")
    assert "f1257000aaaa (head)" in current.out, current.out
    # init writes migration_history = true: the new project records its steps
    applied = run_cli(tmp_path, "history", "--applied")
    assert applied.code == 0 and "f1257000aaaa  success" in applied.out, applied.out
    down = run_cli(tmp_path, "downgrade", "base")
    assert down.code == 0, down.out
    assert "f1257000aaaa" not in run_cli(tmp_path, "current").out
    sql = run_cli(tmp_path, "upgrade", "head", "--sql")
    assert sql.code == 0, sql.out
    if (
        template == "multidb"
    ):  # offline output goes to one <engine>.sql file per database
        assert all("f1257000aaaa" in p.read_text() for p in tmp_path.glob("*.sql"))
        assert len(list(tmp_path.glob("*.sql"))) == 2
    else:
        assert "f1257000aaaa" in sql.out, sql.out
