"""Small language-level helpers shared by every layer.

Nothing here imports SQLAlchemy: these are plain-Python tools (an immutable
mapping, revision-id generation, list coercion; the dispatchers live in :mod:`.dispatch`).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import (
    Any,
    TypeVar,
)

# Alembic's own module path for these names (plugins import them from here)
from .dispatch import (
    Dispatcher,
    DispatchPriority,
    PriorityDispatcher,
    PriorityDispatchResult,
)
from .module_proxy import ModuleClsProxy

__all__ = [
    "EMPTY_DICT",
    "DispatchPriority",
    "Dispatcher",
    "ModuleClsProxy",
    "PriorityDispatchResult",
    "PriorityDispatcher",
    "asbool",
    "dedupe_tuple",
    "immutabledict",
    "memoized_property",
    "not_none",
    "paused_gc",
    "rev_id",
    "to_list",
    "to_tuple",
    "unique_list",
]

_T = TypeVar("_T")


class immutabledict(dict[Any, Any]):
    """A ``dict`` that refuses changes once built.

    ``union`` and ``merge_with`` return new instances instead of mutating.
    """

    def _refuse(self, *arg: Any, **kw: Any) -> None:
        raise TypeError(f"{type(self).__name__} object is immutable")

    __setitem__ = __delitem__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __ior__(self, other: Any) -> immutabledict:  # type: ignore[override]
        self._refuse()
        return self

    def __reduce__(self) -> Any:
        return immutabledict, (dict(self),)

    def union(self, other: Mapping[Any, Any] | None = None, **kw: Any) -> immutabledict:
        """A new immutabledict holding this one's items updated by ``other``."""
        merged = dict(self)
        if other:
            merged.update(other)
        merged.update(kw)
        return immutabledict(merged)

    def merge_with(self, *others: Mapping[Any, Any] | None) -> immutabledict:
        """A new immutabledict with every mapping in ``others`` applied in turn."""
        merged = dict(self)
        for other in others:
            if other:
                merged.update(other)
        return immutabledict(merged)

    def __repr__(self) -> str:
        return f"immutabledict({dict.__repr__(self)})"


EMPTY_DICT: Mapping[Any, Any] = immutabledict()


def rev_id() -> str:
    """A fresh 12-character hexadecimal revision identifier."""
    import uuid  # on first use: its import (platform, _uuid) is not free

    return uuid.uuid4().hex[-12:]


def to_list(x: Any, default: list[Any] | None = None) -> Any:
    """``x`` as a list: None gives ``default``, a string becomes ``[x]``."""
    if x is None:
        return default
    if isinstance(x, str):
        return [x]
    if isinstance(x, Iterable):
        return list(x)
    return [x]


def to_tuple(x: Any, default: tuple[Any, ...] | None = None) -> Any:
    """``x`` as a tuple: None gives ``default``, a string becomes ``(x,)``."""
    if x is None:
        return default
    if isinstance(x, str):
        return (x,)
    if type(x) is tuple:  # the common case, without the ABC check below
        return x
    if isinstance(x, Iterable):
        return tuple(x)
    return (x,)


def unique_list(
    seq: Iterable[_T], hashfunc: Callable[[_T], Hashable] | None = None
) -> list[_T]:
    """The items of ``seq`` in order, each kept once."""
    seen: set = set()
    out: list[_T] = []
    for item in seq:
        key = hashfunc(item) if hashfunc else item
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def dedupe_tuple(tup: Iterable[_T]) -> tuple[_T, ...]:
    """A tuple of the distinct items of ``tup``, first occurrence wins."""
    return tuple(unique_list(tup))


_TRUE_WORDS = frozenset({"true", "yes", "on", "y", "t", "1"})
_FALSE_WORDS = frozenset({"false", "no", "off", "n", "f", "0", ""})


def asbool(value: Any) -> bool:
    """Interpret a configuration value (``"true"``, ``"0"``, ``None``...) as a bool."""
    if value is None:
        return False
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise ValueError(f"String is not true/false: {value!r}")
    return bool(value)


def not_none(value: _T | None) -> _T:
    """``value``, asserting it is not None (a typing aid)."""
    assert value is not None
    return value


memoized_property = functools.cached_property


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic garbage collector paused.

    For bursts that allocate many long-lived objects and free none (loading
    thousands of revisions): collecting in the middle of them only re-scans
    objects that all survive.  Reference counting still frees everything as
    usual; the collector is switched back on afterwards only if it was on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            from .process import keep_what_was_made

            keep_what_was_made()
            gc.enable()
