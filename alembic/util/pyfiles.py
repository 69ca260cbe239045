"""Files of Python code and templates: render Mako, load modules by path.

Mako is imported only inside :func:`template_to_file`, so importing this module
stays cheap.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import importlib.util
import os
import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from .exc import CommandError

__all__ = [
    "coerce_resource_to_filename",
    "load_module_py",
    "load_python_file",
    "pyc_file_from_path",
    "template_to_file",
]


def _render_failure(template_file: str) -> CommandError:
    """Write Mako's template-aware traceback to a temp file; an error naming it."""
    from mako import exceptions

    import tempfile

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


@contextlib.contextmanager
def _registered(module_id: str, module: ModuleType) -> Iterator[None]:
    """Keep ``module`` in ``sys.modules`` while its body runs (dataclasses need it)."""
    previous = sys.modules.get(module_id)
    sys.modules[module_id] = module
    try:
        yield
    finally:
        if previous is None:
            sys.modules.pop(module_id, None)
        else:
            sys.modules[module_id] = previous


def load_module_py(module_id: str, path: str | os.PathLike) -> ModuleType:
    """Execute the Python (or bytecode) file at ``path`` as module ``module_id``."""
    path = os.fspath(path)
    if path.endswith((".pyc", ".pyo")):
        loader: Any = importlib.machinery.SourcelessFileLoader(module_id, path)
        spec = importlib.util.spec_from_file_location(module_id, path, loader=loader)
    else:
        spec = importlib.util.spec_from_file_location(module_id, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"Can't load Python file {path}")
    module = importlib.util.module_from_spec(spec)
    with _registered(module_id, module):
        try:
            spec.loader.exec_module(module)
        except SyntaxError as err:
            where = f"{err.filename or path}:{err.lineno}" if err.lineno else path
            raise CommandError(
                f"Syntax error in {where}: {err.msg}; fix the file and rerun"
            ) from err
    return module


def load_python_file(dir_: str | os.PathLike, filename: str) -> ModuleType:
    """Load ``filename`` from directory ``dir_`` as a module (``.py`` or compiled)."""
    module_id = re.sub(r"\W", "_", filename)
    path = os.path.join(os.fspath(dir_), filename)
    ext = os.path.splitext(filename)[1]
    if ext == ".py":
        if os.path.exists(path):
            return load_module_py(module_id, path)
        compiled = pyc_file_from_path(path)
        if compiled is None:
            raise ImportError(f"Can't find Python file {path}")
        return load_module_py(module_id, compiled)
    if ext in (".pyc", ".pyo"):
        return load_module_py(module_id, path)
    raise ImportError(
        f"Don't know how to load {path}: expected a .py, .pyc or .pyo file"
    )
