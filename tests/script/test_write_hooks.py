"""Post-write hooks, run for real with black and ruff from the project venv."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from alembic.config import Config
from alembic.script import ScriptDirectory, write_hooks
from alembic.util.exc import CommandError

BIN = Path(sys.executable).parent
RUFF = str(BIN / "ruff")


def _generate(env_dir, hooks, rev="aaaa1", message="hooked"):
    script_dir = ScriptDirectory(str(env_dir), hooks=hooks)
    return Path(script_dir.generate_revision(rev, message).path)


def test_black_through_console_scripts(env_dir, capsys) -> None:
    hooks = [
        {
            "_hook_name": "black",
            "type": "console_scripts",
            "entrypoint": "black",
            "options": "-l 79 -q",
        }
    ]
    path = _generate(env_dir, hooks)
    text = path.read_text()
    assert (
        'revision: str = "aaaa1"\n' in text
    )  # black turned repr()'s quotes into double quotes
    assert "revision: str = 'aaaa1'" not in text
    out = capsys.readouterr().out
    assert "Running post write hook 'black' ...\n  done\n" in out


def test_black_through_module_hook(env_dir) -> None:
    hooks = [
        {
            "_hook_name": "fmt",
            "type": "module",
            "module": "black",
            "options": "REVISION_SCRIPT_FILENAME -q",
        }
    ]
    text = _generate(env_dir, hooks).read_text()
    assert "down_revision: Union[str, Sequence[str], None] = None\n" in text
    assert 'revision: str = "aaaa1"\n' in text


def test_ruff_through_exec(env_dir) -> None:
    hooks = [
        {
            "_hook_name": "lint",
            "type": "exec",
            "executable": RUFF,
            "options": "check --fix --quiet --select F401 --no-cache REVISION_SCRIPT_FILENAME",
        },
        {
            "_hook_name": "format",
            "type": "exec",
            "executable": RUFF,
            "options": "format --quiet --no-cache REVISION_SCRIPT_FILENAME",
        },
    ]
    text = _generate(env_dir, hooks).read_text()
    assert "import sqlalchemy as sa" not in text  # unused import removed by ruff --fix
    assert "from alembic import op" not in text
    assert 'revision: str = "aaaa1"\n' in text  # ruff format's quotes
    compile(text, "x", "exec")


def test_token_substitution_and_cwd(env_dir, tmp_path) -> None:
    code = (
        "import os, sys; open(sys.argv[1], 'w').write(os.getcwd() + '|' + sys.argv[2])"
    )
    workdir = tmp_path / "work"
    workdir.mkdir()
    hooks = [
        {
            "_hook_name": "probe",
            "type": "exec",
            "executable": sys.executable,
            "options": f"-c {shlex.quote(code)} out.txt --file=REVISION_SCRIPT_FILENAME",
            "cwd": str(workdir),
        }
    ]
    path = _generate(env_dir, hooks)
    cwd, arg = (workdir / "out.txt").read_text().split("|")
    assert cwd == str(workdir)
    assert arg == f"--file={path}"


def test_token_prepended_when_absent() -> None:
    assert write_hooks._parse_cmdline_options("-l 79 'a b'", "/x/y.py") == [
        "/x/y.py",
        "-l",
        "79",
        "a b",
    ]
    assert write_hooks._parse_cmdline_options("", "/x/y.py") == ["/x/y.py"]
    assert write_hooks._parse_cmdline_options(
        "--a REVISION_SCRIPT_FILENAME", "/p.py"
    ) == ["--a", "/p.py"]


def test_custom_hook_registration(env_dir) -> None:
    seen = []

    @write_hooks.register("h3_custom")
    def custom(filename, options):
        seen.append((filename, options["flavour"]))
        Path(filename).write_text(
            Path(filename).read_text().replace("hooked", "HOOKED")
        )

    try:
        assert write_hooks._registry["h3_custom"] is custom
        path = _generate(
            env_dir, [{"_hook_name": "mine", "type": "h3_custom", "flavour": "x"}]
        )
        assert seen == [(str(path), "x")]
        assert path.read_text().startswith('"""HOOKED')
        write_hooks._invoke("h3_custom", path, {"flavour": "y"})
        assert seen[-1] == (str(path), "y")
    finally:
        write_hooks._registry.pop("h3_custom", None)


@pytest.mark.parametrize(
    "hook, message",
    [
        (
            {"_hook_name": "black"},
            "Key 'black.type' (or 'type' in toml) is required for post write hook 'black'",
        ),
        (
            {"_hook_name": "x", "type": "nope"},
            "No formatter with name 'nope' registered",
        ),
        (
            {
                "_hook_name": "cs",
                "type": "console_scripts",
                "entrypoint": "no-such-tool-h3",
            },
            "Could not find entrypoint console_scripts.no-such-tool-h3",
        ),
        (
            {"_hook_name": "cs", "type": "console_scripts"},
            "Key cs.entrypoint is required for post write hook 'cs'",
        ),
        (
            {"_hook_name": "ruff", "type": "exec"},
            "Key ruff.executable is required for post write hook 'ruff'",
        ),
        (
            {"_hook_name": "m", "type": "module"},
            "Key m.module is required for post write hook 'm'",
        ),
    ],
)
def test_hook_errors(env_dir, hook, message) -> None:
    with pytest.raises(CommandError) as info:
        _generate(env_dir, [hook])
    assert str(info.value) == message


def test_missing_executable_is_a_clear_error(env_dir, tmp_path) -> None:
    missing = str(tmp_path / "no-such-binary")
    with pytest.raises(CommandError, match="could not start") as info:
        _generate(
            env_dir, [{"_hook_name": "gone", "type": "exec", "executable": missing}]
        )
    assert missing in str(info.value) and "'gone'" in str(info.value)


def test_failing_hook_is_not_reported_and_keeps_the_file(env_dir, capfd) -> None:
    """Alembic 1.20.1 (observed: an ``exec`` hook exiting 4 after printing to
    stdout and stderr) ignores the exit status: the program's output shows,
    then ``done``, no warning, and the command succeeds."""
    import warnings

    hooks = [
        {
            "_hook_name": "fail",
            "type": "exec",
            "executable": sys.executable,
            "options": "-c 'import sys; print(1); "
            "print(2, file=sys.stderr); sys.exit(4)' REVISION_SCRIPT_FILENAME",
        }
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = _generate(env_dir, hooks)
    assert path.exists()
    captured = capfd.readouterr()
    assert captured.out.endswith("Running post write hook 'fail' ...\n1\n  done\n")
    assert captured.err == "2\n"


def test_module_hook_runs_python_dash_m(env_dir, tmp_path, monkeypatch, capfd) -> None:
    """Alembic 1.20.1 runs ``type = module`` as ``python -m <module>
    <options>`` (observed: a module in the working directory is found, its
    ``sys.argv`` holds the file then the options, and a non-zero exit is
    not reported)."""
    (tmp_path / "myfmt.py").write_text(
        "import sys\n"
        "print('myfmt', sys.argv[0].endswith('myfmt.py'), "
        "sys.argv[1].rsplit('/', 1)[-1], sys.argv[2:])\n"
        "sys.exit(3)\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # as prepend_sys_path = . does
    hooks = [
        {
            "_hook_name": "m",
            "type": "module",
            "module": "myfmt",
            "options": "REVISION_SCRIPT_FILENAME 3",
        }
    ]
    _generate(env_dir, hooks, rev="bbbb2", message="m")
    out = capfd.readouterr().out
    assert out.endswith(
        "Running post write hook 'm' ...\nmyfmt True bbbb2_m.py ['3']\n  done\n"
    )


def test_module_hook_unknown_module(env_dir) -> None:
    """Alembic 1.20.1: ``FAILED: Could not find module nosuchmod_xyz``; ours
    goes on to say what to do."""
    hooks = [{"_hook_name": "m", "type": "module", "module": "nosuchmod_xyz"}]
    with pytest.raises(CommandError) as info:
        _generate(env_dir, hooks)
    assert str(info.value).startswith("Could not find module nosuchmod_xyz;")


def test_hooks_from_ini_config(env_dir, tmp_path) -> None:
    ini = tmp_path / "alembic.ini"
    ini.write_text(
        "[alembic]\n"
        f"script_location = {env_dir}\n"
        "[post_write_hooks]\n"
        "hooks = black, ruff\n"
        "black.type = console_scripts\n"
        "black.entrypoint = black\n"
        "black.options = -q\n"
        "ruff.type = exec\n"
        f"ruff.executable = {RUFF}\n"
        "ruff.options = check --fix --quiet --select F401 --no-cache REVISION_SCRIPT_FILENAME\n"
    )
    script_dir = ScriptDirectory.from_config(Config(str(ini)))
    assert [h["_hook_name"] for h in script_dir.hooks] == ["black", "ruff"]
    text = Path(script_dir.generate_revision("abcd1", "from ini").path).read_text()
    assert 'revision: str = "abcd1"' in text and "import sqlalchemy" not in text


def test_hooks_from_pyproject(env_dir, tmp_path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text(
        "[tool.alembic]\n"
        f"script_location = {str(env_dir)!r}\n"
        "[[tool.alembic.post_write_hooks]]\n"
        'name = "black"\ntype = "console_scripts"\nentrypoint = "black"\noptions = "-q"\n'
    )
    script_dir = ScriptDirectory.from_config(Config(toml_file=str(toml)))
    text = Path(script_dir.generate_revision("abcd1", "from toml").path).read_text()
    assert 'revision: str = "abcd1"' in text


def test_legacy_flat_section_form(env_dir) -> None:
    hooks = {
        "hooks": "black",
        "black.type": "console_scripts",
        "black.entrypoint": "black",
        "black.options": "-q",
    }
    text = _generate(env_dir, hooks).read_text()
    assert 'revision: str = "aaaa1"' in text
