"""Benchmark this project's `alembic` CLI against PyPI's Alembic 1.20.1.

    python3 bench/run.py                       the default workloads, 5 runs each
    python3 bench/run.py --runs 9 --workloads heads-5000,history-5000
    python3 bench/run.py --list                what can be measured
    python3 bench/run.py --write               also record the table in bench/README.md

Two virtual environments are made beside this file on first use:
``.venv-ref`` with ``alembic==1.20.1`` from PyPI (never the project's own
``.venv``) and ``.venv-ours`` with this repository installed editable (compat mode: a
``.pth`` path entry, no import hook).  Each
workload's command runs as a separate process, alternating between the two
implementations after one warm-up run each; wall time comes from a monotonic
clock around the process and CPU time from ``resource.getrusage`` of
children.  Standard library only.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import pathlib
import platform
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import workloads  # noqa: E402

__all__ = ["main"]

BENCH = pathlib.Path(__file__).resolve().parent
ROOT = BENCH.parent
REF_VERSION = "1.20.1"
MARK_START = "<!-- results:start -->"
MARK_END = "<!-- results:end -->"


@dataclasses.dataclass(frozen=True)
class Impl:
    """One implementation under test: a label and its virtual environment."""

    label: str
    venv: pathlib.Path

    @property
    def python(self) -> pathlib.Path:
        return self.venv / "bin" / "python"

    @property
    def alembic(self) -> pathlib.Path:
        return self.venv / "bin" / "alembic"


@dataclasses.dataclass
class Sample:
    """Times of one process run, in seconds."""

    wall: float
    cpu: float


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _pip(venv: pathlib.Path, *args: str) -> None:
    cmd = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
    subprocess.run(cmd, check=True)


def _installed_version(venv: pathlib.Path) -> str | None:
    code = "import importlib.metadata as m; print(m.version('alembic'))"
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


DRIVERS = ["psycopg[binary]", "pymysql"]


def ensure_venv(venv: pathlib.Path, python: str) -> None:
    """Create the venv if needed, with the database drivers the server workloads use."""
    if not (venv / "bin" / "python").exists():
        log(f"creating {venv.relative_to(ROOT)}")
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    probe = subprocess.run([str(venv / "bin" / "python"), "-c", "import psycopg, pymysql"], capture_output=True)
    if probe.returncode != 0:
        _pip(venv, *DRIVERS)


def prepare_reference(python: str) -> Impl:
    """The venv with PyPI's Alembic at the reference version."""
    venv = BENCH / ".venv-ref"
    ensure_venv(venv, python)
    if _installed_version(venv) != REF_VERSION:
        log(f"installing alembic=={REF_VERSION} from PyPI into {venv.name}")
        _pip(venv, f"alembic=={REF_VERSION}")
    return Impl(f"Alembic {REF_VERSION}", venv)


def prepare_ours(python: str, venv: pathlib.Path | None = None) -> Impl:
    """The venv with this repository installed editable (or a given venv, as is)."""
    if venv is not None:
        return Impl("ours", venv.resolve())
    venv = BENCH / ".venv-ours"
    ensure_venv(venv, python)
    finders = list(venv.glob("lib/python*/site-packages/__editable___alembic*_finder.py"))
    if finders or not (venv / "bin" / "alembic").exists():
        # compat mode puts the checkout on sys.path through a .pth line, as an
        # installed package would be found; the default import-hook finder adds
        # about 9 ms to every process start, which no installed user pays.
        log(f"installing this repository (editable, compat mode) into {venv.name}")
        _pip(venv, "-e", str(ROOT), "--config-settings", "editable_mode=compat")
        for stale in finders:
            stale.unlink(missing_ok=True)
    return Impl("ours", venv)


def run_once(impl: Impl, load: workloads.Workload, project: pathlib.Path) -> tuple[Sample, str]:
    """Run the workload's command once; return its times and its stdout."""
    env = load.environment()
    if load.before_each:
        load.before_each(project, impl.python, env)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [str(impl.alembic), *load.argv],
        cwd=project,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
        raise RuntimeError(f"{impl.label}: `alembic {' '.join(load.argv)}` failed in {project}:\n" + "\n".join(tail))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall, cpu), proc.stdout


@dataclasses.dataclass
class Result:
    """All samples of one workload, per implementation."""

    load: workloads.Workload
    samples: dict[str, list[Sample]]
    same_output: bool | None
    error: str | None = None

    def median(self, label: str, field: str) -> float:
        return statistics.median(getattr(s, field) for s in self.samples[label])


def measure(load: workloads.Workload, impls: list[Impl], runs: int) -> Result:
    """Warm up each implementation once, then alternate them ``runs`` times."""
    project = load.make_project()
    if load.prepare:
        load.prepare(project, impls[0].alembic, impls[0].python, load.environment())
    samples: dict[str, list[Sample]] = {impl.label: [] for impl in impls}
    outputs = {}
    try:
        for impl in impls:
            _, outputs[impl.label] = run_once(impl, load, project)
        for _ in range(runs):
            for impl in impls:
                samples[impl.label].append(run_once(impl, load, project)[0])
    except RuntimeError as err:
        return Result(load, samples, None, str(err))
    same = None
    if load.compare_output and len(outputs) == 2:
        same = len(set(outputs.values())) == 1
    return Result(load, samples, same)


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f} s"


def table(results: list[Result], ref: Impl, ours: Impl) -> str:
    """The markdown table of medians and ratios (ratio = Alembic / ours: above 1 means faster)."""
    lines = [
        f"| workload | {ref.label} wall | ours wall | speed-up (wall) | {ref.label} CPU | ours CPU "
        "| speed-up (CPU) | same output |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for res in results:
        if res.error:
            lines.append(f"| {res.load.description} | failed: {res.error.splitlines()[0]} | | | | | | |")
            continue
        rw, ow = res.median(ref.label, "wall"), res.median(ours.label, "wall")
        rc, oc = res.median(ref.label, "cpu"), res.median(ours.label, "cpu")
        same = {True: "yes", False: "**no**", None: "n/a"}[res.same_output]
        lines.append(
            f"| {res.load.description} | {_fmt(rw)} | {_fmt(ow)} | {rw / ow:.1f}x "
            f"| {_fmt(rc)} | {_fmt(oc)} | {rc / oc:.1f}x | {same} |"
        )
    return "\n".join(lines)


def machine_note(runs: int, ref: Impl, ours: Impl) -> str:
    """One paragraph saying when, where and how the numbers were taken."""
    code = "import sqlalchemy; print(sqlalchemy.__version__)"
    sqla = subprocess.run([str(ours.python), "-c", code], capture_output=True, text=True).stdout.strip()
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {when} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLAlchemy {sqla}: medians of {runs} runs per "
        "implementation after one warm-up run each, the two implementations alternating. "
        f"The machine is shared (load average {os.getloadavg()[0]:.1f} when the runs ended), so wall "
        "times are noisy; CPU times are steadier."
    )


def write_readme(text: str) -> None:
    """Replace the results block of bench/README.md with ``text``."""
    readme = BENCH / "README.md"
    current = readme.read_text()
    start, end = current.index(MARK_START) + len(MARK_START), current.index(MARK_END)
    readme.write_text(current[:start] + "\n" + text + "\n" + current[end:])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per implementation (default 5)")
    parser.add_argument("--workloads", default=",".join(workloads.DEFAULT), help="comma-separated names")
    parser.add_argument("--list", action="store_true", help="list the workloads and exit")
    parser.add_argument("--write", action="store_true", help="record the results in bench/README.md")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the two venvs")
    parser.add_argument("--ours-venv", type=pathlib.Path, help="time this venv's alembic as 'ours' (harness checks)")
    return parser.parse_args(argv)


def select(names: str) -> list[workloads.Workload]:
    by_name = {w.name: w for w in workloads.ALL}
    unknown = [n for n in names.split(",") if n not in by_name]
    if unknown:
        raise SystemExit(f"unknown workload(s) {', '.join(unknown)}; see --list")
    return [by_name[n] for n in names.split(",")]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for w in workloads.ALL:
            print(f"{w.name:22} {w.description}")
        return 0
    chosen = select(args.workloads)
    ref, ours = prepare_reference(args.python), prepare_ours(args.python, args.ours_venv)
    results = []
    for load in chosen:
        log(f"measuring {load.name} ...")
        results.append(measure(load, [ref, ours], args.runs))
    report = machine_note(args.runs, ref, ours) + "\n\n" + table(results, ref, ours)
    print(report)
    if args.write:
        write_readme(report)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
