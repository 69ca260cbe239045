"""Small helpers for parametrised tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["resolve_lambda"]


def resolve_lambda(value: Callable[..., Any] | Any, **kw: Any) -> Any:
    """Call ``value`` with the keywords it names, when it is a callable
    (``combinations`` cases written as lambdas so that their objects are
    built per test, not at import); otherwise return it as is."""
    if not callable(value):
        return value
    code = value.__code__
    names = code.co_varnames[: code.co_argcount]
    return value(**{n: kw[n] for n in names})
