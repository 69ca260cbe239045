"""``from alembic import op``: forwards to the current ``Operations``.

The current object is kept by :data:`alembic.util.holder.OPERATIONS`:
``Operations.context(migration_context)`` pushes it for the length of a
``with`` block (a context variable, with a process-wide fallback so that
threads started during a migration see it too).  ``op._proxy`` stays
assignable, as test helpers and tools set it: the most recent of that
assignment and the innermost ``with`` block wins.

Attribute access is resolved at call time, so ``from alembic.op import
add_column`` at the top of a migration file works as well.  SQLAlchemy is
not imported until an attribute is first looked up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .util.holder import OPERATIONS, make_facade

__all__: list[str] = []

_forwarders: dict = {}


def _target() -> Any:
    """The object ``op`` forwards to now, or None."""
    return OPERATIONS.current()


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
    if name == "_proxy":
        return target
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


make_facade(__name__, OPERATIONS)
