"""Work through a long list of revision files on a second core.

A migration run imports every revision file before its first step (as
Alembic does), and in a fresh container (no ``__pycache__``, no code cache,
``PYTHONDONTWRITEBYTECODE`` set) that means compiling every one of them: for
a history of thousands of files, most of a cold run's time.  Likewise a cold
``heads`` or ``history`` (no header cache yet) reads the headers of every
file.

:func:`start` forks one helper process that works through the files from the
last one backwards (compiling them, or reading their headers: the ``work``
function the caller passes) and appends each result to an anonymous scratch
file, while this process does the same work from the first one forwards.
The two meet in the middle: this process tells the helper, through one
shared integer, which file it has reached, and the helper stops there.
This process never waits for the helper: a file not yet received is done
here, so a helper that gets no free core (or dies) costs only the
scratch-file reads.  Nothing else crosses the fork: the helper only reads
files, does its work and writes to its scratch file, then leaves with
``os._exit`` (no exit handlers, no flushed buffers, no closed connections).

Used only where it pays and is safe: at least :data:`MIN_FILES` files to
work through, two usable cores, ``os.fork`` available (not on Windows or
macOS), and no other thread running in this process.  ``ALEMBIC_PARALLEL_COMPILE=0``
turns it off (both uses).
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
from collections.abc import Callable
from types import CodeType
from typing import TYPE_CHECKING

# mmap, signal and threading are imported where a helper is about to start:
# a short history (a cold ``heads`` of ten files) never pays for them
if TYPE_CHECKING:
    import mmap

__all__ = ["MIN_FILES", "Helper", "allowed", "compile_work", "start"]

#: below this many files, forking costs more than it saves
MIN_FILES = 100

_FRAME = struct.Struct("<IIqq")  # payload length, file index, mtime_ns, size
_POS = struct.Struct("<q")  # the index this process has reached


def _usable_cores() -> float:
    """The cores this process may run on: its CPU affinity, capped by a
    cgroup CPU quota (``docker run --cpus``, a Kubernetes CPU limit), which
    the affinity does not show."""
    try:
        cores: float = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    return cores if quota is None else min(cores, quota)


#: where a container sees its own CPU quota: cgroup v2, then v1
_QUOTA_FILES = (
    ("/sys/fs/cgroup/cpu.max", None),
    ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
    (
        "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us",
        "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us",
    ),
)


def _cgroup_cpu_quota() -> float | None:
    """CPUs allowed by the first cgroup quota file found, or None (no limit,
    or none readable)."""
    for quota_file, period_file in _QUOTA_FILES:
        try:
            with open(quota_file, encoding="ascii") as handle:
                fields = handle.read().split()
            if period_file is not None:
                with open(period_file, encoding="ascii") as handle:
                    fields += handle.read().split()
        except OSError:
            continue
        try:
            quota, period = int(fields[0]), int(fields[1])
        except (ValueError, IndexError):  # "max": no limit
            return None
        return quota / period if quota > 0 and period > 0 else None
    return None


def allowed() -> bool:
    """Whether a helper may be forked here (see the module docstring)."""
    if os.environ.get("ALEMBIC_PARALLEL_COMPILE", "1").strip() in ("0", "false", "no"):
        return False
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return False  # macOS system libraries are not fork-safe
    import threading

    return threading.active_count() == 1 and _usable_cores() >= 2


def compile_work(data: bytes, path: str) -> bytes:
    """The compile helper's work: the marshalled code of one file, or empty
    when it does not compile (this process then compiles it and reports the
    error itself).  :meth:`Helper.take_code` reads it back."""
    try:
        return marshal.dumps(compile(data, path, "exec", dont_inherit=True))
    except Exception:  # noqa: BLE001 - reported by the importing process
        return b""


def start(
    paths: list[str], work: Callable[[bytes, str], bytes] = compile_work
) -> Helper | None:
    """A helper running ``work(content, path)`` over ``paths`` (in load
    order) from the end, or None when there are too few files or forking is
    not allowed here.  ``work`` runs in the forked helper: it returns the
    bytes :meth:`Helper.take` hands back for that file, empty for
    "do it yourself"; it must not raise."""
    if len(paths) < MIN_FILES or not allowed():
        return None
    import mmap
    import signal  # noqa: F401 - loaded here, so the helper finds it loaded

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
        _helper_main(paths, shared, scratch, work)
    return Helper(paths, pid, scratch, shared)


def _scratch_file() -> int:
    """An anonymous file the helper appends its results to: unlike a pipe it
    never fills up, so the helper keeps compiling while this process is busy
    importing SQLAlchemy and connecting, before it reads anything."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("alembic-compile", getattr(os, "MFD_CLOEXEC", 0))
    import tempfile

    with tempfile.TemporaryFile() as handle:  # already unlinked
        return os.dup(handle.fileno())


def _helper_main(
    paths: list[str],
    shared: mmap.mmap,
    scratch: int,
    work: Callable[[bytes, str], bytes],
) -> None:
    """The forked helper: work from the last file down to where this
    process has got, append each result, leave without any clean-up."""
    status = 0
    try:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
        for index in range(len(paths) - 1, -1, -1):
            if index <= _POS.unpack_from(shared, 0)[0]:
                break
            _write_all(scratch, _frame(index, paths[index], work))
    except BaseException:  # noqa: BLE001 - a full disk or anything: just stop
        status = 1
    finally:
        os._exit(status)


def _frame(index: int, path: str, work: Callable[[bytes, str], bytes]) -> bytes:
    """One result: ``work``'s bytes for ``path`` with the stat the file was
    read at."""
    fd = os.open(path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    payload = work(b"".join(chunks), path)
    return _FRAME.pack(len(payload), index, st.st_mtime_ns, st.st_size) + payload


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class Helper:
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

    def take(self, path: str, st: os.stat_result | None) -> bytes | None:
        """The helper's result for ``path`` if it has arrived (and was made
        from the file as ``st`` describes it, and is not empty), else None:
        do the work yourself."""
        got = self.take_as_read(path)
        if got is None:
            return None
        mtime_ns, size, payload = got
        if st is not None and (st.st_mtime_ns, st.st_size) != (mtime_ns, size):
            return None
        return payload

    def take_as_read(self, path: str) -> tuple[int, int, bytes] | None:
        """``(mtime_ns, size, result)`` for ``path``: the helper's non-empty
        result with the stat of the file as the helper read it, or None (do
        the work yourself)."""
        index = self._index.get(path)
        if index is None or self._fd is None:
            return None
        _POS.pack_into(self._shared, 0, index)
        got = self._received.pop(index, None)
        if got is None:  # read what has arrived since (most of it, near the end)
            self._drain()
            got = self._received.pop(index, None)
        if index == len(self._index) - 1:
            self.close()
        if got is None or not got[2]:
            return None
        return got

    def take_code(self, path: str, st: os.stat_result | None) -> CodeType | None:
        """:meth:`take` for a helper started with :func:`compile_work`: the
        code of ``path``, or None (compile it yourself)."""
        payload = self.take(path, st)
        if payload is None:
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
            import signal

            os.kill(self._pid, signal.SIGKILL)
        except OSError:  # pragma: no cover - already gone
            pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:  # pragma: no cover - collected elsewhere
            pass
