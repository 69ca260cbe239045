"""Fixtures for the revision-graph tests: maps built from literal revisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from alembic.script.revision import Revision, RevisionMap


def _build(revisions: Iterable[Revision]) -> RevisionMap:
    revs = list(revisions)
    return RevisionMap(lambda: revs)


@pytest.fixture
def build() -> Callable[[Iterable[Revision]], RevisionMap]:
    """``build([Revision(...), ...])`` -> a RevisionMap over those revisions."""
    return _build


@pytest.fixture
def ids() -> Callable[[Iterable[Revision]], list]:
    """Revision objects (or None) -> their ids, in order."""
    return lambda revs: [r.revision if r is not None else None for r in revs]
