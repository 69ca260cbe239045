"""A throwaway migration environment for tests ("staging"): a directory
``scratch/`` (per test process) holding an ``alembic init``-made script
directory, an ini file and, for SQLite, the database file.

Typical use::

    def setup_test(self):
        self.env = staging_env()
        self.cfg = _sqlite_testing_config()
        self.a, self.b, self.c = three_rev_fixture(self.cfg)

    def teardown_test(self):
        clear_staging_env()
"""

from __future__ import annotations

import os
import shutil
import textwrap
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.testing import provision

from alembic import command, util
from alembic.config import Config
from alembic.script import Script, ScriptDirectory

__all__ = [
    "_get_staging_directory",
    "_no_sql_testing_config",
    "_sqlite_file_db",
    "_sqlite_testing_config",
    "_testing_config",
    "_write_config_file",
    "clear_staging_env",
    "env_file_fixture",
    "script_file_fixture",
    "staging_env",
    "three_rev_fixture",
    "write_script",
]

_LOGGING = """
[loggers]
keys = root

[handlers]
keys = console

[logger_root]
level = WARNING
handlers = console
qualname =

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatters]
keys = generic

[formatter_generic]
format = %%(levelname)-5.5s [%%(name)s] %%(message)s
datefmt = %%H:%%M:%%S
"""


def _get_staging_directory() -> str:
    """``scratch`` in the working directory, one per xdist worker."""
    ident = provision.FOLLOWER_IDENT
    return f"scratch_{ident}" if ident else "scratch"


def staging_env(
    create: bool = True, template: str = "generic", sourceless: bool = False
) -> ScriptDirectory:
    """A fresh script directory made by ``alembic init`` from ``template``
    under the staging directory (``create=False`` reuses an existing one)."""
    cfg = _testing_config()
    path = os.path.join(_get_staging_directory(), "scripts")
    if create:
        clear_staging_env()
        os.makedirs(_get_staging_directory())
        command.init(cfg, path, template=template)
        if sourceless:
            _compile_env_py(path, sourceless)
    return ScriptDirectory.from_config(cfg)


def _compile_env_py(path: str, sourceless: str | bool) -> None:
    """Leave only ``env.pyc`` (beside it, or in ``__pycache__``) behind."""
    import py_compile

    source = os.path.join(path, "env.py")
    target = source + "c" if sourceless == "simple" else None
    py_compile.compile(source, cfile=target)
    os.unlink(source)


def clear_staging_env() -> None:
    """Remove the staging directory and everything in it."""
    shutil.rmtree(_get_staging_directory(), ignore_errors=True)


def _write_config_file(text: str) -> Config:
    """Write ``text`` as the staging ini file; return a Config over it."""
    cfg = _testing_config()
    with open(cfg.config_file_name, "w") as f:  # type: ignore[arg-type]
        f.write(text)
    return cfg


def _testing_config() -> Config:
    """A Config over the staging ini file (which may not exist yet)."""
    staging = _get_staging_directory()
    os.makedirs(staging, exist_ok=True)
    return Config(os.path.join(staging, "test_alembic.ini"))


def _sqlite_file_db(
    tempname: str = "foo.db", future: bool = False, scope: Any = None, **options: Any
) -> Engine:
    """An engine on an SQLite file in the staging directory."""
    path = os.path.join(_get_staging_directory(), tempname)
    return create_engine(f"sqlite:///{path}", **options)


def _sqlite_testing_config(sourceless: bool = False, future: bool = False) -> Config:
    """The staging ini for the script directory and an SQLite file database."""
    staging = _get_staging_directory()
    url = f"sqlite:///{os.path.join(staging, 'foo.db')}"
    return _write_config_file(
        f"""
[alembic]
script_location = {os.path.join(staging, "scripts")}
sqlalchemy.url = {url}
sourceless = {"true" if sourceless else "false"}
{_LOGGING}"""
    )


def _no_sql_testing_config(dialect: str = "postgresql", directives: str = "") -> Config:
    """The staging ini naming only a dialect, for ``--sql`` runs."""
    staging = _get_staging_directory()
    return _write_config_file(
        f"""
[alembic]
script_location = {os.path.join(staging, "scripts")}
sqlalchemy.url = {dialect}://
{directives}
{_LOGGING}"""
    )


def env_file_fixture(txt: str) -> None:
    """Replace the staging ``env.py`` with ``txt`` (dedented)."""
    _write_in_scripts(
        "env.py",
        "import alembic\nfrom alembic import context\n\n" + textwrap.dedent(txt),
    )


def script_file_fixture(txt: str) -> None:
    """Replace the staging ``script.py.mako`` with ``txt`` (dedented)."""
    _write_in_scripts("script.py.mako", textwrap.dedent(txt))


def _write_in_scripts(name: str, text: str) -> None:
    path = os.path.join(_get_staging_directory(), "scripts", name)
    with open(path, "w") as f:
        f.write(text)
    for stale in (path + "c", path.replace(".py", ".pyc")):
        if os.path.exists(stale):
            os.unlink(stale)


def write_script(
    scriptdir: ScriptDirectory,
    rev_id: str,
    content: str,
    encoding: str = "ascii",
    sourceless: bool = False,
) -> None:
    """Write a revision file for ``rev_id`` with ``content`` (dedented) and
    put it into ``scriptdir``'s revision map, replacing any older one."""
    try:
        old = scriptdir.get_revision(rev_id)
    except util.CommandError:  # a new revision
        old = None
    path = (
        old.path
        if old is not None
        else os.path.join(scriptdir.versions, f"{rev_id}_.py")
    )
    with open(path, "w", encoding=encoding) as f:
        f.write(textwrap.dedent(content))
    script = Script._from_path(scriptdir, path)
    assert script is not None, f"{path} is not a revision file"
    scriptdir.revision_map.add_revision(script, _replace=old is not None)


def three_rev_fixture(cfg: Config) -> tuple[str, str, str]:
    """Three revisions in a line, each creating a statement in its
    upgrade and downgrade (``op.execute``), returned as their ids."""
    a, b, c = util.rev_id(), util.rev_id(), util.rev_id()
    script = ScriptDirectory.from_config(cfg)
    for rev, down in ((a, None), (b, a), (c, b)):
        script.generate_revision(rev, f"revision {rev}", head=down or "base")
        write_script(
            script,
            rev,
            f'''\
            """revision {rev}"""

            revision = {rev!r}
            down_revision = {down!r}

            from alembic import op


            def upgrade():
                op.execute("CREATE STEP {rev}")


            def downgrade():
                op.execute("DROP STEP {rev}")
            ''',
        )
    return a, b, c
