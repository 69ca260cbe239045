"""The benchmark harness's own pieces (no timing here, and no reference install)."""
from __future__ import annotations

import ast
import pathlib
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
import workloads  # noqa: E402


def _header(path: pathlib.Path) -> tuple[str, str | None]:
    values = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            values[node.target.id] = ast.literal_eval(node.value)
    return values["revision"], values["down_revision"]


def test_chain_project_is_one_linear_chain(tmp_path, monkeypatch):
    monkeypatch.setattr(workloads, "WORK", tmp_path)
    root = workloads.chain_project(25)
    files = list((root / "migrations" / "versions").glob("*.py"))
    parent = dict(_header(f) for f in files)
    assert len(parent) == 25
    bases = [rev for rev, down in parent.items() if down is None]
    children = {down: rev for rev, down in parent.items() if down is not None}
    assert len(bases) == 1 and len(children) == 24
    walk, seen = bases[0], 1
    while walk in children:
        walk, seen = children[walk], seen + 1
    assert seen == 25
    assert "script_location = %(here)s/migrations" in (root / "alembic.ini").read_text()


def test_default_workloads_are_defined_and_unique():
    names = [w.name for w in workloads.ALL]
    assert len(names) == len(set(names))
    assert set(workloads.DEFAULT) <= set(names)
    assert {"heads-10", "heads-1000", "history-1000", "heads-5000", "history-5000"} <= set(workloads.DEFAULT)


def test_select_rejects_unknown_names():
    with pytest.raises(SystemExit, match="nope"):
        run.select("heads-10,nope")


def test_table_reports_warm_and_cold_medians_speed_up_and_rss():
    ref, ours = run.Impl("Alembic 1.20.1", pathlib.Path("/r")), run.Impl("ours", pathlib.Path("/o"))
    load = workloads.ALL[0]
    samples = {
        ("warm", ref.label): [run.Sample(1.0, 0.9, 2048), run.Sample(3.0, 2.9, 4096), run.Sample(2.0, 1.9, 3072)],
        ("warm", ours.label): [run.Sample(0.2, 0.1, 1024), run.Sample(0.1, 0.1, 1024), run.Sample(0.9, 0.1, 1024)],
        ("cold", ref.label): [run.Sample(4.0, 3.0, 5120)],
        ("cold", ours.label): [run.Sample(1.0, 1.5, 2048)],
    }
    text = run.table([run.Result(load, samples, True)], ref, ours)
    row = text.splitlines()[-1]
    assert (
        "| 2.000 s / 1.900 s | 0.200 s / 0.100 s | 10.0x / **19.0x** "
        "| 4.000 s / 3.000 s | 1.000 s / 1.500 s | 4.0x / **2.0x** | 5 / 2 MiB | yes |"
    ) in row


def test_cold_start_removes_bytecode_and_gives_an_empty_cache(tmp_path):
    pycache = tmp_path / "migrations" / "versions" / "__pycache__"
    pycache.mkdir(parents=True)
    (pycache / "a.cpython-311.pyc").write_bytes(b"x")
    cache = workloads.start_cold(tmp_path)
    try:
        assert not pycache.exists()
        assert list(cache.iterdir()) == []
        env = workloads.mode_environment("cold", cache)
        assert env == {"XDG_CACHE_HOME": str(cache), "PYTHONDONTWRITEBYTECODE": "1"}
        assert "PYTHONDONTWRITEBYTECODE" not in workloads.mode_environment("warm", cache)
    finally:
        cache.rmdir()


def test_stamp_below_head_leaves_one_revision_to_apply(tmp_path):
    import sqlite3

    workloads.stamp_below_head(7)(tmp_path, pathlib.Path("python"), {})
    with sqlite3.connect(tmp_path / "bench.db") as conn:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    conn.close()
    assert rows == [(workloads.rev_id(7, 6),)]


def test_write_readme_replaces_only_the_results_block(tmp_path, monkeypatch):
    (tmp_path / "README.md").write_text(f"intro\n{run.MARK_START}\nold\n{run.MARK_END}\noutro\n")
    monkeypatch.setattr(run, "BENCH", tmp_path)
    run.write_readme("new table")
    assert (tmp_path / "README.md").read_text() == f"intro\n{run.MARK_START}\nnew table\n{run.MARK_END}\noutro\n"
