"""The ``context`` object seen by ``env.py``: ``from alembic import context``.

This module owns no state of its own.  Attribute access is forwarded to the
:class:`~alembic.runtime.environment.EnvironmentContext` that is current for
the running code, kept by :data:`alembic.util.holder.ENVIRONMENT` (a
``contextvars.ContextVar`` with a process-wide fallback for other threads).

Assigning ``alembic.context._proxy`` binds an object: the most recent of that
assignment and the innermost ``with EnvironmentContext(...)`` block wins.  Importing this module is cheap: SQLAlchemy is
only imported once a context is actually used.
"""

from __future__ import annotations

from typing import Any

from .util.holder import ENVIRONMENT, make_facade

_FORWARDED = (
    "begin_transaction",
    "config",
    "configure",
    "execute",
    "get_bind",
    "get_context",
    "get_head_revision",
    "get_head_revisions",
    "get_impl",
    "get_revision_argument",
    "get_starting_revision_argument",
    "get_tag_argument",
    "get_x_argument",
    "is_offline_mode",
    "is_shadow_run",
    "is_transactional_ddl",
    "requires_connection",
    "run_migrations",
    "script",
    "static_output",
)
__all__ = list(_FORWARDED)
_ATTRIBUTES = ("config", "script")


def _target() -> Any:
    """Return the object attribute access should go to, or None."""
    return ENVIRONMENT.current()


def _not_established(name: str) -> str:
    return (
        f"Can't invoke function {name!r}, as the proxy object has not "
        "yet been established for the Alembic 'EnvironmentContext' class.  "
        "Try placing this code inside a callable."
    )


def _unbound(name: str) -> Any:
    """What a forwarded function looks like before any context exists:
    present (``hasattr`` is true), failing only when called."""

    def call(*args: Any, **kw: Any) -> Any:
        target = _target()
        if target is None:
            raise NameError(_not_established(name))
        return getattr(target, name)(*args, **kw)

    call.__name__ = call.__qualname__ = name
    return call


def __getattr__(name: str) -> Any:
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    if name == "_proxy":
        return _target()
    target = _target()
    if target is not None:
        return getattr(target, name)
    if name in _FORWARDED and name not in _ATTRIBUTES:
        return _unbound(name)
    raise AttributeError(_not_established(name))


def __dir__() -> list[str]:
    return sorted(set(_FORWARDED) | set(globals()))


make_facade(__name__, ENVIRONMENT)
