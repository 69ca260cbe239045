"""The graph and the planners load without SQLAlchemy or Mako (the
``alembic heads`` fast path depends on it)."""

from __future__ import annotations

import subprocess
import sys


def test_graph_modules_import_no_sqlalchemy_or_mako():
    code = (
        "import sys, alembic.script.revision, alembic.script.steps;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'mako')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"
