"""The per-directory code cache behind ``load_python_file`` and
``source_checksum``: it may only ever serve what the file on disk holds
(key: path, mtime_ns, size), the loaded module looks exactly as before, and
a missing, corrupt or unwritable cache just means the normal import path.

Each test gets its own cache directory (``XDG_CACHE_HOME``) and starts from
an empty in-process cache, as a new process would.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import time

import pytest

from alembic.util import pyfiles
from alembic.util.exc import CommandError

OLD = time.time() - 3600  # older than the "just modified" guard


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("ALEMBIC_CODE_CACHE", raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(pyfiles, "_caches", {})
    return home


def _new_process():
    """Write the caches out and forget them, as at exit and a fresh start."""
    pyfiles._save_all()
    pyfiles._caches.clear()


def _write(path, text, mtime=OLD):
    path.write_text(text)
    os.utime(path, (mtime, mtime))


def _cache_files(home):
    folder = home / "alembic"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_second_load_is_served_from_the_cache(tmp_path, cache_home):
    src = tmp_path / "versions"
    src.mkdir()
    target = src / "a1_first.py"
    _write(target, "VALUE = 1\n")
    assert pyfiles.load_python_file(str(src), "a1_first.py").VALUE == 1
    _new_process()
    assert any(name.startswith("code-versions-") for name in _cache_files(cache_home))
    # same size and same mtime_ns: by the cache's own key this is the same
    # file, so the remembered code runs (as Python's pyc check would decide);
    # with the pyc gone, only the code cache can still know VALUE = 1
    stat = target.stat()
    target.write_text("VALUE = 2\n")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    shutil.rmtree(src / "__pycache__")
    assert pyfiles.load_python_file(str(src), "a1_first.py").VALUE == 1


@pytest.mark.parametrize("change", ["mtime", "size"])
def test_an_edited_file_is_never_served_stale(tmp_path, cache_home, change):
    _write(tmp_path / "m.py", "VALUE = 1\n")
    pyfiles.load_python_file(str(tmp_path), "m.py")
    _new_process()
    if change == "mtime":  # same size, other content, other mtime
        _write(tmp_path / "m.py", "VALUE = 3\n", mtime=OLD + 10)
    else:  # other size, same mtime
        _write(tmp_path / "m.py", "VALUE = 333\n")
    assert pyfiles.load_python_file(str(tmp_path), "m.py").VALUE in (3, 333)
    assert pyfiles.source_checksum(str(tmp_path / "m.py")) == pyfiles.text_checksum(
        (tmp_path / "m.py").read_text()
    )


def test_module_attributes_match_the_import_system(tmp_path, cache_home):
    _write(
        tmp_path / "b2_mod.py",
        "import sys\nNAME = __name__\nIN_SYS = __name__ in sys.modules\n",
    )
    for _ in range(2):  # first from Python's loader, then from the cache
        module = pyfiles.load_python_file(str(tmp_path), "b2_mod.py")
        path = str(tmp_path / "b2_mod.py")
        assert module.__file__ == path
        assert module.__name__ == module.NAME == "b2_mod_py"
        assert module.IN_SYS is True and "b2_mod_py" not in sys.modules
        assert module.__spec__.origin == path
        assert module.__cached__ == importlib.util.cache_from_source(path)
        assert module.__loader__.get_source("b2_mod_py").startswith("import sys")
        _new_process()


def test_dataclasses_work_when_loaded_from_the_cache(tmp_path, cache_home):
    _write(
        tmp_path / "dc.py",
        "from __future__ import annotations\nimport dataclasses\n\n"
        "@dataclasses.dataclass\nclass P:\n    x: int\n",
    )
    pyfiles.load_python_file(str(tmp_path), "dc.py")
    _new_process()
    assert pyfiles.load_python_file(str(tmp_path), "dc.py").P(4).x == 4


def test_syntax_error_message_unchanged(tmp_path, cache_home):
    _write(tmp_path / "bad.py", "x = 1\ndef broken(:\n")
    with pytest.raises(CommandError) as err:
        pyfiles.load_python_file(str(tmp_path), "bad.py")
    assert f"{tmp_path / 'bad.py'}:2" in str(err.value)
    assert "fix the file and rerun" in str(err.value)


def test_sourceless_file_still_loads(tmp_path, cache_home):
    import py_compile

    _write(tmp_path / "s.py", "VALUE = 7\n")
    py_compile.compile(str(tmp_path / "s.py"))
    (tmp_path / "s.py").unlink()
    assert pyfiles.load_python_file(str(tmp_path), "s.py").VALUE == 7
    assert pyfiles.source_checksum(str(tmp_path / "s.py")) is None


def test_checksum_is_remembered_and_matches_the_text(tmp_path, cache_home):
    text = "def upgrade():   \r\n    pass\r\n"
    _write(tmp_path / "c.py", text)
    first = pyfiles.source_checksum(str(tmp_path / "c.py"))
    assert first == pyfiles.text_checksum(text)
    _new_process()
    # served from the cache: same key, so the stored value comes back even
    # though the bytes on disk (same size, mtime restored) now differ
    stat = (tmp_path / "c.py").stat()
    (tmp_path / "c.py").write_text(text.replace("pass", "PASS"))
    os.utime(tmp_path / "c.py", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert pyfiles.source_checksum(str(tmp_path / "c.py")) == first


def test_just_modified_files_are_not_remembered(tmp_path, cache_home):
    (tmp_path / "fresh.py").write_text("VALUE = 1\n")  # mtime: now
    pyfiles.load_python_file(str(tmp_path), "fresh.py")
    pyfiles.source_checksum(str(tmp_path / "fresh.py"))
    _new_process()
    assert _cache_files(cache_home) == []


def test_switched_off_by_environment(tmp_path, cache_home, monkeypatch):
    monkeypatch.setenv("ALEMBIC_CODE_CACHE", "0")
    _write(tmp_path / "m.py", "VALUE = 1\n")
    assert pyfiles.load_python_file(str(tmp_path), "m.py").VALUE == 1
    _new_process()
    assert _cache_files(cache_home) == []


def test_dont_write_bytecode_writes_no_cache(tmp_path, cache_home, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _write(tmp_path / "m.py", "VALUE = 1\n")
    pyfiles.load_python_file(str(tmp_path), "m.py")
    _new_process()
    assert _cache_files(cache_home) == []


def test_unwritable_cache_directory_is_harmless(tmp_path, cache_home):
    cache_home.mkdir()
    (cache_home / "alembic").write_text("a file where the directory should be")
    _write(tmp_path / "m.py", "VALUE = 5\n")
    assert pyfiles.load_python_file(str(tmp_path), "m.py").VALUE == 5
    _new_process()
    assert pyfiles.load_python_file(str(tmp_path), "m.py").VALUE == 5


def test_corrupt_cache_file_is_ignored(tmp_path, cache_home):
    _write(tmp_path / "m.py", "VALUE = 6\n")
    pyfiles.load_python_file(str(tmp_path), "m.py")
    _new_process()
    (name,) = _cache_files(cache_home)
    (cache_home / "alembic" / name).write_bytes(b"\x00garbage")
    assert pyfiles.load_python_file(str(tmp_path), "m.py").VALUE == 6
    _new_process()  # and it is rewritten in a readable form
    assert pyfiles.load_python_file(str(tmp_path), "m.py").VALUE == 6


def test_cache_of_a_moved_directory_does_not_apply(tmp_path, cache_home):
    first = tmp_path / "one" / "versions"
    first.mkdir(parents=True)
    _write(first / "m.py", "VALUE = __file__\n")
    assert pyfiles.load_python_file(str(first), "m.py").VALUE == str(first / "m.py")
    _new_process()
    moved = tmp_path / "two" / "versions"
    moved.parent.mkdir()
    os.rename(first, moved)
    module = pyfiles.load_python_file(str(moved), "m.py")
    assert module.VALUE == module.__file__ == str(moved / "m.py")


def test_entries_of_removed_files_are_dropped(tmp_path, cache_home):
    for name in ("keep.py", "gone.py"):
        _write(tmp_path / name, "VALUE = 1\n")
        pyfiles.load_python_file(str(tmp_path), name)
    _new_process()
    cache = pyfiles._cache_for(str(tmp_path))
    assert set(cache.entries) == {str(tmp_path / "keep.py"), str(tmp_path / "gone.py")}
    (tmp_path / "gone.py").unlink()
    _write(tmp_path / "new.py", "VALUE = 2\n")
    pyfiles.load_python_file(str(tmp_path), "new.py")
    _new_process()
    cache = pyfiles._cache_for(str(tmp_path))
    assert set(cache.entries) == {str(tmp_path / "keep.py"), str(tmp_path / "new.py")}


def test_same_relative_path_in_two_projects(tmp_path, cache_home, monkeypatch):
    """Two projects with the same relative layout and file names, loaded in
    one process from two working directories, each get their own code, even
    when the files agree in size and mtime."""
    for name, value in (("one", 1), ("two", 2)):
        versions = tmp_path / name / "versions"
        versions.mkdir(parents=True)
        _write(versions / "r1.py", f"VALUE = {value}\n")
    for name, value in (("one", 1), ("two", 2), ("one", 1)):
        monkeypatch.chdir(tmp_path / name)
        assert pyfiles.load_python_file("versions", "r1.py").VALUE == value
        assert pyfiles.source_checksum("versions/r1.py") == pyfiles.text_checksum(
            f"VALUE = {value}\n"
        )


def test_optimization_level_is_part_of_the_key(tmp_path, cache_home):
    """Code compiled under ``python -O`` (asserts and ``__debug__`` gone) is
    never served to a plain run, nor the other way round: real processes,
    each writing its cache at exit."""
    import subprocess

    _write(tmp_path / "m.py", "DEBUG = __debug__\n")
    script = (
        "from alembic.util import pyfiles\n"
        f"print(pyfiles.load_python_file({str(tmp_path)!r}, 'm.py').DEBUG)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = repo

    def run(*flags):
        out = subprocess.run(
            [sys.executable, *flags, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    assert [run(), run("-O"), run(), run("-O")] == ["True", "False", "True", "False"]
    assert len([n for n in _cache_files(cache_home) if n.startswith("code-")]) == 2


def test_cold_load_without_bytecode_matches_the_import_system(tmp_path, cache_home, monkeypatch):
    """No code-cache entry, no __pycache__, no bytecode writing (a fresh
    container): the file is compiled directly; the module is the same and
    nothing is written next to it."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _write(tmp_path / "c3_cold.py", "# -*- coding: utf-8 -*-\nNAME = __name__\nTEXT = 'é'\n")
    module = pyfiles.load_python_file(str(tmp_path), "c3_cold.py")
    assert (module.NAME, module.TEXT) == ("c3_cold_py", "é")
    assert module.__file__ == str(tmp_path / "c3_cold.py")
    assert not (tmp_path / "__pycache__").exists()


@pytest.fixture
def unwritable_cache_home(tmp_path, monkeypatch):
    """XDG_CACHE_HOME names a regular file (no folder can be made under it);
    the temporary directory is this test's own."""
    import tempfile

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("ALEMBIC_CODE_CACHE", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(pyfiles, "_caches", {})
    return temp / f"alembic-cache-{os.getuid()}"


def test_unwritable_cache_home_falls_back_to_a_private_temporary_folder(
    tmp_path, unwritable_cache_home
):
    src = tmp_path / "versions"
    src.mkdir()
    _write(src / "a1.py", "VALUE = 1\n")
    pyfiles.load_python_file(str(src), "a1.py")
    _new_process()
    folder = unwritable_cache_home
    # (the folder also holds the daily trim's .last-trim stamp)
    assert [p.name.split("-")[0] for p in folder.iterdir() if p.suffix == ".bin"] == ["code"]
    assert folder.stat().st_mode & 0o777 == 0o700
    shutil.rmtree(src / "__pycache__", ignore_errors=True)
    assert pyfiles.load_python_file(str(src), "a1.py").VALUE == 1


def test_a_temporary_folder_others_can_write_to_is_not_used(tmp_path, unwritable_cache_home):
    unwritable_cache_home.mkdir(mode=0o700)
    unwritable_cache_home.chmod(0o777)
    _write(tmp_path / "m.py", "VALUE = 1\n")
    pyfiles.load_python_file(str(tmp_path), "m.py")
    _new_process()
    assert list(unwritable_cache_home.iterdir()) == []
