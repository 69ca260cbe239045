"""Commands that need no database, and the argument rules of the others.

Every test drives ``alembic`` (in-process ``alembic.config.main``) inside a
temporary project with a hand-written env.py, so only the CLI, command,
script and (where env.py runs) runtime layers are involved.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest


def failed(result, status: int = 255) -> str:
    lines = [line for line in result.out.splitlines() if line.startswith("FAILED:")]
    assert result.code == status and len(lines) == 1, result
    return lines[0]


@pytest.fixture
def chain(project):
    """aaaa1111 -> bbbb2222 -> cccc3333."""
    project.add("aaaa1111")
    project.add("bbbb2222", "aaaa1111")
    project.add("cccc3333", "bbbb2222")
    return project


@pytest.fixture
def branched(project):
    """
    aaaa1111 -> bbbb2222 (head)
             \\-> cccc3333 (head, label 'feature')
    """
    project.add("aaaa1111")
    project.add("bbbb2222", "aaaa1111")
    project.add("cccc3333", "aaaa1111", labels=("feature",))
    return project


# -- heads, history, branches, show ---------------------------------------------


def test_heads_single(chain):
    result = chain.run("heads")
    assert result.code == 0
    assert result.lines == ["cccc3333 (head)"]


def test_heads_multiple_with_label(branched):
    assert sorted(branched.run("heads").lines) == [
        "bbbb2222 (head)",
        "cccc3333 (feature) (head)",
    ]


def test_heads_verbose(chain):
    out = chain.run("heads", "-v").out
    assert "Rev: cccc3333 (head)" in out
    assert "Parent: bbbb2222" in out
    assert f"Path: {chain.versions / 'cccc3333_step.py'}" in out


def test_heads_resolve_dependencies(project):
    project.add("aaaa1111")
    project.add("bbbb2222")
    path = project.add("cccc3333", "bbbb2222")
    path.write_text(
        path.read_text().replace("depends_on = None", "depends_on = 'aaaa1111'")
    )
    plain = sorted(project.run("heads").lines)
    assert plain == ["aaaa1111 (effective head)", "cccc3333 (head)"]
    resolved = project.run("heads", "--resolve-dependencies").lines
    assert resolved == ["cccc3333 (head)"]


def test_history(chain):
    assert chain.run("history").lines == [
        "bbbb2222 -> cccc3333 (head), step cccc3333",
        "aaaa1111 -> bbbb2222, step bbbb2222",
        "<base> -> aaaa1111, step aaaa1111",
    ]


def test_history_ranges(chain):
    assert chain.run("history", "-r", "aaaa1111:bbbb2222").lines == [
        "aaaa1111 -> bbbb2222, step bbbb2222",
        "<base> -> aaaa1111, step aaaa1111",
    ]
    assert (
        chain.run("history", "-r", "bbbb2222:").lines[-1]
        == "aaaa1111 -> bbbb2222, step bbbb2222"
    )
    assert len(chain.run("history", "-r", ":bbbb").lines) == 2
    assert len(chain.run("history", "-r-1:head").lines) == 2


def test_history_bad_range(chain):
    assert failed(chain.run("history", "-r", "aaaa1111")) == (
        "FAILED: History range requires [start]:[end], [start]:, or :[end]"
    )


def test_history_branch_and_merge_indicators(branched):
    branched.add("dddd4444", ("bbbb2222", "cccc3333"), doc="merge")
    lines = branched.run("history").lines
    # a branch label applies to the labelled revision's descendants too
    assert (
        lines[0]
        == "bbbb2222, cccc3333 -> dddd4444 (feature) (head) (mergepoint), merge"
    )
    assert "<base> -> aaaa1111 (branchpoint), step aaaa1111" in lines


def test_history_verbose(chain):
    out = chain.run("history", "-v").out
    assert "Rev: cccc3333 (head)" in out and "Rev: aaaa1111" in out


def test_history_indicate_current_runs_env(chain):
    assert chain.run("upgrade", "bbbb2222").code == 0
    lines = chain.run("history", "-i").lines
    assert "aaaa1111 -> bbbb2222 (current), step bbbb2222" in lines
    assert "bbbb2222 -> cccc3333 (head), step cccc3333" in lines


def test_history_current_in_range(chain):
    chain.run("upgrade", "bbbb2222")
    assert chain.run("history", "-r", "current:").lines == [
        "bbbb2222 -> cccc3333 (head), step cccc3333",
        "aaaa1111 -> bbbb2222, step bbbb2222",
    ]


def test_branches(branched):
    result = branched.run("branches")
    assert result.code == 0
    lines = result.lines
    assert lines[0] == "aaaa1111 (branchpoint)"
    assert sorted(lines[1:3]) == [
        "         -> bbbb2222 (head)",
        "         -> cccc3333 (feature) (head)",
    ]


def test_show(chain):
    out = chain.run("show", "bbbb").out
    assert "Rev: bbbb2222" in out
    assert "Parent: aaaa1111" in out
    assert f"Path: {chain.versions / 'bbbb2222_step.py'}" in out
    assert "    step bbbb2222" in out


def test_show_head_symbol(chain):
    assert "Rev: cccc3333 (head)" in chain.run("show", "head").out


def test_show_current(chain):
    chain.run("upgrade", "aaaa1111")
    assert "Rev: aaaa1111" in chain.run("show", "current").out


def test_show_unknown_revision(chain):
    line = failed(chain.run("show", "zzzz9999"))
    assert "zzzz9999" in line


def test_show_ambiguous_prefix(project):
    project.add("abcd1111")
    project.add("abcd2222", "abcd1111")
    line = failed(project.run("show", "abcd"))
    # Alembic's command layer reports resolution errors as "Can't locate ..."
    assert "'abcd'" in line


def test_show_unknown_branch(branched):
    assert "nosuch" in failed(branched.run("show", "nosuch@head"))


# -- revision and merge -----------------------------------------------------------


def test_revision_creates_file(chain):
    result = chain.run("revision", "-m", "Add a Column!", "--rev-id", "dddd4444")
    assert result.code == 0, result.out
    path = chain.versions / "dddd4444_add_a_column.py"
    assert result.lines == [f"Generating {path} ...  done"]
    text = path.read_text()
    assert "revision: str = 'dddd4444'" in text
    assert "down_revision: Union[str, Sequence[str], None] = 'cccc3333'" in text
    assert '"""Add a Column!' in text
    assert chain.run("heads").lines == ["dddd4444 (head)"]


def test_revision_on_empty_project(project):
    result = project.run("revision", "-m", "first")
    assert result.code == 0
    (path,) = project.versions.glob("*_first.py")
    assert "down_revision: Union[str, Sequence[str], None] = None" in path.read_text()


def test_revision_multiple_heads_needs_head(branched):
    line = failed(branched.run("revision", "-m", "x"))
    assert "Multiple heads" in line or "multiple heads" in line.lower()
    result = branched.run("revision", "-m", "x", "--head", "feature@head")
    assert result.code == 0, result.out


def test_revision_splice_required(chain):
    line = failed(chain.run("revision", "-m", "x", "--head", "bbbb2222"))
    assert "bbbb2222 is not a head revision" in line and "--splice" in line
    assert chain.run("revision", "-m", "x", "--head", "bbbb2222", "--splice").code == 0
    assert len(chain.run("heads").lines) == 2


def test_revision_branch_label_and_depends_on(chain):
    result = chain.run(
        "revision",
        "-m",
        "lib",
        "--head",
        "base",
        "--branch-label",
        "lib",
        "--rev-id",
        "eeee5555",
        "--depends-on",
        "aaaa1111",
    )
    assert result.code == 0, result.out
    text = (chain.versions / "eeee5555_lib.py").read_text()
    assert "('lib',)" in text and "'aaaa1111'" in text
    assert "eeee5555 (lib) (head)" in chain.run("heads").lines


def test_revision_sql_without_environment(chain):
    assert failed(chain.run("revision", "-m", "x", "--sql")) == (
        "FAILED: Using --sql with the revision command when revision_environment is not configured "
        "does not make any sense"
    )


def test_revision_sql_with_autogenerate(chain):
    assert failed(chain.run("revision", "--autogenerate", "--sql")) == (
        "FAILED: Using --sql with --autogenerate does not make any sense"
    )


def test_revision_environment_runs_env_py(project):
    marker = project.root / "env_ran"
    env_py = project.scripts / "env.py"
    env_py.write_text(f"open({str(marker)!r}, 'w').close()\n" + env_py.read_text())
    assert project.run("revision", "-m", "no env").code == 0
    assert not marker.exists()
    project.write_config("revision_environment = true\n")
    assert project.run("revision", "-m", "with env").code == 0
    assert marker.exists()


def test_merge_heads(branched):
    result = branched.run("merge", "heads", "-m", "join them", "--rev-id", "dddd4444")
    assert result.code == 0, result.out
    text = (branched.versions / "dddd4444_join_them.py").read_text()
    assert "('bbbb2222', 'cccc3333')" in text
    assert branched.run("heads").lines == ["dddd4444 (feature) (head)"]


def test_rev_id_with_illegal_characters(chain):
    line = failed(chain.run("revision", "-m", "x", "--rev-id", "ab-cd"))
    assert "ab-cd" in line


# -- broken revision files ---------------------------------------------------------


def test_syntax_error_names_file_and_line(chain):
    """Exit status 1: Alembic 1.20.1 ends this run with a traceback (oracle)."""
    bad = chain.versions / "dddd4444_bad.py"
    bad.write_text('revision = "dddd4444"\ndown_revision = "cccc3333"\ndef upgrade(:\n')
    # headers may be read without executing the file; running it must fail cleanly
    line = failed(chain.run("upgrade", "head"), status=1)
    assert "dddd4444_bad.py" in line and ":3" in line


def test_missing_down_revision(chain):
    chain.add("dddd4444", "nope9999")
    line = failed(chain.run("heads"))
    assert "nope9999" in line and "dddd4444" in line


def test_duplicate_revision_id(chain):
    path = chain.versions / "dup_copy.py"
    path.write_text((chain.versions / "bbbb2222_step.py").read_text())
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = chain.run("heads")
    if result.code == 0:  # Alembic's behaviour: a warning, the later file wins
        assert any(
            "bbbb2222 is present more than once" in str(w.message) for w in caught
        )
    else:
        assert "bbbb2222" in failed(result)


def test_cycle(project):
    project.add("aaaa1111", "bbbb2222")
    project.add("bbbb2222", "aaaa1111")
    line = failed(project.run("history"))
    assert "aaaa1111" in line or "bbbb2222" in line


# -- edit --------------------------------------------------------------------------


@pytest.fixture
def fake_editor(tmp_path, monkeypatch):
    """An EDITOR that appends a marker line and logs its argument."""
    log = tmp_path / "editor.log"
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(log)!r}, 'a').write(sys.argv[1] + '\\n')\n"
        "open(sys.argv[1], 'a').write('# edited\\n')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(script))
    return log


def test_edit(chain, fake_editor):
    assert chain.run("edit", "bbbb").code == 0
    path = chain.versions / "bbbb2222_step.py"
    assert fake_editor.read_text() == f"{path}\n"
    assert path.read_text().endswith("# edited\n")


def test_edit_current(chain, fake_editor):
    chain.run("upgrade", "aaaa1111")
    assert chain.run("edit", "current").code == 0
    assert fake_editor.read_text() == f"{chain.versions / 'aaaa1111_step.py'}\n"


def test_edit_current_on_empty_database(chain, fake_editor):
    assert failed(chain.run("edit", "current")) == "FAILED: No current revisions"


def test_edit_without_editor(chain, monkeypatch, tmp_path):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    line = failed(chain.run("edit", "bbbb"))
    assert "EDITOR" in line and "VISUAL" in line


def test_editor_with_arguments(tmp_path, monkeypatch):
    from alembic.util.editor import open_in_editor

    log = tmp_path / "args.log"
    script = tmp_path / "ed"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'w').write(repr(sys.argv[1:]))\n"
    )
    script.chmod(0o755)
    open_in_editor(
        "file.py", environ={"EDITOR": f"{script} --wait", "PATH": os.defpath}
    )
    assert log.read_text() == "['--wait', 'file.py']"


# -- argument rules of the database commands ----------------------------------------


def test_upgrade_range_needs_sql(chain):
    assert (
        failed(chain.run("upgrade", "aaaa1111:bbbb2222"))
        == "FAILED: Range revision not allowed"
    )


def test_downgrade_range_needs_sql(chain):
    assert (
        failed(chain.run("downgrade", "bbbb2222:aaaa1111"))
        == "FAILED: Range revision not allowed"
    )


def test_downgrade_sql_needs_range(chain):
    assert failed(chain.run("downgrade", "base", "--sql")) == (
        "FAILED: downgrade with --sql requires <fromrev>:<torev>"
    )


def test_stamp_sql_single_start(chain):
    assert failed(
        chain.run("stamp", "aaaa1111:bbbb2222", "bbbb2222:cccc3333", "--sql")
    ) == (
        "FAILED: Stamp operation with --sql only supports a single starting revision at a time"
    )


def test_stamp_purge_with_sql(chain):
    assert "--purge" in failed(chain.run("stamp", "head", "--sql", "--purge"))


def test_upgrade_sql_prints_ddl(chain):
    result = chain.run("upgrade", "head", "--sql")
    assert result.code == 0, result.out
    assert "CREATE TABLE alembic_version" in result.out
    assert (
        "CREATE TABLE t_aaaa1111" in result.out
        and "CREATE TABLE t_cccc3333" in result.out
    )
    assert (
        not (chain.root / "app.db").exists()
        or os.path.getsize(chain.root / "app.db") == 0
    )


def test_upgrade_sql_range_starts_later(chain):
    out = chain.run("upgrade", "aaaa1111:cccc3333", "--sql").out
    assert "t_bbbb2222" in out and "CREATE TABLE t_aaaa1111" not in out


def test_downgrade_sql_range(chain):
    out = chain.run("downgrade", "cccc3333:aaaa1111", "--sql").out
    assert "DROP TABLE t_cccc3333" in out and "DROP TABLE t_bbbb2222" in out
    assert "DROP TABLE t_aaaa1111" not in out


def test_tag_reaches_env_py(chain):
    env_py = chain.scripts / "env.py"
    env_py.write_text(
        "from alembic import context\ncontext.config.print_stdout('tag=%s', context.get_tag_argument())\n"
    )
    assert (
        "tag=release-1"
        in chain.run("upgrade", "head", "--sql", "--tag", "release-1").out
    )


def test_broken_pipe_exits_quietly(chain):
    import contextlib
    import io

    from alembic.config import main

    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    old = os.getcwd()
    os.chdir(chain.root)
    try:
        with (
            contextlib.redirect_stdout(ClosedPipe()),
            pytest.raises(SystemExit) as exit_,
        ):
            main(argv=["upgrade", "head", "--sql"], prog="alembic")
    finally:
        os.chdir(old)
    assert exit_.value.code == 1


def test_file_template_with_single_percent_signs(project):
    project.write_config("file_template = %(year)d_%(rev)s_%(slug)s\n")
    result = project.run("revision", "-m", "Dated", "--rev-id", "abcdef123456")
    assert result.code == 0, result.out
    (path,) = project.versions.glob("*_abcdef123456_dated.py")
    assert path.name[:4].isdigit()
