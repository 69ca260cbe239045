"""The work any migration tool must do in a cold run, and nothing else.

A cold `upgrade` imports every revision module (Alembic does, and so do we:
a broken file must stop the run before its first step), and a cold `check`
imports SQLAlchemy, the dialect, its driver and the project's models.  This
script does exactly that shared work, so the CPU time of

    PYTHONDONTWRITEBYTECODE=1 /usr/bin/time -f "%U %S" \\
        bench/.venv-ours/bin/python bench/floor.py revisions bench/work/chain-1000/migrations/versions
    PYTHONDONTWRITEBYTECODE=1 /usr/bin/time -f "%U %S" \\
        bench/.venv-ours/bin/python bench/floor.py model bench/work/schema-300 myapp.models [URL]

is a floor: Alembic's time for the same workload divided by it is the best
ratio a tool could reach on this machine (see README.md, "Floors").
Standard library and SQLAlchemy only; delete the project's ``__pycache__``
folders first for a cold figure.
"""

from __future__ import annotations

import importlib
import os
import sys
import types


def revisions(directory: str) -> None:
    """Import SQLAlchemy, then compile and run every ``.py`` file of ``directory``."""
    import sqlalchemy  # noqa: F401 - every revision file imports it

    for name in sorted(os.listdir(directory)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as handle:
            code = compile(handle.read(), path, "exec", dont_inherit=True)
        module = types.ModuleType(name[:-3])
        module.__file__ = path
        exec(code, module.__dict__)  # noqa: S102 - the revision module itself


def model(project: str, module: str, url: str | None = None) -> None:
    """Import SQLAlchemy and the project's model module; connect to ``url``."""
    import sqlalchemy

    sys.path.insert(0, project)
    importlib.import_module(module)
    if url:
        engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    {"revisions": revisions, "model": model}[kind](*args)
