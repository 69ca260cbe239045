"""The migration environment on disk: :class:`ScriptDirectory`.

A :class:`ScriptDirectory` is the folder ``alembic init`` creates: ``env.py``,
``script.py.mako`` and one or more version locations holding revision
files.  Each revision file becomes a :class:`Script` (defined in
:mod:`alembic.script._script`, public here), a node of the
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

from ..util.exc import CommandError, SourceFileError
from . import revision
from ._script import (  # noqa: F401 - their home in Alembic
    Script,
    _format_as_comma,
    _legacy_rev,
    _only_source_rev_file,
    _pyfiles,
    _sourceless_rev_file,
)
from .headers import HeaderCache, list_revision_files

if TYPE_CHECKING:
    import datetime

    from ..config import Config

__all__ = ["Script", "ScriptDirectory"]

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


def _messaging() -> Any:
    from ..util import messaging

    return messaging


_DuplicateRevisionError = revision.DuplicateRevisionError


def _duplicate_with_paths(
    err: revision.DuplicateRevisionError,
) -> revision.DuplicateRevisionError:
    """The same error, its message naming the two files that declare the id."""
    where = [getattr(r, "path", None) or repr(r) for r in (err.first, err.second)]
    return revision.DuplicateRevisionError(
        err.revision,
        err.first,
        err.second,
        f"Revision {err.revision} is declared by two files, {where[0]} and "
        f"{where[1]}; give one of them a new revision id",
    )


class _ScriptRevisionMap(revision.RevisionMap):
    """The graph of a script directory: errors about a node name its file."""

    def _collect_revisions(self) -> dict[str, revision.Revision]:
        try:
            return super()._collect_revisions()
        except revision.DuplicateRevisionError as err:
            raise _duplicate_with_paths(err) from None

    def add_revision(self, revision: Any, _replace: bool = False) -> None:
        try:
            super().add_revision(revision, _replace)
        except _DuplicateRevisionError as err:
            raise _duplicate_with_paths(err) from None


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
        self.revision_map = _ScriptRevisionMap(self._load_revisions)
        #: set for a migration run: building the map imports every module
        self._import_while_loading = False
        self._scripts_in_file_order: list[Script] = []
        #: the version locations' files, listed by :meth:`_prepare_run`
        self._listing_for_run: list[tuple[str, list[tuple[str, str]]]] | None = None
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
    def from_config(cls, config: Config) -> ScriptDirectory:
        """Build the directory from a :class:`~alembic.config.Config`."""
        script_location = config.get_alembic_option("script_location")
        if script_location is None:
            raise CommandError("No 'script_location' key found in configuration.")
        truncate = config.get_alembic_option("truncate_slug_length")
        prepend = config.get_prepend_sys_paths_list()
        if prepend:
            sys.path[:0] = prepend
        location = _coerce_location(script_location)
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
            truncate_slug_length=_int_option(config, "truncate_slug_length", truncate),
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
        return tuple(
            os.path.abspath(_coerce_location(loc)) for loc in self.version_locations
        )

    @property
    def env_py_location(self) -> str:
        """Absolute path of the environment's ``env.py``."""
        return os.path.abspath(os.path.join(self.dir, "env.py"))

    def run_env(self) -> None:
        """Run ``env.py`` from this directory (loads it as a module)."""
        pyfiles = _pyfiles()
        env_py = self.env_py_location
        if not os.path.exists(env_py) and pyfiles.pyc_file_from_path(env_py) is None:
            raise CommandError(
                f"No env.py found in {self.dir}; restore it, or create the "
                "environment with the 'init' command"
            )
        pyfiles.load_python_file(self.dir, "env.py")

    # ------------------------------------------------------------------
    # loading revisions

    def _load_revisions(self) -> Iterator[Script]:
        """Yield a :class:`Script` per revision file in every version location.

        Files are read in Alembic's order: the version locations in turn,
        file names sorted.  During a migration run (see
        :meth:`_import_revision_modules`) each file is imported as it is
        read; otherwise only its headers are read.
        """
        seen = set()
        importing = self._import_while_loading
        self._scripts_in_file_order = in_order = []
        listing = self._listing_for_run or self._list_revision_files()
        self._listing_for_run = None
        if importing:
            _pyfiles().precompile([real for _l, files in listing for _p, real in files])
        for location, files in listing:
            cache = HeaderCache(location)
            if not importing:
                cache.read_ahead([real for _p, real in files if real not in seen])
            try:
                for _path, real_path in files:
                    if real_path in seen:
                        _messaging().warn(
                            f"File {real_path} loaded twice! ignoring. Please "
                            "ensure version_locations is unique."
                        )
                        continue
                    seen.add(real_path)
                    filename = real_path.rpartition(os.sep)[2]
                    script = Script._from_file(
                        self, real_path, filename, cache, import_module=importing
                    )
                    if script is not None:
                        in_order.append(script)
                        yield script
            finally:
                cache.close()
            cache.save()
        if importing:
            _pyfiles().finish_precompile()

    def _list_revision_files(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each existing version location with its candidate files, in order."""
        return [
            (
                location,
                list_revision_files(
                    location, self.sourceless, self.recursive_version_locations
                ),
            )
            for location in self._version_locations
            if os.path.exists(location)
        ]

    def _prepare_run(self) -> None:
        """Before env.py runs: a migration run will import every revision
        file, so in a cold run a helper process starts compiling them now
        (:func:`alembic.util.pyfiles.precompile`), while this process imports
        SQLAlchemy and connects."""
        if "_revision_map" in vars(self.revision_map):
            return
        self._listing_for_run = listing = self._list_revision_files()
        _pyfiles().precompile([real for _l, files in listing for _p, real in files])

    def _import_revision_modules(self) -> None:
        """Import every revision module before a migration run's first step.

        Alembic imports them all when it builds its revision map, so a file
        that fails to import stops the run before anything is applied, and
        module-level side effects happen in file order.  When the map is not
        built yet, building it will import each file as it is read (the
        command's planning builds it); when it was built from headers, the
        modules are imported now, in the same order.
        """
        if "_revision_map" not in vars(self.revision_map):
            self._import_while_loading = True
            return
        scripts = self._scripts_in_file_order
        _pyfiles().precompile(
            [s.path for s in scripts if s._module is None and s.path]
        )
        for script in scripts:
            script.module  # noqa: B018 - the import is the point

    @contextmanager
    def _catch_revision_errors(
        self,
        ancestor: str | None = None,
        multiple_heads: str | None = None,
        start: str | None = None,
        end: str | None = None,
        resolution: str | None = None,
        database: Any = None,
    ) -> Iterator[None]:
        """Turn the graph's errors into :class:`CommandError` with Alembic's texts.

        ``database`` holds the revisions read from the version table: an
        unknown one among them is named as the database's.
        """
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
        except revision.AmbiguousRevisionError as err:
            raise CommandError(err.args[0]) from err
        except revision.ResolutionError as err:
            if resolution is None and err.argument in _as_tuple(database):
                resolution = _unknown_database_revision(err.argument)
            if resolution is None:
                resolution = (
                    f"Can't locate revision identified by '{err.argument}'"
                    "; run 'alembic history' to list the revisions"
                )
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

    def get_revisions(
        self, id_: str | Sequence[str] | None
    ) -> tuple[Script | None, ...]:
        """Resolve an identifier (or several) to scripts."""
        with self._catch_revision_errors():
            return self.revision_map.get_revisions(id_)

    def get_all_current(self, id_: tuple[str, ...]) -> set[Script]:
        """The scripts for ``id_`` plus every ancestor-implied current revision."""
        with self._catch_revision_errors(database=id_):
            return self.revision_map._get_all_current(id_)

    def get_revision(self, id_: str) -> Script | None:
        """Resolve one identifier to its script."""
        with self._catch_revision_errors():
            return self.revision_map.get_revision(id_)

    def as_revision_number(self, id_: str | None) -> str | tuple[str, ...] | None:
        """The full revision id for ``id_``; a tuple for ``heads``, None for base."""
        with self._catch_revision_errors():
            rev, _branch = self.revision_map._resolve_revision_number(id_)
        if not rev:
            return None
        if id_ == "heads":
            return rev
        return rev[0]

    def iterate_revisions(
        self,
        upper: str | Sequence[str] | None,
        lower: str | Sequence[str] | None,
        **kw: Any,
    ) -> Iterator[Script]:
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

    def get_heads(self, consider_depends_on: bool = False) -> list[str]:
        """All head revision ids; with ``consider_depends_on``, leaving out
        heads that another revision depends on (``depends_on``)."""
        with self._catch_revision_errors():
            if consider_depends_on:
                return list(self.revision_map._real_heads)
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
            database=current_rev,
        ):
            steps = upgrade_steps(self.revision_map, destination, current_rev)
        _require_step_functions(steps)
        return steps

    def _downgrade_revs(self, destination: str | None, current_rev: Any) -> list[Any]:
        """The ordered downgrade steps from ``current_rev`` to ``destination``."""
        from .steps import downgrade_steps

        with self._catch_revision_errors(
            ancestor="Destination %(end)s is not a valid downgrade target from current head(s)",
            end=destination,
            database=current_rev,
        ):
            steps = downgrade_steps(self.revision_map, destination, current_rev)
        _require_step_functions(steps)
        return steps

    def _stamp_revs(self, revision: Any, heads: Any) -> list[Any]:
        """The stamp steps moving the version table from ``heads`` to ``revision``."""
        from .steps import stamp_steps

        with self._catch_revision_errors(
            multiple_heads="Multiple heads are present; please specify a single target revision",
            database=heads,
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


def _coerce_location(location: str) -> str:
    """A filesystem path for a location that may be a ``package:dir`` spec.

    Only a relative path with a colon can be such a spec; everything else
    is already a path, so the module that resolves specs is not imported.
    """
    if os.path.isabs(location) or ":" not in location:
        return location
    return _pyfiles().coerce_resource_to_filename(location)


def _config_source(config: Any) -> str:
    """Name the file the configuration came from, for error messages."""
    for attr in ("config_file_name", "toml_file_name"):
        name = getattr(config, attr, None)
        if name:
            return str(name)
    return "the configuration"


def _int_option(config: Any, name: str, value: Any) -> int | None:
    """An integer option, or a CommandError naming the option and its file."""
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CommandError(
            f"{name} must be an integer, not {value!r} (in {_config_source(config)})"
        ) from None


def _zoneinfo(name: str) -> Any:
    """Look up a timezone by name, trying upper case second."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for candidate in (name, name.upper()):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    raise CommandError(f"Can't locate timezone: {name}") from None


def _require_step_functions(steps: list[Any]) -> None:
    """Every revision in the plan has the function its step runs.

    As in Alembic, this is known when the plan is made, so a revision
    without ``downgrade()`` stops the run before anything is written
    (``--sql``) or applied.
    """
    from .steps import RevisionStep

    for step in steps:
        if not isinstance(step, RevisionStep):
            continue
        name = "upgrade" if step.is_upgrade else "downgrade"
        script = step.revision
        if not callable(getattr(script.module, name, None)):
            where = getattr(script, "path", None)
            raise SourceFileError(
                f"Revision {script.revision}"
                + (f" ({where})" if where else "")
                + f" has no {name}() function; add one to the file "
                f"(its body may be just `pass`) to {name} through it"
            )


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _unknown_database_revision(rev: Any) -> str:
    """Alembic's text, then whose revision it is and how to recover."""
    return (
        f"Can't locate revision identified by '{rev}'; it is the revision recorded "
        "in the database's version table, and no revision file defines it. Restore "
        "the missing revision file, or record the database's real state with "
        "'alembic stamp --purge <revision>'"
    )
