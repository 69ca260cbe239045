"""Shared helpers for the script-directory tests, handed out as fixtures."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent


def make_env(root: Path, template: str = "generic") -> Path:
    """A script directory ``root/env`` with the template's script.py.mako and versions/."""
    import alembic

    env = root / "env"
    (env / "versions").mkdir(parents=True, exist_ok=True)
    templates = Path(alembic.__file__).resolve().parent / "templates" / template
    (env / "script.py.mako").write_text((templates / "script.py.mako").read_text())
    (env / "env.py").write_text("ENV_RAN = True\n")
    return env


def write_rev(
    directory: Path,
    rev: str,
    down: Any = None,
    *,
    doc: str = "",
    labels: Any = None,
    depends: Any = None,
    filename: str | None = None,
    annotated: bool = True,
    body: str = "",
) -> Path:
    """Write a revision file in the shape Alembic's generic template produces."""
    ann = ": Union[str, Sequence[str], None]" if annotated else ""
    text = textwrap.dedent(f'''\
        """{doc or rev}

        Revision ID: {rev}
        Revises: {down}
        Create Date: 2024-01-01 00:00:00

        """
        from typing import Sequence, Union

        from alembic import op
        import sqlalchemy as sa

        # revision identifiers, used by Alembic.
        revision{": str" if annotated else ""} = {rev!r}
        down_revision{ann} = {down!r}
        branch_labels{ann} = {labels!r}
        depends_on{ann} = {depends!r}


        def upgrade() -> None:
            pass


        def downgrade() -> None:
            pass
        ''')
    path = Path(directory) / (filename or f"{rev}_.py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + body)
    return path


def chdir(path: Path):
    """Context manager: run a block with ``path`` as working directory."""
    import contextlib

    @contextlib.contextmanager
    def _cm():
        old = os.getcwd()
        os.chdir(path)
        try:
            yield
        finally:
            os.chdir(old)

    return _cm()


@pytest.fixture(name="make_env")
def _make_env_fixture():
    return make_env


@pytest.fixture(name="write_rev")
def _write_rev_fixture():
    return write_rev


@pytest.fixture(name="env_dir")
def _env_dir(tmp_path):
    """A fresh script directory (generic template) under tmp_path."""
    return make_env(tmp_path)


@pytest.fixture(autouse=True)
def _private_header_cache(tmp_path_factory, monkeypatch):
    """Keep the header cache of every test in its own temporary directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
