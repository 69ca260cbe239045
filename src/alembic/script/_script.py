"""One revision file as a node of the revision graph: :class:`Script`.

Re-exported by :mod:`alembic.script.base` (its public home).  Headers come
from the source text (see :mod:`alembic.script.headers`); the module is
imported only when something touches :attr:`Script.module`.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from ..util.exc import CommandError, SourceFileError, explain
from . import revision
from .headers import (
    HeaderCache,
    ScriptHeaders,
    headers_from_module,
    list_revision_files,
    read_headers,
)

if TYPE_CHECKING:
    from .base import ScriptDirectory

__all__ = ["Script"]

_sourceless_rev_file = re.compile(r"(?!\.\#|__init__)(.*\.py)(c|o)?$")
_only_source_rev_file = re.compile(r"(?!\.\#|__init__)(.*\.py)$")
_legacy_rev = re.compile(r"([a-f0-9]+)\.py$")


def _format_as_comma(value: Any) -> str:
    """Join a collection with ``", "``; a string passes through."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ", ".join(str(v) for v in value)


def _pyfiles() -> Any:
    from ..util import pyfiles

    return pyfiles


class Script(revision.Revision):
    """One revision file: its headers, its path, and (lazily) its module."""

    _db_current_indicator: bool | None = None
    """Set by ``history --indicate-current`` to mark the database's revisions."""

    def __init__(
        self,
        module: Any,
        rev_id: str,
        path: str,
        headers: ScriptHeaders | None = None,
    ) -> None:
        self._module = module
        self.path = path
        if headers is None:
            headers = (
                headers_from_module(module)
                if module is not None
                else read_headers(path)
            )
        if headers is None:
            module = self._module = _load_module(path)
            headers = headers_from_module(module)
        self._headers = headers
        values = headers.values
        super().__init__(
            rev_id,
            values.get("down_revision"),
            values.get("depends_on"),
            values.get("branch_labels"),
        )

    @property
    def module(self) -> Any:
        """The imported revision module; imported on first access."""
        if self._module is None:
            self._module = _load_module(self.path)
        return self._module

    @module.setter
    def module(self, value: Any) -> None:
        self._module = value

    @property
    def longdoc(self) -> str:
        """The whole module docstring, stripped."""
        doc = self._headers.doc
        if isinstance(doc, bytes):
            doc = doc.decode("utf-8", "replace")
        return doc.strip() if doc else ""

    @property
    def doc(self) -> str:
        """The first paragraph of the module docstring."""
        return self.longdoc.split("\n\n", 1)[0]

    @property
    def _script_version_path(self) -> str:
        return os.path.dirname(self.path)

    def __str__(self) -> str:
        return (
            f"{self._format_down_revision()} -> {self.revision}"
            f"{self._tree_marks(head=self.is_head)}, {self.doc}"
        )

    def _tree_marks(self, head: bool) -> str:
        """The `` (head)``/`` (branchpoint)``/`` (mergepoint)`` suffixes."""
        return (
            (" (head)" if head else "")
            + (" (branchpoint)" if self.is_branch_point else "")
            + (" (mergepoint)" if self.is_merge_point else "")
        )

    @property
    def log_entry(self) -> str:
        """The verbose, multi-line description used by ``history -v``."""
        current = " (current)" if self._db_current_indicator else ""
        entry = f"Rev: {self.revision}{self._tree_marks(head=self.is_head)}{current}\n"
        label = "Merges" if self.is_merge_point else "Parent"
        entry += f"{label}: {self._format_down_revision()}\n"
        if self.dependencies:
            entry += f"Also depends on: {_format_as_comma(self.dependencies)}\n"
        if self.is_branch_point:
            entry += f"Branches into: {_format_as_comma(self.nextrev)}\n"
        if self.branch_labels:
            entry += f"Branch names: {_format_as_comma(self.branch_labels)}\n"
        entry += f"Path: {self.path}\n"
        body = "\n".join(f"    {line}" for line in self.longdoc.splitlines())
        return entry + f"\n{body}\n"

    def _head_only(
        self,
        include_branches: bool = False,
        include_doc: bool = False,
        include_parents: bool = False,
        tree_indicators: bool = True,
        head_indicators: bool = True,
    ) -> str:
        text = self.revision
        if include_parents:
            if self.dependencies:
                deps = _format_as_comma(self.dependencies)
                text = f"{self._format_down_revision()} ({deps}) -> {text}"
            else:
                text = f"{self._format_down_revision()} -> {text}"
        if include_branches and self.branch_labels:
            text += f" ({_format_as_comma(self.branch_labels)})"
        if head_indicators or tree_indicators:
            text += (
                (" (head)" if self._is_real_head else "")
                + (
                    " (effective head)"
                    if self.is_head and not self._is_real_head
                    else ""
                )
                + (" (current)" if self._db_current_indicator else "")
            )
        if tree_indicators:
            text += self._tree_marks(head=False)
        if include_doc:
            text += f", {self.doc}"
        return text

    def cmd_format(
        self,
        verbose: bool,
        include_branches: bool = False,
        include_doc: bool = False,
        include_parents: bool = False,
        tree_indicators: bool = True,
        head_indicators: bool = True,
    ) -> str:
        """One revision as shown by ``heads``, ``branches``, ``history``."""
        if verbose:
            return self.log_entry
        return self._head_only(
            include_branches,
            include_doc,
            include_parents,
            tree_indicators,
            head_indicators,
        )

    def _format_down_revision(self) -> str:
        if not self.down_revision:
            return "<base>"
        return _format_as_comma(self._versioned_down_revisions)

    @classmethod
    def _list_py_dir(cls, scriptdir: ScriptDirectory, path: str) -> list[str]:
        """Candidate revision file paths under ``path``, in load order."""
        found = list_revision_files(
            path, scriptdir.sourceless, scriptdir.recursive_version_locations
        )
        return [file_path for file_path, _real in found]

    @classmethod
    def _from_path(
        cls, scriptdir: ScriptDirectory, path: str | os.PathLike
    ) -> Script | None:
        """The Script for the file at ``path``, or None if it is not a revision file."""
        dir_, filename = os.path.split(os.fspath(path))
        return cls._from_filename(scriptdir, dir_, filename)

    @classmethod
    def _from_filename(
        cls,
        scriptdir: ScriptDirectory,
        dir_: str,
        filename: str,
        _cache: HeaderCache | None = None,
    ) -> Script | None:
        """The Script for ``dir_/filename``, or None if the name is not a revision file."""
        path = dir_ + os.sep + filename if dir_ else filename
        return cls._from_file(scriptdir, path, filename, _cache)

    @classmethod
    def _from_file(
        cls,
        scriptdir: ScriptDirectory,
        path: str,
        filename: str,
        cache: HeaderCache | None = None,
        import_module: bool = False,
    ) -> Script | None:
        """The Script for the file at ``path`` (whose last part is ``filename``).

        With ``import_module`` the file is imported and its headers are taken
        from the module (a migration run imports every file anyway).
        """
        pattern = (
            _sourceless_rev_file if scriptdir.sourceless else _only_source_rev_file
        )
        match = pattern.match(filename)
        if not match:
            return None
        compiled = scriptdir.sourceless and match.group(2) in ("c", "o")
        if compiled and _source_wins(
            os.path.dirname(path), match.group(1), match.group(2)
        ):
            return None
        headers, module = _headers_for(path, compiled or import_module, cache)
        values = headers.values
        if "revision" in values:
            rev_id = values["revision"]
            if not isinstance(rev_id, str):
                raise _revision_not_a_string(path, rev_id)
        else:
            if module is None and not compiled:
                _check_syntax(path)  # a broken file, not a missing variable
            legacy = _legacy_rev.match(filename)
            if not legacy:
                raise CommandError(
                    f"Could not determine revision id from filename {filename}. "
                    "Be sure the 'revision' variable is declared "
                    "inside the script (please see 'Upgrading "
                    "from Alembic 0.1 to 0.2' in the documentation)."
                )
            rev_id = legacy.group(1)
        return cls(module, rev_id, path, headers=headers)


def _source_wins(dir_: str, py_filename: str, suffix: str) -> bool:
    """A .pyc/.pyo is skipped when its .py (or, for .pyo, .pyc) sits beside it."""
    if os.path.exists(os.path.join(dir_, py_filename)):
        return True
    return suffix == "o" and os.path.exists(os.path.join(dir_, py_filename + "c"))


def _headers_for(
    path: str, load: bool, cache: HeaderCache | None = None
) -> tuple[ScriptHeaders, Any]:
    """Headers for a file: read from source when possible, else by importing
    (always, when ``load`` is set: compiled files, and every file of a run)."""
    if not load:
        headers = cache.read(path) if cache is not None else read_headers(path)
        if headers is not None:
            return headers, None
    module = _load_module(path)
    return headers_from_module(module), module


def _load_module(path: str) -> Any:
    """Import a revision file (a syntax error is already a one-line
    CommandError from :mod:`alembic.util.pyfiles`; any other error keeps
    its type and gets the line the CLI prints)."""
    dir_, filename = os.path.split(path)
    try:
        return _pyfiles().load_python_file(dir_, filename)
    except CommandError:
        raise
    except Exception as err:
        raise explain(
            err,
            f"Revision file {os.path.abspath(path)} could not be loaded "
            f"({type(err).__name__}: {err}); none of its migration code ran. Fix "
            "the file (or install what it imports) and rerun",
        ) from None


def _revision_not_a_string(path: str, rev_id: object) -> TypeError:
    """Alembic fails on ``revision = 123`` with this TypeError (and a traceback)."""
    err = TypeError(f"'{type(rev_id).__name__}' object is not iterable")
    explain(
        err,
        f"Revision file {os.path.abspath(path)}: revision = {rev_id!r} is not a "
        f"string; write it in quotes (revision = '{rev_id}') and rerun",
    )
    return err


def _check_syntax(path: str) -> None:
    """Compile (never run) a revision file; a syntax error becomes a CommandError."""
    with open(path, "rb") as handle:
        source = handle.read()
    try:
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as err:
        raise _syntax_error(path, err) from err


def _syntax_error(path: str, err: SyntaxError) -> SourceFileError:
    return SourceFileError(
        f"Syntax error in revision file {os.path.abspath(path)}, line "
        f"{err.lineno}: {err.msg}; fix the file or remove it from the "
        "versions directory"
    )
