"""Benchmark this project's `alembic` CLI against PyPI's Alembic 1.20.1.

    python3 bench/run.py                       the default workloads, 5 runs each
    python3 bench/run.py --runs 9 --workloads heads-5000,history-5000
    python3 bench/run.py --list                what can be measured
    python3 bench/run.py --write               also record the table in bench/README.md

Two virtual environments are made beside this file on first use:
``.venv-ref`` with ``alembic==1.20.1`` from PyPI (never the project's own
``.venv``) and ``.venv-ours`` with this repository installed editable (compat mode: a
``.pth`` path entry, no import hook; its sources byte-compiled, as ``pip install``
does for an installed package).  Each workload runs "warm" (caches kept) and
"cold" (a fresh container: no ``__pycache__`` in the project,
``PYTHONDONTWRITEBYTECODE=1``, an empty ``XDG_CACHE_HOME``); each command is a
separate process, alternating between the two implementations after one
warm-up run each; wall time comes from a monotonic clock around the process,
CPU time and peak RSS from ``os.wait4`` of that process.  Standard library only.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
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
    """Times (seconds) and peak resident memory (KiB) of one process run."""

    wall: float
    cpu: float
    rss: int = 0


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
    # an installed wheel's modules are byte-compiled by pip; an editable
    # checkout's are not when PYTHONDONTWRITEBYTECODE is set, so compile them
    # (not the templates: `alembic init` copies their folders as they are)
    compile_cmd = [
        str(venv / "bin" / "python"), "-m", "compileall", "-q", "-x", r"[/\\]templates[/\\]",
        str(ROOT / "src" / "alembic"),
    ]
    subprocess.run(compile_cmd, check=True, stdout=subprocess.DEVNULL)
    return Impl("ours", venv)


def _base_environment() -> dict[str, str]:
    """The runner's environment minus what each mode sets itself."""
    env = dict(os.environ)
    for name in ("PYTHONDONTWRITEBYTECODE", "XDG_CACHE_HOME"):
        env.pop(name, None)
    return env


def _wait(proc: subprocess.Popen) -> tuple[int, float, int]:
    """Reap ``proc``: its exit status, CPU seconds (user + system, its own
    children included) and peak resident set size in KiB."""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def run_once(
    impl: Impl, load: workloads.Workload, project: pathlib.Path, mode: str, scratch: pathlib.Path
) -> tuple[Sample, str]:
    """Run the workload's command once in ``mode``; return its sample and stdout."""
    env = load.environment()
    if mode == "cold":
        scratch = workloads.start_cold(project)
    env.update(workloads.mode_environment(mode, scratch))
    if load.before_each:
        load.before_each(project, impl.python, env)
    argv = load.ours_argv if load.ours_argv and impl.label == "ours" else load.argv
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(impl.alembic), *argv],
            cwd=project,
            env={**_base_environment(), **env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            text=True,
        )
        code, cpu, rss = _wait(proc)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if mode == "cold":
        shutil.rmtree(scratch, ignore_errors=True)
    if code != 0:
        tail = (stdout + stderr).strip().splitlines()[-5:]
        raise RuntimeError(f"{impl.label}: `alembic {' '.join(argv)}` failed in {project}:\n" + "\n".join(tail))
    return Sample(wall, cpu, rss), stdout


@dataclasses.dataclass
class Result:
    """All samples of one workload, per mode and implementation."""

    load: workloads.Workload
    samples: dict[tuple[str, str], list[Sample]]
    same_output: bool | None
    error: str | None = None

    def median(self, mode: str, label: str, field: str) -> float:
        return statistics.median(getattr(s, field) for s in self.samples[(mode, label)])


def measure(load: workloads.Workload, impls: list[Impl], runs: int) -> Result:
    """Per mode: warm up each implementation once, then alternate them ``runs`` times."""
    project = load.make_project()
    scratch = workloads.WORK / "xdg-cache-warm"
    if load.prepare:
        prep_env = {**load.environment(), **workloads.mode_environment("warm", scratch)}
        load.prepare(project, impls[0].alembic, impls[0].python, prep_env)
    samples: dict[tuple[str, str], list[Sample]] = {
        (mode, impl.label): [] for mode in workloads.MODES for impl in impls
    }
    outputs = {}
    try:
        for mode in workloads.MODES:
            for impl in impls:
                _, outputs[impl.label] = run_once(impl, load, project, mode, scratch)
            for _ in range(runs):
                for impl in impls:
                    samples[(mode, impl.label)].append(run_once(impl, load, project, mode, scratch)[0])
    except RuntimeError as err:
        return Result(load, samples, None, str(err))
    same = None
    if load.compare_output and len(outputs) == 2:
        same = len(set(outputs.values())) == 1
    return Result(load, samples, same)


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f} s"


def _mode_cells(res: Result, mode: str, ref: Impl, ours: Impl) -> str:
    """``Alembic wall / CPU | ours wall / CPU | speed-up wall / CPU`` of one mode."""
    rw, ow = res.median(mode, ref.label, "wall"), res.median(mode, ours.label, "wall")
    rc, oc = res.median(mode, ref.label, "cpu"), res.median(mode, ours.label, "cpu")
    return (
        f"{_fmt(rw)} / {_fmt(rc)} | {_fmt(ow)} / {_fmt(oc)} "
        f"| {rw / ow:.1f}x / **{rc / oc:.1f}x**"
    )


def _rss_cell(res: Result, ref: Impl, ours: Impl) -> str:
    """Peak RSS (MiB, largest median over the modes) of both implementations."""
    peak = {
        impl.label: max(res.median(mode, impl.label, "rss") for mode in workloads.MODES) / 1024
        for impl in (ref, ours)
    }
    return f"{peak[ref.label]:.0f} / {peak[ours.label]:.0f} MiB"


def table(results: list[Result], ref: Impl, ours: Impl) -> str:
    """The markdown table: warm and cold side by side, medians of wall / CPU
    time, speed-up = Alembic / ours (above 1 means we are faster)."""
    lines = [
        f"| workload | warm: {ref.label} wall / CPU | warm: ours | warm speed-up wall / CPU "
        f"| cold: {ref.label} wall / CPU | cold: ours | cold speed-up wall / CPU "
        f"| peak RSS {ref.label} / ours | same output |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for res in results:
        if res.error:
            lines.append(f"| {res.load.description} | failed: {res.error.splitlines()[0]} |" + " |" * 7)
            continue
        same = {True: "yes", False: "**no**", None: "n/a"}[res.same_output]
        lines.append(
            f"| {res.load.description} | {_mode_cells(res, 'warm', ref, ours)} "
            f"| {_mode_cells(res, 'cold', ref, ours)} | {_rss_cell(res, ref, ours)} | {same} |"
        )
    return "\n".join(lines)


def machine_note(runs: int, ref: Impl, ours: Impl, load_before: float) -> str:
    """One paragraph saying when, where and how the numbers were taken."""
    code = "import sqlalchemy; print(sqlalchemy.__version__)"
    sqla = subprocess.run([str(ours.python), "-c", code], capture_output=True, text=True).stdout.strip()
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {when} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLAlchemy {sqla}: medians of {runs} runs per "
        "implementation and mode after one warm-up run each, the two implementations alternating. "
        f"The machine is shared (load average {load_before:.1f} when the runs began, "
        f"{os.getloadavg()[0]:.1f} when they ended), so wall times are noisy; CPU times "
        "(in bold: the speed-up of CPU time) are steadier."
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
    load_before = os.getloadavg()[0]
    ref, ours = prepare_reference(args.python), prepare_ours(args.python, args.ours_venv)
    results = []
    for load in chosen:
        log(f"measuring {load.name} ...")
        results.append(measure(load, [ref, ours], args.runs))
    report = machine_note(args.runs, ref, ours, load_before) + "\n\n" + table(results, ref, ours)
    print(report)
    if args.write:
        write_readme(report)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
