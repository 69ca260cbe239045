"""The one place that knows which ``op`` / ``context`` object is current.

``alembic.op`` and ``alembic.context`` each forward to the object held by a
:class:`Holder`.  An object becomes current in two ways:

* ``push`` / ``pop`` around a ``with`` block (``Operations.context``,
  ``with EnvironmentContext(...)``).  The pushed object is kept in a context
  variable, so concurrent tasks each see their own, and on a process-wide
  stack, so a thread started during a migration sees it too.
* ``bind`` (what assigning ``alembic.op._proxy`` does, as test fixtures and
  tools built on Alembic do): a process-wide binding.

The most recent of the two wins, as under Alembic, where both write the same
module global: a migration that starts after a stale ``_proxy`` was left set
still runs with its own ``op``, and a ``_proxy`` set during a block wins until
it is cleared.  Leaving a block also clears the binding (Alembic sets its
global to None there).
"""

from __future__ import annotations

import contextvars
import itertools
import sys
import threading
from types import ModuleType
from typing import Any, NamedTuple

__all__ = ["ENVIRONMENT", "OPERATIONS", "FacadeModule", "Holder", "make_facade"]

_order = itertools.count(1)


class _Entry(NamedTuple):
    obj: Any
    order: int


class Holder:
    """Which object is current, for one facade (``op`` or ``context``)."""

    def __init__(self, name: str) -> None:
        self._var: contextvars.ContextVar[_Entry | None] = contextvars.ContextVar(
            name, default=None
        )
        self._stack: list[_Entry] = []
        self._bound: _Entry | None = None
        self._lock = threading.Lock()

    def push(self, obj: Any) -> contextvars.Token:
        """Make ``obj`` current; give the token back to :meth:`pop`."""
        entry = _Entry(obj, next(_order))
        with self._lock:
            self._stack.append(entry)
        return self._var.set(entry)

    def pop(self, token: contextvars.Token) -> None:
        """Undo the matching :meth:`push`, and clear any binding."""
        entry = token.var.get()
        with self._lock:
            for i in range(len(self._stack) - 1, -1, -1):
                if self._stack[i] is entry:
                    del self._stack[i]
                    break
            self._bound = None
        try:
            self._var.reset(token)
        except ValueError:  # popped from another context than it was pushed in
            self._var.set(None)

    def bind(self, obj: Any) -> None:
        """Make ``obj`` current process-wide (None clears the binding)."""
        with self._lock:
            self._bound = None if obj is None else _Entry(obj, next(_order))

    def bound(self) -> Any:
        """The object given to :meth:`bind`, if it is still bound."""
        entry = self._bound
        return None if entry is None else entry.obj

    def current(self) -> Any:
        """The current object, or None."""
        pushed = self._var.get()
        if pushed is None:
            with self._lock:
                pushed = self._stack[-1] if self._stack else None
        bound = self._bound
        if bound is None:
            return None if pushed is None else pushed.obj
        if pushed is None or bound.order > pushed.order:
            return bound.obj
        return pushed.obj


class FacadeModule(ModuleType):
    """The class of a facade module (``alembic.op``, ``alembic.context``):
    assigning or deleting its ``_proxy`` binds or clears its holder."""

    _holder: Holder

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_proxy":
            self._holder.bind(value)
        else:
            super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if name == "_proxy":
            self._holder.bind(None)
        else:
            super().__delattr__(name)


def make_facade(module_name: str, holder: Holder) -> None:
    """Turn the module ``module_name`` into a facade over ``holder``."""
    module = sys.modules[module_name]
    module.__dict__["_holder"] = holder
    module.__class__ = FacadeModule


#: The current ``Operations`` (what ``alembic.op`` forwards to).
OPERATIONS = Holder("alembic_op_current")
#: The current ``EnvironmentContext`` (what ``alembic.context`` forwards to).
ENVIRONMENT = Holder("alembic_environment_context")
