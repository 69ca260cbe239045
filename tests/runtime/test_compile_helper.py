"""The compile helper of cold runs (``alembic.util.compile_helper``).

In a fresh container (``PYTHONDONTWRITEBYTECODE=1``, no ``__pycache__``, no
code cache) a run of a long history forks one helper that compiles revision
files from the last one backwards while the run imports them from the first.
What it hands back must be exactly what compiling here would give, a file
changed since the helper read it must be compiled again, errors must read as
without the helper, and no helper process may outlive the run.

Each CLI test runs the same project with the helper allowed and with
``ALEMBIC_PARALLEL_COMPILE=0`` and compares: the helper is an optimisation,
never a change in behaviour.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

from alembic.util import compile_helper

ROOT = pathlib.Path(__file__).resolve().parents[2]
N = compile_helper.MIN_FILES + 40

BODY = '''"""rev {i}"""
from alembic import op
import sqlalchemy as sa
revision = "r{i:04d}"
down_revision = {down!r}
branch_labels = None
depends_on = None
LOADED = [{i}]


def upgrade():
    if {i} % 40 == 0:
        op.create_table("t_{i:04d}", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    if {i} % 40 == 0:
        op.drop_table("t_{i:04d}")
'''


def _write_chain(versions: pathlib.Path, broken: int | None = None) -> None:
    down = None
    for i in range(N):
        text = BODY.format(i=i, down=down)
        if i == broken:
            text += "x = (\n"
        (versions / f"r{i:04d}_step.py").write_text(text)
        down = f"r{i:04d}"


def _cold_cli(project, *args: str, parallel: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_CACHE_HOME": str(project.root / f"xdg-{len(os.listdir(project.root))}"),
        "ALEMBIC_PARALLEL_COMPILE": "1" if parallel else "0",
    }
    for pycache in project.versions.rglob("__pycache__"):
        raise AssertionError(f"unexpected bytecode folder {pycache}")
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_helper_hands_back_the_code_compiling_here_gives(tmp_path):
    """Driven directly in a fresh single-threaded interpreter: once the
    helper has sent its first two results, every file is taken in order; what came from the helper runs like a local compile, a file
    changed after the helper read it is refused, and the helper is gone
    after ``close``."""
    versions = tmp_path / "versions"
    versions.mkdir()
    _write_chain(versions)
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT / "src")!r})
        from alembic.util import compile_helper
        d = {str(versions)!r}
        paths = [os.path.join(d, n) for n in sorted(os.listdir(d))]
        helper = compile_helper.start(paths)
        assert helper is not None, "helper not started"
        # wait (up to 60 s, for a loaded machine) until the helper has sent
        # its first two results: the last two files, which it compiles first
        for _ in range(600):
            helper._drain()
            if len(helper._received) >= 2:
                break
            time.sleep(0.1)
        assert len(helper._received) >= 2, "the helper sent too little"
        # rewritten after the helper (which starts at the end) has read it
        last = paths[-1]
        st0 = os.stat(last)
        with open(last, "a") as f:
            f.write("EXTRA = 1\\n")
        hits = 0
        for p in paths:
            st = os.stat(p)
            code = helper.take_code(p, st)
            if code is None:
                continue
            hits += 1
            assert p != last, "stale code of a changed file was handed back"
            mine = compile(open(p, "rb").read(), p, "exec", dont_inherit=True)
            a, b = {{}}, {{}}
            exec(code, a)
            exec(mine, b)
            assert a["LOADED"] == b["LOADED"] and a["revision"] == b["revision"]
            assert code.co_filename == p
        pid = helper._pid
        helper.close()
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            gone = True
        else:
            gone = False
        print(hits, gone)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    hits, gone = proc.stdout.split()
    assert int(hits) > 0  # the helper did part of the work
    assert gone == "True"


def test_too_few_files_or_turned_off_starts_no_helper(tmp_path, monkeypatch):
    paths = [str(tmp_path / f"f{i}.py") for i in range(compile_helper.MIN_FILES - 1)]
    assert compile_helper.start(paths) is None
    monkeypatch.setenv("ALEMBIC_PARALLEL_COMPILE", "0")
    assert compile_helper.start(paths * 2) is None


@pytest.mark.parametrize("sql", [False, True], ids=["online", "offline"])
def test_cold_upgrade_is_the_same_with_and_without_helper(make_project, sqlite_url, sql):
    results = []
    for parallel in (True, False):
        project = make_project(sqlite_url)
        project.reset()
        _write_chain(project.versions)
        args = ("upgrade", "head", "--sql") if sql else ("upgrade", "head")
        proc = _cold_cli(project, *args, parallel=parallel)
        assert proc.returncode == 0, proc.stderr
        state = None if sql else (sorted(project.tables()), project.rows())
        results.append((proc.stdout, state))
    assert results[0] == results[1]
    if not sql:
        tables, rows = results[0][1]
        assert rows == [f"r{N - 1:04d}"]
        assert [t for t in tables if t.startswith("t_")] == [
            f"t_{i:04d}" for i in range(0, N, 40)
        ]


def test_a_broken_file_reads_the_same_with_and_without_helper(make_project, sqlite_url):
    """The helper sends nothing usable for a file that does not compile; the
    run compiles it itself and stops with the same one-line error before
    anything is applied."""
    outputs = []
    for parallel in (True, False):
        project = make_project(sqlite_url)
        project.reset()
        _write_chain(project.versions, broken=N - 3)
        proc = _cold_cli(project, "upgrade", "head", parallel=parallel)
        assert proc.returncode != 0
        assert f"r{N - 3:04d}_step.py" in proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr
        assert project.rows() == []
        root = str(project.root)
        outputs.append((proc.returncode, proc.stdout.replace(root, "ROOT"), proc.stderr.replace(root, "ROOT")))
    assert outputs[0] == outputs[1]


# -- the same helper reading headers: a cold ``heads``/``history`` -------------


def _write_header_chain(versions: pathlib.Path, broken: int | None = None) -> None:
    """The chain of :func:`_write_chain`, with file 7's ``down_revision``
    computed (its headers need an import) and, optionally, a file whose
    ``down_revision`` line does not parse (headers are read without
    importing, so only a broken header line fails ``heads``)."""
    _write_chain(versions)
    _edit_line(versions, 7, 'down_revision = "r" + "0006"')
    if broken is not None:
        _edit_line(versions, broken, "down_revision = (")


def _edit_line(versions: pathlib.Path, i: int, line: str) -> None:
    path = versions / f"r{i:04d}_step.py"
    text = path.read_text()
    old = f"down_revision = 'r{i - 1:04d}'"
    assert old in text
    path.write_text(text.replace(old, line))


@pytest.mark.parametrize(
    "args", [("heads",), ("history",), ("history", "--verbose"), ("branches",)]
)
def test_cold_header_reading_is_the_same_with_and_without_helper(
    make_project, sqlite_url, args
):
    outputs = []
    for parallel in (True, False):
        project = make_project(sqlite_url)
        project.reset()
        _write_header_chain(project.versions)
        proc = _cold_cli(project, *args, parallel=parallel)
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout.replace(str(project.root), "ROOT"))
    assert outputs[0] == outputs[1]
    if args == ("heads",):
        assert outputs[0].split() == [f"r{N - 1:04d}", "(head)"]
    if args == ("history",):
        assert outputs[0].count(" -> ") == N


def test_cold_heads_with_a_broken_file_fails_the_same_with_and_without_helper(
    make_project, sqlite_url
):
    outputs = []
    for parallel in (True, False):
        project = make_project(sqlite_url)
        project.reset()
        _write_header_chain(project.versions, broken=N - 5)
        proc = _cold_cli(project, "heads", parallel=parallel)
        assert proc.returncode != 0
        assert f"r{N - 5:04d}_step.py" in proc.stdout
        assert "Traceback" not in proc.stderr
        root = str(project.root)
        outputs.append((proc.returncode, proc.stdout.replace(root, "ROOT")))
    assert outputs[0] == outputs[1]


def test_headers_from_the_helper_are_cached_as_read(tmp_path):
    """Driven directly in a fresh interpreter: headers the helper sent are
    used, remembered with the stat the helper read them at (so the next run
    serves every file from the cache), and a file changed after the helper
    read it is read again by the next run, not served stale."""
    versions = tmp_path / "versions"
    versions.mkdir()
    _write_chain(versions)
    old = os.path.join(versions, "r0000_step.py")
    os.utime(old, ns=(1, 1))  # old enough to be remembered
    for name in os.listdir(versions):
        os.utime(versions / name, ns=(10**18, 10**18))
    script = textwrap.dedent(
        f"""
        import os, sys, time
        os.environ["XDG_CACHE_HOME"] = {str(tmp_path / "xdg")!r}
        sys.path.insert(0, {str(ROOT / "src")!r})
        from alembic.script.headers import HeaderCache
        d = {str(versions)!r}
        paths = [os.path.join(d, n) for n in sorted(os.listdir(d))]
        cache = HeaderCache(d)
        cache.read_ahead(paths)
        assert cache._helper is not None, "no helper"
        for _ in range(600):
            cache._helper._drain()
            if len(cache._helper._received) >= 3:
                break
            time.sleep(0.1)
        last = paths[-1]
        text = open(last).read().replace('revision = "r{N - 1:04d}"', 'revision = "CHANGED"')
        with open(last, "w") as f:
            f.write(text)
        os.utime(last, ns=(10**18 + 5, 10**18 + 5))
        from_helper = []
        original = cache._from_helper
        def spy(path):
            got = original(path)
            from_helper.append(got is not None)
            return got
        cache._from_helper = spy
        first = [cache.read(p).values["revision"] for p in paths]
        cache.close()
        cache.save()
        again = HeaderCache(d)
        second = [again.read(p).values["revision"] for p in paths]
        print(sum(from_helper), first[-1], second[-1], len(again._old))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    helped, first_last, second_last, cached = proc.stdout.split()
    assert int(helped) >= 3  # the helper did part of the work
    assert first_last == f"r{N - 1:04d}"  # as the helper read it, during the run
    assert second_last == "CHANGED"  # the next run sees the change
    assert int(cached) == N


def test_a_cgroup_cpu_quota_below_two_cores_starts_no_helper(tmp_path, monkeypatch):
    """``docker run --cpus 1.5`` or a Kubernetes CPU limit: the affinity
    still shows every core of the host, the quota file does not."""
    quota = tmp_path / "cpu.max"
    monkeypatch.setattr(compile_helper, "_QUOTA_FILES", ((str(quota), None),))
    monkeypatch.setattr(compile_helper.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    quota.write_text("max 100000\n")
    assert compile_helper._usable_cores() == 4
    quota.write_text("150000 100000\n")
    assert compile_helper._usable_cores() == 1.5
    assert not compile_helper.allowed()
    quota.write_text("200000 100000\n")
    assert compile_helper._usable_cores() == 2
    v1_quota, v1_period = tmp_path / "cfs_quota_us", tmp_path / "cfs_period_us"
    v1_quota.write_text("-1\n")
    v1_period.write_text("100000\n")
    monkeypatch.setattr(
        compile_helper,
        "_QUOTA_FILES",
        ((str(tmp_path / "missing"), None), (str(v1_quota), str(v1_period))),
    )
    assert compile_helper._usable_cores() == 4
    v1_quota.write_text("100000\n")
    assert compile_helper._usable_cores() == 1
