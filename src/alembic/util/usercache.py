"""Where this tool keeps its per-user caches (never inside the project).

The revision-header cache (:mod:`alembic.script.headers`) and the code cache
(:mod:`alembic.util.pyfiles`) each keep one file per directory under
``$XDG_CACHE_HOME/alembic`` (or ``~/.cache/alembic``); each can be switched
off with its own environment variable.  When that place cannot be written
(a read-only home in a container), they use ``alembic-cache-<uid>`` in the
temporary directory instead, but only a folder this user owns and nobody else
may write to.  Standard library only, imported by ``heads``: keep it light.

The folder stays bounded: a cache file in use has its modification time
refreshed (at most once a day), and at most once a day a run removes the
files of directories not used for :data:`MAX_AGE_DAYS` days, then the
oldest files until the folder is under :data:`MAX_TOTAL_BYTES`.  Deleting
the folder (:func:`clear_caches`) is always safe: the caches are rebuilt.
"""
from __future__ import annotations

import os
import time

__all__ = [
    "MAX_AGE_DAYS",
    "MAX_TOTAL_BYTES",
    "RACY_NS",
    "cache_file",
    "cache_root",
    "clear_caches",
    "trim",
]

#: Cache files of directories not used for this long are removed.
MAX_AGE_DAYS = 60
#: The folder is trimmed (oldest files first) to stay under this size.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
_DAY = 86400.0
_TRIM_STAMP = ".last-trim"

#: Files modified this recently (in ns) are not cached: within one mtime tick
#: an edit may keep the same mtime and size.
RACY_NS = 2_000_000_000

_OFF = ("0", "false", "no", "off")


def cache_file(kind: str, directory: str, switch: str, tag: str) -> str | None:
    """The cache file of kind ``kind`` for ``directory``.

    None when the environment variable ``switch`` turns the cache off or no
    home directory can be found.  The name carries the directory's base name
    and a hash of its real path (two checkouts never share a file) and
    ``tag``, what the cached data depends on (the interpreter, say).
    """
    import zlib

    if os.environ.get(switch, "1").lower() in _OFF:
        return None
    root = _cache_root()
    if root is None:
        return None
    real = os.path.realpath(directory)
    key = "{:08x}".format(zlib.crc32(real.encode("utf-8", "surrogateescape")))
    name = f"{kind}-{os.path.basename(real)[:40]}-{key}.{tag}.bin"
    path = os.path.join(root, name)
    _note_use(path, root)
    return path


def cache_root() -> str | None:
    """The folder of the cache files (see :func:`_cache_root`); None if none."""
    return _cache_root()


def _cache_root() -> str | None:
    """The folder of the cache files: the per-user one when it can be
    written, else a private folder in the temporary directory, else None."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        base = None if home.startswith("~") else os.path.join(home, ".cache")
    if base:
        root = os.path.join(base, "alembic")
        if _can_create_in(root):
            return root
    return _private_temporary_root()


def _can_create_in(path: str) -> bool:
    """Whether ``path`` is, or could be made, a folder this process can write."""
    while not os.path.exists(path):
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent
    return os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK)


def _private_temporary_root() -> str | None:
    """``<tmp>/alembic-cache-<uid>``, made private if new; None unless it is a
    real folder owned by this user that nobody else can write to (a shared
    temporary directory must not feed us another user's cached code)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # no owners to check (Windows): no fallback
        return None
    import stat
    import tempfile  # only here: heads with a usable cache never needs it

    root = os.path.join(tempfile.gettempdir(), f"alembic-cache-{getuid()}")
    try:
        os.mkdir(root, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(root)
    except OSError:
        return None
    private = stat.S_ISDIR(st.st_mode) and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return root if private and st.st_uid == getuid() else None


def _note_use(path: str, root: str) -> None:
    """Mark ``path`` as in use (at most once a day) and trim the folder when
    its daily turn has come.  Never fails: a cache is an optimisation."""
    now = time.time()
    try:
        if now - os.stat(path).st_mtime > _DAY:
            os.utime(path)
    except OSError:
        pass
    try:
        due = now - os.stat(os.path.join(root, _TRIM_STAMP)).st_mtime > _DAY
    except OSError:
        due = os.path.isdir(root)
    if due:
        trim(root, now)


def trim(root: str, now: float | None = None) -> list[str]:
    """Remove stale cache files under ``root`` and cap its size; return the
    names removed.  Safe while other runs use the folder: a reader that
    loses its file rebuilds it, and writers replace files atomically."""
    now = time.time() if now is None else now
    try:
        with open(os.path.join(root, _TRIM_STAMP), "w"):
            pass
        entries = [
            (e.stat().st_mtime, e.stat().st_size, e.name)
            for e in os.scandir(root)
            if e.is_file() and e.name.endswith(".bin")
        ]
    except OSError:
        return []
    entries.sort()  # oldest first
    total = sum(size for _mtime, size, _name in entries)
    removed = []
    for mtime, size, name in entries:
        if now - mtime <= MAX_AGE_DAYS * _DAY and total <= MAX_TOTAL_BYTES:
            break
        try:
            os.remove(os.path.join(root, name))
        except OSError:
            continue
        total -= size
        removed.append(name)
    return removed


def clear_caches() -> None:
    """Delete every per-user cache file of this tool (they are rebuilt)."""
    import shutil

    root = _cache_root()
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)
