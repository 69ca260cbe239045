"""Config: ini and pyproject.toml reading, interpolation, lists, hooks."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from alembic.config import Config
from alembic.util.exc import CommandError


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return write(
        tmp_path / "alembic.ini",
        """\
        [alembic]
        script_location = %(here)s/migrations
        sqlalchemy.url = postgresql://scott:p%40ss@localhost/test
        doubled = postgresql://scott:p%%40ss@localhost/test
        revision_environment = true
        sourceless = True

        [other]
        key = value
        """,
    )


def test_here_is_the_ini_directory(ini: Path):
    cfg = Config(str(ini))
    assert (
        cfg.get_main_option("script_location") == f"{ini.parent.as_posix()}/migrations"
    )
    assert cfg.config_file_name == str(ini)
    assert cfg._config_file_path == ini
    assert cfg.config_ini_section == "alembic"


def test_percent_in_password_needs_no_doubling_and_doubling_still_works(ini: Path):
    cfg = Config(str(ini))
    assert (
        cfg.get_main_option("sqlalchemy.url")
        == "postgresql://scott:p%40ss@localhost/test"
    )
    assert cfg.get_main_option("doubled") == "postgresql://scott:p%40ss@localhost/test"


def test_set_main_option_accepts_single_and_double_percent(ini: Path):
    cfg = Config(str(ini))
    cfg.set_main_option("a", "x%41y")
    cfg.set_main_option("b", "x%%41y")
    assert cfg.get_main_option("a") == "x%41y"
    assert cfg.get_main_option("b") == "x%41y"


def test_env_interpolation_with_default(ini: Path, monkeypatch):
    monkeypatch.delenv("H2_TEST_URL", raising=False)
    cfg = Config(str(ini))
    cfg.set_main_option("url", "${H2_TEST_URL:-sqlite:///%(here)s/app.db}")
    assert cfg.get_main_option("url") == f"sqlite:///{ini.parent.as_posix()}/app.db"
    monkeypatch.setenv("H2_TEST_URL", "postgresql://u:p%40ss@h/db")
    # the variable's value is taken literally: no % processing
    assert cfg.get_main_option("url") == "postgresql://u:p%40ss@h/db"
    monkeypatch.setenv("H2_TEST_URL", "")
    assert cfg.get_main_option("url").startswith("sqlite:///")


def test_env_interpolation_dash_form_and_escape(ini: Path, monkeypatch):
    cfg = Config(str(ini))
    monkeypatch.setenv("H2_EMPTY", "")
    cfg.set_main_option("a", "[${H2_EMPTY-fallback}]")
    cfg.set_main_option("b", "$${NOT_A_VAR} costs $5")
    assert cfg.get_main_option("a") == "[]"
    assert cfg.get_main_option("b") == "${NOT_A_VAR} costs $5"


def test_unset_env_variable_is_a_clear_error(ini: Path, monkeypatch):
    monkeypatch.delenv("H2_MISSING_VAR", raising=False)
    cfg = Config(str(ini))
    cfg.set_main_option("sqlalchemy.url", "${H2_MISSING_VAR}")
    with pytest.raises(CommandError) as err:
        cfg.get_main_option("sqlalchemy.url")
    message = str(err.value)
    assert (
        "H2_MISSING_VAR" in message
        and "sqlalchemy.url" in message
        and str(ini) in message
    )
    assert "\n" not in message


def test_missing_reference_names_the_option(ini: Path):
    cfg = Config(str(ini))
    cfg.set_main_option("bad", "%(nowhere)s/x")
    with pytest.raises(CommandError, match=r"bad.*nowhere"):
        cfg.get_main_option("bad")


def test_get_section_and_default(ini: Path):
    cfg = Config(str(ini))
    section = cfg.get_section("other")
    assert section["key"] == "value"
    assert section["here"] == ini.parent.as_posix()
    assert cfg.get_section("nope") is None
    assert cfg.get_section("nope", {"x": "y"}) == {"x": "y"}


def test_get_section_option_errors_for_missing_section(ini: Path):
    cfg = Config(str(ini))
    with pytest.raises(CommandError) as err:
        cfg.get_section_option("missing", "x")
    assert (
        str(err.value)
        == f"No config file {str(ini)!r} found, or file has no '[missing]' section"
    )
    assert cfg.get_section_option("other", "absent", "dflt") == "dflt"


def test_remove_main_option(ini: Path):
    cfg = Config(str(ini))
    cfg.remove_main_option("doubled")
    assert cfg.get_main_option("doubled") is None


def test_ini_section_name(tmp_path: Path):
    path = write(tmp_path / "a.ini", "[alembic]\nx = 1\n[second]\nx = 2\n")
    assert Config(str(path), ini_section="second").get_main_option("x") == "2"


def test_config_args_are_interpolation_defaults(tmp_path: Path):
    path = write(tmp_path / "a.ini", "[alembic]\nurl = sqlite:///%(dbdir)s/x.db\n")
    cfg = Config(str(path), config_args={"dbdir": "/data"})
    assert cfg.get_main_option("url") == "sqlite:////data/x.db"
    assert cfg.config_args["here"] == tmp_path.as_posix()


def test_boolean_options(ini: Path):
    cfg = Config(str(ini))
    assert cfg.get_alembic_boolean_option("revision_environment") is True
    # ini values must be exactly "true"
    assert cfg.get_alembic_boolean_option("sourceless") is False
    assert cfg.get_alembic_boolean_option("absent") is False


def test_no_file_gives_empty_main_section():
    cfg = Config()
    assert cfg.get_main_option("script_location") is None
    cfg.set_main_option("script_location", "somewhere")
    assert cfg.get_main_option("script_location") == "somewhere"


def test_attributes_and_constructor_attributes(ini: Path):
    buf = io.StringIO()
    cfg = Config(
        str(ini), stdout=buf, attributes={"connection": "c"}, output_buffer=buf
    )
    assert cfg.attributes == {"connection": "c"}
    assert cfg.output_buffer is buf
    assert cfg.cmd_opts is None
    cfg.print_stdout("hello %s", "world")
    cfg.print_stdout("100%")
    assert buf.getvalue() == "hello world\n100%\n"


def test_print_stdout_quiet(ini: Path):
    import argparse

    buf = io.StringIO()
    cfg = Config(str(ini), stdout=buf, cmd_opts=argparse.Namespace(quiet=True))
    cfg.print_stdout("hidden")
    assert buf.getvalue() == ""
    assert cfg.messaging_opts["quiet"] is True


# -- pyproject -----------------------------------------------------------------


@pytest.fixture
def toml(tmp_path: Path) -> Path:
    return write(
        tmp_path / "pyproject.toml",
        """\
        [project]
        name = "x"

        [tool.alembic]
        script_location = "%(here)s/alembic"
        version_locations = ["%(here)s/a", "%(here)s/b"]
        prepend_sys_path = ["."]
        file_template = "%%(rev)s_%%(slug)s"
        sourceless = true
        recursive_version_locations = "yes"
        truncate_slug_length = 20
        url = "${H2_TOML_URL:-sqlite:///%(here)s/t.db}"

        [[tool.alembic.post_write_hooks]]
        name = "black"
        type = "console_scripts"
        entrypoint = "black"
        options = "-l 79 REVISION_SCRIPT_FILENAME"
        """,
    )


def test_toml_values_and_interpolation(toml: Path, monkeypatch):
    monkeypatch.delenv("H2_TOML_URL", raising=False)
    here = toml.parent.as_posix()
    cfg = Config(toml_file=str(toml))
    assert cfg.toml_file_name == str(toml)
    assert cfg._toml_file_path == toml
    assert cfg.get_alembic_option("script_location") == f"{here}/alembic"
    assert cfg.get_alembic_option("file_template") == "%(rev)s_%(slug)s"
    assert cfg.get_alembic_option("truncate_slug_length") == 20
    assert cfg.get_alembic_option("url") == f"sqlite:///{here}/t.db"
    assert cfg.get_alembic_option("absent", "d") == "d"
    assert cfg.get_version_locations_list() == [f"{here}/a", f"{here}/b"]
    assert cfg.get_prepend_sys_paths_list() == ["."]
    assert cfg.toml_alembic_config["sourceless"] is True


def test_toml_booleans_must_be_real_booleans(toml: Path):
    cfg = Config(toml_file=str(toml))
    assert cfg.get_alembic_boolean_option("sourceless") is True
    with pytest.raises(
        CommandError,
        match="boolean value expected for TOML parameter 'recursive_version_locations'",
    ):
        cfg.get_alembic_boolean_option("recursive_version_locations")


def test_ini_wins_over_toml(toml: Path):
    ini = write(toml.parent / "alembic.ini", "[alembic]\nscript_location = from_ini\n")
    cfg = Config(str(ini), toml_file=str(toml))
    assert cfg.get_alembic_option("script_location") == "from_ini"
    assert cfg.get_alembic_option("file_template") == "%(rev)s_%(slug)s"


def test_toml_hooks(toml: Path):
    hooks = Config(toml_file=str(toml)).get_hooks_list()
    assert hooks == [
        {
            "_hook_name": "black",
            "type": "console_scripts",
            "entrypoint": "black",
            "options": "-l 79 REVISION_SCRIPT_FILENAME",
        }
    ]


def test_toml_without_alembic_table(tmp_path: Path):
    path = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    cfg = Config(toml_file=str(path))
    assert cfg.toml_alembic_config == {}
    assert cfg.get_alembic_option("script_location") is None


def test_toml_syntax_error_is_a_command_error(tmp_path: Path):
    path = write(tmp_path / "pyproject.toml", "[tool.alembic\n")
    with pytest.raises(CommandError, match="pyproject.toml"):
        Config(toml_file=str(path)).get_alembic_option("x")


# -- lists and hooks from ini --------------------------------------------------


@pytest.mark.parametrize(
    "separator, raw, expected",
    [
        ("os", "a:b", ["a", "b"]),
        ("space", "a b  c", ["a", "b", "c"]),
        ("newline", "\n    a\n    b", ["a", "b"]),
        (";", "a;b", ["a", "b"]),
        (":", "a:b", ["a", "b"]),
    ],
)
def test_path_separator(tmp_path: Path, separator, raw, expected):
    path = tmp_path / "alembic.ini"
    path.write_text(
        f"[alembic]\npath_separator = {separator}\nversion_locations = {raw}\nprepend_sys_path = {raw}\n"
    )
    cfg = Config(str(path))
    assert cfg.get_version_locations_list() == expected
    assert cfg.get_prepend_sys_paths_list() == expected


def test_bad_path_separator(tmp_path: Path):
    path = write(
        tmp_path / "alembic.ini",
        "[alembic]\npath_separator = comma\nversion_locations = a,b\n",
    )
    with pytest.raises(
        ValueError, match="'comma' is not a valid value for path_separator"
    ):
        Config(str(path)).get_version_locations_list()


def test_legacy_splitting_warns(tmp_path: Path):
    path = write(
        tmp_path / "alembic.ini",
        "[alembic]\nversion_locations = a, b c\nprepend_sys_path = x:y z\n",
    )
    cfg = Config(str(path))
    with pytest.warns(DeprecationWarning, match="path_separator"):
        assert cfg.get_version_locations_list() == ["a", "b", "c"]
    with pytest.warns(DeprecationWarning):
        assert cfg.get_prepend_sys_paths_list() == ["x", "y", "z"]


def test_version_path_separator_is_deprecated(tmp_path: Path):
    path = write(
        tmp_path / "alembic.ini",
        "[alembic]\nversion_path_separator = ;\nversion_locations = a;b\n",
    )
    with pytest.warns(DeprecationWarning, match="version_path_separator"):
        assert Config(str(path)).get_version_locations_list() == ["a", "b"]


def test_ini_hooks(tmp_path: Path):
    path = write(
        tmp_path / "alembic.ini",
        """\
        [alembic]
        script_location = x

        [post_write_hooks]
        hooks = black, ruff
        black.type = console_scripts
        black.entrypoint = black
        ruff.type = exec
        ruff.executable = %(here)s/.venv/bin/ruff
        ruff.options = check --fix REVISION_SCRIPT_FILENAME
        """,
    )
    hooks = Config(str(path)).get_hooks_list()
    assert [h["_hook_name"] for h in hooks] == ["black", "ruff"]
    assert hooks[0]["type"] == "console_scripts" and hooks[0]["entrypoint"] == "black"
    assert hooks[1]["executable"] == f"{tmp_path.as_posix()}/.venv/bin/ruff"
    assert hooks[1]["options"] == "check --fix REVISION_SCRIPT_FILENAME"


def test_template_directory_is_overridable(tmp_path: Path):
    class MyConfig(Config):
        def get_template_directory(self) -> str:
            return str(tmp_path)

    assert MyConfig()._get_template_path() == tmp_path
    assert Path(Config().get_template_directory()).name == "templates"


def test_file_template_tokens_work_with_single_or_double_percent(tmp_path: Path):
    ini = write(
        tmp_path / "alembic.ini",
        """\
        [alembic]
        file_template = %(year)d_%(rev)s_%(slug)s
        other = %%(year)d_%%(rev)s
        """,
    )
    cfg = Config(str(ini))
    assert cfg.get_main_option("file_template") == "%(year)d_%(rev)s_%(slug)s"
    assert cfg.get_main_option("other") == "%(year)d_%(rev)s"
    toml = write(
        tmp_path / "pyproject.toml",
        '[tool.alembic]\nfile_template = "%(rev)s_%(slug)s"\n',
    )
    assert (
        Config(toml_file=str(toml)).get_alembic_option("file_template")
        == "%(rev)s_%(slug)s"
    )
    # elsewhere an undefined reference is still an error
    cfg.set_main_option("url", "%(rev)s")
    with pytest.raises(CommandError, match="not defined"):
        cfg.get_main_option("url")


def test_missing_named_file_is_reported_on_main_option(tmp_path: Path):
    cfg = Config(str(tmp_path / "absent.ini"))
    with pytest.raises(
        CommandError,
        match="No config file .*absent.ini.* found, or file has no '\\[alembic\\]' section",
    ):
        cfg.get_main_option("sqlalchemy.url")
    assert cfg.get_alembic_option("script_location") is None
    cfg.set_main_option("sqlalchemy.url", "sqlite://")
    assert cfg.get_main_option("sqlalchemy.url") == "sqlite://"


# -- issue 11 item 8: the reads a tool sees ------------------------------------


def _spy_open(monkeypatch) -> list[tuple[str, str]]:
    import builtins

    real_open = builtins.open
    calls: list[tuple[str, str]] = []

    def spy(file, mode="r", *args, **kw):
        calls.append((Path(file).name, mode))
        return real_open(file, mode, *args, **kw)

    monkeypatch.setattr(builtins, "open", spy)
    return calls


def test_absent_ini_is_still_opened_then_the_toml(tmp_path: Path, monkeypatch):
    """Observed from Alembic 1.20.1 (``open`` patched with a spy): reading an
    option opens ``alembic.ini`` through ConfigParser.read even when it does
    not exist, then ``pyproject.toml`` (``rb``); an absent pyproject.toml is
    not opened."""
    monkeypatch.chdir(tmp_path)
    calls = _spy_open(monkeypatch)
    cfg = Config(file_="alembic.ini", toml_file="pyproject.toml")
    assert cfg.get_alembic_option("script_location", "dflt") == "dflt"
    assert calls == [("alembic.ini", "r")]
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", "[tool.alembic]\nscript_location = 'x'\n")
    calls = _spy_open(monkeypatch)
    cfg = Config(file_="alembic.ini", toml_file="pyproject.toml")
    assert cfg.get_alembic_option("script_location", "dflt") == "x"
    assert cfg.get_alembic_option("script_location", "dflt") == "x"
    assert calls == [("alembic.ini", "r"), ("pyproject.toml", "rb")]
    with pytest.raises(
        CommandError,
        match=r"^No config file 'alembic.ini' found, or file has no '\[alembic\]' section$",
    ):
        cfg.get_main_option("script_location")


def test_reads_fed_by_a_mocked_open(tmp_path: Path, monkeypatch):
    """pytest-alembic's config tests feed both reads through a mocked
    ``open`` (first the ini text, then the toml bytes) with no files on
    disk; under Alembic 1.20.1 the toml value is found."""
    from unittest import mock

    monkeypatch.chdir(tmp_path)
    m_open = mock.mock_open()
    m_open.side_effect = [
        mock.mock_open(read_data=data).return_value
        for data in ("[alembic]", b"[tool.alembic]\nscript_location = 'asdf'")
    ]
    exists = mock.patch("alembic.config.Config._toml_file_path", return_value=True)
    with exists, mock.patch("builtins.open", m_open):
        cfg = Config(file_="alembic.ini", toml_file="pyproject.toml")
        assert cfg.get_alembic_option("script_location", "migrations") == "asdf"
    assert cfg.file_config.has_section("alembic")
