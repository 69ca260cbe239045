"""Assertions for tests of migrations and dialects.

Most come from ``sqlalchemy.testing.assertions`` unchanged (one behaviour
for both projects' suites); :func:`eq_ignore_whitespace` compares SQL the
way these tests need to, and the ``expect_*`` helpers name the warnings
this package's users meet.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterator
from typing import Any

from sqlalchemy.testing.assertions import (
    assert_raises,
    assert_raises_message,
    eq_,
    expect_deprecated,
    expect_deprecated_20,
    expect_raises,
    expect_raises_message,
    expect_warnings,
    is_,
    is_false,
    is_not,
    is_true,
    ne_,
)

__all__ = [
    "assert_raises",
    "assert_raises_message",
    "emits_python_deprecation_warning",
    "eq_",
    "eq_ignore_whitespace",
    "expect_raises",
    "expect_raises_message",
    "expect_sqlalchemy_deprecated",
    "expect_sqlalchemy_deprecated_20",
    "expect_user_warning",
    "expect_warnings",
    "is_",
    "is_false",
    "is_not_",
    "is_true",
    "ne_",
]

#: the older spelling, still imported by dialect suites
is_not_ = is_not


def _squash(text: str) -> str:
    """Runs of whitespace become one space; none next to parentheses."""
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"\(\s+", "(", text)
    return re.sub(r"\s+\)", ")", text)


def eq_ignore_whitespace(a: str, b: str, msg: str | None = None) -> None:
    """Assert that two SQL strings are equal once whitespace is normalised:
    line breaks and indentation do not matter, words still must be apart."""
    assert _squash(a) == _squash(b), msg or f"{a!r} != {b!r}"


@contextlib.contextmanager
def emits_python_deprecation_warning(*messages: str) -> Iterator[None]:
    """Expect a Python ``DeprecationWarning`` matching each regex in
    ``messages`` (any one when none are given) inside the block."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        yield
    texts = [
        str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)
    ]
    assert texts, "no DeprecationWarning was emitted"
    for pattern in messages:
        assert any(re.search(pattern, t) for t in texts), (
            f"no DeprecationWarning matched {pattern!r}; got {texts!r}"
        )


def expect_sqlalchemy_deprecated(*messages: str, **kw: Any) -> Any:
    """Expect SQLAlchemy's own deprecation warnings inside the block."""
    return expect_deprecated(*messages, **kw)


def expect_sqlalchemy_deprecated_20(*messages: str, **kw: Any) -> Any:
    """Expect SQLAlchemy's 2.0-style deprecation warnings inside the block."""
    return expect_deprecated_20(*messages, **kw)


@contextlib.contextmanager
def expect_user_warning(pattern: str) -> Iterator[None]:
    """Expect a warning from this package (``alembic.util.warn``, a
    ``UserWarning``) whose text matches the regex ``pattern``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    texts = [str(w.message) for w in caught]
    assert any(re.search(pattern, t) for t in texts), (
        f"no warning matched {pattern!r}; got {texts!r}"
    )
