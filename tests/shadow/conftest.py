"""A temporary project made by ``alembic init`` (generic template), whose
env.py reads its models from ``models.py`` beside ``alembic.ini`` on every
run, and helpers to run the real command line in-process or as a process.
"""

from __future__ import annotations

import io
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from alembic import command
from alembic.config import Config, main
from alembic.runtime.shadow_servers import SHADOW_PREFIX

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _default_sigint() -> None:
    """In the child, before it runs: SIGINT back to its default action."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)

MODELS_V1 = """
import sqlalchemy as sa
target_metadata = sa.MetaData()
sa.Table("account", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("email", sa.String(100), index=True),
)
"""

MODELS_V2 = MODELS_V1 + """
sa.Table("orders", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_id", sa.ForeignKey("account.id"), nullable=False),
    sa.Column("total", sa.Numeric(10, 2)),
)
"""

#: env.py line that loads the models fresh on every run (in-process runs
#: would otherwise keep the first import of a models module).
LOAD_MODELS = (
    "import runpy, pathlib\n"
    "target_metadata = runpy.run_path(str(pathlib.Path(config.config_file_name)"
    ".parent / 'models.py'))['target_metadata']\n"
)


@dataclass
class Result:
    status: int
    out: str


class Project:
    """An ``alembic init`` project in ``root`` whose live database is ``url``."""

    MODELS_V1 = MODELS_V1
    MODELS_V2 = MODELS_V2

    def __init__(
        self, root: pathlib.Path, url: str, template: str = "generic", models: str = MODELS_V1
    ) -> None:
        self.root = root
        self.url = url
        self.ini = root / "alembic.ini"
        #: the ``-c`` options of every command (add pyproject.toml when used)
        self.config_argv = ["-c", str(self.ini)]
        cfg = Config(str(self.ini))
        cfg.stdout = io.StringIO()
        command.init(cfg, str(root / "migrations"), template=template)
        self.env_py = root / "migrations" / "env.py"
        self.versions = root / "migrations" / "versions"
        if template != "multidb":  # (its engines' URLs are in their own sections)
            self.set_option("sqlalchemy.url", url.replace("%", "%%"))
        self.edit_env("target_metadata = None\n", LOAD_MODELS)
        self.models(models)

    def set_option(self, name: str, value: str, section: str = "alembic") -> None:
        """Set ``name = value`` in ``[section]`` (replacing the line if present)."""
        lines = self.ini.read_text().splitlines()
        start = lines.index(f"[{section}]")
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("[")),
            len(lines),
        )
        for i in range(start + 1, end):
            if lines[i].split("=")[0].strip() == name:
                lines[i] = f"{name} = {value}"
                break
        else:
            lines.insert(start + 1, f"{name} = {value}")
        self.ini.write_text("\n".join(lines) + "\n")

    def edit_env(self, old: str, new: str) -> None:
        text = self.env_py.read_text()
        assert old in text, old
        self.env_py.write_text(text.replace(old, new, 1))

    def models(self, source: str) -> None:
        (self.root / "models.py").write_text(textwrap.dedent(source))

    def write_revision(self, rev: str, down: str | None, body: str, **extra: str) -> pathlib.Path:
        """A hand-written revision file; ``body`` is upgrade()'s code."""
        header = "".join(f"{k} = {v}\n" for k, v in extra.items())
        path = self.versions / f"{rev}_hand.py"
        path.write_text(
            f'"""hand {rev}\n\nRevision ID: {rev}\n"""\n'
            "from alembic import op, context\nimport sqlalchemy as sa\n\n"
            f"revision = {rev!r}\ndown_revision = {down!r}\nbranch_labels = None\n"
            f"depends_on = None\n{header}\n\ndef upgrade():\n"
            + textwrap.indent(textwrap.dedent(body).strip() or "pass", "    ")
            + "\n\n\ndef downgrade():\n    pass\n"
        )
        return path

    def alembic(self, *argv: str) -> Result:
        """Run the command line in this process; exit status and stdout."""
        out = io.StringIO()
        try:
            main(argv=[*self.config_argv, *argv], stdout=out)
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        # SystemExit(-1), as Alembic's CommandLine raises, is the process's 255
        return Result(status % 256, out.getvalue())

    def process(self, *argv: str, **kw: object) -> subprocess.Popen:
        """Start the command line as a separate process.

        Ctrl-C reaches it as it reaches a command typed in a terminal, however
        the test run itself was started: a shell's background job (``pytest
        &``, some CI runners) ignores SIGINT, and an ignored signal stays
        ignored in every process started from it.
        """
        env = dict(os.environ)
        env.update(kw.pop("env", {}))  # type: ignore[arg-type]
        return subprocess.Popen(
            [sys.executable, "-m", "alembic", *self.config_argv, *argv],
            cwd=self.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=_default_sigint,
            **kw,  # type: ignore[arg-type]
        )

    def live_tables(self) -> set[str]:
        engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool)
        try:
            return set(sa.inspect(engine).get_table_names())
        finally:
            engine.dispose()

    def execute(self, *statements: str) -> None:
        engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool)
        try:
            with engine.begin() as conn:
                for statement in statements:
                    conn.exec_driver_sql(statement)
        finally:
            engine.dispose()


def leftover_shadows(url: str, tmpdir: pathlib.Path) -> list[str]:
    """Shadow databases (or SQLite shadow directories) still present."""
    parsed = sa.engine.make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return sorted(p.name for p in tmpdir.iterdir() if p.name.startswith(SHADOW_PREFIX))
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    query = (
        "SELECT datname FROM pg_database WHERE datname LIKE 'alembic\\_shadow\\_%%'"
        if backend == "postgresql"
        else "SELECT schema_name FROM information_schema.schemata "
        "WHERE schema_name LIKE 'alembic\\_shadow\\_%%'"
    )
    try:
        with engine.connect() as conn:
            return sorted(conn.exec_driver_sql(query).scalars())
    finally:
        engine.dispose()


@pytest.fixture
def shadow_tmp(tmp_path, monkeypatch) -> pathlib.Path:
    """A private temporary directory for SQLite shadows (in-process and child processes)."""
    import tempfile

    directory = tmp_path / "tmp"
    directory.mkdir()
    monkeypatch.setenv("TMPDIR", str(directory))
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


@pytest.fixture
def shadows_left(shadow_tmp):
    """``shadows_left(url)``: the shadow databases still present for ``url``'s server."""
    return lambda url: leftover_shadows(url, shadow_tmp)


@pytest.fixture
def make_project(tmp_path, shadow_tmp):
    """``make_project(url, template=..., models=...)``: a new project in its own directory."""
    count = iter(range(1000))

    def make(url: str, **kw: str) -> Project:
        root = tmp_path / f"proj{next(count)}"
        root.mkdir()
        return Project(root, url, **kw)

    return make


@pytest.fixture
def project(tmp_path, any_db_url, shadow_tmp) -> Project:
    """A project on each backend; its live database starts empty."""
    root = tmp_path / "proj"
    root.mkdir()
    proj = Project(root, any_db_url)
    yield proj
    if not any_db_url.startswith("sqlite"):
        engine = sa.create_engine(any_db_url, poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            meta = sa.MetaData()
            meta.reflect(conn)
            meta.drop_all(conn)
        engine.dispose()
