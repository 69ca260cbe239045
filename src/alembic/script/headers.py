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

import functools
import os
import re
import time as _time
from typing import TYPE_CHECKING, Any

from ..util.exc import CommandError
from ..util.pyfiles import read_file_bytes
from ..util.usercache import RACY_NS as _RACY_NS
from ..util.usercache import cache_file

if TYPE_CHECKING:
    import ast

__all__ = [
    "HEADER_NAMES",
    "HeaderCache",
    "RevisionFileSyntaxError",
    "ScriptHeaders",
    "headers_from_module",
    "headers_from_source",
    "list_revision_files",
    "read_docstring",
    "read_headers",
]

HEADER_NAMES = ("revision", "down_revision", "branch_labels", "depends_on")

_MISSING: Any = object()


class _Patterns:
    """The readers' regular expressions, compiled when a file is first read:
    a run served entirely from the header cache never needs them."""

    @functools.cached_property
    def plain_lines(self) -> re.Pattern[str]:
        """The usual header lines, one after another in the templates'
        order, each optional: ``name = 'id'`` or ``name = None``, with or
        without an annotation.  For header ``i`` (of :data:`HEADER_NAMES`),
        group ``3i+1`` or ``3i+2`` holds the string, group ``3i+3`` is
        ``"None"``; all three are ``None`` when the line is not there."""
        return re.compile(
            "".join(
                rf"(?:{name}[ \t]*(?::[^=\n]*)?=[ \t]*"
                r"""(?:'([^'\\\n]*)'|"([^"\\\n]*)"|(None))[ \t]*(?:\n|\Z))?"""
                for name in HEADER_NAMES
            )
        )

    @functools.cached_property
    def simple_str(self) -> re.Pattern[str]:
        """A quoted string without escapes (the usual header value)."""
        return re.compile(r"""^(?:'([^'\\\n]*)'|"([^"\\\n]*)")$""")

    @functools.cached_property
    def cookie(self) -> re.Pattern[bytes]:
        """A PEP 263 source-encoding comment."""
        return re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)


_RE = _Patterns()

# where the header region ends: the first top-level def, class or decorator
_BODY_STARTS = ("\ndef ", "\nclass ", "\nasync ", "\n@", "\ndef\t", "\nclass\t")


class RevisionFileSyntaxError(CommandError):
    """A revision file that Python cannot parse; the message names file and line."""

    def __init__(
        self, message: str, filename: str = "", lineno: int | None = None
    ) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = lineno


class ScriptHeaders:
    """The header values of one revision file.

    ``values`` maps each header name that the file defines to its value;
    ``doc`` is the raw module docstring, or ``None`` when there is none.
    Headers restored from the cache get their docstring the first time
    ``doc`` is asked for: from the cache (``source``) when it remembers it,
    else by reading ``path``.
    """

    __slots__ = ("_doc", "_path", "_source", "values")

    def __init__(
        self,
        values: dict[str, Any],
        doc: Any,
        path: str | None = None,
        source: _CachedDocs | None = None,
    ) -> None:
        self.values = values
        self._doc = doc
        self._path = path
        self._source = source

    @property
    def doc(self) -> str | None:
        """The raw module docstring (None when the file has none)."""
        if self._doc is _MISSING:
            self._doc = self._find_doc()
        return self._doc

    def _find_doc(self) -> str | None:
        if self._source is not None and self._path:
            doc = self._source.get(self._path)
            if doc is not _MISSING:
                return doc  # type: ignore[no-any-return]
        return read_docstring(self._path) if self._path else None

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


def read_headers(path: str) -> ScriptHeaders | None:
    """Read the headers of the revision file at ``path``.

    Returns ``None`` when the values are not all literals (the caller must
    import the module).  Raises :class:`RevisionFileSyntaxError` for a file
    Python cannot parse.
    """
    return headers_from_source(read_file_bytes(path), path)


def read_docstring(path: str) -> str | None:
    """The module docstring of the Python file at ``path``, without running it."""
    data = read_file_bytes(path)
    text = _decode(data)
    if text is not None:
        found = _read_docstring(text)
        if found is not _MISSING:
            return found[0]
    try:
        import ast

        return ast.get_docstring(ast.parse(data, filename=path), clean=False)
    except (SyntaxError, ValueError) as err:
        raise (
            _syntax_error(err, path)
            if isinstance(err, SyntaxError)
            else RevisionFileSyntaxError(
                f"Revision file {os.path.abspath(path)} could not be parsed: {err}",
                path,
            )
        ) from err


def headers_from_source(
    data: bytes, filename: str = "<string>"
) -> ScriptHeaders | None:
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
        name: getattr(module, name) for name in HEADER_NAMES if hasattr(module, name)
    }
    return ScriptHeaders(values, getattr(module, "__doc__", None))


def _decode(data: bytes) -> str | None:
    """Decode UTF-8 source; ``None`` when another codec or bad bytes are used."""
    head = data[:400]
    cookie = _RE.cookie.search(head) if b"coding" in head else None
    if cookie is not None and head.count(b"\n", 0, cookie.start()) < 2:
        codec = cookie.group(1).decode("ascii", "replace").lower().replace("_", "-")
        if codec not in ("utf-8", "utf8", "ascii", "us-ascii") and not codec.startswith(
            "utf-8-"
        ):
            return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --------------------------------------------------------------------------
# fast path: the header region only


def _scan_fast(text: str) -> ScriptHeaders | None:
    """Read headers from the lines before the body; ``None`` if unsure."""
    doc = _read_docstring(text)
    if doc is _MISSING:
        return None
    doc_value, region_start = doc
    region_end = _body_start(text, region_start)
    region = text[region_start:region_end]
    if (
        "'''" in region
        or '"""' in region
        or "\\\n" in region  # a line continued: maybe inside a string
        or _has_compound_line(region)
    ):
        return None
    values = _header_lines(region)
    if values is None:
        return None
    if region_end < len(text) and _mentioned_after(text, region_end):
        return None  # the body might rebind a header (e.g. inside an ``if``)
    return ScriptHeaders(values, doc_value)


def _header_lines(region: str) -> dict[str, Any] | None:
    """The values of the header assignment lines of ``region``.

    Every whole-word mention of a header name (not after a dot) must be the
    name at the start of a ``name = literal`` or ``name: annotation =
    literal`` line, or sit on a comment line; anything else (``y =
    revision``, an indented assignment, ``revision += ...``, a trailing
    comment that mentions one) returns ``None``.  Plain string searches do
    the work: this is the hot loop of a cold ``heads`` over thousands of
    files.
    """
    values: dict[str, Any] = {}
    line_done = -1  # mentions before this offset belong to a line already read
    plain_lines = _RE.plain_lines
    for start, name_end in _mentions(region):
        if start < line_done:
            continue
        if start == 0 or region[start - 1] == "\n":
            if not _closed_before(region, start):
                return None  # a keyword argument or an item inside brackets
            # the usual lines, read with one match (every part is optional)
            plain = plain_lines.match(region, start)
            if plain is not None and plain.end() > start:
                groups = plain.groups()
                for i, name in enumerate(HEADER_NAMES):
                    single, double, none = groups[3 * i : 3 * i + 3]
                    if single is None and double is None and none is None:
                        continue
                    if name in values:
                        return None
                    values[name] = single if single is not None else double
                line_done = plain.end()
                continue
        line_start = region.rfind("\n", 0, start) + 1
        line_end = region.find("\n", start)
        if line_end < 0:
            line_end = len(region)
        line_done = line_end
        if start > line_start:
            if region[line_start:start].lstrip(" \t")[:1] == "#":
                continue  # a comment line
            return None
        equals = region.find("=", name_end, line_end)
        if equals < 0 or region.startswith("=", equals + 1):
            return None
        between = region[name_end:equals].lstrip(" \t")
        if between and between[0] != ":":
            return None  # ``revision += x``, ``revision.x = y``, ...
        name = region[start:name_end]
        value = _parse_literal(region[equals + 1 : line_end].strip(" \t"))
        if name in values or value is _MISSING:
            return None
        values[name] = value
    return values


def _closed_before(region: str, end: int) -> bool:
    """Whether every bracket opened before ``end`` is closed there: a
    header name at the start of a line inside ``f(`` ... ``)`` is not an
    assignment.  Brackets in comments or strings may make this say no;
    then the careful reader decides."""
    before = region[:end]
    return (
        before.count("(") == before.count(")")
        and before.count("[") == before.count("]")
        and before.count("{") == before.count("}")
    )


def _mentions(region: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each whole-word header name in ``region``, in order.

    A name counts unless a word character or a dot is just before it or a
    word character just after it (``my_revision``, ``op.revision`` and
    ``revisions`` are not mentions); ``revision`` preceded by ``down_`` is
    a mention of ``down_revision``, starting there.
    """
    found = []
    size = len(region)
    for word in ("revision", "branch_labels", "depends_on"):
        pos = region.find(word)
        while pos >= 0:
            end = pos + len(word)
            start = pos
            if word == "revision" and pos >= 5 and region.startswith("down_", pos - 5):
                start = pos - 5
            if not (
                (start > 0 and _is_word_or_dot(region[start - 1]))
                or (end < size and _is_word(region[end]))
            ):
                found.append((start, end))
            pos = region.find(word, end)
    if len(found) > 1:
        found.sort()
    return found


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _is_word_or_dot(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch == "."


# a compound statement at column 0 (it could bind a header in a branch)
_COMPOUND_STARTS = ("\nif", "\nfor", "\nwhile", "\ntry", "\nwith", "\nmatch")


def _has_compound_line(region: str) -> bool:
    """Whether a line of ``region`` starts with ``if``/``for``/``while``/
    ``try``/``with``/``match`` as a whole word."""
    padded = "\n" + region
    for key in _COMPOUND_STARTS:
        pos = padded.find(key)
        while pos >= 0:
            end = pos + len(key)
            if end == len(padded) or not _is_word(padded[end]):
                return True
            pos = padded.find(key, end)
    return False


def _body_start(text: str, start: int) -> int:
    """Offset of the first top-level def/class/decorator after ``start``."""
    end = len(text)
    for marker in _BODY_STARTS:
        found = text.find(marker, start, end)
        if found >= 0:
            end = found + 1
    return end


def _mentioned_after(text: str, start: int) -> bool:
    """Whether any header name occurs after ``start`` (``down_revision``
    contains ``revision``, so three searches cover the four names)."""
    return any(
        text.find(name, start) >= 0
        for name in ("revision", "branch_labels", "depends_on")
    )


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
    simple = _RE.simple_str.match(rhs)
    if simple is not None:
        value = simple.group(1)
        return value if value is not None else simple.group(2)
    if "#" in rhs:
        rhs = _strip_comment(rhs)
        if rhs is None:
            return _MISSING
    import ast

    try:
        return ast.literal_eval(rhs)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _MISSING


def _strip_comment(rhs: str) -> str | None:
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


def _scan_ast(data: bytes, filename: str) -> ScriptHeaders | None:
    """Read headers by parsing the whole file; ``None`` if not all literal."""
    import ast

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
    values: dict[str, Any] = {}
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


def _literal_assignment(stmt: ast.stmt) -> tuple[str, Any] | None:
    """``(name, value)`` for ``header = value``; value ``_MISSING`` if not literal."""
    import ast

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
    import ast

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
) -> list[tuple[str, str]]:
    """``(path, real path)`` of every candidate file under ``location``.

    Files come sorted by name within each directory, directories in sorted
    order when ``recursive``; with ``sourceless``, compiled files in
    ``__pycache__`` whose source is absent are included too.  Filtering by
    name (``.py``, ``.#*``, ``__init__*``) is left to the caller.
    """
    found: list[tuple[str, str]] = []
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
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Sorted files and sub-directories (minus ``__pycache__``) of one directory."""
    files: list[tuple[str, str]] = []
    subdirs: list[tuple[str, str]] = []
    with os.scandir(directory) as it:
        entries = {entry.name: entry for entry in it}
    prefix = os.path.join(directory, "")
    real_prefix = os.path.join(real_dir, "")
    for name in sorted(entries):
        entry = entries[name]
        path = prefix + name
        real = os.path.realpath(path) if entry.is_symlink() else real_prefix + name
        if entry.is_dir():
            if name != "__pycache__":
                subdirs.append((path, real))
        else:
            files.append((path, real))
    return files, subdirs


def _pycache_files(
    directory: str, real_dir: str, files: list[tuple[str, str]]
) -> list[tuple[str, str]]:
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


# --------------------------------------------------------------------------
# remembering headers between runs

_CACHE_VERSION = 6  # bump whenever the readers or the file layout change


class HeaderCache:
    """Headers of one version location's files, remembered between runs.

    Stored with :mod:`marshal` in the user's cache directory
    (``$XDG_CACHE_HOME/alembic`` or ``~/.cache/alembic``), one file per
    version location, so the project tree is never written to.  An entry is
    used only while the file's ``(mtime_ns, size)`` is unchanged; files
    modified in the last two seconds are not remembered (their mtime may not
    yet tell edits apart).  Set ``ALEMBIC_HEADER_CACHE=0`` to turn it off;
    an unwritable cache directory just means no cache.

    The file holds ``(version, entries, docs)``.  Entries are flat tuples
    ``(path, mtime_ns, size, mask, *values)`` where bit ``i`` of ``mask``
    says whether ``HEADER_NAMES[i]`` is defined: flat tuples load several
    times faster than nested dicts.  ``docs`` is a marshalled
    ``{path: docstring}`` for the same entries, decoded only when a
    docstring is first asked for (``history`` needs them, ``heads`` not).
    """

    def __init__(self, location: str) -> None:
        self.path = _cache_file(location)
        self._old: dict[str, tuple[Any, ...]] = {}
        self._docs = _CachedDocs(b"")
        self._new: list[tuple[Any, ...]] = []
        self._new_docs: dict[str, Any] = {}
        self._changed = False
        self._helper: Any = None
        if self.path:
            self._load()

    def read_ahead(self, paths: list[str]) -> None:
        """About to read the headers of ``paths``, in this order: when most
        of them are not in the cache (a cold run), a helper process reads
        them from the last one backwards on a second core while this one
        reads from the first (:mod:`alembic.util.compile_helper`; the same
        conditions and switch, ``ALEMBIC_PARALLEL_COMPILE=0``).  :meth:`read`
        takes what has arrived; :meth:`close` stops the helper."""
        if self._helper is not None or 2 * len(self._old) > len(paths):
            return
        from ..util import compile_helper

        self._helper = compile_helper.start(paths, _helper_work)

    def close(self) -> None:
        """Stop the read-ahead helper, if one runs (also done at exit)."""
        helper, self._helper = self._helper, None
        if helper is not None:
            helper.close()

    def _load(self) -> None:
        import marshal

        try:
            with open(self.path, "rb") as f:  # type: ignore[arg-type]
                data = marshal.loads(f.read())  # one read: load(f) reads per object
        except (OSError, EOFError, ValueError, TypeError):
            return
        if (
            isinstance(data, tuple)
            and len(data) == 3
            and data[0] == _CACHE_VERSION
            and isinstance(data[2], bytes)
        ):
            self._old = {entry[0]: entry for entry in data[1]}
            self._docs = _CachedDocs(data[2])

    def read(self, path: str) -> ScriptHeaders | None:
        """Headers of ``path`` (see :func:`read_headers`), from the cache if fresh."""
        entry = self._old.get(path)
        if entry is None and self._helper is not None:
            headers = self._from_helper(path)
            if headers is not None:
                return headers
        st = os.stat(path)
        if entry is not None and entry[1] == st.st_mtime_ns and entry[2] == st.st_size:
            self._new.append(entry)
            return ScriptHeaders(_unpack(entry), _MISSING, path, self._docs)
        self._changed = True
        headers = read_headers(path)
        if headers is not None:
            self._remember(path, st.st_mtime_ns, st.st_size, headers)
        return headers

    def _remember(
        self, path: str, mtime_ns: int, size: int, headers: ScriptHeaders
    ) -> None:
        """Keep ``headers`` (read from ``path`` as it was at ``mtime_ns`` and
        ``size``) for the next run, unless the file is too fresh to tell."""
        if _time.time_ns() - mtime_ns > _RACY_NS:
            self._new.append(_pack(path, mtime_ns, size, headers.values))
            self._new_docs[path] = headers.doc

    def _from_helper(self, path: str) -> ScriptHeaders | None:
        """The headers the read-ahead helper sent for ``path``, or None (read
        them here).  They are the file's as the helper read it, during this
        run, with the stat it read them at (what the cache records): no
        second stat here."""
        import marshal

        got = self._helper.take_as_read(path)
        if got is None:
            return None
        mtime_ns, size, payload = got
        try:
            values, doc = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None
        self._changed = True
        headers = ScriptHeaders(values, doc)
        self._remember(path, mtime_ns, size, headers)
        return headers

    def save(self) -> None:
        """Write the cache back if anything changed (best effort)."""
        import marshal

        if not self.path:
            return
        if not self._changed and len(self._new) == len(self._old):
            return
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            docs = marshal.dumps(self._docs_to_save())
            with open(tmp, "wb") as f:
                marshal.dump((_CACHE_VERSION, self._new, docs), f)
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def _docs_to_save(self) -> dict[str, Any]:
        """Docstrings of the entries about to be written, where known."""
        docs = {}
        for entry in self._new:
            path = entry[0]
            doc = self._new_docs.get(path, _MISSING)
            if doc is _MISSING:
                doc = self._docs.get(path)
            if doc is not _MISSING:
                docs[path] = doc
        return docs


def _helper_work(data: bytes, path: str) -> bytes:
    """In the read-ahead helper: one file's headers, marshalled; empty when
    this process must read the file itself (headers that need an import, a
    file that does not parse: the error is then reported here)."""
    import marshal

    try:
        headers = headers_from_source(data, path)
        if headers is None:
            return b""
        return marshal.dumps((headers.values, headers.doc))
    except Exception:  # noqa: BLE001 - anything: this process reads it again
        return b""


class _CachedDocs:
    """The docstrings a cache file stores beside its entries.

    Kept as marshalled bytes until the first docstring is asked for; the
    headers served from the cache refer to this object only, not to the
    whole :class:`HeaderCache`.
    """

    __slots__ = ("_blob", "_docs")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._docs: dict[str, Any] | None = None

    def get(self, path: str) -> Any:
        """The docstring remembered for ``path``, or ``_MISSING``.

        Only meaningful for headers the cache served (their file unchanged).
        """
        if self._docs is None:
            self._docs = self._decode()
            self._blob = b""
        return self._docs.get(path, _MISSING)

    def _decode(self) -> dict[str, Any]:
        import marshal

        if not self._blob:
            return {}
        try:
            docs = marshal.loads(self._blob)
        except (EOFError, ValueError, TypeError):
            return {}
        return docs if isinstance(docs, dict) else {}


_ALL_DEFINED = (1 << len(HEADER_NAMES)) - 1


def _unpack(entry: tuple[Any, ...]) -> dict[str, Any]:
    """The header values of one cache entry (see :func:`_pack`)."""
    mask = entry[3]
    if mask == _ALL_DEFINED:  # the usual file: every header assigned
        return dict(zip(HEADER_NAMES, entry[4:]))
    return {
        name: entry[4 + i] for i, name in enumerate(HEADER_NAMES) if mask & (1 << i)
    }


def _pack(
    path: str, mtime_ns: int, size: int, values: dict[str, Any]
) -> tuple[Any, ...]:
    """One flat cache entry for ``path``."""
    if len(values) == len(HEADER_NAMES):  # the usual file: every header assigned
        get = values.get
        return (
            path,
            mtime_ns,
            size,
            _ALL_DEFINED,
            get("revision"),
            get("down_revision"),
            get("branch_labels"),
            get("depends_on"),
        )
    mask = sum(1 << i for i, name in enumerate(HEADER_NAMES) if name in values)
    return (path, mtime_ns, size, mask) + tuple(
        values.get(name) for name in HEADER_NAMES
    )


def _cache_file(location: str) -> str | None:
    """Where the header cache of ``location`` lives; None when disabled."""
    import sys

    tag = sys.implementation.cache_tag
    return cache_file("headers", location, "ALEMBIC_HEADER_CACHE", tag)
