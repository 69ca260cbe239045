"""The migration environment on disk: :class:`ScriptDirectory` and :class:`Script`.

A :class:`ScriptDirectory` is the folder ``alembic init`` creates: ``env.py``,
``script.py.mako`` and one or more version locations holding revision
files.  Each revision file becomes a :class:`Script`, a node of the
:class:`~alembic.script.revision.RevisionMap`.  Headers are read from the
source text (see :mod:`alembic.script.headers`); the module itself is only
imported when its ``upgrade()``/``downgrade()`` is needed.

Nothing here imports SQLAlchemy or Mako at module level.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..util.exc import CommandError
from . import revision
from .headers import (
    HeaderCache,
    ScriptHeaders,
    headers_from_module,
    list_revision_files,
    read_headers,
)

if TYPE_CHECKING:
    import datetime

__all__ = ["Script", "ScriptDirectory"]

_sourceless_rev_file = re.compile(r"(?!\.\#|__init__)(.*\.py)(c|o)?$")
_only_source_rev_file = re.compile(r"(?!\.\#|__init__)(.*\.py)$")
_legacy_rev = re.compile(r"([a-f0-9]+)\.py$")
_slug_re = re.compile(r"\w+")
_default_file_template = "%(rev)s_%(slug)s"

_MULTIPLE_HEADS = (
    "Multiple head revisions are present for given argument "
    "'%(head_arg)s'; please specify a specific target revision, "
    "'<branchname>@%(head_arg)s' to narrow to a specific head, "
    "or 'heads' for all heads"
)
_RANGE_NOT_ANCESTOR = (
    "Requested range %(start)s:%(end)s does not refer to "
    "ancestor/descendant revisions along the same branch"
)


def _to_tuple(value: Any, default: Any = ()) -> Any:
    """``None`` -> default, a string -> 1-tuple, an iterable -> tuple."""
    if value is None:
        return default
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _format_as_comma(value: Any) -> str:
    """Join a collection with ``", "``; a string passes through."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ", ".join(str(v) for v in value)


def _messaging() -> Any:
    from ..util import messaging

    return messaging


def _pyfiles() -> Any:
    from ..util import pyfiles

    return pyfiles


class ScriptDirectory:
    """The migration environment folder and its revision files.

    Usually built with :meth:`from_config`; ``dir`` is the folder holding
    ``env.py`` and ``script.py.mako``.
    """

    def __init__(
        self,
        dir: str | os.PathLike,
        file_template: str = _default_file_template,
        truncate_slug_length: int | None = 40,
        version_locations: Sequence[str | os.PathLike] | None = None,
        sourceless: bool = False,
        output_encoding: str = "utf-8",
        timezone: str | None = None,
        hooks: Any = (),
        recursive_version_locations: bool = False,
        messaging_opts: Any = None,
    ) -> None:
        self.dir = os.fspath(dir)
        self.file_template = file_template
        self.version_locations = (
            [os.fspath(v) for v in version_locations] if version_locations else None
        )
        self.truncate_slug_length = truncate_slug_length or 40
        self.sourceless = sourceless
        self.output_encoding = output_encoding
        self.revision_map = revision.RevisionMap(self._load_revisions)
        self.timezone = timezone
        self.hooks = hooks
        self.recursive_version_locations = recursive_version_locations
        self.messaging_opts = dict(messaging_opts or {})
        if not os.access(self.dir, os.F_OK):
            raise CommandError(
                f"Path doesn't exist: {self.dir!r}.  Please use "
                "the 'init' command to create a new scripts folder."
            )

    @classmethod
    def from_config(cls, config: Any) -> ScriptDirectory:
        """Build the directory from a :class:`~alembic.config.Config`."""
        script_location = config.get_alembic_option("script_location")
        if script_location is None:
            raise CommandError("No 'script_location' key found in configuration.")
        truncate = config.get_alembic_option("truncate_slug_length")
        prepend = config.get_prepend_sys_paths_list()
        if prepend:
            sys.path[:0] = prepend
        location = _pyfiles().coerce_resource_to_filename(script_location)
        if not os.access(location, os.F_OK):
            raise CommandError(
                f"Path doesn't exist: {location!r} (script_location in "
                f"{_config_source(config)}).  Please use the 'init' command "
                "to create a new scripts folder, or fix script_location."
            )
        return cls(
            location,
            file_template=config.get_alembic_option(
                "file_template", _default_file_template
            ),
            truncate_slug_length=int(truncate) if truncate is not None else None,
            sourceless=config.get_alembic_boolean_option("sourceless"),
            output_encoding=config.get_alembic_option("output_encoding", "utf-8"),
            version_locations=config.get_version_locations_list(),
            timezone=config.get_alembic_option("timezone"),
            hooks=config.get_hooks_list(),
            recursive_version_locations=config.get_alembic_boolean_option(
                "recursive_version_locations"
            ),
            messaging_opts=getattr(config, "messaging_opts", None),
        )

    # ------------------------------------------------------------------
    # locations

    @property
    def versions(self) -> str:
        """The single version location; an error when there are several."""
        locations = self._version_locations
        if len(locations) > 1:
            raise CommandError("Multiple version_locations present")
        return locations[0]

    @property
    def _version_locations(self) -> tuple[str, ...]:
        cached = self.__dict__.get("_version_locations_cache")
        if cached is None:
            cached = self._compute_version_locations()
            self.__dict__["_version_locations_cache"] = cached
        return cached

    def _compute_version_locations(self) -> tuple[str, ...]:
        if not self.version_locations:
            return (os.path.abspath(os.path.join(self.dir, "versions")),)
        coerce = _pyfiles().coerce_resource_to_filename
        return tuple(os.path.abspath(coerce(loc)) for loc in self.version_locations)

    @property
    def env_py_location(self) -> str:
        """Absolute path of the environment's ``env.py``."""
        return os.path.abspath(os.path.join(self.dir, "env.py"))

    def run_env(self) -> None:
        """Run ``env.py`` from this directory (loads it as a module)."""
        _pyfiles().load_python_file(self.dir, "env.py")

    # ------------------------------------------------------------------
    # loading revisions

    def _load_revisions(self) -> Iterator[Script]:
        """Yield a :class:`Script` per revision file in every version location."""
        seen = set()
        for location in self._version_locations:
            if not os.path.exists(location):
                continue
            files = list_revision_files(
                location, self.sourceless, self.recursive_version_locations
            )
            cache = HeaderCache(location)
            for _path, real_path in files:
                if real_path in seen:
                    _messaging().warn(
                        f"File {real_path} loaded twice! ignoring. Please "
                        "ensure version_locations is unique."
                    )
                    continue
                seen.add(real_path)
                dir_, _, filename = real_path.rpartition(os.sep)
                script = Script._from_filename(self, dir_, filename, _cache=cache)
                if script is not None:
                    yield script
            cache.save()

    @contextmanager
    def _catch_revision_errors(
        self,
        ancestor: str | None = None,
        multiple_heads: str | None = None,
        start: str | None = None,
        end: str | None = None,
        resolution: str | None = None,
    ) -> Iterator[None]:
        """Turn the graph's errors into :class:`CommandError` with Alembic's texts."""
        try:
            yield
        except revision.RangeNotAncestorError as err:
            values = {
                "start": start if start is not None else err.lower,
                "end": end if end is not None else err.upper,
            }
            raise CommandError((ancestor or _RANGE_NOT_ANCESTOR) % values) from err
        except revision.MultipleHeads as err:
            values = {
                "head_arg": end or err.argument,
                "heads": _format_as_comma(err.heads),
            }
            raise CommandError((multiple_heads or _MULTIPLE_HEADS) % values) from err
        except revision.ResolutionError as err:
            if resolution is None:
                resolution = f"Can't locate revision identified by '{err.argument}'"
            raise CommandError(resolution) from err
        except revision.RevisionError as err:
            raise CommandError(err.args[0]) from err

    # ------------------------------------------------------------------
    # graph queries

    def walk_revisions(
        self, base: str = "base", head: str = "heads"
    ) -> Iterator[Script]:
        """Iterate scripts from ``head`` down to ``base``, newest first."""
        with self._catch_revision_errors(start=base, end=head):
            yield from self.revision_map.iterate_revisions(
                head, base, inclusive=True, assert_relative_length=False
            )

    def get_revisions(self, id_: Any) -> tuple[Script | None, ...]:
        """Resolve an identifier (or several) to scripts."""
        with self._catch_revision_errors():
            return self.revision_map.get_revisions(id_)

    def get_all_current(self, id_: Any) -> Any:
        """The scripts for ``id_`` plus every ancestor-implied current revision."""
        with self._catch_revision_errors():
            return self.revision_map._get_all_current(id_)

    def get_revision(self, id_: str) -> Script | None:
        """Resolve one identifier to its script."""
        with self._catch_revision_errors():
            return self.revision_map.get_revision(id_)

    def as_revision_number(self, id_: str | None) -> Any:
        """The full revision id for ``id_``; a tuple for ``heads``, None for base."""
        with self._catch_revision_errors():
            rev, _branch = self.revision_map._resolve_revision_number(id_)
        if not rev:
            return None
        if id_ == "heads":
            return rev
        return rev[0]

    def iterate_revisions(self, upper: Any, lower: Any, **kw: Any) -> Iterator[Script]:
        """Iterate the scripts between ``upper`` and ``lower`` (see RevisionMap)."""
        return self.revision_map.iterate_revisions(upper, lower, **kw)

    def get_current_head(self) -> str | None:
        """The single head revision id; an error if there are several."""
        with self._catch_revision_errors(
            multiple_heads=(
                "The script directory has multiple heads (due to branching)."
                "Please use get_heads(), or merge the branches using "
                "alembic merge."
            )
        ):
            return self.revision_map.get_current_head()

    def get_heads(self) -> list[str]:
        """All head revision ids."""
        with self._catch_revision_errors():
            return list(self.revision_map.heads)

    def get_base(self) -> str | None:
        """The single base revision id; an error if there are several."""
        bases = self.get_bases()
        if len(bases) > 1:
            raise CommandError(
                "The script directory has multiple bases. Please use get_bases()."
            )
        return bases[0] if bases else None

    def get_bases(self) -> list[str]:
        """All base revision ids."""
        with self._catch_revision_errors():
            return list(self.revision_map.bases)

    # ------------------------------------------------------------------
    # migration plans (pure planners live in steps.py)

    def _upgrade_revs(self, destination: str, current_rev: Any) -> list[Any]:
        """The ordered upgrade steps from ``current_rev`` to ``destination``."""
        from .steps import upgrade_steps

        with self._catch_revision_errors(
            ancestor="Destination %(end)s is not a valid upgrade target from current head(s)",
            end=destination,
        ):
            return upgrade_steps(self.revision_map, destination, current_rev)

    def _downgrade_revs(self, destination: str | None, current_rev: Any) -> list[Any]:
        """The ordered downgrade steps from ``current_rev`` to ``destination``."""
        from .steps import downgrade_steps

        with self._catch_revision_errors(
            ancestor="Destination %(end)s is not a valid downgrade target from current head(s)",
            end=destination,
        ):
            return downgrade_steps(self.revision_map, destination, current_rev)

    def _stamp_revs(self, revision: Any, heads: Any) -> list[Any]:
        """The stamp steps moving the version table from ``heads`` to ``revision``."""
        from .steps import stamp_steps

        with self._catch_revision_errors(
            multiple_heads="Multiple heads are present; please specify a single target revision"
        ):
            return stamp_steps(self.revision_map, revision, heads)

    # ------------------------------------------------------------------
    # writing files (the generation logic lives in _generate.py)

    def _generate_create_date(self) -> datetime.datetime:
        """Now, as a naive local time or in the configured ``timezone``."""
        import datetime

        if self.timezone is None:
            return datetime.datetime.now()
        tzinfo = _zoneinfo(self.timezone)
        now = datetime.datetime.now(datetime.timezone.utc)
        return now.astimezone(tzinfo)

    def _rev_path(
        self,
        path: str | os.PathLike,
        rev_id: str,
        message: str | None,
        create_date: datetime.datetime,
    ) -> Path:
        """The file path a new revision gets from ``file_template``."""
        slug = "_".join(_slug_re.findall(message or "")).lower()
        if len(slug) > self.truncate_slug_length:
            slug = slug[: self.truncate_slug_length].rsplit("_", 1)[0] + "_"
        tokens = {
            "rev": rev_id,
            "slug": slug,
            "epoch": int(create_date.timestamp()),
            "year": create_date.year,
            "month": create_date.month,
            "day": create_date.day,
            "hour": create_date.hour,
            "minute": create_date.minute,
            "second": create_date.second,
        }
        try:
            filename = f"{self.file_template % tokens}.py"
        except (KeyError, ValueError, TypeError) as err:
            raise CommandError(
                f"file_template {self.file_template!r} could not be applied: "
                f"{err!r}; use only the tokens rev, slug, epoch, year, month, "
                "day, hour, minute, second"
            ) from None
        return Path(path) / filename

    def generate_revision(
        self,
        revid: str,
        message: str | None,
        head: Any = None,
        splice: bool | None = False,
        branch_labels: Any = None,
        version_path: str | os.PathLike | None = None,
        file_template: str | None = None,
        depends_on: Any = None,
        **kw: Any,
    ) -> Script | None:
        """Write a new revision file from ``script.py.mako`` and return its Script."""
        from ._generate import generate_revision

        return generate_revision(
            self,
            revid,
            message,
            head=head,
            splice=splice,
            branch_labels=branch_labels,
            version_path=version_path,
            file_template=file_template,
            depends_on=depends_on,
            **kw,
        )

    def _ensure_directory(self, path: str | os.PathLike) -> None:
        """Create ``path`` (and parents) if missing, with a status line."""
        path = os.path.abspath(os.fspath(path))
        if not os.path.exists(path):
            with _messaging().status(
                f"Creating directory {path}", **self.messaging_opts
            ):
                os.makedirs(path)

    def _generate_template(self, src: Any, dest: Any, **kw: Any) -> None:
        """Render Mako template ``src`` into file ``dest``."""
        dest = os.path.abspath(os.fspath(dest))
        with _messaging().status(f"Generating {dest}", **self.messaging_opts):
            _pyfiles().template_to_file(
                os.fspath(src), dest, self.output_encoding, **kw
            )

    def _append_template(self, src: Any, dest: Any, **kw: Any) -> None:
        """Render Mako template ``src`` and append it to existing file ``dest``."""
        dest = os.path.abspath(os.fspath(dest))
        with _messaging().status(
            f"Appending to existing {dest}", **self.messaging_opts
        ):
            with open(dest, "rb") as f:
                existing = f.read()
            gap = (
                b""
                if not existing or existing.endswith(b"\n\n")
                else (b"\n" if existing.endswith(b"\n") else b"\n\n")
            )
            with open(dest, "ab") as f:
                f.write(gap)
            _pyfiles().template_to_file(
                os.fspath(src), dest, self.output_encoding, append=True, **kw
            )

    def _copy_file(self, src: Any, dest: Any) -> None:
        """Copy a template file into place, with a status line."""
        dest = os.path.abspath(os.fspath(dest))
        import shutil

        with _messaging().status(f"Generating {dest}", **self.messaging_opts):
            shutil.copy(os.fspath(src), dest)

    def _run_post_write_hooks(self, path: str | os.PathLike) -> None:
        """Run the configured post-write hooks on a freshly written file."""
        if self.hooks:
            from . import write_hooks

            write_hooks._run_hooks(os.fspath(path), self.hooks)


def _config_source(config: Any) -> str:
    """Name the file the configuration came from, for error messages."""
    for attr in ("config_file_name", "toml_file_name"):
        name = getattr(config, attr, None)
        if name:
            return str(name)
    return "the configuration"


def _zoneinfo(name: str) -> Any:
    """Look up a timezone by name, trying upper case second."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for candidate in (name, name.upper()):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    raise CommandError(f"Can't locate timezone: {name}") from None


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
        super().__init__(
            rev_id,
            headers.get("down_revision"),
            branch_labels=headers.get("branch_labels"),
            dependencies=headers.get("depends_on"),
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
        return re.split("\n\n", self.longdoc)[0]

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
        pattern = (
            _sourceless_rev_file if scriptdir.sourceless else _only_source_rev_file
        )
        match = pattern.match(filename)
        if not match:
            return None
        compiled = scriptdir.sourceless and match.group(2) in ("c", "o")
        if compiled and _source_wins(dir_, match.group(1), match.group(2)):
            return None
        path = dir_ + os.sep + filename if dir_ else filename
        headers, module = _headers_for(path, compiled, _cache)
        if headers.has("revision"):
            rev_id = headers.get("revision")
        else:
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
    path: str, compiled: bool, cache: HeaderCache | None = None
) -> tuple[ScriptHeaders, Any]:
    """Headers for a file: read from source when possible, else by importing."""
    if not compiled:
        headers = cache.read(path) if cache is not None else read_headers(path)
        if headers is not None:
            return headers, None
    module = _load_module(path)
    return headers_from_module(module), module


def _load_module(path: str) -> Any:
    """Import a revision file, turning a syntax error into a one-line CommandError."""
    dir_, filename = os.path.split(path)
    try:
        return _pyfiles().load_python_file(dir_, filename)
    except SyntaxError as err:
        raise CommandError(
            f"Syntax error in revision file {os.path.abspath(path)}, line "
            f"{err.lineno}: {err.msg}; fix the file or remove it from the "
            "versions directory"
        ) from err
