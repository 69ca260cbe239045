"""ScriptDirectory: configuration, graph queries, plan wrappers, header cache."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

from alembic.config import Config
from alembic.script import Script, ScriptDirectory
from alembic.util.exc import CommandError

# The graph used by most tests here:
#
#   aaaa1 -> bbbb2 -> cccc3
#        \-> dddd4


@pytest.fixture
def branched(env_dir, write_rev) -> ScriptDirectory:
    v = env_dir / "versions"
    write_rev(v, "aaaa1", None)
    write_rev(v, "bbbb2", "aaaa1")
    write_rev(v, "cccc3", "bbbb2")
    write_rev(v, "dddd4", "aaaa1")
    return ScriptDirectory(str(env_dir))


def _ini(tmp_path: Path, body: str) -> Config:
    path = tmp_path / "alembic.ini"
    path.write_text("[alembic]\n" + body)
    return Config(str(path))


def test_from_config_requires_script_location(tmp_path) -> None:
    with pytest.raises(CommandError) as info:
        ScriptDirectory.from_config(_ini(tmp_path, "sqlalchemy.url = sqlite://\n"))
    assert str(info.value) == "No 'script_location' key found in configuration."


def test_from_config_missing_directory(tmp_path) -> None:
    config = _ini(tmp_path, "script_location = %(here)s/nowhere\n")
    with pytest.raises(CommandError) as info:
        ScriptDirectory.from_config(config)
    message = str(info.value)
    assert str(tmp_path / "nowhere") in message
    assert "alembic.ini" in message and "'init' command" in message
    assert "\n" not in message


def test_from_config_options(env_dir, tmp_path, monkeypatch) -> None:
    other = tmp_path / "other"
    config = _ini(
        tmp_path,
        f"script_location = {env_dir}\n"
        "file_template = %%(rev)s-%%(slug)s\n"
        "truncate_slug_length = 12\n"
        "timezone = UTC\n"
        "sourceless = true\n"
        "recursive_version_locations = true\n"
        "output_encoding = latin-1\n"
        "path_separator = os\n"
        f"version_locations = {env_dir / 'versions'}{os.pathsep}{other}\n"
        "prepend_sys_path = h3-extra-path\n",
    )
    monkeypatch.setattr(sys, "path", list(sys.path))
    script_dir = ScriptDirectory.from_config(config)
    assert sys.path[0] == "h3-extra-path"
    assert script_dir.dir == str(env_dir)
    assert script_dir.file_template == "%(rev)s-%(slug)s"
    assert script_dir.truncate_slug_length == 12
    assert script_dir.timezone == "UTC"
    assert script_dir.sourceless is True
    assert script_dir.recursive_version_locations is True
    assert script_dir.output_encoding == "latin-1"
    assert script_dir._version_locations == (str(env_dir / "versions"), str(other))
    assert script_dir.hooks == []
    script = script_dir.generate_revision(
        "abcd1", "tea with milk", version_path=str(other)
    )
    assert Path(script.path).name == "abcd1-tea_with_.py"


def test_from_config_package_resource_location(tmp_path) -> None:
    config = _ini(tmp_path, "script_location = alembic:templates/generic\n")
    script_dir = ScriptDirectory.from_config(config)
    import alembic

    expected = Path(alembic.__file__).resolve().parent / "templates" / "generic"
    assert Path(script_dir.dir).resolve() == expected
    assert script_dir.get_heads() == []  # no versions/ there


def test_graph_queries(branched) -> None:
    assert sorted(branched.get_heads()) == ["cccc3", "dddd4"]
    assert branched.get_bases() == ["aaaa1"] and branched.get_base() == "aaaa1"
    assert [s.revision for s in branched.get_revisions("heads")] in (
        ["cccc3", "dddd4"],
        ["dddd4", "cccc3"],
    )
    assert branched.get_revision("bbbb").revision == "bbbb2"
    assert isinstance(branched.get_revision("bbbb2"), Script)
    assert branched.as_revision_number("base") is None
    assert branched.as_revision_number("cccc3") == "cccc3"
    assert sorted(branched.as_revision_number("heads")) == ["cccc3", "dddd4"]
    walked = [s.revision for s in branched.walk_revisions()]
    assert (
        sorted(walked) == ["aaaa1", "bbbb2", "cccc3", "dddd4"] and walked[-1] == "aaaa1"
    )
    assert [s.revision for s in branched.walk_revisions("aaaa1", "cccc3")] == [
        "cccc3",
        "bbbb2",
        "aaaa1",
    ]
    assert [s.revision for s in branched.iterate_revisions("cccc3", "aaaa1")] == [
        "cccc3",
        "bbbb2",
    ]


def test_graph_query_errors(branched) -> None:
    with pytest.raises(CommandError) as info:
        branched.get_revision("head")
    assert str(info.value) == (
        "Multiple head revisions are present for given argument 'head'; please specify a "
        "specific target revision, '<branchname>@head' to narrow to a specific head, or "
        "'heads' for all heads"
    )
    with pytest.raises(CommandError) as info:
        branched.get_current_head()
    assert str(info.value) == (
        "The script directory has multiple heads (due to branching).Please use "
        "get_heads(), or merge the branches using alembic merge."
    )
    with pytest.raises(
        CommandError,
        match="^Can't locate revision identified by 'zzzz9'; run 'alembic history' "
        "to list the revisions$",
    ):
        branched.get_revision("zzzz9")
    with pytest.raises(CommandError) as info:
        list(branched.walk_revisions("cccc3", "dddd4"))
    assert str(info.value) == (
        "Requested range cccc3:dddd4 does not refer to ancestor/descendant revisions "
        "along the same branch"
    )


def test_multiple_bases(env_dir, write_rev) -> None:
    write_rev(env_dir / "versions", "aaaa1", None)
    write_rev(env_dir / "versions", "bbbb2", None)
    script_dir = ScriptDirectory(str(env_dir))
    with pytest.raises(
        CommandError,
        match="^The script directory has multiple bases. Please use get_bases\\(\\).$",
    ):
        script_dir.get_base()


def test_plan_wrappers(branched) -> None:
    up = branched._upgrade_revs("cccc3", ())
    assert [(s.revision.revision, s.is_upgrade) for s in up] == [
        ("aaaa1", True),
        ("bbbb2", True),
        ("cccc3", True),
    ]
    down = branched._downgrade_revs("aaaa1", ("cccc3",))
    assert [(s.revision.revision, s.is_upgrade) for s in down] == [
        ("cccc3", False),
        ("bbbb2", False),
    ]
    stamp = branched._stamp_revs("cccc3", ())
    assert (
        len(stamp) == 1 and stamp[0].to_revisions == ("cccc3",) and stamp[0].is_upgrade
    )
    with pytest.raises(CommandError) as info:
        branched._downgrade_revs("cccc3", ("aaaa1",))
    assert (
        str(info.value)
        == "Destination cccc3 is not a valid downgrade target from current head(s)"
    )
    with pytest.raises(
        CommandError,
        match="Multiple head revisions are present for given argument 'head'",
    ):
        branched._upgrade_revs("head", ())


def test_load_revisions_yields_scripts(branched) -> None:
    loaded = list(branched._load_revisions())
    assert sorted(s.revision for s in loaded) == ["aaaa1", "bbbb2", "cccc3", "dddd4"]
    assert all(isinstance(s, Script) and os.path.isabs(s.path) for s in loaded)


def test_from_path_and_add_revision_replace(branched, write_rev, env_dir) -> None:
    assert sorted(branched.get_heads()) == [
        "cccc3",
        "dddd4",
    ]  # map loaded before the new file
    path = write_rev(env_dir / "versions", "eeee5", "dddd4", doc="added later")
    script = Script._from_path(branched, str(path))
    assert script.revision == "eeee5" and script.doc == "added later"
    branched.revision_map.add_revision(script)
    assert sorted(branched.get_heads()) == ["cccc3", "eeee5"]
    assert Script._from_path(branched, str(env_dir / "versions" / "README.txt")) is None


# ---------------------------------------------------------------- header cache


def _cache_files() -> list:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "alembic"
    return sorted(root.glob("headers-*.bin")) if root.exists() else []


def _age(path: Path, seconds: int = 60) -> None:
    st = path.stat()
    os.utime(
        path, ns=(st.st_atime_ns - seconds * 10**9, st.st_mtime_ns - seconds * 10**9)
    )


def test_header_cache_round_trip(env_dir, write_rev) -> None:
    path = write_rev(env_dir / "versions", "aaaa1", None, doc="cached doc")
    _age(path)
    assert ScriptDirectory(str(env_dir)).get_heads() == ["aaaa1"]
    assert len(_cache_files()) == 1
    # same size and mtime: the cache answers without reading the file
    st = path.stat()
    path.write_text(path.read_text().replace("'aaaa1'", "'zzzz9'"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    cached = ScriptDirectory(str(env_dir))
    assert cached.get_heads() == ["aaaa1"]
    assert cached.get_revision("aaaa1").doc == "cached doc"
    # a new mtime invalidates the entry
    _age(path, 30)
    assert ScriptDirectory(str(env_dir)).get_heads() == ["zzzz9"]


def _edit_in_place(path: Path, old: str, new: str) -> None:
    """Change the file's text, keeping its size and mtime (the cache key)."""
    assert len(old) == len(new)
    st = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_header_cache_remembers_docstrings(env_dir, write_rev) -> None:
    versions = env_dir / "versions"
    first = write_rev(versions, "aaaa1", None, doc="first doc")
    _age(first)
    assert ScriptDirectory(str(env_dir)).get_revision("aaaa1").doc == "first doc"
    # served from the cache: an edit the cache key cannot see does not show
    _edit_in_place(first, "first doc", "fresh doc")
    assert ScriptDirectory(str(env_dir)).get_revision("aaaa1").doc == "first doc"
    # a later run that adds a file keeps the docstrings it did not re-read
    second = write_rev(versions, "bbbb2", "aaaa1", doc="second doc")
    _age(second)
    script_dir = ScriptDirectory(str(env_dir))
    assert script_dir.get_heads() == ["bbbb2"]
    _edit_in_place(second, "second doc", "edited doc")
    script_dir = ScriptDirectory(str(env_dir))
    assert [s.doc for s in script_dir.walk_revisions()] == ["second doc", "first doc"]
    # a changed mtime: headers and docstring are read from the file again
    _age(first, 30)
    script_dir = ScriptDirectory(str(env_dir))
    assert [s.doc for s in script_dir.walk_revisions()] == ["second doc", "fresh doc"]


def test_fresh_files_are_not_cached(env_dir, write_rev) -> None:
    write_rev(env_dir / "versions", "aaaa1", None)
    ScriptDirectory(str(env_dir)).get_heads()
    import marshal

    files = _cache_files()
    assert len(files) == 1
    assert (
        marshal.loads(files[0].read_bytes())[1] == []
    )  # modified just now: racy, skipped


def test_cache_can_be_disabled_or_broken(
    env_dir, write_rev, monkeypatch, tmp_path
) -> None:
    path = write_rev(env_dir / "versions", "aaaa1", None)
    _age(path)
    monkeypatch.setenv("ALEMBIC_HEADER_CACHE", "0")
    assert ScriptDirectory(str(env_dir)).get_heads() == ["aaaa1"]
    assert _cache_files() == []
    monkeypatch.delenv("ALEMBIC_HEADER_CACHE")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert ScriptDirectory(str(env_dir)).get_heads() == [
        "aaaa1"
    ]  # unwritable: no cache, no error
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg2"))
    ScriptDirectory(str(env_dir)).get_heads()
    (cache_file,) = _cache_files()
    cache_file.write_bytes(b"garbage")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ScriptDirectory(str(env_dir)).get_heads() == ["aaaa1"]


def test_from_config_bad_integer(env_dir, tmp_path) -> None:
    config = _ini(
        tmp_path, f"script_location = {env_dir}\ntruncate_slug_length = long\n"
    )
    with pytest.raises(CommandError) as info:
        ScriptDirectory.from_config(config)
    assert str(info.value) == (
        f"truncate_slug_length must be an integer, not 'long' (in {tmp_path / 'alembic.ini'})"
    )
