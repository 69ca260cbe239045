"""Shadow runs: replay the migration history into throwaway databases.

``revision --autogenerate --shadow``, ``check --shadow`` and ``drift`` never
need the live database to be at head.  :func:`shadow_environment` creates
one throwaway database per configured database (see
:mod:`.shadow_servers`), hands the user's own ``env.py`` a copy of the
:class:`~alembic.config.Config` whose ``sqlalchemy.url`` (and, for the
multidb template, each engine section's ``sqlalchemy.url``, and any ``-x``
argument holding a URL, and the environment variables named by
``shadow_env``) points at the shadow, and removes the databases afterwards.
:func:`replay` runs ``upgrade`` to the given revisions there, naming the
revision whose code fails.

While a shadow run is active, ``context.is_shadow_run()`` is true in env.py
and in revision files, and :func:`check_connection` refuses any connection
that is not to a shadow database, so an env.py that ignores the configured
URL can never replay the history into the live database.

Configuration (``alembic.ini`` main section or ``[tool.alembic]``):

- ``shadow = true``: ``revision --autogenerate`` and ``check`` use a shadow
  by default (``--no-shadow`` turns it off for one command; read by
  :mod:`alembic.command`);
- ``shadow_url``: the server on which the shadow database is created
  (default: the configured ``sqlalchemy.url``'s server); a multidb engine
  section may have its own ``shadow_url``;
- ``shadow_env``: environment variables (comma or space separated) that
  env.py reads the database URL from, e.g. ``DATABASE_URL``.

A revision module that sets ``skip_on_shadow = True`` is not run on shadow
databases (its version row still moves).
"""

from __future__ import annotations

import contextvars
import copy
import logging
import os
import re
import threading
from argparse import Namespace
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..script.steps import RevisionStep
from ..util.exc import CommandError
from .shadow_servers import throwaway_database

if TYPE_CHECKING:
    from ..config import Config
    from ..script.base import ScriptDirectory

__all__ = [
    "SKIP_MARKER",
    "ShadowRun",
    "ShadowTarget",
    "activated",
    "active_run",
    "check_connection",
    "replay",
    "shadow_environment",
    "shadow_targets",
]

log = logging.getLogger(__name__)

#: Module-level name a revision file sets to ``True`` to be skipped on shadows.
SKIP_MARKER = "skip_on_shadow"

_active: contextvars.ContextVar[ShadowRun | None] = contextvars.ContextVar(
    "alembic_shadow_run", default=None
)
# runs in progress in the whole process: a thread that env.py starts does not
# inherit the context variable, and must still be held to the shadow
_process_runs: list[ShadowRun] = []
_process_lock = threading.Lock()


def active_run() -> ShadowRun | None:
    """The shadow run in progress in this context (or, for a thread started
    elsewhere, the latest one of the process), if any."""
    run = _active.get()
    if run is not None:
        return run
    with _process_lock:
        return _process_runs[-1] if _process_runs else None


# -- which databases get a shadow ------------------------------------------


@dataclass(frozen=True)
class ShadowTarget:
    """One configured database and where its shadow is created."""

    section: str
    live_url: str | None
    server_url: str
    option: str


def shadow_targets(config: Config) -> list[ShadowTarget]:
    """One target per database env.py connects to.

    The multidb template's ``databases`` names ini sections that each hold
    a ``sqlalchemy.url``; every other layout has one database, the main
    section's (or, when that has no URL, a ``-x`` URL or a ``shadow_env``
    variable).
    """
    main = config.config_ini_section
    targets = [
        _target(config, name, config.get_section_option(name, "sqlalchemy.url"))
        for name in _database_sections(config)
    ]
    main_url = _main_live_url(config)
    if not targets or main_url:
        targets.insert(0, _target(config, main, main_url))
    return targets


def _database_sections(config: Config) -> list[str]:
    names = re.split(r"[,\s]+", config.get_main_option("databases", "") or "")
    return [
        name
        for name in names
        if name and config.file_config.has_option(name, "sqlalchemy.url")
    ]


def _main_live_url(config: Config) -> str | None:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    for value in _x_urls(config):
        return value
    for name in _env_names(config):
        if os.environ.get(name):
            return os.environ[name]
    return None


def _target(config: Config, section: str, live_url: str | None) -> ShadowTarget:
    main = section == config.config_ini_section
    own = None if main else config.get_section_option(section, "shadow_url")
    server = own or config.get_alembic_option("shadow_url") or live_url
    option = (
        "shadow_url"
        if main
        else f"shadow_url (in [{section}] or [{config.config_ini_section}])"
    )
    if not server:
        raise CommandError(
            "No database URL to create the shadow database from: set shadow_url "
            "(e.g. shadow_url = sqlite:// for a temporary SQLite file, or a server "
            "URL whose role may create databases) or sqlalchemy.url"
        )
    return ShadowTarget(section, live_url, server, option)


def _x_urls(config: Config) -> list[str]:
    values = getattr(config.cmd_opts, "x", None) or []
    return [item.split("=", 1)[1] for item in values if "=" in item and "://" in item]


def _env_names(config: Config) -> list[str]:
    raw = config.get_alembic_option("shadow_env") or ""
    names = raw if isinstance(raw, list) else re.split(r"[,\s]+", str(raw))
    return [name for name in names if name]


# -- the run ---------------------------------------------------------------


@dataclass
class ShadowRun:
    """The shadow databases of the running command, by ini section."""

    urls: dict[str, str] = field(default_factory=dict)
    live_urls: dict[str, str | None] = field(default_factory=dict)
    env_names: list[str] = field(default_factory=list)

    def section_for_live(self, live_url: Any) -> str:
        """The ini section of the database at ``live_url`` (the first one
        when no configured URL matches, as when env.py reads its own)."""
        key = _url_key(live_url)
        for section, url in self.live_urls.items():
            if url and _url_key(url) == key:
                return section
        return next(iter(self.urls))

    def shadow_for_live(self, live_url: Any) -> str:
        """The shadow URL standing in for the database at ``live_url``."""
        return self.urls[self.section_for_live(live_url)]

    @property
    def main_url(self) -> str:
        return next(iter(self.urls.values()))

    def is_shadow(self, url: Any) -> bool:
        key = _url_key(url)
        return any(_url_key(shadow) == key for shadow in self.urls.values())


@contextmanager
def shadow_environment(config: Config) -> Iterator[tuple[Config, ShadowRun]]:
    """Create the shadow databases; yield the derived Config and the run.

    Everything is removed when the block ends, also on error or ``Ctrl-C``.
    Runs of env.py against the shadows go inside :func:`activated`.
    """
    targets = shadow_targets(config)
    run = ShadowRun(env_names=_env_names(config))
    with ExitStack() as stack:
        for target in targets:
            run.urls[target.section] = stack.enter_context(
                throwaway_database(target.server_url, target.option)
            )
            run.live_urls[target.section] = target.live_url
        yield _derive_config(config, run), run


@contextmanager
def activated(run: ShadowRun) -> Iterator[None]:
    """Mark ``run`` as in progress: ``context.is_shadow_run()`` is true, only
    shadow connections are allowed, and the ``shadow_env`` variables hold
    the shadow URL."""
    token = _active.set(run)
    with _process_lock:
        _process_runs.append(run)
    try:
        with _environment_variables(run.env_names, run.main_url):
            yield
    finally:
        with _process_lock:
            _process_runs.remove(run)
        _active.reset(token)


@contextmanager
def _environment_variables(names: Sequence[str], value: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, value))
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


#: Bookkeeping a throwaway database does not need: no other process can
#: migrate it, and nobody reads its applied-migration history (an env.py that
#: passes these to ``configure()`` still wins).
_NOT_ON_SHADOWS = ("migration_lock", "migration_history")


def _derive_config(config: Config, run: ShadowRun) -> Config:
    """A copy of ``config`` whose database URLs are the shadows'.

    The copy keeps the class (a tool's Config subclass) and every option;
    its ``attributes`` leave out connections and engines (they reach the
    live database).
    """
    derived = copy.copy(config)
    vars(derived)["file_config"] = copy.deepcopy(config.file_config)
    vars(derived)["attributes"] = {
        key: value
        for key, value in config.attributes.items()
        if not type(value).__module__.startswith("sqlalchemy")
    }
    if config.cmd_opts is not None:
        derived.cmd_opts = _shadow_x_arguments(config.cmd_opts, run)
    for section, url in run.urls.items():
        derived.set_section_option(section, "sqlalchemy.url", url.replace("%", "%%"))
    for key in _NOT_ON_SHADOWS:
        derived.set_main_option(key, "false")
    return derived


def _shadow_x_arguments(cmd_opts: Namespace, run: ShadowRun) -> Namespace:
    """``cmd_opts`` with every ``-x key=<database URL>`` pointed at a shadow."""
    derived = copy.copy(cmd_opts)
    values = []
    for item in getattr(cmd_opts, "x", None) or []:
        key, sep, value = item.partition("=")
        if sep and "://" in value:
            item = f"{key}={run.shadow_for_live(value)}"
        values.append(item)
    if getattr(cmd_opts, "x", None) is not None:
        derived.x = values
    return derived


def check_connection(connection: Any) -> None:
    """Refuse a connection that is not to a shadow database of the active run."""
    run = active_run()
    engine = getattr(connection, "engine", None)
    if run is None or engine is None or run.is_shadow(engine.url):
        return
    from ..util.messaging import obfuscate_url_pw

    variable = _variable_holding(engine.url) or "DATABASE_URL"
    raise CommandError(
        f"env.py connected to {obfuscate_url_pw(engine.url)} during a shadow run, "
        "not to the shadow database: env.py must build its engine from "
        "sqlalchemy.url (config.get_main_option / engine_from_config); if it reads "
        f"an environment variable, name it in shadow_env (e.g. shadow_env = {variable})"
    )


def _variable_holding(url: Any) -> str | None:
    """The environment variable whose value is ``url``, if one is."""
    key = _url_key(url)
    for name, value in sorted(os.environ.items()):
        if "://" in value and _url_key(value) == key:
            return name
    return None


def _url_key(url: Any) -> tuple[Any, ...]:
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except Exception:  # noqa: BLE001 - not a URL: equal only to itself
        return (str(url),)
    database = parsed.database
    if parsed.host is None and database and database != ":memory:":
        database = os.path.realpath(database)  # a file: the same file by any path
    return (parsed.get_backend_name(), parsed.host, parsed.port, database)


# -- replaying the history ---------------------------------------------------


class _ReplayStep(RevisionStep):
    """A revision step run on a shadow: skippable, and naming itself on failure."""

    replay: _Replay

    @property
    def migration_fn(self) -> Any:
        module = self.revision.module  # type: ignore[attr-defined]
        if getattr(module, SKIP_MARKER, False):
            return self._skipped
        fn = module.upgrade if self.is_upgrade else module.downgrade

        def run(**kw: Any) -> Any:
            self.replay.current = self
            result = fn(**kw)
            self.replay.current = None
            return result

        return run

    def _skipped(self, **kw: Any) -> None:
        log.info("Skipping %s on the shadow database (%s)", self, SKIP_MARKER)


@dataclass
class _Replay:
    current: _ReplayStep | None = None

    def wrap(self, step: Any) -> Any:
        if not isinstance(step, RevisionStep):
            return step
        wrapped = _ReplayStep(step.revision_map, step.revision, step.is_upgrade)
        wrapped.replay = self
        return wrapped


def replay(
    shadow_config: Config,
    run: ShadowRun,
    script: ScriptDirectory,
    destination: str | tuple[str, ...],
) -> None:
    """Upgrade the shadow databases of ``shadow_config`` to ``destination``.

    Runs the user's env.py, as ``alembic upgrade`` would.  A revision whose
    code fails is named in the error, with the ways to skip it on shadows.
    """
    from .environment import EnvironmentContext

    state = _Replay()

    def upgrade(rev: Any, context: Any) -> list[Any]:
        if not destination:
            return []
        # the planner takes several destination revisions as well as one
        target = cast(str, destination)
        return [state.wrap(step) for step in script._upgrade_revs(target, rev)]

    try:
        with (
            activated(run),
            EnvironmentContext(
                shadow_config,
                script,
                fn=upgrade,
                as_sql=False,
                destination_rev=destination,
            ),
        ):
            script.run_env()
    except Exception as err:
        if state.current is None:
            raise
        raise CommandError(_failure_message(state.current, err)) from err


def _failure_message(step: _ReplayStep, err: BaseException) -> str:
    revision = step.revision
    path = getattr(revision, "path", None)
    where = f"revision {revision.revision}" + (f" ({path})" if path else "")
    return (
        f"Shadow replay failed in {where}: {_root_cause(err)}. If this revision "
        f"needs existing rows (a data fix), set `{SKIP_MARKER} = True` in its file, "
        "or return early from upgrade() when context.is_shadow_run()"
    )


def _root_cause(err: BaseException) -> str:
    while err.__cause__ is not None:
        err = err.__cause__
    orig = getattr(err, "orig", None) or err
    lines = str(orig).strip().splitlines()
    text = " ".join(lines[0].split()) if lines else ""
    return f"{type(orig).__name__}: {text}" if text else type(orig).__name__
