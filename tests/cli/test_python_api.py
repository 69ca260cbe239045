"""Commands called from Python the way Flask-Migrate and pytest-alembic call them."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import sqlalchemy as sa

import alembic
from alembic import command
from alembic.config import Config

ENV_WITH_CONNECTION = """\
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
"""


def test_flask_migrate_version_parsing():
    major, minor, patch = (int(x) for x in alembic.__version__.split(".")[:3])
    assert (major, minor, patch) >= (1, 9, 0)


def test_flask_migrate_style_init_and_commands(tmp_path, monkeypatch):
    """A Config subclass with its own template directory, config file inside the scripts dir."""
    templates = tmp_path / "my_templates"
    flask = templates / "flask"
    flask.mkdir(parents=True)
    (flask / "README").write_text("Single-database configuration for Flask.\n")
    (flask / "alembic.ini.mako").write_text(
        "[alembic]\n# no script_location here\n\n[logging]\n"
    )
    (flask / "env.py").write_text(ENV_WITH_CONNECTION)
    generic = Path(alembic.__file__).parent / "templates" / "generic"
    shutil.copy(generic / "script.py.mako", flask / "script.py.mako")

    class FlaskConfig(Config):
        def get_template_directory(self):
            return str(templates)

    buf = io.StringIO()
    monkeypatch.chdir(tmp_path)
    directory = "migrations"
    config = FlaskConfig(stdout=buf)
    config.set_main_option("script_location", directory)
    config.config_file_name = os.path.join(directory, "alembic.ini")
    command.list_templates(config)
    assert "flask - Single-database configuration for Flask." in buf.getvalue()
    command.init(config, directory, template="flask", package=True)
    assert (tmp_path / "migrations" / "alembic.ini").exists()
    assert (tmp_path / "migrations" / "versions" / "__init__.py").exists()

    db_url = f"sqlite:///{tmp_path / 'flask.db'}"
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    script = command.revision(
        config, message="first", autogenerate=False, rev_id="f1a5c0de0001"
    )
    assert script.revision == "f1a5c0de0001"
    command.upgrade(config, "head", sql=False, tag=None)
    command.current(config)
    command.history(config, None, verbose=False, indicate_current=True)
    command.heads(config)
    command.show(config, "head")
    command.stamp(config, "base", purge=True)
    out = buf.getvalue()
    assert "f1a5c0de0001 (head)" in out
    assert "<base> -> f1a5c0de0001 (head) (current), first" in out


def test_pytest_alembic_style_connection_in_attributes(tmp_path, monkeypatch):
    """pytest-alembic hands its own connection to env.py through Config.attributes."""
    monkeypatch.chdir(tmp_path)
    scripts = tmp_path / "migrations"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text(ENV_WITH_CONNECTION)
    generic = Path(alembic.__file__).parent / "templates" / "generic"
    shutil.copy(generic / "script.py.mako", scripts / "script.py.mako")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alembic]\nscript_location = "%(here)s/migrations"\n'
    )
    buf = io.StringIO()
    config = Config(file_="alembic.ini", toml_file="pyproject.toml", stdout=buf)
    assert config._toml_file_path == Path("pyproject.toml")
    assert (
        config.get_alembic_option("script_location")
        == f"{tmp_path.as_posix()}/migrations"
    )
    first = command.revision(config, message="one", rev_id="aaaa00000001")
    command.revision(config, message="two", rev_id="bbbb00000002")
    assert first.revision == "aaaa00000001"

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'pa.db'}")
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        rows = connection.execute(
            sa.text("SELECT version_num FROM alembic_version")
        ).all()
        assert rows == [("bbbb00000002",)]
        command.downgrade(config, "aaaa00000001")
        rows = connection.execute(
            sa.text("SELECT version_num FROM alembic_version")
        ).all()
        assert rows == [("aaaa00000001",)]
        connection.commit()
    engine.dispose()


def test_revision_with_process_revision_directives(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    scripts = tmp_path / "migrations"
    (scripts / "versions").mkdir(parents=True)
    generic = Path(alembic.__file__).parent / "templates" / "generic"
    shutil.copy(generic / "script.py.mako", scripts / "script.py.mako")
    (scripts / "env.py").write_text(ENV_WITH_CONNECTION)
    config = Config()
    config.set_main_option("script_location", str(scripts))
    # the directives hook runs inside env.py's run, as in Alembic
    config.set_main_option("revision_environment", "true")
    config.set_main_option("sqlalchemy.url", f"sqlite:///{tmp_path / 'prd.db'}")
    seen = []

    def directives(context, revision, directives):
        seen.append(directives[0].rev_id)
        directives[0].message = "rewritten"

    script = command.revision(
        config,
        message="orig",
        rev_id="cccc00000003",
        process_revision_directives=directives,
    )
    assert seen == ["cccc00000003"]
    assert script.doc == "rewritten"


# -- issue 11 item 8: CommandLine driven from Python ---------------------------


def _hello(config, name=None):
    """Say hello.

    More text."""
    config.print_stdout(
        "hello %s %s %r", config.config_file_name, config.toml_file_name,
        config.get_alembic_option("script_location"),
    )


def _boom(config):
    """Fail."""
    from alembic.util import CommandError

    raise CommandError("boom failed")


def _vboom(config):
    """Value error."""
    raise ValueError("bad value")


def _command_line():
    from alembic.config import CommandLine

    cl = CommandLine(prog="alembic")
    for fn in (_hello, _boom, _vboom):
        cl.register_command(fn)
    return cl


def _outcome(argv, capsys):
    try:
        _command_line().main(argv=argv)
        outcome = "returned"
    except SystemExit as exit_:
        outcome = f"SystemExit {exit_.code!r}"
    except Exception as err:  # noqa: BLE001 - the outcome is what is compared
        outcome = f"raised {type(err).__name__}: {err}"
    return outcome, capsys.readouterr().out


def test_registered_commands_run_without_a_config_file(tmp_path, monkeypatch, capsys):
    """Expected values observed from Alembic 1.20.1 (the same commands
    registered with ``CommandLine.register_command``, run in an empty
    directory): a command that needs no config file runs; a CommandError
    gives ``FAILED:`` and ``SystemExit(-1)``, or is raised with --raiseerr;
    no subcommand exits 2."""
    monkeypatch.chdir(tmp_path)
    assert _outcome(["_hello"], capsys) == (
        "returned",
        "hello alembic.ini pyproject.toml None\n",
    )
    assert _outcome(["-c", "nope.ini", "_hello"], capsys) == (
        "returned",
        "hello nope.ini pyproject.toml None\n",
    )
    assert _outcome(["_boom"], capsys) == ("SystemExit -1", "FAILED: boom failed\n")
    assert _outcome(["--raiseerr", "_boom"], capsys)[0] == (
        "raised CommandError: boom failed"
    )
    # Alembic 1.20.1 lets the ValueError propagate; ours (issue 12's one-line
    # errors) prints one line and exits with Python's traceback status, 1
    assert _outcome(["_vboom"], capsys)[0] == "SystemExit 1"
    assert _outcome([], capsys)[0] == "SystemExit 2"


def test_builtin_command_without_config_exits_minus_one(tmp_path, monkeypatch, capsys):
    """Alembic 1.20.1: ``CommandLine().main(["heads"])`` in an empty
    directory prints ``FAILED: No 'script_location' key found in
    configuration.`` and raises ``SystemExit(-1)``; ours adds which file is
    missing and what to do after that sentence."""
    monkeypatch.chdir(tmp_path)
    outcome, out = _outcome(["heads"], capsys)
    assert outcome == "SystemExit -1"
    assert out.startswith("FAILED: No 'script_location' key found in configuration.")
