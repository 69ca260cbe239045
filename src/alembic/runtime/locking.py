"""The migration lock: one runner at a time per database and version table.

Alembic has none, so concurrent ``alembic upgrade head`` runs at deploy time
race on ``alembic_version``.  Here every run that can change the schema
(upgrade, downgrade, stamp) first takes a lock that lives outside the
migration's own transaction and is released by the database or the kernel
when the holder dies, so a killed deployer never leaves a stale lock:

* PostgreSQL: a session-level advisory lock on a dedicated connection
  (``pg_try_advisory_lock``); ``autocommit_block()`` and
  ``CREATE INDEX CONCURRENTLY`` on the migration connection keep working.
* MySQL / MariaDB: ``GET_LOCK()`` on a dedicated connection (lock names are
  server-wide, so the name includes the database).
* SQLite: ``flock`` on ``<database file>.alembic-lock`` beside the database
  file, keyed by the file's real path (as SQLite opened it, symlinks
  resolved); in-memory databases need no lock.  The lock file stays after
  the run: removing a file others may be waiting to lock would let two runs
  hold "the" lock at once.  It is empty but for the last holder's pid and
  may be deleted whenever no run is active.

Other dialects run unlocked.  Strategies are looked up by dialect name in
``LOCK_STRATEGIES``; third-party dialects may register their own.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional

from ..util.exc import MigrationLockTimeout

__all__ = [
    "LockSettings",
    "MigrationLock",
    "KEEP_SESSION",
    "LOCK_STRATEGIES",
    "acquire_migration_lock",
    "keep_session_alive",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 300.0
_POLL_START = 0.05
_POLL_MAX = 1.0


@dataclass(frozen=True)
class LockSettings:
    """How the lock behaves; from ``[alembic]`` keys or ``configure()``."""

    enabled: bool = True
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_options(cls, opts: Dict[str, Any], config: Any = None) -> "LockSettings":
        """Read ``migration_lock`` / ``migration_lock_timeout``.

        ``configure(migration_lock=..., migration_lock_timeout=...)`` wins over
        the config file keys of the same names.
        """
        enabled = _first(opts.get("migration_lock"), _config_value(config, "migration_lock"))
        timeout = _first(
            opts.get("migration_lock_timeout"),
            _config_value(config, "migration_lock_timeout"),
        )
        return cls(
            enabled=_as_bool(enabled, True, "migration_lock"),
            timeout=_as_seconds(timeout, DEFAULT_TIMEOUT),
        )


def _first(*values: Any) -> Any:
    for value in values:
        if value is not None:
            return value
    return None


def _config_value(config: Any, key: str) -> Any:
    if config is None:
        return None
    getter = getattr(config, "get_alembic_option", None) or getattr(config, "get_main_option")
    try:
        return getter(key)
    except Exception:  # a Config without a file: no setting
        return None


def _as_bool(value: Any, default: bool, name: str) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    from ..util.exc import CommandError

    raise CommandError(f"Option {name} = {value!r} is not a boolean; use true or false")


def _as_seconds(value: Any, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        from ..util.exc import CommandError

        raise CommandError(
            f"Option migration_lock_timeout = {value!r} is not a number of seconds"
        ) from None


def lock_name(database: str, schema: Optional[str], version_table: str) -> str:
    """A stable name for the lock guarding one version table."""
    return f"alembic:{database or ''}:{schema or ''}.{version_table}"


def _pg_key(name: str) -> int:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class MigrationLock:
    """A held lock; ``release()`` is idempotent and never raises.

    ``release`` (the strategy's function) returns None when the lock was
    still held, else why it was lost (its session ended, ...): the run's
    migrations are committed by then, so a lost lock is reported as a
    warning, never as a failure of the run.
    """

    def __init__(self, description: str, release: Callable[[], Optional[str]]) -> None:
        self.description = description
        self._release: Optional[Callable[[], Optional[str]]] = release
        self.lost: Optional[str] = None

    @property
    def held(self) -> bool:
        return self._release is not None

    def release(self) -> None:
        release, self._release = self._release, None
        if release is None:
            return
        try:
            self.lost = release()
        except Exception as exc:  # noqa: BLE001 - reported, never raised
            self.lost = f"releasing it failed: {exc}"
        if self.lost:
            log.warning(
                "The migration lock %s was lost before this run ended (%s): another "
                "alembic run may have started meanwhile. This run's migrations "
                "committed; check `alembic current` before relying on the schema.",
                self.description,
                self.lost,
            )
        else:
            log.debug("Released migration lock %s", self.description)


# Sessions holding the lock sit idle while migrations run on another
# connection; servers that drop idle sessions would drop the lock with them.
_PG_KEEP_SESSION = (
    "SET idle_session_timeout = 0",
    "SET idle_in_transaction_session_timeout = 0",
)
_MYSQL_KEEP_SESSION = ("SET SESSION wait_timeout = 31536000",)


def _keep_session(lock_conn: Any, statements: tuple[str, ...]) -> None:
    """Exempt the lock's session from the server's idle timeouts (a setting
    the server does not know is skipped)."""
    for statement in statements:
        try:
            lock_conn.exec_driver_sql(statement)
            lock_conn.commit()
        except Exception as exc:  # noqa: BLE001 - older servers lack some settings
            log.debug("Lock session setting %r not applied: %s", statement, exc)
            lock_conn.rollback()


def _closing(lock_conn: Any, unlock: Callable[[], Any]) -> Optional[str]:
    """Run ``unlock`` (true when the lock was held) and close the connection;
    None when it was held, else why not."""
    try:
        held = unlock()
    except Exception as exc:  # noqa: BLE001 - the session is gone: so is the lock
        return f"its database session ended: {' '.join(str(exc).split())[:200]}"
    finally:
        try:
            lock_conn.close()
        except Exception:  # noqa: BLE001, S110 - already broken
            pass
    return None if held else "the database no longer held it"


def _wait(try_once: Callable[[], bool], timeout: float, on_timeout: Callable[[], None]) -> None:
    """Poll ``try_once`` with backoff until it succeeds or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    delay = _POLL_START
    announced = False
    while not try_once():
        now = time.monotonic()
        if now >= deadline:
            on_timeout()
            return
        if not announced:
            log.info("Waiting for the migration lock held by another process ...")
            announced = True
        time.sleep(min(delay, max(deadline - now, 0.0)))
        delay = min(delay * 2, _POLL_MAX)


def _timeout_error(what: str, holder: str, timeout: float) -> MigrationLockTimeout:
    return MigrationLockTimeout(
        f"Timed out after {timeout:g} s waiting for the migration lock {what}, held by "
        f"{holder}; another `alembic upgrade/downgrade/stamp` is running against this "
        "database. Wait for it to finish, or raise migration_lock_timeout "
        "(set migration_lock = false to run unlocked)"
    )


def _pg_lock(connection: Any, name: str, timeout: float) -> MigrationLock:
    import sqlalchemy as sa

    key = _pg_key(name)
    lock_conn = connection.engine.connect()
    lock_conn = lock_conn.execution_options(isolation_level="AUTOCOMMIT")
    _keep_session(lock_conn, _PG_KEEP_SESSION)

    def try_once() -> bool:
        return bool(lock_conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())

    def holder() -> str:
        row = lock_conn.execute(
            sa.text(
                "SELECT a.pid, a.application_name, a.client_addr, a.backend_start "
                "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.classid = ((:k >> 32) & 4294967295)::bigint::oid "
                "AND l.objid = (:k & 4294967295)::bigint::oid LIMIT 1"
            ),
            {"k": key},
        ).first()
        if row is None:
            return "another session"
        return f"PostgreSQL backend pid {row[0]} ({row[1] or 'no application_name'}, from {row[2] or 'local socket'}, connected since {row[3]})"

    def on_timeout() -> None:
        who = holder()
        lock_conn.close()
        raise _timeout_error(f"{name!r} (advisory lock {key})", who, timeout)

    _wait(try_once, timeout, on_timeout)

    def release() -> Optional[str]:
        unlock = sa.text("SELECT pg_advisory_unlock(:k)")
        return _closing(lock_conn, lambda: lock_conn.execute(unlock, {"k": key}).scalar())

    return MigrationLock(f"{name} (advisory lock {key})", release)


def _mysql_lock(connection: Any, name: str, timeout: float) -> MigrationLock:
    import sqlalchemy as sa

    if len(name) > 64:
        name = "alembic:" + hashlib.sha256(name.encode()).hexdigest()[:48]
    lock_conn = connection.engine.connect()
    _keep_session(lock_conn, _MYSQL_KEEP_SESSION)

    def try_once() -> bool:
        got = lock_conn.execute(sa.text("SELECT GET_LOCK(:n, 0)"), {"n": name}).scalar()
        lock_conn.commit()
        return got == 1

    def on_timeout() -> None:
        holder = lock_conn.execute(sa.text("SELECT IS_USED_LOCK(:n)"), {"n": name}).scalar()
        lock_conn.close()
        raise _timeout_error(f"{name!r} (GET_LOCK)", f"connection id {holder}", timeout)

    _wait(try_once, timeout, on_timeout)

    def release() -> Optional[str]:
        def unlock() -> bool:
            released = lock_conn.execute(sa.text("SELECT RELEASE_LOCK(:n)"), {"n": name})
            held = released.scalar() == 1
            lock_conn.commit()
            return held

        return _closing(lock_conn, unlock)

    return MigrationLock(f"{name} (GET_LOCK)", release)


def _sqlite_file(connection: Any) -> Optional[str]:
    """The real path of the main database file, as SQLite opened it (so a
    relative path, a symlink or a ``file:`` URI with parameters all name
    the same file); None for an in-memory or temporary database."""
    # asked of the DBAPI connection: no SQLAlchemy transaction is begun
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA database_list")
        rows = cursor.fetchall()
    finally:
        cursor.close()
    main = next((row[2] for row in rows if row[1] == "main"), "")
    return os.path.realpath(main) if main else None


def _sqlite_lock(connection: Any, name: str, timeout: float) -> Optional[MigrationLock]:
    import fcntl

    database = _sqlite_file(connection)
    if database is None:
        return None
    path = database + ".alembic-lock"
    handle = open(path, "a+")

    def try_once() -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return True

    def on_timeout() -> None:
        handle.seek(0)
        pid = handle.read().strip() or "unknown"
        handle.close()
        raise _timeout_error(f"file {path}", f"process {pid}", timeout)

    _wait(try_once, timeout, on_timeout)

    def release() -> Optional[str]:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()
        return None

    return MigrationLock(f"file {path}", release)


#: Settings that exempt a bookkeeping session from the server's idle
#: timeouts, by dialect name.
KEEP_SESSION: Dict[str, tuple[str, ...]] = {
    "postgresql": _PG_KEEP_SESSION,
    "mysql": _MYSQL_KEEP_SESSION,
    "mariadb": _MYSQL_KEEP_SESSION,
}


def keep_session_alive(connection: Any) -> None:
    """Exempt ``connection`` (one that sits idle while migrations run on
    another) from the server's idle-session timeouts."""
    _keep_session(connection, KEEP_SESSION.get(connection.dialect.name, ()))


LOCK_STRATEGIES: Dict[str, Callable[[Any, str, float], Optional[MigrationLock]]] = {
    "postgresql": _pg_lock,
    "mysql": _mysql_lock,
    "mariadb": _mysql_lock,
    "sqlite": _sqlite_lock,
}


def acquire_migration_lock(
    connection: Any,
    settings: LockSettings,
    version_table: str = "alembic_version",
    version_table_schema: Optional[str] = None,
) -> Optional[MigrationLock]:
    """Take the migration lock for ``connection``'s database, or return None.

    None means no lock applies: locking is off, or the dialect has no
    strategy.  Raises :class:`MigrationLockTimeout` when another process
    holds the lock past ``settings.timeout``.
    """
    if not settings.enabled or connection is None:
        return None
    strategy = LOCK_STRATEGIES.get(connection.dialect.name)
    if strategy is None:
        return None
    name = lock_name(connection.engine.url.database or "", version_table_schema, version_table)
    lock = strategy(connection, name, settings.timeout)
    if lock is not None:
        log.info("Acquired migration lock %s.", lock.description)
    return lock
