"""The command line itself: global options, config discovery, errors, exit codes."""

from __future__ import annotations

import argparse

import alembic
from alembic.cli import CommandLine


def one_failed_line(result, status: int = 255) -> str:
    """The single FAILED line of a failed run (and assert there is exactly one)."""
    failed = [line for line in result.out.splitlines() if line.startswith("FAILED:")]
    assert result.code == status, result
    assert len(failed) == 1, result.out
    return failed[0]


def test_version_is_three_integers():
    parts = alembic.__version__.split(".")
    assert len(parts) == 3 and all(int(p) >= 0 for p in parts)
    assert alembic.__version__ == "1.20.1"


def test_version_flag(run_sub, tmp_path):
    result = run_sub(tmp_path, "--version")
    assert result.code == 0
    assert result.out.startswith("alembic 1.20.1 ")
    assert "1.20.1.post1" in result.out and "independent" in result.out


def test_no_command_is_an_argparse_error(run_sub, tmp_path):
    result = run_sub(tmp_path)
    assert result.code == 2
    assert "too few arguments" in result.err


def test_missing_default_config(run_sub, tmp_path):
    result = run_sub(tmp_path, "heads")
    line = one_failed_line(result)
    # Alembic 1.20.1's text first (checked with tools/oracle_diff.py), then ours.
    assert line.startswith("FAILED: No 'script_location' key found in configuration. ")
    assert "'alembic.ini'" in line and "alembic init" in line
    assert "Traceback" not in result.err


def test_missing_explicit_config(run_cli, tmp_path):
    result = run_cli(tmp_path, "-c", "conf/missing.ini", "history")
    line = one_failed_line(result)
    assert line.startswith("FAILED: No 'script_location' key found in configuration. ")
    assert "conf/missing.ini" in line and "alembic init" in line


def test_alembic_config_env_var_missing(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("ALEMBIC_CONFIG", "elsewhere.ini")
    line = one_failed_line(run_cli(tmp_path, "heads"))
    assert "elsewhere.ini" in line


def test_alembic_config_env_var(project, monkeypatch):
    project.add("aaaa1111")
    (project.root / "alembic.ini").rename(project.root / "custom.ini")
    monkeypatch.setenv("ALEMBIC_CONFIG", "custom.ini")
    from alembic.config import main  # noqa: F401 - the in-process runner reads the env

    result = project.run("heads")
    assert result.code == 0, result.out
    assert result.out.strip() == "aaaa1111 (head)"


def test_alembic_config_env_var_may_name_pyproject(project, monkeypatch):
    project.add("aaaa1111")
    (project.root / "alembic.ini").unlink()
    sub = project.root / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text(
        '[tool.alembic]\nscript_location = "%(here)s/../migrations"\n'
    )
    monkeypatch.setenv("ALEMBIC_CONFIG", "sub/pyproject.toml")
    result = project.run("heads")
    assert result.code == 0, result.out
    assert result.out.strip() == "aaaa1111 (head)"


def test_ini_without_alembic_section(run_cli, tmp_path):
    (tmp_path / "alembic.ini").write_text("[other]\nx = 1\n")
    line = one_failed_line(run_cli(tmp_path, "heads"))
    # Alembic 1.20.1 says only the first sentence (checked with tools/oracle_diff.py)
    assert line == (
        "FAILED: No 'script_location' key found in configuration. "
        "Config file 'alembic.ini' has no '[alembic]' section; add one, or name another with -n"
    )


def test_missing_script_location(run_cli, tmp_path):
    (tmp_path / "alembic.ini").write_text("[alembic]\nsqlalchemy.url = sqlite://\n")
    line = one_failed_line(run_cli(tmp_path, "heads"))
    assert line == "FAILED: No 'script_location' key found in configuration."


def test_script_location_that_does_not_exist(run_cli, tmp_path):
    (tmp_path / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s/nowhere\n"
    )
    line = one_failed_line(run_cli(tmp_path, "heads"))
    assert "nowhere" in line and "init" in line


def test_broken_ini_syntax(run_cli, tmp_path):
    (tmp_path / "alembic.ini").write_text("[alembic\nscript_location = x\n")
    line = one_failed_line(run_cli(tmp_path, "heads"))
    assert "alembic.ini" in line


def test_unset_env_var_in_config_fails_cleanly(project, monkeypatch):
    monkeypatch.delenv("H2_NOT_SET", raising=False)
    project.write_config("\n[post_write_hooks]\n")
    ini = project.root / "alembic.ini"
    ini.write_text(ini.read_text().replace("%(here)s/migrations", "${H2_NOT_SET}"))
    line = one_failed_line(project.run("heads"))
    assert "H2_NOT_SET" in line and "script_location" in line


def test_env_default_in_script_location(project, monkeypatch):
    project.add("aaaa1111")
    monkeypatch.delenv("H2_SCRIPTS", raising=False)
    ini = project.root / "alembic.ini"
    ini.write_text(
        ini.read_text().replace(
            "%(here)s/migrations", "${H2_SCRIPTS:-%(here)s/migrations}"
        )
    )
    assert project.run("heads").out.strip() == "aaaa1111 (head)"
    monkeypatch.setenv("H2_SCRIPTS", str(project.root / "nope"))
    assert "nope" in one_failed_line(project.run("heads"))


def test_raiseerr_shows_traceback(run_sub, tmp_path):
    (tmp_path / "alembic.ini").write_text("[alembic]\nsqlalchemy.url = sqlite://\n")
    plain = run_sub(tmp_path, "heads")
    assert plain.code == 255 and "Traceback" not in plain.err
    raised = run_sub(tmp_path, "--raiseerr", "heads")
    assert raised.code == 1
    assert "Traceback" in raised.err and "CommandError" in raised.err
    assert "No 'script_location' key found" in raised.err


def test_config_twice_ini_and_pyproject(project):
    project.add("aaaa1111")
    (project.root / "alembic.ini").unlink()
    conf = project.root / "conf"
    conf.mkdir()
    (conf / "db.ini").write_text("[alembic]\nsqlalchemy.url = sqlite://\n")
    (conf / "pyproject.toml").write_text(
        '[tool.alembic]\nscript_location = "%(here)s/../migrations"\n'
    )
    result = project.run("-c", "conf/db.ini", "-c", "conf/pyproject.toml", "heads")
    assert result.code == 0, result.out
    assert result.out.strip() == "aaaa1111 (head)"


def test_config_twice_with_two_ini_files(project):
    line = one_failed_line(project.run("-c", "a.ini", "-c", "b.ini", "heads"))
    assert "a.ini" in line and "b.ini" in line


def test_config_pyproject_twice(project):
    line = one_failed_line(
        project.run("-c", "pyproject.toml", "-c", "x/pyproject.toml", "heads")
    )
    assert "pyproject.toml" in line


def test_pyproject_only_project(project):
    project.add("aaaa1111")
    (project.root / "alembic.ini").unlink()
    (project.root / "pyproject.toml").write_text(
        '[tool.alembic]\nscript_location = "%(here)s/migrations"\n'
    )
    assert project.run("heads").out.strip() == "aaaa1111 (head)"


def test_name_selects_ini_section(project):
    project.add("aaaa1111")
    ini = project.root / "alembic.ini"
    ini.write_text(ini.read_text().replace("[alembic]", "[custom]"))
    assert project.run("-n", "custom", "heads").out.strip() == "aaaa1111 (head)"
    line = one_failed_line(project.run("heads"))
    assert "'[alembic]'" in line


def test_quiet_silences_status_but_not_failures(project):
    result = project.run("-q", "revision", "-m", "quiet one")
    assert result.code == 0
    assert result.out == ""
    assert len(list(project.versions.glob("*quiet_one.py"))) == 1
    loud = project.run("revision", "-m", "loud one")
    assert loud.out.startswith("Generating ") and loud.out.rstrip().endswith(
        "...  done"
    )
    failed = project.run("-q", "show", "zzzz9999")
    assert failed.code == 255 and failed.out.startswith("FAILED:")


def test_x_arguments_reach_env_py(project):
    env_py = project.scripts / "env.py"
    env_py.write_text(
        "from alembic import context\n"
        "config = context.config\n"
        "config.print_stdout('x=%s', context.get_x_argument())\n"
        "config.print_stdout('d=%s', sorted(context.get_x_argument(as_dictionary=True).items()))\n"
        "config.print_stdout('cmd_x=%s', config.cmd_opts.x)\n"
    )
    project.add("aaaa1111")
    result = project.run("-x", "a=1", "-x", "flag", "history", "-i")
    assert "x=['a=1', 'flag']" in result.out
    assert "d=[('a', '1'), ('flag', '')]" in result.out
    assert "cmd_x=['a=1', 'flag']" in result.out


def test_database_errors_are_one_line_failures(project):
    """Exit status 1: Alembic 1.20.1 ends this run with a traceback (oracle)."""
    project.write_config()
    ini = project.root / "alembic.ini"
    ini.write_text(
        ini.read_text().replace(project.url, "sqlite:////nonexistent-dir-h2/x/y.db")
    )
    project.add("aaaa1111")
    result = project.run("upgrade", "head")
    line = one_failed_line(result, status=1)
    assert "unable to open database file" in line and "--raiseerr" in line


# -- the parser built from command signatures -----------------------------------


def parse(*argv: str) -> argparse.Namespace:
    return CommandLine(prog="alembic").parser.parse_args(list(argv))


def test_every_command_is_a_subcommand():
    from alembic import command

    parser = CommandLine(prog="alembic").parser
    choices = parser._subparsers._group_actions[0].choices
    assert set(choices) == set(command.__all__)


def test_revision_flags_map_to_keywords():
    options = parse(
        "revision",
        "-m",
        "msg",
        "--autogenerate",
        "--head",
        "abc@head",
        "--splice",
        "--branch-label",
        "lbl",
        "--version-path",
        "vp",
        "--rev-id",
        "r1",
        "--depends-on",
        "d1",
        "--depends-on",
        "d2",
        "--sql",
    )
    fn, positional, keyword = options.cmd
    assert fn.__name__ == "revision" and positional == []
    assert (options.message, options.autogenerate, options.head, options.splice) == (
        "msg",
        True,
        "abc@head",
        True,
    )
    assert (options.branch_label, options.version_path, options.rev_id) == (
        "lbl",
        "vp",
        "r1",
    )
    assert options.depends_on == ["d1", "d2"] and options.sql is True
    assert "process_revision_directives" not in vars(options)


def test_stamp_takes_several_revisions():
    options = parse("stamp", "a", "b", "--purge", "--tag", "t")
    assert options.revisions == ["a", "b"] and options.purge and options.tag == "t"
    assert options.cmd[1] == ["revisions"]


def test_merge_and_other_positionals():
    assert parse("merge", "heads", "-m", "m").revisions == ["heads"]
    assert parse("upgrade", "+2", "--sql").revision == "+2"
    assert parse("show", "current").rev == "current"
    assert parse("init", "dir", "-t", "async", "--package").template == "async"
    assert parse("history", "-r-3:current", "-v", "-i").rev_range == "-3:current"
    assert parse("current", "-c", "-v").check_heads is True
    assert parse("heads", "--resolve-dependencies").resolve_dependencies is True
    assert parse("init", "dir").template == "generic"
    assert parse("-x", "a=b", "-n", "sec", "-q", "--raiseerr", "heads").x == ["a=b"]


def test_subcommand_parsers_are_complete_when_used():
    cli = CommandLine(prog="alembic")
    upgrade = cli.subparsers.choices["upgrade"]
    usage = " ".join(upgrade.format_usage().split())
    assert usage.startswith("usage: alembic upgrade") and "[--sql]" in usage
    assert "revision" in usage
    dests = {action.dest for action in upgrade._actions}
    assert {"sql", "tag", "revision", "help"} <= dests
    namespace = cli.parser.parse_args(["stamp", "--purge", "a", "b"])
    assert namespace.revisions == ["a", "b"] and namespace.purge is True


def test_register_command_reads_a_wrapped_function_signature():
    import functools

    def word(config, word, times=None, *, loud=False):
        """Say a word."""

    @functools.wraps(word)
    def wrapper(*args, **kwargs):
        return word(*args, **kwargs)

    cli = CommandLine(prog="alembic")
    cli.register_command(wrapper)
    fn, positional, keyword = cli.parser.parse_args(["word", "hi"]).cmd
    assert fn is wrapper
    assert positional == ["word"] and keyword == ["times", "loud"]


def test_register_command(project):
    calls = []

    def shout(config, word, times=None):
        """Print a word.

        More text that is not help.
        """
        calls.append((config.get_main_option("script_location"), word))
        config.print_stdout(word.upper())

    cli = CommandLine(prog="alembic")
    cli.register_command(shout)
    help_text = cli.parser.format_help()
    assert (
        "shout" in help_text
        and "Print a word." in help_text
        and "More text" not in help_text
    )
    import io
    import os

    buf = io.StringIO()
    old = os.getcwd()
    os.chdir(project.root)
    try:
        cli.main(argv=["shout", "hello"], stdout=buf)
    finally:
        os.chdir(old)
    assert buf.getvalue() == "HELLO\n"
    assert calls == [(f"{project.root.as_posix()}/migrations", "hello")]


def test_config_main_and_commandline_are_exported():
    import alembic.config

    assert alembic.config.CommandLine is CommandLine
    assert callable(alembic.config.main)


def test_obfuscate_url_pw():
    from alembic.util import obfuscate_url_pw

    assert (
        obfuscate_url_pw("postgresql://scott:tiger@localhost/test")
        == "postgresql://scott:***@localhost/test"
    )
    assert (
        obfuscate_url_pw("postgresql+psycopg://u:p%40ss@h:5432/db")
        == "postgresql+psycopg://u:***@h:5432/db"
    )
    assert obfuscate_url_pw("sqlite:///x.db") == "sqlite:///x.db"
