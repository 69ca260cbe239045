"""The console command tunes the garbage collector for its own process only."""
from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from alembic.config import main
from alembic.util.process import FIRST_GENERATION_THRESHOLD, command_process


@pytest.fixture
def restore_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_command_process_raises_threshold_then_freezes(restore_gc):
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    with command_process():
        assert gc.get_threshold() == (FIRST_GENERATION_THRESHOLD, 10, 10)
        assert gc.get_freeze_count() == 0
    assert gc.get_freeze_count() > 0


def test_command_process_freezes_even_when_the_command_fails(restore_gc):
    gc.unfreeze()
    with pytest.raises(SystemExit):
        with command_process():
            raise SystemExit(255)
    assert gc.get_freeze_count() > 0


def test_command_process_leaves_a_disabled_threshold_alone(restore_gc):
    gc.set_threshold(0, 10, 10)
    with command_process():
        assert gc.get_threshold() == (0, 10, 10)


def test_main_with_argv_leaves_the_host_process_alone(restore_gc, capsys):
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    main(argv=["list_templates"])
    assert "generic" in capsys.readouterr().out
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_console_command_exits_cleanly_with_the_tuning(tmp_path):
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('atexit ran'))\n"
        "sys.argv = ['alembic', 'list_templates']\n"
        "from alembic.config import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "generic" in proc.stdout
    assert proc.stdout.rstrip().endswith("atexit ran")
