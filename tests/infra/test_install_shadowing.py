"""Installing this checkout as a user would, then running a project whose
migration folder is itself named ``alembic`` (what ``alembic init alembic``
makes), with the project root first on ``sys.path``.

With a flat layout an editable install is an import hook that runs after the
normal path search, so the user's ``alembic/`` folder (a namespace package)
shadowed the real package: ``ImportError: cannot import name '__version__'``.
The src layout makes the editable install a plain path entry.

Cost is kept low for CI: one venv per install kind, created without pip of
its own (this interpreter's pip installs into it with ``--python``),
``--no-deps`` with the dependencies made visible by a ``.pth`` line naming
this interpreter's site-packages, and pip's cache for the build backend.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import sysconfig

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _run(cmd: list[str], cwd: pathlib.Path, env: dict[str, str]) -> str:
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False,
        stdin=subprocess.DEVNULL,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}:\n{out[-3000:]}"
    return out


def _clean_env(venv: pathlib.Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _make_venv(venv: pathlib.Path) -> pathlib.Path:
    """A venv whose own site-packages comes first and which sees this
    interpreter's installed dependencies after it (but not their ``.pth``
    files, so not the developer's editable ``alembic``)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    (pathlib.Path(site) / "_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _source_copy(dest: pathlib.Path) -> pathlib.Path:
    """The files a build needs, so a regular install builds outside the checkout."""
    dest.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "src", dest / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="module", params=["editable", "regular"])
def installed(request, tmp_path_factory) -> tuple[str, pathlib.Path]:
    base = tmp_path_factory.mktemp(f"install-{request.param}")
    python = _make_venv(base / "venv")
    if request.param == "editable":
        target = ["-e", str(ROOT)]
    else:
        target = [str(_source_copy(base / "source"))]
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", *target],
        cwd=base, env=_clean_env(base / "venv"),
    )
    return request.param, base / "venv"


def _project(tmp: pathlib.Path, env: dict[str, str]) -> tuple[pathlib.Path, str]:
    project = tmp / "project"
    project.mkdir()
    _run(["alembic", "init", "alembic"], cwd=project, env=env)
    ini = project / "alembic.ini"
    lines = [
        "sqlalchemy.url = sqlite:///app.db" if line.startswith("sqlalchemy.url") else line
        for line in ini.read_text().splitlines()
    ]
    ini.write_text("\n".join(lines) + "\n")
    out = _run(["alembic", "revision", "-m", "first", "--rev-id", "aaa111"], cwd=project, env=env)
    assert "aaa111_first.py" in out
    return project, "aaa111"


def test_alembic_folder_in_project_root_does_not_shadow_the_package(installed, tmp_path):
    kind, venv = installed
    env = _clean_env(venv)
    where = _run([str(venv / "bin" / "python"), "-c", "import alembic; print(alembic.__file__)"], tmp_path, env)
    if kind == "editable":
        assert where.strip() == str(ROOT / "src" / "alembic" / "__init__.py")
    else:
        assert str(venv) in where
        # a regular install is the built wheel's files: the typing markers ship
        package = pathlib.Path(where.strip()).parent
        for name in ("py.typed", "op.pyi", "context.pyi", "operations/_directives.pyi"):
            assert (package / name).is_file(), f"{name} is not in the wheel"
    project, rev = _project(tmp_path, env)
    assert (project / "alembic" / "env.py").is_file()  # the folder that used to shadow

    heads = _run(["alembic", "heads"], cwd=project, env=dict(env, PYTHONPATH="."))
    assert heads.strip() == f"{rev} (head)"
    heads = _run([str(venv / "bin" / "python"), "-m", "alembic", "heads"], cwd=project, env=env)
    assert heads.strip() == f"{rev} (head)"
    _run(["alembic", "upgrade", "head"], cwd=project, env=dict(env, PYTHONPATH="."))
    with sqlite3.connect(project / "app.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(rev,)]
