"""Files of Python code and templates: render Mako, load modules by path.

Mako is imported only inside :func:`template_to_file`, so importing this module
stays cheap.

Modules loaded by :func:`load_python_file` get their compiled code from a
per-directory code cache (:class:`_CodeCache`) when it is fresh, and from
Python's own import machinery (``__pycache__``) otherwise; the module object
is built the same way either way.  The cache also remembers each file's
source checksum (:func:`source_checksum`), so the applied-history journal
does not re-read and re-hash every revision file it records.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import importlib.util
import os
import re
import sys
from types import CodeType, ModuleType
from typing import Any

from .exc import CommandError, SourceFileError
from .usercache import RACY_NS as _RACY_NS
from .usercache import cache_file

__all__ = [
    "coerce_resource_to_filename",
    "load_module_py",
    "load_python_file",
    "precompile",
    "pyc_file_from_path",
    "read_file_bytes",
    "source_checksum",
    "template_to_file",
    "text_checksum",
]


def _render_failure(template_file: str) -> CommandError:
    """Write Mako's template-aware traceback to a temp file; an error naming it."""
    import tempfile

    from mako import exceptions

    fd, fname = tempfile.mkstemp(suffix=".txt", prefix="alembic_template_error_")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(exceptions.text_error_template().render())
    return CommandError(
        f"Template rendering failed for {template_file}; see {fname} for a "
        "template-oriented traceback."
    )


def template_to_file(
    template_file: str | os.PathLike,
    dest: str | os.PathLike,
    output_encoding: str,
    *,
    append: bool = False,
    **kw: Any,
) -> None:
    """Render the Mako template ``template_file`` with ``kw`` into ``dest``."""
    from mako.template import Template

    template = Template(filename=os.fspath(template_file))
    try:
        output = template.render_unicode(**kw).encode(output_encoding)
    except Exception as err:
        raise _render_failure(os.fspath(template_file)) from err
    with open(dest, "ab" if append else "wb") as out:
        out.write(output)


def coerce_resource_to_filename(fname_or_resource: str) -> str:
    """A filesystem path for ``fname_or_resource``.

    ``"package.sub:resource/dir"`` (a package resource spec) is resolved through
    ``importlib.resources``; anything else is returned unchanged.
    """
    if os.path.isabs(fname_or_resource) or ":" not in fname_or_resource:
        return fname_or_resource
    if re.match(r"^[A-Za-z]:[\\/]", fname_or_resource):  # a Windows drive letter
        return fname_or_resource
    package, resource = fname_or_resource.split(":", 1)
    try:
        import importlib.resources  # only for package:resource locations

        root = importlib.resources.files(package)
    except ModuleNotFoundError as err:
        raise CommandError(
            f"Can't resolve script location {fname_or_resource!r}: package {package!r} "
            "is not importable; check the name or use a filesystem path"
        ) from err
    return str(root.joinpath(resource))


def pyc_file_from_path(path: str | os.PathLike) -> str | None:
    """The compiled file for the source ``path`` (``__pycache__`` or legacy), if any."""
    path = os.fspath(path)
    try:
        cached = importlib.util.cache_from_source(path)
    except NotImplementedError:  # pragma: no cover - no bytecode caching
        cached = None
    if cached and os.path.exists(cached):
        return cached
    stem = os.path.splitext(path)[0]
    for suffix in importlib.machinery.BYTECODE_SUFFIXES:
        if os.path.exists(stem + suffix):
            return stem + suffix
    return None


_CHUNK = 65536


def read_file_bytes(path: str) -> bytes:
    """The whole content of the file at ``path``.

    Through the operating system's own calls, without Python's buffered file
    object: for the thousands of small revision files of a large history
    that takes about a third of the time of ``open(path, "rb").read()``.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        data = os.read(fd, _CHUNK)
        if len(data) < _CHUNK:
            return data
        chunks = [data]
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


# -- checksums ------------------------------------------------------------------


def text_checksum(text: str) -> str:
    """SHA-256 of ``text`` with line endings and trailing white space normalized."""
    import hashlib

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    normalized = "\n".join(line.rstrip() for line in lines).rstrip("\n")
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def source_checksum(path: str | None) -> str | None:
    """:func:`text_checksum` of the ``.py`` file at ``path``; None without one.

    Remembered in the directory's code cache while the file's
    ``(mtime_ns, size)`` stays the same.
    """
    if not path or not path.endswith(".py"):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    cache = _cache_for(os.path.dirname(path))
    found = cache.checksum(path, st) if cache is not None else None
    if found is not None:
        return found
    try:
        data = read_file_bytes(path)
    except OSError:
        return None
    checksum = text_checksum(data.decode("utf-8", errors="replace"))
    if cache is not None:
        cache.remember(path, st, checksum=checksum)
    return checksum


# -- the code cache ---------------------------------------------------------------

_FORMAT = 1  # bump when the entry layout changes

# an entry: [path, mtime_ns, size, marshalled code or None, code or None, checksum]
_PATH, _MTIME, _SIZE, _BLOB, _CODE, _SUM = range(6)


def _code_cache_file(directory: str) -> str | None:
    """Where the code cache of ``directory`` lives; None when switched off."""
    return cache_file("code", directory, "ALEMBIC_CODE_CACHE", _interpreter_tag())


def _header() -> bytes:
    """Written into the cache and checked on reading: the bytecode magic
    number and the optimization level."""
    return importlib.util.MAGIC_NUMBER + bytes([sys.flags.optimize])


def _interpreter_tag() -> str:
    """What the compiled code depends on besides the source: the interpreter
    (``cpython-311``) and the optimization level (``-O`` drops asserts)."""
    tag = sys.implementation.cache_tag
    if sys.flags.optimize:
        tag += f".opt-{sys.flags.optimize}"
    return tag


class _CodeCache:
    """Compiled code and source checksums of one directory's Python files.

    Kept with :mod:`marshal` in the user's cache directory (beside the
    revision-header cache), one file per directory, so the project tree is
    not written to.  An entry serves only the same path string while the
    file's ``(mtime_ns, size)`` is unchanged, and only under the Python that
    wrote it, at the same optimization level (the file name carries the
    interpreter's cache tag and ``-O`` level, the content its bytecode magic
    number and that level again).  Files modified in the last two seconds are
    not remembered.  New entries are written back when the process exits;
    ``ALEMBIC_CODE_CACHE=0`` or ``python -B`` turn writing off, and an
    unwritable cache directory just means no cache.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.entries = self._load()
        self.dirty = False

    def _load(self) -> dict[str, list[Any]]:
        import marshal

        try:
            with open(self.file, "rb") as handle:
                data = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not (isinstance(data, tuple) and len(data) == 3):
            return {}
        if data[0] != _FORMAT or data[1] != _header():
            return {}
        return {entry[_PATH]: [*entry[:4], None, entry[4]] for entry in data[2]}

    def _fresh(self, path: str, st: os.stat_result) -> list[Any] | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        if entry[_MTIME] != st.st_mtime_ns or entry[_SIZE] != st.st_size:
            return None
        return entry

    def code(self, path: str, st: os.stat_result) -> CodeType | None:
        """The cached code of ``path`` if it matches ``st``, else None."""
        import marshal

        entry = self._fresh(path, st)
        if entry is None:
            return None
        if entry[_CODE] is None and entry[_BLOB] is not None:
            # decoded for the caller only: the module keeps what it needs,
            # and a second copy of every module's code would only add memory
            try:
                return marshal.loads(entry[_BLOB])
            except (EOFError, ValueError, TypeError):
                entry[_BLOB] = None
        return entry[_CODE]

    def checksum(self, path: str, st: os.stat_result) -> str | None:
        """The remembered source checksum of ``path`` if it matches ``st``."""
        entry = self._fresh(path, st)
        return None if entry is None else entry[_SUM]

    def remember(
        self,
        path: str,
        st: os.stat_result,
        code: CodeType | None = None,
        checksum: str | None = None,
    ) -> None:
        """Keep ``code`` and/or ``checksum`` for ``path`` as it was at ``st``."""
        import time

        if checksum is None and sys.dont_write_bytecode:
            return  # code is kept only to be written back, which -B rules out
        if time.time_ns() - st.st_mtime_ns < _RACY_NS:
            return
        entry = self._fresh(path, st)
        if entry is None:
            entry = [path, st.st_mtime_ns, st.st_size, None, None, None]
            self.entries[path] = entry
        if code is not None and not sys.dont_write_bytecode:
            # kept only to be written back at exit (which -B rules out)
            entry[_CODE], entry[_BLOB] = code, None
        if checksum is not None:
            entry[_SUM] = checksum
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            _register_exit_save()

    def save(self) -> None:
        """Write the entries back (best effort, atomically replaced).

        Entries of files that are gone or have changed since are dropped.
        """
        import marshal

        if not self.dirty or sys.dont_write_bytecode:
            return
        self.dirty = False
        tmp = f"{self.file}.{os.getpid()}.tmp"
        try:
            current = filter(_still_current, self.entries.values())
            rows = [self._row(entry, marshal) for entry in current]
            payload = (_FORMAT, _header(), rows)
            os.makedirs(os.path.dirname(self.file), exist_ok=True)
            with open(tmp, "wb") as handle:
                handle.write(marshal.dumps(payload))
            os.replace(tmp, self.file)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    @staticmethod
    def _row(entry: list[Any], marshal: Any) -> tuple[Any, ...]:
        blob = entry[_BLOB]
        if blob is None and entry[_CODE] is not None:
            blob = marshal.dumps(entry[_CODE])
        return (entry[_PATH], entry[_MTIME], entry[_SIZE], blob, entry[_SUM])


def _still_current(entry: list[Any]) -> bool:
    """Whether the file of a cache entry is still there, unchanged."""
    try:
        st = os.stat(entry[_PATH])
    except OSError:
        return False
    return st.st_mtime_ns == entry[_MTIME] and st.st_size == entry[_SIZE]


_caches: dict[str, _CodeCache | None] = {}
_exit_save_registered = False


def _cache_for(directory: str) -> _CodeCache | None:
    """The (process-wide) code cache of ``directory``, or None when off.

    Looked up by absolute path: the same relative directory name seen from
    another working directory is another directory.
    """
    if directory in _caches and os.path.isabs(directory):
        return _caches[directory]
    where = os.path.abspath(directory)
    try:
        return _caches[where]
    except KeyError:
        pass
    file = _code_cache_file(where)
    cache = _CodeCache(file) if file else None
    _caches[where] = cache
    return cache


def _save_all() -> None:
    for cache in list(_caches.values()):
        if cache is not None:
            cache.save()


def _register_exit_save() -> None:
    global _exit_save_registered
    if not _exit_save_registered:
        import atexit

        atexit.register(_save_all)
        _exit_save_registered = True


# -- loading modules ----------------------------------------------------------------


def precompile(paths: list[str]) -> None:
    """Get ready to load many ``.py`` files (in this order): in a cold run
    (no bytecode to read or write, no code cache), start compiling them on a
    second core (:mod:`alembic.util.compile_helper`).  Once per run: a later
    call while a helper is running changes nothing."""
    global _helper
    if _helper is not None or not sys.dont_write_bytecode:
        return
    from . import compile_helper

    if len(paths) < compile_helper.MIN_FILES or not compile_helper.allowed():
        return
    compiled_here: dict[str, bool] = {}
    todo = []
    for path in paths:
        directory = _parent(path)
        here = compiled_here.get(directory)
        if here is None:
            here = compiled_here[directory] = _compiled_here(directory)
        if here and path.endswith(".py"):
            todo.append(path)
    _helper = compile_helper.start(todo)
    if _helper is not None:
        import atexit

        atexit.unregister(finish_precompile)  # once, however many runs
        atexit.register(finish_precompile)


def finish_precompile() -> None:
    """Stop the helper :func:`precompile` started, if any."""
    global _helper
    helper, _helper = _helper, None
    if helper is not None:
        helper.close()


_helper: Any = None  # the running compile helper of this process, if any


def _posix_parent(path: str) -> str:
    head, sep, _ = path.rpartition(os.sep)
    return head or sep


#: ``os.path.dirname`` for one separator, at a third of its cost (thousands of
#: revision files); the real one where paths have two (Windows)
_parent = os.path.dirname if os.altsep else _posix_parent


def _compiled_here(directory: str) -> bool:
    """Whether loading the ``.py`` files of ``directory`` compiles their
    source in this process (no ``__pycache__`` folder, no code cache entries)."""
    if _has_pycache_folder(directory):
        return False
    cache = _cache_for(directory)
    return cache is None or not cache.entries


def _source_code(spec: Any, path: str, st: os.stat_result | None) -> CodeType:
    """The code of the source file ``path`` (whose stat is ``st``, when
    known): cached, or compiled."""
    cache = _cache_for(_parent(path))
    if cache is None:
        return _compile_source(spec.loader, path, st)
    if st is None:
        st = os.stat(path)
    code = cache.code(path, st)
    if code is None:
        code = _compile_source(spec.loader, path, st)
        cache.remember(path, st, code=code)
    return code


def _compile_source(loader: Any, path: str, st: os.stat_result | None) -> CodeType:
    """Compile ``path`` as the import system would.

    When no bytecode may be written (``PYTHONDONTWRITEBYTECODE``, as in many
    container images) and no ``__pycache__`` file exists, the source is read
    and compiled directly (or taken from the compile helper): the import
    system's own route there (its stat calls, the failed attempt to open a
    compiled file) cost about half as much again as the compile itself.
    """
    if not sys.dont_write_bytecode or _has_cached_bytecode(path):
        return loader.get_code(loader.name)
    if _helper is not None:
        code = _helper.take_code(path, st)
        if code is not None:
            return code
    return compile(read_file_bytes(path), path, "exec", dont_inherit=True)


def _has_cached_bytecode(path: str) -> bool:
    """Whether ``path`` has a ``__pycache__`` file (a directory without a
    ``__pycache__`` folder is looked at once, not once per file)."""
    if not _has_pycache_folder(_parent(path)):
        return False
    try:
        return os.path.exists(importlib.util.cache_from_source(path))
    except NotImplementedError:  # pragma: no cover - no bytecode caching
        return False


def _has_pycache_folder(directory: str) -> bool:
    """Whether ``directory`` has a ``__pycache__`` folder (looked at once)."""
    has_folder = _pycache_folders.get(directory)
    if has_folder is None:
        has_folder = os.path.isdir(os.path.join(directory, "__pycache__"))
        _pycache_folders[directory] = has_folder
    return has_folder


_pycache_folders: dict[str, bool] = {}


def _syntax_error(err: SyntaxError, path: str) -> SourceFileError:
    where = f"{err.filename or path}:{err.lineno}" if err.lineno else path
    return SourceFileError(f"Syntax error in {where}: {err.msg}; fix the file and rerun")


def load_module_py(
    module_id: str, path: str | os.PathLike, _stat: os.stat_result | None = None
) -> ModuleType:
    """Execute the Python (or bytecode) file at ``path`` as module ``module_id``."""
    path = os.fspath(path)
    spec, module = _spec_and_module(module_id, path)
    # in sys.modules while its body runs (dataclasses need it), then taken out
    previous = sys.modules.get(module_id)
    sys.modules[module_id] = module
    try:
        _run_module(spec, module, path, _stat)
    except SyntaxError as err:
        raise _syntax_error(err, path) from err
    finally:
        if previous is None:
            sys.modules.pop(module_id, None)
        else:
            sys.modules[module_id] = previous
    return module


def _spec_and_module(module_id: str, path: str) -> tuple[Any, ModuleType]:
    """The import spec and the empty module for the file at ``path``."""
    compiled = path.endswith((".pyc", ".pyo"))
    if not compiled and os.path.isabs(path):
        return _source_module(module_id, path)
    loader: Any = None
    if compiled:
        loader = importlib.machinery.SourcelessFileLoader(module_id, path)
    spec = importlib.util.spec_from_file_location(module_id, path, loader=loader)
    if spec is None or spec.loader is None:
        raise ImportError(f"Can't load Python file {path}")
    return spec, importlib.util.module_from_spec(spec)


def _source_module(module_id: str, path: str) -> tuple[Any, ModuleType]:
    """The spec and empty module for the source file at the absolute
    ``path``: what
    ``spec_from_file_location`` and ``module_from_spec`` make for it (the
    same attributes), built directly, at a tenth of their cost, which
    counts for thousands of revision files."""
    loader = importlib.machinery.SourceFileLoader(module_id, path)
    spec = importlib.machinery.ModuleSpec(module_id, loader, origin=path)
    spec.has_location = True
    spec.cached = _cached_name(path)
    module = ModuleType(module_id)
    module.__spec__ = spec
    module.__loader__ = loader
    module.__package__ = ""
    module.__file__ = path
    module.__cached__ = spec.cached  # type: ignore[attr-defined]
    return spec, module


def _cached_name(path: str) -> str | None:
    """Where the import system would keep ``path``'s bytecode."""
    if sys.pycache_prefix is None and not sys.flags.optimize:
        head, _, tail = path.rpartition(os.sep)
        stem = tail[:-3] if tail.endswith(".py") else tail
        tag = sys.implementation.cache_tag
        if tag is not None:
            return f"{head}{os.sep}__pycache__{os.sep}{stem}.{tag}.pyc"
    try:
        return importlib.util.cache_from_source(path)
    except NotImplementedError:  # pragma: no cover - no bytecode caching
        return None


def _run_module(
    spec: Any, module: ModuleType, path: str, st: os.stat_result | None
) -> None:
    """Execute ``module``'s code: a source file's through the code cache,
    anything else through its loader."""
    if type(spec.loader) is not importlib.machinery.SourceFileLoader:
        spec.loader.exec_module(module)
        return
    code = _source_code(spec, path, st)
    exec(code, module.__dict__)  # noqa: S102 - running the file is the point


def load_python_file(dir_: str | os.PathLike, filename: str) -> ModuleType:
    """Load ``filename`` from directory ``dir_`` as a module (``.py`` or compiled)."""
    module_id = re.sub(r"\W", "_", filename)
    path = os.path.join(os.fspath(dir_), filename)
    ext = os.path.splitext(filename)[1]
    if ext == ".py":
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None:
            return load_module_py(module_id, path, st)
        compiled = pyc_file_from_path(path)
        if compiled is None:
            raise ImportError(f"Can't find Python file {path}")
        return load_module_py(module_id, compiled)
    if ext in (".pyc", ".pyo"):
        return load_module_py(module_id, path)
    raise ImportError(
        f"Don't know how to load {path}: expected a .py, .pyc or .pyo file"
    )
