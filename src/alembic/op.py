"""``from alembic import op``: forwards to the current ``Operations``.

The current object is held in a context variable, set by
``Operations.context(migration_context)`` for the length of a ``with``
block, with a process-wide fallback so that other threads started during a
migration see it too.  ``op._proxy`` stays assignable: when something sets
it (as some test helpers do), it wins.

Attribute access is resolved at call time, so ``from alembic.op import
add_column`` at the top of a migration file works as well.  SQLAlchemy is
not imported until an attribute is first looked up.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import Any

__all__: list[str] = []

_proxy: Any = None

_current: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "alembic_op_current", default=None
)
_fallback: list[Any] = []
_forwarders: dict = {}


def _push(operations: Any) -> contextvars.Token:
    """Make ``operations`` current; returns the token for :func:`_pop`."""
    _fallback.append(operations)
    return _current.set(operations)


def _pop(token: contextvars.Token) -> None:
    """Undo the matching :func:`_push`."""
    operations = token.var.get()
    try:
        _current.reset(token)
    except ValueError:  # popped from another context: just clear ours
        _current.set(None)
    for i in range(len(_fallback) - 1, -1, -1):
        if _fallback[i] is operations:
            del _fallback[i]
            break


def _target() -> Any:
    """The object ``op`` forwards to now, or None."""
    if _proxy is not None:
        return _proxy
    current = _current.get()
    if current is not None:
        return current
    return _fallback[-1] if _fallback else None


def _not_established(name: str) -> NameError:
    return NameError(
        f"Can't invoke function '{name}', as the proxy object has not yet been "
        "established for the Alembic 'Operations' class.  Try placing this "
        "code inside a callable."
    )


def _forwarder(name: str, template: Callable[..., Any]) -> Callable[..., Any]:
    """A module-level function calling ``name`` on the current target."""

    @functools.wraps(template)
    def forward(*args: Any, **kw: Any) -> Any:
        target = _target()
        if target is None:
            raise _not_established(name)
        return getattr(target, name)(*args, **kw)

    forward.__wrapped__ = template  # type: ignore[attr-defined]
    return forward


def _operations_class(target: Any) -> type:
    if target is not None:
        return type(target)
    from .operations import Operations

    return Operations


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    target = _target()
    attr = getattr(_operations_class(target), name, None)
    if attr is None and target is not None and hasattr(target, name):
        return getattr(target, name)
    if attr is None or name.startswith("_"):
        raise AttributeError(f"module 'alembic.op' has no attribute {name!r}")
    if callable(attr):
        key = (name, attr)
        if key not in _forwarders:
            _forwarders[key] = _forwarder(name, attr)
        return _forwarders[key]
    if target is None:
        raise _not_established(name)
    return getattr(target, name)


def __dir__() -> list[str]:
    from .operations import Operations

    public = [n for n in dir(Operations) if not n.startswith("_")]
    return sorted(set(public) | {"_proxy"})
