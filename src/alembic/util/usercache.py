"""Where this tool keeps its per-user caches (never inside the project).

The revision-header cache (:mod:`alembic.script.headers`) and the code cache
(:mod:`alembic.util.pyfiles`) each keep one file per directory under
``$XDG_CACHE_HOME/alembic`` (or ``~/.cache/alembic``); each can be switched
off with its own environment variable.  Standard library only, imported by
``heads``: keep it light.
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
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):  # no home directory to be found
            return None
        base = os.path.join(home, ".cache")
    real = os.path.realpath(directory)
    key = "{:08x}".format(zlib.crc32(real.encode("utf-8", "surrogateescape")))
    name = f"{kind}-{os.path.basename(real)[:40]}-{key}.{tag}.bin"
    return os.path.join(base, "alembic", name)
