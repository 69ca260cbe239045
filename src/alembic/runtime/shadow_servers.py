"""Create and remove one throwaway ("shadow") database.

A shadow database is where ``--shadow`` runs replay the migration history.
:func:`throwaway_database` is a context manager that yields the URL of a
new, empty database and removes it when the block ends, however it ends
(error, ``Ctrl-C``):

- SQLite: a file in a new temporary directory; no server needed.
- PostgreSQL, MySQL, MariaDB: a uniquely named database created on the
  given server URL and dropped afterwards (connections still open to it are
  ended first).

Which statements each backend needs lives in the small classes below, keyed
by SQLAlchemy backend name; nothing else in the package creates databases.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..util.exc import CommandError
from ..util.messaging import obfuscate_url_pw

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection

__all__ = ["SHADOW_PREFIX", "run_on", "throwaway_database"]

#: Name prefix of every shadow database (and SQLite temporary directory).
SHADOW_PREFIX = "alembic_shadow_"


@contextmanager
def throwaway_database(server_url: str, option: str) -> Iterator[str]:
    """Yield the URL of a new empty database made from ``server_url``.

    ``option`` names the configuration key the user sets to pick another
    server; it goes into the error raised when the database can't be made.
    ``Ctrl-C`` and ``SIGTERM`` (a cancelled CI job) end the block through its
    cleanup; while the database is being made or removed they wait.
    """
    from sqlalchemy.engine import make_url

    server = _server_for(make_url(server_url), option)
    with _sigterm_as_exit():
        try:
            with _signals_deferred():
                shadow_url = server.create()
                server.created = True
            yield shadow_url.render_as_string(hide_password=False)
        finally:
            if server.created:
                with _signals_deferred():
                    server.drop()


def _server_for(url: URL, option: str) -> _ShadowServer:
    backend = url.get_backend_name()
    kind = _SERVERS.get(backend)
    if kind is None:
        supported = ", ".join(sorted(_SERVERS))
        raise CommandError(
            f"No shadow database support for {backend!r} ({obfuscate_url_pw(url)}); "
            f"supported: {supported}. Set {option} to a server of one of those kinds"
        )
    return kind(url, option)


_DEFERRED = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold back ``Ctrl-C`` and ``SIGTERM`` for the block, then act on them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {
        signum: signal.signal(signum, lambda got, frame: received.append(got))
        for signum in _DEFERRED
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if signal.SIGINT in received:
        raise KeyboardInterrupt
    if received:
        raise SystemExit(128 + signal.SIGTERM)


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """``SIGTERM`` raises SystemExit in the block, so cleanup runs; only when
    nobody else handles the signal (a host application keeps its own)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def exit_(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, exit_)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _ShadowServer:
    """Makes and removes one shadow database (one instance per database)."""

    def __init__(self, url: URL, option: str) -> None:
        self.url = url
        self.admin_url = url  # where create and drop connect
        self.option = option
        self.created = False
        self.name = SHADOW_PREFIX + uuid.uuid4().hex[:12]

    def create(self) -> URL:
        raise NotImplementedError

    def drop(self) -> None:
        raise NotImplementedError


class _SQLiteFile(_ShadowServer):
    """A database file in its own temporary directory (removed with it).

    Nothing of a throwaway file needs to survive a crash, so every
    connection to it skips the journal file and the disk syncs (``PRAGMA
    synchronous = OFF``, ``journal_mode = MEMORY``): a replay is bound by
    CPU, not by one fsync per statement.
    """

    directory: Path | None = None

    def create(self) -> URL:
        from sqlalchemy import event
        from sqlalchemy.pool import Pool

        self.directory = Path(tempfile.mkdtemp(prefix=SHADOW_PREFIX))
        self.path = os.path.realpath(self.directory / "shadow.db")
        event.listen(Pool, "connect", self._unsynced)
        return self.url.set(database=self.path)

    def drop(self) -> None:
        from sqlalchemy import event
        from sqlalchemy.pool import Pool

        if self.directory is None:
            return
        if event.contains(Pool, "connect", self._unsynced):
            event.remove(Pool, "connect", self._unsynced)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _unsynced(self, dbapi_connection: Any, record: Any) -> None:
        """``connect`` listener: relax durability on connections to this file only."""
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA database_list")
            files = [row[2] for row in cursor.fetchall()]
            if self.path in files:
                cursor.execute("PRAGMA synchronous = OFF")
                cursor.execute("PRAGMA journal_mode = MEMORY")
            cursor.close()
        except Exception:  # noqa: BLE001, S110 - another backend's connection
            pass


class _ServerDatabase(_ShadowServer):
    """A database created on a server through an AUTOCOMMIT connection."""

    create_sql: ClassVar[str]
    drop_sql: ClassVar[str]
    #: the database to connect to when the URL's own does not exist (yet)
    maintenance_database: ClassVar[str | None]

    def quoted(self) -> str:
        raise NotImplementedError

    def create(self) -> URL:
        def create(conn: Connection) -> None:
            _execute(conn, self.create_sql, self.quoted())

        try:
            run_on(self.url, create)
        except Exception as err:
            if not self._retry_on_maintenance_database(create):
                raise CommandError(
                    f"Cannot create the shadow database on {obfuscate_url_pw(self.url)}: "
                    f"{_first_line(err)}. Set {self.option} to a server URL whose role "
                    "may create databases (or grant it that right)"
                ) from err
        return self.url.set(database=self.name)

    def _retry_on_maintenance_database(
        self, create: Callable[[Connection], Any]
    ) -> bool:
        """The live database may not exist yet: try the server's own database."""
        other = self.url._replace(database=self.maintenance_database)
        if other == self.url:
            return False
        try:
            run_on(other, create)
        except Exception:  # noqa: BLE001 - the first error is the one reported
            return False
        self.admin_url = other
        return True

    def drop(self) -> None:
        run_on(self.admin_url, self._end_connections_and_drop)

    def _end_connections_and_drop(self, conn: Connection) -> None:
        _execute(conn, self.drop_sql, self.quoted())


class _PostgreSQLDatabase(_ServerDatabase):
    create_sql = "CREATE DATABASE {}"
    drop_sql = "DROP DATABASE IF EXISTS {}"
    maintenance_database = "postgres"

    def quoted(self) -> str:
        return f'"{self.name}"'

    def _end_connections_and_drop(self, conn: Connection) -> None:
        from sqlalchemy import text

        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": self.name},
        )
        _execute(conn, self.drop_sql, self.quoted())


class _MySQLDatabase(_ServerDatabase):
    create_sql = "CREATE DATABASE {}"
    drop_sql = "DROP DATABASE IF EXISTS {}"
    maintenance_database = None

    def quoted(self) -> str:
        return f"`{self.name}`"

    def _end_connections_and_drop(self, conn: Connection) -> None:
        from sqlalchemy import text

        ids = conn.execute(
            text(
                "SELECT id FROM information_schema.processlist "
                "WHERE db = :name AND id <> CONNECTION_ID()"
            ),
            {"name": self.name},
        ).scalars()
        for thread_id in list(ids):
            try:
                conn.execute(text(f"KILL {int(thread_id)}"))
            except Exception:  # noqa: BLE001, S110 - it ended on its own meanwhile
                pass
        _execute(conn, self.drop_sql, self.quoted())


_SERVERS: dict[str, type[_ShadowServer]] = {
    "sqlite": _SQLiteFile,
    "postgresql": _PostgreSQLDatabase,
    "mysql": _MySQLDatabase,
    "mariadb": _MySQLDatabase,
}


def _execute(conn: Connection, template: str, quoted_name: str) -> None:
    from sqlalchemy import text

    conn.execute(text(template.format(quoted_name)))


def run_on(url: URL | str, work: Callable[[Connection], Any]) -> Any:
    """Run ``work(connection)`` on an AUTOCOMMIT connection to ``url``.

    An async driver (``postgresql+asyncpg``...) gets an async engine and
    ``run_sync``, so the project's own URL works unchanged.
    """
    from sqlalchemy import create_engine, pool
    from sqlalchemy.engine import make_url

    url = make_url(url)

    if getattr(url.get_dialect(), "is_async", False):
        return _run_on_async(url, work)
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            return work(conn)
    finally:
        engine.dispose()


def _run_on_async(url: URL, work: Callable[[Connection], Any]) -> Any:
    import asyncio

    from sqlalchemy import pool
    from sqlalchemy.ext.asyncio import create_async_engine

    async def run() -> Any:
        engine = create_async_engine(
            url, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool
        )
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(work)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _first_line(err: BaseException) -> str:
    orig = getattr(err, "orig", None) or err
    text = str(orig).strip().splitlines()
    return " ".join(text[0].split()) if text else type(orig).__name__
