#!/usr/bin/env python3
"""Time the shadow replay of 100 typical revisions into SQLite (issue 15).

Generates (once) ``bench/work/shadow-100``: 75 revisions that create a table
with four columns, an index and a foreign key to the previous table, and 25
that add a column, then replays the whole history into a throwaway SQLite
shadow ``--repeat`` times, printing wall and CPU time of each replay.
SQLAlchemy is imported before timing (every command pays it anyway).

Run with this repository's own environment::

    .venv/bin/python bench/shadow_replay.py --repeat 5
"""

from __future__ import annotations

import argparse
import pathlib
import time

WORK = pathlib.Path(__file__).resolve().parent / "work"

ENV_PY = """\
import runpy, pathlib
from sqlalchemy import engine_from_config, pool
from alembic import context
config = context.config
target_metadata = runpy.run_path(
    str(pathlib.Path(config.config_file_name).parent / "models.py"))["target_metadata"]
engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                            prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
"""


def _revision(index: int, down: str | None, body: str) -> str:
    return (
        f'"""rev {index}"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
        f"revision = 'r{index:04d}'\ndown_revision = {down!r}\n"
        "branch_labels = None\ndepends_on = None\n\n\n"
        f"def upgrade():\n    {body}\n\n\ndef downgrade():\n    pass\n"
    )


def _create(name: str, parent: str | None) -> str:
    fk = f', sa.Column("parent_id", sa.Integer, sa.ForeignKey("{parent}.id"))' if parent else ""
    return (
        f'op.create_table("{name}", sa.Column("id", sa.Integer, primary_key=True), '
        'sa.Column("name", sa.String(50), nullable=False), sa.Column("created", sa.DateTime()), '
        f'sa.Column("amount", sa.Numeric(10, 2)){fk})\n    '
        f'op.create_index("ix_{name}_name", "{name}", ["name"])'
    )


def make_project(count: int = 100) -> pathlib.Path:
    root = WORK / f"shadow-{count}"
    if (root / ".generated").exists():
        return root
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    (root / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/migrations\n"
        "sqlalchemy.url = sqlite:///%(here)s/live.db\n"
    )
    (root / "migrations" / "env.py").write_text(ENV_PY)
    tables: list[str] = []
    for index in range(count):
        down = f"r{index - 1:04d}" if index else None
        if index % 4 == 3:
            body = f'op.add_column("{tables[-1]}", sa.Column("extra{index}", sa.String(20)))'
        else:
            body = _create(f"t{index}", tables[-1] if tables else None)
            tables.append(f"t{index}")
        (versions / f"r{index:04d}.py").write_text(_revision(index, down, body))
    (root / "models.py").write_text("import sqlalchemy as sa\ntarget_metadata = sa.MetaData()\n")
    (root / ".generated").write_text("1")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import sqlalchemy  # noqa: F401 - imported before timing

    from alembic.config import Config
    from alembic.runtime import shadow
    from alembic.script import ScriptDirectory

    config = Config(str(make_project() / "alembic.ini"))
    script = ScriptDirectory.from_config(config)
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        with shadow.shadow_environment(config) as (shadow_config, run):
            shadow.replay(shadow_config, run, script, "heads")
        print(
            f"replay of 100 revisions: wall {time.perf_counter() - wall:.3f} s, "
            f"CPU {time.process_time() - cpu:.3f} s"
        )


if __name__ == "__main__":
    main()
