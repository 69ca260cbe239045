"""Where this tool keeps its per-user caches (never inside the project).

The revision-header cache (:mod:`alembic.script.headers`) and the code cache
(:mod:`alembic.util.pyfiles`) each keep one file per directory under
``$XDG_CACHE_HOME/alembic`` (or ``~/.cache/alembic``); each can be switched
off with its own environment variable.  When that place cannot be written
(a read-only home in a container), they use ``alembic-cache-<uid>`` in the
temporary directory instead, but only a folder this user owns and nobody else
may write to.  Standard library only, imported by ``heads``: keep it light.
"""
from __future__ import annotations

import os

__all__ = ["RACY_NS", "cache_file"]

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
    return os.path.join(root, name)


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
