"""The text shapes of ``heads``, ``branches``, ``history`` and ``show``."""

from __future__ import annotations

import pytest

from alembic.script import ScriptDirectory

# The graph used below:
#
#   aaaa1 -> bbbb2 -> cccc3 -> dddd4 (label "feat")
#                          \-> eeee5 (also depends on ffff6)
#   ffff6 (a second base; only eeee5 depends on it)


@pytest.fixture
def script_dir(env_dir, write_rev) -> ScriptDirectory:
    v = env_dir / "versions"
    write_rev(v, "aaaa1", None, doc="create users")
    write_rev(v, "bbbb2", "aaaa1", doc="add email")
    write_rev(v, "cccc3", "bbbb2", doc="split point")
    write_rev(v, "dddd4", "cccc3", doc="feature work", labels="feat")
    write_rev(v, "eeee5", "cccc3", doc="other work", depends="ffff6")
    write_rev(v, "ffff6", None, doc="lookup tables")
    return ScriptDirectory(str(env_dir))


def _doc_block(script) -> str:
    return "\n".join("    " + line for line in script.longdoc.splitlines())


def test_heads_lines(script_dir) -> None:
    got = {s.revision: s.cmd_format(False) for s in script_dir.walk_revisions()}
    assert got == {
        "aaaa1": "aaaa1",
        "bbbb2": "bbbb2",
        "cccc3": "cccc3 (branchpoint)",
        "dddd4": "dddd4 (head)",
        "eeee5": "eeee5 (head)",
        "ffff6": "ffff6 (effective head)",
    }


def test_history_lines(script_dir) -> None:
    got = {
        s.revision: s.cmd_format(
            False, include_branches=True, include_doc=True, include_parents=True
        )
        for s in script_dir.walk_revisions()
    }
    assert got == {
        "aaaa1": "<base> -> aaaa1, create users",
        "bbbb2": "aaaa1 -> bbbb2, add email",
        "cccc3": "bbbb2 -> cccc3 (branchpoint), split point",
        "dddd4": "cccc3 -> dddd4 (feat) (head), feature work",
        "eeee5": "cccc3 (ffff6) -> eeee5 (head), other work",
        "ffff6": "<base> -> ffff6 (effective head), lookup tables",
    }


def test_indicator_switches(script_dir) -> None:
    head = script_dir.get_revision("dddd4")
    assert (
        head.cmd_format(False, tree_indicators=False, head_indicators=False) == "dddd4"
    )
    assert head.cmd_format(False, tree_indicators=False) == "dddd4 (head)"
    branch = script_dir.get_revision("cccc3")
    assert branch.cmd_format(False, tree_indicators=False) == "cccc3"
    assert branch.cmd_format(False, head_indicators=False) == "cccc3 (branchpoint)"
    assert head.cmd_format(False, include_branches=True) == "dddd4 (feat) (head)"


def test_current_indicator(script_dir) -> None:
    head = script_dir.get_revision("dddd4")
    head._db_current_indicator = True
    assert head.cmd_format(False) == "dddd4 (head) (current)"
    assert head.log_entry.startswith("Rev: dddd4 (head) (current)\n")
    other = script_dir.get_revision("eeee5")
    assert other.cmd_format(False) == "eeee5 (head)"


def test_log_entry_plain_and_dependency(script_dir) -> None:
    second = script_dir.get_revision("bbbb2")
    assert second.log_entry == (
        "Rev: bbbb2\n"
        "Parent: aaaa1\n"
        f"Path: {second.path}\n"
        "\n"
        "    add email\n"
        "    \n"
        "    Revision ID: bbbb2\n"
        "    Revises: aaaa1\n"
        "    Create Date: 2024-01-01 00:00:00\n"
    )
    dep = script_dir.get_revision("eeee5")
    assert dep.log_entry == (
        "Rev: eeee5 (head)\n"
        "Parent: cccc3\n"
        "Also depends on: ffff6\n"
        f"Path: {dep.path}\n"
        "\n" + _doc_block(dep) + "\n"
    )
    base = script_dir.get_revision("aaaa1")
    assert base.log_entry.startswith("Rev: aaaa1\nParent: <base>\nPath: ")
    assert script_dir.get_revision("dddd4").cmd_format(True) == (
        "Rev: dddd4 (head)\n"
        "Parent: cccc3\n"
        "Branch names: feat\n"
        f"Path: {script_dir.get_revision('dddd4').path}\n"
        "\n" + _doc_block(script_dir.get_revision("dddd4")) + "\n"
    )


def test_log_entry_branchpoint(script_dir) -> None:
    branch = script_dir.get_revision("cccc3")
    entry = branch.log_entry
    assert entry.startswith("Rev: cccc3 (branchpoint)\nParent: bbbb2\nBranches into: ")
    assert entry.splitlines()[2] in (
        "Branches into: dddd4, eeee5",
        "Branches into: eeee5, dddd4",
    )
    assert entry.splitlines()[3] == f"Path: {branch.path}"


def test_merge_point_shapes(env_dir, write_rev) -> None:
    v = env_dir / "versions"
    write_rev(v, "aaaa1", None, doc="root")
    write_rev(v, "bbbb2", "aaaa1", doc="left")
    write_rev(v, "cccc3", "aaaa1", doc="right")
    write_rev(v, "dddd4", ("bbbb2", "cccc3"), doc="merge heads")
    script_dir = ScriptDirectory(str(env_dir))
    merge = script_dir.get_revision("dddd4")
    assert merge.cmd_format(False) == "dddd4 (head) (mergepoint)"
    assert merge.cmd_format(False, include_doc=True, include_parents=True) == (
        "bbbb2, cccc3 -> dddd4 (head) (mergepoint), merge heads"
    )
    assert merge.log_entry.startswith(
        "Rev: dddd4 (head) (mergepoint)\nMerges: bbbb2, cccc3\nPath: "
    )
    assert str(merge) == "bbbb2, cccc3 -> dddd4 (head) (mergepoint), merge heads"
    assert (
        str(script_dir.get_revision("aaaa1")) == "<base> -> aaaa1 (branchpoint), root"
    )


def test_doc_is_first_paragraph(env_dir, write_rev) -> None:
    path = env_dir / "versions" / "x.py"
    path.write_text(
        '"""  Title line\ncontinues here\n\nSecond paragraph.\n"""\nrevision = "abcd1"\ndown_revision = None\n'
    )
    script = ScriptDirectory(str(env_dir)).get_revision("abcd1")
    assert script.doc == "Title line\ncontinues here"
    assert script.longdoc == "Title line\ncontinues here\n\nSecond paragraph."
    path.write_text('revision = "abcd1"\ndown_revision = None\n')
    nodoc = ScriptDirectory(str(env_dir)).get_revision("abcd1")
    assert nodoc.doc == "" and nodoc.longdoc == ""
    assert nodoc.cmd_format(False, include_doc=True) == "abcd1 (head), "
