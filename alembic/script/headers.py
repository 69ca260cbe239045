"""Read a revision file's header values without running the file.

A revision file declares ``revision``, ``down_revision``, ``branch_labels``
and ``depends_on`` as module-level literals, and describes itself in its
module docstring.  Importing every file just to learn those values is what
makes large histories slow, so this module reads them from the source text.

Two readers, fastest first:

* :func:`_scan_fast` looks only at the lines before the first top-level
  ``def``/``class``/decorator, matches ``name = literal`` lines there and
  gives up (returns ``None``) at anything it is not certain about;
* :func:`_scan_ast` parses the whole file with :mod:`ast` and accepts only
  plain top-level literal assignments (annotated or not).

When neither can prove the values are literals, :func:`read_headers` returns
``None`` and the caller imports the module instead, so unusual files keep
working exactly as before.  Nothing here imports SQLAlchemy or Mako.
"""
from __future__ import annotations

import ast
import os
import re
from typing import Any, Dict, List, Optional, Tuple

from ..util.exc import CommandError

__all__ = [
    "HEADER_NAMES",
    "RevisionFileSyntaxError",
    "ScriptHeaders",
    "headers_from_module",
    "headers_from_source",
    "list_revision_files",
    "read_headers",
]

HEADER_NAMES = ("revision", "down_revision", "branch_labels", "depends_on")

_MISSING: Any = object()

# ``name = value`` or ``name: annotation = value`` at column 0
_ASSIGN_RE = re.compile(
    r"^(revision|down_revision|branch_labels|depends_on)[ \t]*"
    r"(?::[^=\n]*)?=(?!=)[ \t]*(.*?)[ \t]*$",
    re.M,
)
# where the header region ends: the first top-level def, class or decorator
_BODY_START_RE = re.compile(r"^(?:def[ \t]|class[ \t]|async[ \t]|@)", re.M)
# top-level statements that could bind names conditionally or indirectly
_RISKY_RE = re.compile(
    r"^(?:if|elif|else|for|while|try|except|finally|with|match|global|del|"
    r"from|import)\b[^\n]*\b(?:revision|down_revision|branch_labels|depends_on)\b"
    r"|^(?:if|for|while|try|with|match)\b",
    re.M,
)
_SIMPLE_STR_RE = re.compile(r"""^(?:'([^'\\\n]*)'|"([^"\\\n]*)")$""")
_COOKIE_RE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.M)


class RevisionFileSyntaxError(CommandError):
    """A revision file that Python cannot parse; the message names file and line."""

    def __init__(self, message: str, filename: str = "", lineno: Optional[int] = None) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = lineno


class ScriptHeaders:
    """The header values of one revision file.

    ``values`` maps each header name that the file defines to its value;
    ``doc`` is the raw module docstring, or ``None`` when there is none.
    """

    __slots__ = ("values", "doc")

    def __init__(self, values: Dict[str, Any], doc: Optional[str]) -> None:
        self.values = values
        self.doc = doc

    def get(self, name: str, default: Any = None) -> Any:
        """Return the value of header ``name``, or ``default`` if undefined."""
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        """Whether the file assigns header ``name`` at module level."""
        return name in self.values

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScriptHeaders):
            return NotImplemented
        return self.values == other.values and self.doc == other.doc

    def __repr__(self) -> str:
        return f"ScriptHeaders({self.values!r}, doc={self.doc!r})"


def read_headers(path: str) -> Optional[ScriptHeaders]:
    """Read the headers of the revision file at ``path``.

    Returns ``None`` when the values are not all literals (the caller must
    import the module).  Raises :class:`RevisionFileSyntaxError` for a file
    Python cannot parse.
    """
    with open(path, "rb") as f:
        data = f.read()
    return headers_from_source(data, path)


def headers_from_source(data: bytes, filename: str = "<string>") -> Optional[ScriptHeaders]:
    """Read the headers from a revision file's source bytes."""
    text = _decode(data)
    if text is not None:
        found = _scan_fast(text)
        if found is not None:
            return found
    return _scan_ast(data, filename)


def headers_from_module(module: Any) -> ScriptHeaders:
    """Build headers from an already imported revision module."""
    values = {
        name: getattr(module, name)
        for name in HEADER_NAMES
        if hasattr(module, name)
    }
    return ScriptHeaders(values, getattr(module, "__doc__", None))


def _decode(data: bytes) -> Optional[str]:
    """Decode UTF-8 source; ``None`` when another codec or bad bytes are used."""
    head = data[:400]
    cookie = _COOKIE_RE.search(head)
    if cookie is not None and head.count(b"\n", 0, cookie.start()) < 2:
        codec = cookie.group(1).decode("ascii", "replace").lower().replace("_", "-")
        if codec not in ("utf-8", "utf8", "ascii", "us-ascii") and not codec.startswith("utf-8-"):
            return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --------------------------------------------------------------------------
# fast path: the header region only


def _scan_fast(text: str) -> Optional[ScriptHeaders]:
    """Read headers from the lines before the body; ``None`` if unsure."""
    doc = _read_docstring(text)
    if doc is _MISSING:
        return None
    doc_value, region_start = doc
    body = _BODY_START_RE.search(text, region_start)
    region_end = body.start() if body else len(text)
    region = text[region_start:region_end]
    if "'''" in region or '"""' in region or _RISKY_RE.search(region):
        return None
    values: Dict[str, Any] = {}
    for match in _ASSIGN_RE.finditer(region):
        name, rhs = match.group(1), match.group(2)
        if name in values:
            return None
        value = _parse_literal(rhs)
        if value is _MISSING:
            return None
        values[name] = value
    if body is not None and _ASSIGN_RE.search(text, region_end):
        return None
    return ScriptHeaders(values, doc_value)


def _read_docstring(text: str) -> Any:
    """Return ``(docstring or None, offset after it)``, or ``_MISSING`` if unsure."""
    pos = _skip_blank_and_comments(text, 0)
    open_at = pos + 1 if text[pos : pos + 1] in ("r", "R", "u", "U") else pos
    if text[open_at : open_at + 1] not in ("'", '"'):
        return None, pos
    quote = text[open_at : open_at + 3]
    if quote not in ('"""', "'''"):
        quote = text[open_at]
    start = open_at + len(quote)
    end = text.find(quote, start)
    if end < 0:
        return _MISSING
    body = text[start:end]
    if "\\" in body or (len(quote) == 1 and "\n" in body):
        return _MISSING
    after = end + len(quote)
    line_end = text.find("\n", after)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[after:line_end].strip()
    if rest and not rest.startswith("#"):
        return _MISSING
    return body, line_end


def _skip_blank_and_comments(text: str, pos: int) -> int:
    """Advance past blank lines and comment lines."""
    length = len(text)
    while pos < length:
        ch = text[pos]
        if ch in " \t\f\n":
            pos += 1
        elif ch == "#":
            nl = text.find("\n", pos)
            pos = length if nl < 0 else nl + 1
        else:
            break
    return pos


def _parse_literal(rhs: str) -> Any:
    """Parse the right-hand side of a header line, or return ``_MISSING``."""
    if rhs == "None":
        return None
    simple = _SIMPLE_STR_RE.match(rhs)
    if simple is not None:
        value = simple.group(1)
        return value if value is not None else simple.group(2)
    if "#" in rhs:
        rhs = _strip_comment(rhs)
        if rhs is None:
            return _MISSING
    try:
        return ast.literal_eval(rhs)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _MISSING


def _strip_comment(rhs: str) -> Optional[str]:
    """Drop a trailing ``# comment`` that is outside any string literal."""
    quote = ""
    for index, ch in enumerate(rhs):
        if quote:
            if ch == "\\":
                return None
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return rhs[:index].rstrip()
    return rhs


# --------------------------------------------------------------------------
# careful path: the whole file through ast


def _scan_ast(data: bytes, filename: str) -> Optional[ScriptHeaders]:
    """Read headers by parsing the whole file; ``None`` if not all literal."""
    try:
        tree = ast.parse(data, filename=filename)
    except SyntaxError as err:
        raise _syntax_error(err, filename) from err
    except ValueError as err:  # e.g. null bytes
        raise RevisionFileSyntaxError(
            f"Revision file {os.path.abspath(filename)} could not be parsed: {err}; "
            "fix the file or remove it from the versions directory",
            filename,
        ) from err
    values: Dict[str, Any] = {}
    for stmt in tree.body:
        assigned = _literal_assignment(stmt)
        if assigned is not None:
            name, value = assigned
            if value is _MISSING:
                return None
            values[name] = value
        elif _binds_header_name(stmt):
            return None
    return ScriptHeaders(values, ast.get_docstring(tree, clean=False))


def _literal_assignment(stmt: ast.stmt) -> Optional[Tuple[str, Any]]:
    """``(name, value)`` for ``header = value``; value ``_MISSING`` if not literal."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value_node = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value_node = stmt.target, stmt.value
    else:
        return None
    if not (isinstance(target, ast.Name) and target.id in HEADER_NAMES):
        return None
    try:
        return target.id, ast.literal_eval(value_node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return target.id, _MISSING


def _binds_header_name(stmt: ast.stmt) -> bool:
    """Whether a top-level statement may bind a header name some other way."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return stmt.name in HEADER_NAMES
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            if node.id in HEADER_NAMES:
                return True
        elif isinstance(node, ast.alias):
            bound = node.asname or node.name.split(".")[0]
            if bound in HEADER_NAMES or node.name == "*":
                return True
    return False


def _syntax_error(err: SyntaxError, filename: str) -> RevisionFileSyntaxError:
    """A one-line syntax error that names the file and the line."""
    where = os.path.abspath(filename) if filename != "<string>" else filename
    message = (
        f"Syntax error in revision file {where}, line {err.lineno}: {err.msg}; "
        "fix the file or remove it from the versions directory"
    )
    return RevisionFileSyntaxError(message, where, err.lineno)


# --------------------------------------------------------------------------
# finding revision files


def list_revision_files(
    location: str, sourceless: bool, recursive: bool
) -> List[Tuple[str, str]]:
    """``(path, real path)`` of every candidate file under ``location``.

    Files come sorted by name within each directory, directories in sorted
    order when ``recursive``; with ``sourceless``, compiled files in
    ``__pycache__`` whose source is absent are included too.  Filtering by
    name (``.py``, ``.#*``, ``__init__*``) is left to the caller.
    """
    found: List[Tuple[str, str]] = []
    pending = [(location, os.path.realpath(location))]
    while pending:
        directory, real_dir = pending.pop(0)
        files, subdirs = _scan_directory(directory, real_dir)
        found.extend(files)
        if sourceless:
            found.extend(_pycache_files(directory, real_dir, files))
        if not recursive:
            break
        pending[0:0] = subdirs
    return found


def _scan_directory(
    directory: str, real_dir: str
) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]]]:
    """Sorted files and sub-directories (minus ``__pycache__``) of one directory."""
    files: List[Tuple[str, str]] = []
    subdirs: List[Tuple[str, str]] = []
    with os.scandir(directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            path = os.path.join(directory, entry.name)
            linked = entry.is_symlink()
            real = os.path.realpath(path) if linked else os.path.join(real_dir, entry.name)
            if entry.is_dir():
                if entry.name != "__pycache__":
                    subdirs.append((path, real))
            else:
                files.append((path, real))
    return files, subdirs


def _pycache_files(
    directory: str, real_dir: str, files: List[Tuple[str, str]]
) -> List[Tuple[str, str]]:
    """Compiled files in ``directory/__pycache__`` without a module of the same stem."""
    cache = os.path.join(directory, "__pycache__")
    if not os.path.isdir(cache):
        return []
    stems = {os.path.basename(path).split(".")[0] for path, _real in files}
    real_cache = os.path.join(real_dir, "__pycache__")
    return [
        (os.path.join(cache, name), os.path.realpath(os.path.join(real_cache, name)))
        for name in sorted(os.listdir(cache))
        if name.split(".")[0] not in stems
    ]
