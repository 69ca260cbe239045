"""The tutorial page (docs/tutorial.md) is executed as written.

Every ``{code-block}`` with a ``:caption:`` is written to that path in an empty
project folder, and every ``console`` block is run line by line: each ``$ ...``
command must exit 0 and print, in order, the lines shown under it.  The page's
revision ids (twelve hex digits) stand for whatever ids the run generates: the
first time one appears in expected output it is bound to the id actually
printed there, and commands use the bound ids.  ``/home/me/project`` stands for
the project folder.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "tutorial.md"
DOC_DIR = "/home/me/project"
REV = re.compile(r"(?<![0-9a-zA-Z])[0-9a-f]{12}(?![0-9a-zA-Z])")
FENCE = re.compile(r"^```(\{code-block\} \w+|console)\n(.*?)^```\n", re.S | re.M)


@dataclass
class Command:
    line: str
    expected: list[str] = field(default_factory=list)


def blocks(text: str) -> list[tuple[str, object]]:
    """The page's runnable blocks in order: ("file", (path, body)) or ("run", Command)."""
    found: list[tuple[str, object]] = []
    for match in FENCE.finditer(text):
        kind, body = match.group(1), match.group(2)
        if kind == "console":
            for raw in body.splitlines():
                if raw.startswith("$ "):
                    found.append(("run", Command(raw[2:])))
                elif raw.strip():
                    found[-1][1].expected.append(raw)  # type: ignore[union-attr]
            continue
        caption = re.match(r":caption: (\S+)\n\n?", body)
        assert caption, f"a code block in {PAGE.name} has no :caption: path"
        found.append(("file", (caption.group(1), body[caption.end():])))
    return found


class Ids:
    """Binds the page's revision ids to the ids the run really generated."""

    def __init__(self) -> None:
        self.bound: dict[str, str] = {}

    def substitute(self, text: str) -> str:
        return REV.sub(lambda m: self.bound.get(m.group(0), m.group(0)), text)

    def pattern(self, expected: str, project: str) -> re.Pattern[str]:
        parts, names = [], {}
        pos = 0
        for m in REV.finditer(expected):
            parts.append(re.escape(expected[pos:m.start()]))
            doc_id = m.group(0)
            if doc_id in self.bound:
                parts.append(re.escape(self.bound[doc_id]))
            elif doc_id in names:
                parts.append(f"(?P={names[doc_id]})")
            else:
                names[doc_id] = f"id{len(names)}"
                parts.append(f"(?P<{names[doc_id]}>[0-9a-f]{{12}})")
            pos = m.end()
        parts.append(re.escape(expected[pos:]))
        self._names = names
        return re.compile("".join(parts).replace(re.escape(DOC_DIR), re.escape(project)))

    def bind(self, match: re.Match[str]) -> None:
        for doc_id, group in self._names.items():
            self.bound[doc_id] = match.group(group)


def check_output(cmd: Command, output: str, ids: Ids, project: str) -> None:
    lines = output.splitlines()
    at = 0
    for expected in cmd.expected:
        pattern = ids.pattern(expected, project)
        for i in range(at, len(lines)):
            match = pattern.search(lines[i])
            if match:
                ids.bind(match)
                at = i + 1
                break
        else:
            pytest.fail(f"`{cmd.line}` did not print {expected!r} (after line {at}):\n{output}")


def test_tutorial_runs_as_written(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ALEMBIC_CONFIG")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    ids = Ids()
    steps = blocks(PAGE.read_text())
    assert sum(kind == "run" for kind, _ in steps) >= 10, "the tutorial lost its commands"
    for kind, item in steps:
        if kind == "file":
            rel, body = item  # type: ignore[misc]
            target = project / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body)
            continue
        cmd: Command = item  # type: ignore[assignment]
        argv = shlex.split(ids.substitute(cmd.line))
        ran = subprocess.run(
            argv, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, timeout=120,
        )
        output = ran.stdout
        assert ran.returncode == 0, f"`{cmd.line}` exited {ran.returncode}:\n{output}"
        check_output(cmd, output, ids, str(project))
    assert len(ids.bound) == 2, f"expected two revisions, bound {ids.bound}"


def test_a_wrong_expected_line_is_reported(tmp_path):
    """The checker itself fails when a shown line is not printed."""
    ids = Ids()
    cmd = Command("alembic current", ["1a2b3c4d5e6f (head)"])
    with pytest.raises(pytest.fail.Exception):
        check_output(cmd, "nothing here\n", ids, str(tmp_path))
    check_output(cmd, "INFO x\n0123456789ab (head)\n", ids, str(tmp_path))
    assert ids.bound == {"1a2b3c4d5e6f": "0123456789ab"}
