"""The one dispatcher family behind every registry of the package.

:class:`Dispatcher` maps a class (searched along the MRO of the object looked
up) or a string key, optionally narrowed by a qualifier such as a dialect
name, to one function: op implementations, renderers, ``Rewriter._traverse``,
constraint-to-op builders.

:class:`PriorityDispatcher` keeps a list of functions per ``(target,
qualifier, priority)``: the autogenerate comparators.  Calling what
:meth:`PriorityDispatcher.dispatch` returns runs every function for the
target, higher priority first, the qualifier's own functions before the
``"default"`` ones within one priority, registration order otherwise.  A
function returning :attr:`PriorityDispatchResult.STOP` ends the run of the
remaining functions of its subgroup (functions without a subgroup form one
group of their own).

The public names and the ``_registry`` layouts are Alembic's, because
third-party plugins and their test fixtures use them.  Importing this module
does not import SQLAlchemy.
"""

from __future__ import annotations

import collections
import enum
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = [
    "DispatchPriority",
    "Dispatcher",
    "PriorityDispatchResult",
    "PriorityDispatcher",
]

_C = TypeVar("_C", bound=Callable[..., Any])


class DispatchPriority(enum.IntEnum):
    """When a comparator runs within its target: FIRST, then MEDIUM, then LAST."""

    FIRST = 50
    MEDIUM = 25
    LAST = 10


class PriorityDispatchResult(enum.Enum):
    """A comparator's answer: let its subgroup go on, or stop the subgroup."""

    CONTINUE = enum.auto()
    STOP = enum.auto()


def _lookup_keys(obj: Any) -> Iterator[Any]:
    """What a registration for ``obj`` can be keyed by, most specific first."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, type):
        yield from obj.__mro__
    else:
        yield from type(obj).__mro__


class Dispatcher:
    """One function per ``(class or key, qualifier)``.

    Registering a second function for the same key raises ``ValueError``
    unless ``replace=True`` is given.
    """

    def __init__(self) -> None:
        self._registry: dict[tuple[Any, str], Callable[..., Any]] = {}

    def dispatch_for(
        self, target: Any, *, qualifier: str = "default", replace: bool = False
    ) -> Callable[[_C], _C]:
        """Decorator registering its function for ``target``."""

        def register(fn: _C) -> _C:
            key = (target, qualifier)
            if key in self._registry and not replace:
                raise ValueError(
                    f"Can not set dispatch function for object {target!r}: "
                    "key already exists. To replace existing function, use "
                    "replace=True."
                )
            self._registry[key] = fn
            return fn

        return register

    def dispatch(self, obj: Any, qualifier: str = "default") -> Any:
        """The function for ``obj`` (instance, class or key); ``ValueError``
        when nothing is registered for it or any of its bases."""
        quals = (qualifier, "default") if qualifier != "default" else ("default",)
        for key in _lookup_keys(obj):
            for qual in quals:
                fn = self._registry.get((key, qual))
                if fn is not None:
                    return fn
        raise ValueError(f"no dispatch function for object: {obj}")

    def branch(self) -> Dispatcher:
        """A copy whose later registrations do not reach this dispatcher."""
        other = Dispatcher()
        other._registry.update(self._registry)
        return other


_PriorityKey = tuple[str, str, DispatchPriority]
_Entry = tuple[Callable[..., Any], "str | None"]


class PriorityDispatcher:
    """Lists of ``(fn, subgroup)`` per ``(target, qualifier, priority)``."""

    def __init__(self) -> None:
        self._registry: collections.defaultdict[_PriorityKey, list[_Entry]] = (
            collections.defaultdict(list)
        )

    def dispatch_for(
        self,
        target: str,
        *,
        priority: DispatchPriority = DispatchPriority.MEDIUM,
        qualifier: str = "default",
        subgroup: str | None = None,
    ) -> Callable[[_C], _C]:
        """Decorator adding its function to ``target``'s comparators."""

        def register(fn: _C) -> _C:
            key = (target, qualifier, _as_priority(priority))
            self._registry[key].append((fn, subgroup))
            return fn

        return register

    def _ordered(self, target: str, qualifier: str) -> list[_Entry]:
        quals = (qualifier, "default") if qualifier != "default" else ("default",)
        entries: list[_Entry] = []
        for priority in sorted(DispatchPriority, reverse=True):
            for qual in quals:
                entries.extend(self._registry.get((target, qual, priority), ()))
        return entries

    def dispatch(
        self, target: str, *, qualifier: str = "default"
    ) -> Callable[..., None]:
        """A callable running ``target``'s functions in order (see module doc)."""
        entries = self._ordered(target, qualifier)

        def run(*args: Any, **kw: Any) -> None:
            stopped: set[str | None] = set()
            for fn, subgroup in entries:
                if subgroup in stopped:
                    continue
                if fn(*args, **kw) is PriorityDispatchResult.STOP:
                    stopped.add(subgroup)

        return run

    def has(self, target: str, qualifier: str = "default") -> bool:
        """True when any function would run for ``target``."""
        return bool(self._ordered(target, qualifier))

    def remove(self, fn: Callable[..., Any]) -> None:
        """Unregister ``fn`` wherever it was registered (for tests and hosts
        that register a hook for one run only)."""
        for entries in self._registry.values():
            entries[:] = [entry for entry in entries if entry[0] is not fn]

    def populate_with(self, other: PriorityDispatcher) -> None:
        """Append every registration of ``other`` to this dispatcher."""
        for key, entries in other._registry.items():
            self._registry[key].extend(entries)

    def branch(self) -> PriorityDispatcher:
        """A copy whose later registrations do not reach this dispatcher."""
        other = PriorityDispatcher()
        other.populate_with(self)
        return other


def _as_priority(value: Any) -> DispatchPriority:
    """``DispatchPriority`` for a member or its integer value."""
    try:
        return DispatchPriority(int(value))
    except ValueError:
        raise ValueError(
            f"priority {value!r} is not one of DispatchPriority.FIRST, MEDIUM, LAST"
        ) from None
