"""The per-user caches stay bounded, and can be cleared.

Real files in a private ``XDG_CACHE_HOME``; ages are set with ``os.utime``.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

from alembic.util import usercache

ROOT = pathlib.Path(__file__).resolve().parents[2]
DAY = 86400


def age(path: pathlib.Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_trim_removes_files_of_projects_not_seen_for_long(tmp_path):
    root = tmp_path / "alembic"
    root.mkdir()
    old, fresh = root / "code-old-1.bin", root / "code-fresh-2.bin"
    old.write_bytes(b"x" * 10)
    fresh.write_bytes(b"y" * 10)
    age(old, usercache.MAX_AGE_DAYS + 1)
    age(fresh, 1)
    assert usercache.trim(str(root)) == ["code-old-1.bin"]
    assert not old.exists() and fresh.exists()


def test_trim_caps_the_total_size_oldest_first(tmp_path, monkeypatch):
    root = tmp_path / "alembic"
    root.mkdir()
    for n, days in ((1, 3), (2, 2), (3, 1)):
        path = root / f"headers-p{n}.bin"
        path.write_bytes(b"z" * 100)
        age(path, days)
    monkeypatch.setattr(usercache, "MAX_TOTAL_BYTES", 150)
    assert usercache.trim(str(root)) == ["headers-p1.bin", "headers-p2.bin"]
    assert sorted(p.name for p in root.glob("*.bin")) == ["headers-p3.bin"]


def test_a_cache_in_use_is_marked_and_a_daily_trim_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    project = tmp_path / "proj"
    project.mkdir()
    mine = pathlib.Path(usercache.cache_file("code", str(project), "ALEMBIC_TEST_SWITCH", "t"))
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_bytes(b"mine")
    stale = mine.parent / "code-gone-0.t.bin"
    stale.write_bytes(b"stale")
    age(mine, usercache.MAX_AGE_DAYS + 5)  # not used for long, but used now
    age(stale, usercache.MAX_AGE_DAYS + 5)
    stamp = mine.parent / ".last-trim"
    if stamp.exists():
        age(stamp, 2)
    assert usercache.cache_file("code", str(project), "ALEMBIC_TEST_SWITCH", "t") == str(mine)
    assert mine.exists() and time.time() - mine.stat().st_mtime < DAY
    assert not stale.exists()


def test_clear_caches_and_the_cli_rebuilds(tmp_path):
    cache_home = tmp_path / "cache"
    project = tmp_path / "proj"
    (project / "m" / "versions").mkdir(parents=True)
    (project / "alembic.ini").write_text("[alembic]\nscript_location = %(here)s/m\n")
    (project / "m" / "versions" / "a1_x.py").write_text('"""x"""\nrevision = "a1"\ndown_revision = None\n')
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), XDG_CACHE_HOME=str(cache_home))

    def heads() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "alembic", "heads"], cwd=project, env=env,
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result
        return result.stdout

    assert heads() == "a1 (head)\n"
    assert list((cache_home / "alembic").glob("headers-*.bin"))
    subprocess.run(
        [sys.executable, "-c", "from alembic.util.usercache import clear_caches; clear_caches()"],
        env=env, check=True, timeout=60,
    )
    assert not (cache_home / "alembic").exists()
    assert heads() == "a1 (head)\n"
