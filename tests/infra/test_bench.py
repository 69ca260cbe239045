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


def test_table_reports_medians_and_speed_up():
    ref, ours = run.Impl("Alembic 1.20.1", pathlib.Path("/r")), run.Impl("ours", pathlib.Path("/o"))
    load = workloads.ALL[0]
    samples = {
        ref.label: [run.Sample(1.0, 0.9), run.Sample(3.0, 2.9), run.Sample(2.0, 1.9)],
        ours.label: [run.Sample(0.2, 0.1), run.Sample(0.1, 0.1), run.Sample(0.9, 0.1)],
    }
    text = run.table([run.Result(load, samples, True)], ref, ours)
    row = text.splitlines()[-1]
    assert "| 2.000 s | 0.200 s | 10.0x | 1.900 s | 0.100 s | 19.0x | yes |" in row


def test_write_readme_replaces_only_the_results_block(tmp_path, monkeypatch):
    (tmp_path / "README.md").write_text(f"intro\n{run.MARK_START}\nold\n{run.MARK_END}\noutro\n")
    monkeypatch.setattr(run, "BENCH", tmp_path)
    run.write_readme("new table")
    assert (tmp_path / "README.md").read_text() == f"intro\n{run.MARK_START}\nnew table\n{run.MARK_END}\noutro\n"
