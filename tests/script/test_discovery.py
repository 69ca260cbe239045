"""Finding revision files in version locations and loading them as Scripts."""

from __future__ import annotations

import os
import py_compile
import warnings

import pytest

from alembic.script import Script, ScriptDirectory
from alembic.util.exc import CommandError

MARK_BODY = "\nopen({marker!r}, 'a').write('imported\\n')\n"


def _ids(script_dir: ScriptDirectory) -> list:
    return sorted(s.revision for s in script_dir.walk_revisions())


def test_literal_headers_do_not_import_the_module(env_dir, write_rev, tmp_path) -> None:
    marker = tmp_path / "marker.txt"
    write_rev(env_dir / "versions", "aaaa1", None, doc="first one")
    write_rev(
        env_dir / "versions",
        "bbbb2",
        "aaaa1",
        body=MARK_BODY.format(marker=str(marker)),
    )
    script_dir = ScriptDirectory(str(env_dir))
    assert script_dir.get_heads() == ["bbbb2"]
    head = script_dir.get_revision("bbbb2")
    assert head.down_revision == "aaaa1"
    assert head.doc == "bbbb2"
    assert not marker.exists()
    assert callable(head.module.upgrade)
    assert marker.read_text() == "imported\n"
    assert head.module is head.module  # imported once
    assert marker.read_text() == "imported\n"


def test_non_literal_header_falls_back_to_import(env_dir, write_rev, tmp_path) -> None:
    marker = tmp_path / "marker.txt"
    write_rev(env_dir / "versions", "aaaa1", None)
    path = env_dir / "versions" / "computed.py"
    path.write_text(
        "import os\n"
        f"open({str(marker)!r}, 'a').write('imported\\n')\n"
        "revision = 'cccc3'\n"
        "down_revision = os.environ.get('NO_SUCH_VAR_H3', 'aaaa1')\n"
        "branch_labels = None\ndepends_on = None\n"
        "def upgrade():\n    pass\n"
    )
    script_dir = ScriptDirectory(str(env_dir))
    script = script_dir.get_revision("cccc3")
    assert script.down_revision == "aaaa1"
    assert marker.read_text() == "imported\n"
    assert script.path == os.path.realpath(str(path))


def test_ignored_file_names(env_dir, write_rev) -> None:
    versions = env_dir / "versions"
    write_rev(versions, "aaaa1", None)
    write_rev(versions, "dddd4", None, filename=".#dddd4_lock.py")
    write_rev(versions, "eeee5", None, filename="__init__.py")
    write_rev(versions, "ffff6", None, filename="notes.txt")
    write_rev(versions, "abab7", None, filename="abab7.pyw")
    script_dir = ScriptDirectory(str(env_dir))
    assert _ids(script_dir) == ["aaaa1"]


def test_recursive_version_locations(env_dir, write_rev) -> None:
    versions = env_dir / "versions"
    write_rev(versions, "aaaa1", None)
    write_rev(versions / "2024" / "b", "cccc3", "bbbb2")
    write_rev(versions / "2024" / "a", "bbbb2", "aaaa1")
    (versions / "__pycache__").mkdir()
    flat = ScriptDirectory(str(env_dir))
    assert _ids(flat) == ["aaaa1"]
    deep = ScriptDirectory(str(env_dir), recursive_version_locations=True)
    assert [s.revision for s in deep.walk_revisions()] == ["cccc3", "bbbb2", "aaaa1"]
    paths = Script._list_py_dir(deep, deep.versions)
    names = [os.path.relpath(p, deep.versions) for p in paths]
    assert names == [
        "aaaa1_.py",
        os.path.join("2024", "a", "bbbb2_.py"),
        os.path.join("2024", "b", "cccc3_.py"),
    ]


def test_sourceless_loads_pyc_files(env_dir, write_rev) -> None:
    versions = env_dir / "versions"
    write_rev(versions, "aaaa1", None, doc="source kept")
    src_b = write_rev(versions, "bbbb2", "aaaa1", doc="only in pycache")
    src_c = write_rev(versions, "cccc3", "bbbb2", doc="legacy pyc")
    import importlib.util

    py_compile.compile(
        str(src_b), cfile=importlib.util.cache_from_source(str(src_b)), doraise=True
    )
    py_compile.compile(str(src_c), cfile=str(src_c) + "c", doraise=True)
    py_compile.compile(
        str(versions / "aaaa1_.py"), doraise=True
    )  # beside its source: ignored
    src_b.unlink()
    src_c.unlink()
    assert _ids(ScriptDirectory(str(env_dir))) == ["aaaa1"]
    sourceless = ScriptDirectory(str(env_dir), sourceless=True)
    assert _ids(sourceless) == ["aaaa1", "bbbb2", "cccc3"]
    assert sourceless.get_revision("bbbb2").doc == "only in pycache"
    assert sourceless.get_revision("cccc3").path.endswith("cccc3_.pyc")
    assert sourceless.get_revision("aaaa1").path.endswith("aaaa1_.py")


def test_same_file_twice_warns(env_dir, write_rev, tmp_path) -> None:
    versions = env_dir / "versions"
    write_rev(versions, "aaaa1", None)
    link = tmp_path / "linked"
    os.symlink(versions, link)
    script_dir = ScriptDirectory(
        str(env_dir), version_locations=[str(versions), str(link)]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _ids(script_dir) == ["aaaa1"]
    messages = [str(w.message) for w in caught]
    real = os.path.realpath(str(versions / "aaaa1_.py"))
    assert any(
        m.startswith(f"File {real} loaded twice! ignoring.") for m in messages
    ), messages


def test_legacy_revision_from_file_name(env_dir) -> None:
    versions = env_dir / "versions"
    (versions / "abcdef12.py").write_text("down_revision = None\n")
    script_dir = ScriptDirectory(str(env_dir))
    assert _ids(script_dir) == ["abcdef12"]
    (versions / "no_revision_here.py").write_text("down_revision = None\n")
    with pytest.raises(
        CommandError,
        match="Could not determine revision id from filename no_revision_here.py",
    ):
        ScriptDirectory(str(env_dir)).get_heads()


def test_syntax_error_in_headers_names_file_and_line(env_dir, write_rev) -> None:
    versions = env_dir / "versions"
    write_rev(versions, "aaaa1", None)
    bad = versions / "bbbb2_bad.py"
    bad.write_text(
        "revision = 'bbbb2'\ndown_revision = ('aaaa1',\nbranch_labels = None\n"
    )
    with pytest.raises(CommandError) as info:
        ScriptDirectory(str(env_dir)).get_heads()
    message = str(info.value)
    assert str(bad) in message and "line 2" in message and "\n" not in message


def test_syntax_error_in_body_surfaces_on_import(env_dir, write_rev) -> None:
    versions = env_dir / "versions"
    path = write_rev(versions, "aaaa1", None, body="\ndef broken(:\n    pass\n")
    lineno = path.read_text().splitlines().index("def broken(:") + 1
    script = ScriptDirectory(str(env_dir)).get_revision("aaaa1")
    assert script.revision == "aaaa1"
    with pytest.raises(CommandError) as info:
        _ = script.module
    message = str(info.value)
    assert "aaaa1_.py" in message and "\n" not in message
    assert f":{lineno}" in message or f"line {lineno}" in message


def test_missing_location_error_suggests_init(tmp_path) -> None:
    with pytest.raises(CommandError) as info:
        ScriptDirectory(str(tmp_path / "nope"))
    assert str(tmp_path / "nope") in str(info.value)
    assert "'init' command" in str(info.value)


def test_missing_versions_directory_means_no_revisions(tmp_path) -> None:
    (tmp_path / "env").mkdir()
    script_dir = ScriptDirectory(str(tmp_path / "env"))
    assert script_dir.get_heads() == []
    assert script_dir.get_current_head() is None
    assert script_dir.get_base() is None


def test_version_locations_and_versions_property(env_dir, write_rev, tmp_path) -> None:
    other = tmp_path / "other"
    write_rev(env_dir / "versions", "aaaa1", None)
    write_rev(other, "bbbb2", "aaaa1")
    script_dir = ScriptDirectory(
        str(env_dir), version_locations=[str(env_dir / "versions"), str(other)]
    )
    assert script_dir._version_locations == (str(env_dir / "versions"), str(other))
    assert _ids(script_dir) == ["aaaa1", "bbbb2"]
    with pytest.raises(CommandError, match="Multiple version_locations present"):
        _ = script_dir.versions
    assert ScriptDirectory(str(env_dir)).versions == str(env_dir / "versions")


def test_env_py_location_and_run_env(env_dir) -> None:
    script_dir = ScriptDirectory(str(env_dir))
    assert script_dir.env_py_location == str(env_dir / "env.py")
    (env_dir / "env.py").write_text(
        f"open({str(env_dir / 'ran')!r}, 'w').write('yes')\n"
    )
    script_dir.run_env()
    assert (env_dir / "ran").read_text() == "yes"


def test_script_constructor_forms(env_dir, write_rev) -> None:
    path = write_rev(env_dir / "versions", "aaaa1", None, doc="from path", labels="lbl")
    from_path = Script(None, "aaaa1", str(path))
    assert from_path.down_revision is None and from_path.branch_labels == {"lbl"}
    assert from_path.doc == "from path"

    class FakeModule:
        """module doc

        more"""

        revision = "bbbb2"
        down_revision = ("aaaa1", "cccc3")
        depends_on = "dddd4"

    from_module = Script(FakeModule, "bbbb2", "/somewhere/bbbb2.py")
    assert from_module.module is FakeModule
    assert from_module.down_revision == ("aaaa1", "cccc3")
    assert from_module.dependencies == "dddd4"
    assert from_module.doc == "module doc" and from_module.longdoc.endswith("more")


def test_run_env_without_env_py(env_dir) -> None:
    (env_dir / "env.py").unlink()
    with pytest.raises(CommandError) as info:
        ScriptDirectory(str(env_dir)).run_env()
    assert str(info.value) == (
        f"No env.py found in {env_dir}; restore it, or create the environment "
        "with the 'init' command"
    )
