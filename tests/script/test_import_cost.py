"""The script layer stays cheap: no SQLAlchemy or Mako until something needs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import alembic.script, alembic.script.base, alembic.script.headers
import alembic.script.write_hooks, alembic.script._generate, alembic.script._script
after_import = sorted(m for m in ("sqlalchemy", "mako") if m in sys.modules)
from alembic.script import ScriptDirectory
sd = ScriptDirectory(sys.argv[1])
heads = sd.get_heads()
lines = [s.cmd_format(False, include_doc=True, include_parents=True) for s in sd.walk_revisions()]
after_heads = sorted(m for m in ("sqlalchemy", "mako") if m in sys.modules)
sd.get_revision(heads[0]).module  # now the revision file really runs
print(json.dumps([after_import, after_heads, heads, lines, "sqlalchemy" in sys.modules]))
"""


def test_heads_and_history_import_neither_sqlalchemy_nor_mako(
    env_dir, write_rev
) -> None:
    write_rev(env_dir / "versions", "aaaa1", None, doc="first")
    write_rev(env_dir / "versions", "bbbb2", "aaaa1", doc="second")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(env_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(ROOT),
        check=True,
    ).stdout
    after_import, after_heads, heads, lines, loaded_later = json.loads(out)
    assert after_import == []
    assert after_heads == []  # the revision files import sqlalchemy, but were not run
    assert heads == ["bbbb2"]
    assert lines == ["aaaa1 -> bbbb2 (head), second", "<base> -> aaaa1, first"]
    assert loaded_later is True
