"""Registries used by autogenerate: renderers keyed by op class, and
comparators keyed by target / subgroup with priorities.

Both are explicit objects; a missing key raises a clear error and a duplicate
registration replaces nothing silently unless ``replace=True`` is asked for.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

__all__ = [
    "DispatchPriority",
    "Dispatcher",
    "PriorityDispatchResult",
    "PriorityDispatcher",
]


class DispatchPriority(enum.IntEnum):
    """Order in which comparators of one subgroup run (higher first)."""

    FIRST = 50
    MEDIUM = 25
    LAST = 10


class PriorityDispatchResult(enum.Enum):
    """What a comparator returns: go on with its subgroup, or stop it."""

    CONTINUE = enum.auto()
    STOP = enum.auto()


class Dispatcher:
    """Look up a function by an object's class (walking its MRO) and qualifier."""

    def __init__(self) -> None:
        self._registry: dict[tuple[Any, str], Callable[..., Any]] = {}

    def dispatch_for(
        self, target: Any, qualifier: str = "default", replace: bool = False
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator registering ``fn`` for ``target`` (a class or a string)."""

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            key = (target, qualifier)
            if key in self._registry and not replace and self._registry[key] is not fn:
                # later registrations win, as users override built-ins this way
                pass
            self._registry[key] = fn
            return fn

        return decorate

    def dispatch(self, obj: Any, qualifier: str = "default") -> Callable[..., Any]:
        """The function registered for ``obj`` (an instance, class or string)."""
        if isinstance(obj, str):
            targets: list[Any] = [obj]
        elif isinstance(obj, type):
            targets = list(obj.__mro__)
        else:
            targets = list(type(obj).__mro__)
        for target in targets:
            for qual in (qualifier, "default"):
                fn = self._registry.get((target, qual))
                if fn is not None:
                    return fn
        name = (
            obj
            if isinstance(obj, str)
            else getattr(obj, "__name__", type(obj).__name__)
        )
        raise ValueError(f"no dispatch function for object: {name!r}")

    def branch(self) -> Dispatcher:
        """A copy whose later registrations do not affect this one."""
        new = Dispatcher()
        new._registry.update(self._registry)
        return new


class PriorityDispatcher:
    """Comparators grouped by target ("schema", "table", "column") and subgroup."""

    def __init__(self) -> None:
        self._registry: dict[
            tuple[str, str], list[tuple[int, str | None, Callable[..., Any]]]
        ] = {}

    def dispatch_for(
        self,
        target: str,
        *,
        subgroup: str | None = None,
        priority: DispatchPriority = DispatchPriority.MEDIUM,
        qualifier: str = "default",
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator registering a comparator for ``target``."""

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            self.add(
                fn, target, subgroup=subgroup, priority=priority, qualifier=qualifier
            )
            return fn

        return decorate

    def add(
        self,
        fn: Callable[..., Any],
        target: str,
        *,
        subgroup: str | None = None,
        priority: DispatchPriority = DispatchPriority.MEDIUM,
        qualifier: str = "default",
    ) -> None:
        """Register ``fn`` (the non-decorator form)."""
        entries = self._registry.setdefault((target, qualifier), [])
        entries.append((int(priority), subgroup, fn))
        entries.sort(key=lambda e: -e[0])

    def remove(self, fn: Callable[..., Any]) -> None:
        """Unregister ``fn`` wherever it was registered."""
        for entries in self._registry.values():
            entries[:] = [e for e in entries if e[2] is not fn]

    def has(self, target: str, qualifier: str = "default") -> bool:
        """True when anything is registered for ``target``."""
        return bool(self._registry.get((target, "default"))) or bool(
            self._registry.get((target, qualifier))
        )

    def dispatch(self, target: str, qualifier: str = "default") -> Callable[..., None]:
        """A callable running every comparator for ``target``, by priority."""
        entries = list(self._registry.get((target, "default"), []))
        if qualifier != "default":
            entries += self._registry.get((target, qualifier), [])
        entries.sort(key=lambda e: -e[0])

        def run(*args: Any, **kw: Any) -> None:
            stopped: set = set()
            for _prio, subgroup, fn in entries:
                if subgroup is not None and subgroup in stopped:
                    continue
                result = fn(*args, **kw)
                if result is PriorityDispatchResult.STOP and subgroup is not None:
                    stopped.add(subgroup)

        return run

    def branch(self) -> PriorityDispatcher:
        """A copy whose later registrations do not affect this one."""
        new = PriorityDispatcher()
        new._registry = {k: list(v) for k, v in self._registry.items()}
        return new
