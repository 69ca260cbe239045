"""Compile a long list of revision files on a second core.

A migration run imports every revision file before its first step (as
Alembic does), and in a fresh container (no ``__pycache__``, no code cache,
``PYTHONDONTWRITEBYTECODE`` set) that means compiling every one of them: for
a history of thousands of files, most of a cold run's time.

:func:`start` forks one helper process that compiles the files from the last
one backwards and appends each code object (with :mod:`marshal`) to an
anonymous scratch file, while this process compiles from the first one
forwards as it imports them.  The two meet in the middle: this process tells the helper,
through one shared integer, which file it has reached, and the helper stops
there.  This process never waits for the helper: a file not yet received is
compiled here, so a helper that gets no free core (or dies) costs only the
scratch-file reads.  Nothing else crosses the fork: the helper only reads
files, compiles and writes to its scratch file, then leaves with
``os._exit`` (no exit handlers, no flushed buffers, no closed connections).

Used only where it pays and is safe: at least :data:`MIN_FILES` files to
compile, two usable cores, ``os.fork`` available (not on Windows or macOS),
and no other thread running in this process.  ``ALEMBIC_PARALLEL_COMPILE=0``
turns it off.
"""

from __future__ import annotations

import marshal
import mmap
import os
import signal
import struct
import sys
import threading
from types import CodeType

__all__ = ["MIN_FILES", "CompileHelper", "allowed", "start"]

#: below this many files to compile, forking costs more than it saves
MIN_FILES = 100

_FRAME = struct.Struct("<IIqq")  # payload length, file index, mtime_ns, size
_POS = struct.Struct("<q")  # the index this process has reached


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def allowed() -> bool:
    """Whether a helper may be forked here (see the module docstring)."""
    if os.environ.get("ALEMBIC_PARALLEL_COMPILE", "1").strip() in ("0", "false", "no"):
        return False
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return False  # macOS system libraries are not fork-safe
    return threading.active_count() == 1 and _usable_cores() >= 2


def start(paths: list[str]) -> CompileHelper | None:
    """A helper compiling ``paths`` (in load order) from the end, or None
    when there are too few files or forking is not allowed here."""
    if len(paths) < MIN_FILES or not allowed():
        return None
    shared = mmap.mmap(-1, _POS.size)
    _POS.pack_into(shared, 0, -1)
    try:
        scratch = _scratch_file()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(scratch)
        return None
    if pid == 0:  # pragma: no cover - runs in the forked helper
        _helper_main(paths, shared, scratch)
    return CompileHelper(paths, pid, scratch, shared)


def _scratch_file() -> int:
    """An anonymous file the helper appends its results to: unlike a pipe it
    never fills up, so the helper keeps compiling while this process is busy
    importing SQLAlchemy and connecting, before it reads anything."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("alembic-compile", getattr(os, "MFD_CLOEXEC", 0))
    import tempfile

    with tempfile.TemporaryFile() as handle:  # already unlinked
        return os.dup(handle.fileno())


def _helper_main(paths: list[str], shared: mmap.mmap, scratch: int) -> None:
    """The forked helper: compile from the last file down to where this
    process has got, append each result, leave without any clean-up."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
        for index in range(len(paths) - 1, -1, -1):
            if index <= _POS.unpack_from(shared, 0)[0]:
                break
            _write_all(scratch, _compile_frame(index, paths[index]))
    except BaseException:  # noqa: BLE001 - a full disk or anything: just stop
        status = 1
    finally:
        os._exit(status)


def _compile_frame(index: int, path: str) -> bytes:
    """One result: the code of ``path`` with the stat it was read at, or an
    empty payload when it does not compile (this process then compiles it
    and reports the error itself)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    try:
        payload = marshal.dumps(
            compile(b"".join(chunks), path, "exec", dont_inherit=True)
        )
    except Exception:  # noqa: BLE001 - reported by the importing process
        payload = b""
    return _FRAME.pack(len(payload), index, st.st_mtime_ns, st.st_size) + payload


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class CompileHelper:
    """This process's side of a running helper (see the module docstring)."""

    def __init__(self, paths: list[str], pid: int, scratch: int, shared: mmap.mmap):
        self._index = {path: i for i, path in enumerate(paths)}
        self._pid = pid
        self._fd: int | None = scratch
        self._offset = 0  # how far the scratch file has been read
        self._shared = shared
        self._buffer = bytearray()
        self._received: dict[int, tuple[int, int, bytes]] = {}

    def covers(self, path: str) -> bool:
        return path in self._index

    def take(self, path: str, st: os.stat_result | None) -> CodeType | None:
        """The helper's code for ``path`` if it has arrived (and was made from
        the file as ``st`` describes it), else None: compile it yourself."""
        index = self._index.get(path)
        if index is None or self._fd is None:
            return None
        _POS.pack_into(self._shared, 0, index)
        self._drain()
        got = self._received.pop(index, None)
        if index == len(self._index) - 1:
            self.close()
        if got is None or not got[2]:
            return None
        mtime_ns, size, payload = got
        if st is not None and (st.st_mtime_ns, st.st_size) != (mtime_ns, size):
            return None
        try:
            code = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None
        return code if isinstance(code, CodeType) else None

    def _drain(self) -> None:
        """Read what the helper has appended since the last call (``pread``:
        the helper's writes move the shared file offset, reads do not)."""
        assert self._fd is not None
        while True:
            try:
                chunk = os.pread(self._fd, 1 << 20, self._offset)
            except OSError:
                chunk = b""
            if not chunk:
                break
            self._offset += len(chunk)
            self._buffer += chunk
        buffer, offset = self._buffer, 0
        while len(buffer) - offset >= _FRAME.size:
            length, index, mtime_ns, size = _FRAME.unpack_from(buffer, offset)
            end = offset + _FRAME.size + length
            if end > len(buffer):
                break
            self._received[index] = (mtime_ns, size, bytes(buffer[end - length : end]))
            offset = end
        del buffer[:offset]

    def close(self) -> None:
        """Stop the helper and collect it (also at exit and after errors)."""
        if self._fd is None:
            return
        _POS.pack_into(self._shared, 0, len(self._index))
        os.close(self._fd)
        self._fd = None
        self._received.clear()
        try:
            os.kill(self._pid, signal.SIGKILL)
        except OSError:  # pragma: no cover - already gone
            pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:  # pragma: no cover - collected elsewhere
            pass
