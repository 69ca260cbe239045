"""Nodes of the revision graph: :class:`Revision` and the errors the graph
raises.  Public through :mod:`alembic.script.revision`; no SQLAlchemy here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..util.langhelpers import dedupe_tuple, to_tuple

__all__ = [
    "AmbiguousRevisionError",
    "CycleDetected",
    "DependencyCycleDetected",
    "DependencyLoopDetected",
    "DuplicateRevisionError",
    "LoopDetected",
    "MultipleHeads",
    "RangeNotAncestorError",
    "ResolutionError",
    "Revision",
    "RevisionError",
]

_revision_illegal_chars = ["@", "-", "+", ":"]
_NO_REVISIONS: frozenset[str] = frozenset()

# a string argument: subscripting ``typing.Optional`` here would be typing's
# first use in the process, about 0.7 ms of every command's start-up
RevisionMapping = dict[Any, "Revision | None"]


# ---------------------------------------------------------------------------
# errors


class RevisionError(Exception):
    """Something about the revision graph or an identifier is wrong."""


class RangeNotAncestorError(RevisionError):
    """The lower end of a range is not below its upper end."""

    def __init__(self, lower: Any, upper: Any) -> None:
        self.lower = lower
        self.upper = upper
        super().__init__(
            "Revision %s is not an ancestor of revision %s"
            % (lower or "base", upper or "base")
        )


class MultipleHeads(RevisionError):
    """An identifier meant one revision but several heads match it."""

    def __init__(self, heads: Sequence[str], argument: str | None) -> None:
        self.heads = heads
        self.argument = argument
        super().__init__(
            "Multiple heads are present for given argument '%s'; %s"
            % (argument, ", ".join(heads))
        )


class ResolutionError(RevisionError):
    """An identifier does not name any revision or branch."""

    def __init__(self, message: str, argument: Any) -> None:
        super().__init__(message)
        self.argument = argument


class DuplicateRevisionError(RevisionError):
    """Two revisions declare the same id (Alembic only warns; we refuse).

    ``first`` and ``second`` are the two nodes, in load order, so a caller
    that knows where they came from (a file path) can say so.
    """

    def __init__(
        self, revision: str, first: Any, second: Any, message: str | None = None
    ) -> None:
        self.revision = revision
        self.first = first
        self.second = second
        super().__init__(
            message
            or "Revision %s is present more than once; give one of them a new "
            "revision id" % revision
        )


class AmbiguousRevisionError(ResolutionError):
    """A partial id matches more than one revision."""

    def __init__(self, prefix: str, candidates: Sequence[str], argument: Any) -> None:
        self.candidates = tuple(candidates)
        shown = ", ".join("'%s'" % c for c in self.candidates[0:3])
        super().__init__(
            "Multiple revisions start with '%s': %s..." % (prefix, shown), argument
        )


class CycleDetected(RevisionError):
    """Some revisions reach themselves through their down revisions."""

    kind = "Cycle"

    def __init__(self, revisions: Sequence[str]) -> None:
        self.revisions = revisions
        super().__init__(
            "%s is detected in revisions (%s)" % (self.kind, ", ".join(revisions))
        )


class DependencyCycleDetected(CycleDetected):
    """Some revisions reach themselves once ``depends_on`` is followed too."""

    kind = "Dependency cycle"


class LoopDetected(CycleDetected):
    """A revision names itself as its own down revision."""

    kind = "Self-loop"

    def __init__(self, revision: str) -> None:
        super().__init__([revision])


class DependencyLoopDetected(DependencyCycleDetected, LoopDetected):
    """A revision names itself in its own ``depends_on``."""

    kind = "Dependency self-loop"


# ---------------------------------------------------------------------------
# nodes


def _as_tuple(value: Any) -> tuple[Any, ...]:
    """``to_tuple(value, default=())``, with the shapes headers hold checked first."""
    if value is None:
        return ()
    if type(value) is str:
        return (value,)
    if type(value) is tuple:
        return value
    return to_tuple(value, default=())


def _joined(down_revision: Any, dependencies: tuple[str, ...]) -> tuple[str, ...]:
    """The down revisions then the dependencies, each id once."""
    if not dependencies and type(down_revision) is str:
        return (down_revision,)  # the usual single parent: nothing to dedupe
    return dedupe_tuple(_as_tuple(down_revision) + dependencies)


def _scalar_or_tuple(value: tuple[str, ...]) -> None | str | tuple[str, ...]:
    if not value:
        return None
    if len(value) == 1:
        return value[0]
    return value


class Revision:
    """One node of the graph.

    ``down_revision`` and ``dependencies`` are kept as Alembic shows them: a
    single id, a tuple of ids, or None.  ``nextrev`` holds the ids of the
    revisions built directly on this one; ``_all_nextrev`` adds those that
    only depend on it.
    """

    nextrev: frozenset[str] = frozenset()
    _all_nextrev: frozenset[str] = frozenset()
    revision: str = None  # type: ignore[assignment]
    down_revision: None | str | tuple[str, ...] = None
    dependencies: None | str | tuple[str, ...] = None
    branch_labels: set[str]
    _orig_branch_labels: tuple[str, ...] = ()
    _resolved_dependencies: tuple[str, ...] = ()
    _normalized_resolved_dependencies: tuple[str, ...] = ()

    @classmethod
    def verify_rev_id(cls, revision: str) -> None:
        """Refuse ids containing characters that the identifier grammar uses."""
        if type(revision) is str and not (
            "@" in revision or "-" in revision or "+" in revision or ":" in revision
        ):
            return  # the usual id; the checks below also cover other types
        bad = set(revision).intersection(_revision_illegal_chars)
        if bad:
            raise RevisionError(
                "Character(s) '%s' not allowed in revision identifier '%s'"
                % (", ".join(sorted(bad)), revision)
            )

    def __init__(
        self,
        revision: str,
        down_revision: None | str | Sequence[str],
        dependencies: None | str | Sequence[str] = None,
        branch_labels: None | str | Sequence[str] = None,
    ) -> None:
        downs = _as_tuple(down_revision)
        if revision in downs:
            raise LoopDetected(revision)
        deps = _as_tuple(dependencies) if dependencies is not None else ()
        if deps and revision in deps:
            raise DependencyLoopDetected(revision)
        self.verify_rev_id(revision)
        self.revision = revision
        self.down_revision = _scalar_or_tuple(downs)
        self.dependencies = _scalar_or_tuple(deps) if deps else None
        self._orig_branch_labels: tuple[str, ...] = (
            _as_tuple(branch_labels) if branch_labels is not None else ()
        )
        self.branch_labels = set(self._orig_branch_labels)
        # the fields a map fills in, present from the start: adding attributes
        # to thousands of objects later is measurably slower than resetting them
        self.nextrev = self._all_nextrev = _NO_REVISIONS
        self._resolved_dependencies = self._normalized_resolved_dependencies = ()

    def __repr__(self) -> str:
        parts = [repr(self.revision), repr(self.down_revision)]
        if self.dependencies:
            parts.append("dependencies=%r" % (self.dependencies,))
        if self.branch_labels:
            parts.append("branch_labels=%r" % (self.branch_labels,))
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))

    def _reset_links(self) -> None:
        """Forget what a previous map learned about this node."""
        self.nextrev = self._all_nextrev = _NO_REVISIONS
        if self.branch_labels or self._orig_branch_labels:  # else already empty
            self.branch_labels = set(self._orig_branch_labels)

    def add_nextrev(self, revision: Revision) -> None:
        """Record that ``revision`` sits on (or depends on) this one."""
        rid = (revision.revision,)
        self._all_nextrev = self._all_nextrev.union(rid)
        if self.revision in revision._versioned_down_revisions:
            self.nextrev = self.nextrev.union(rid)

    @property
    def _versioned_down_revisions(self) -> tuple[str, ...]:
        return _as_tuple(self.down_revision)

    @property
    def _all_down_revisions(self) -> tuple[str, ...]:
        return _joined(self.down_revision, self._resolved_dependencies)

    @property
    def _normalized_down_revisions(self) -> tuple[str, ...]:
        return _joined(self.down_revision, self._normalized_resolved_dependencies)

    @property
    def is_head(self) -> bool:
        """No revision is built on this one (dependents not counted)."""
        return not self.nextrev

    @property
    def _is_real_head(self) -> bool:
        return not self._all_nextrev

    @property
    def is_base(self) -> bool:
        """This revision has no down revision."""
        return self.down_revision is None

    @property
    def _is_real_base(self) -> bool:
        return self.down_revision is None and self.dependencies is None

    @property
    def is_branch_point(self) -> bool:
        """More than one revision is built directly on this one."""
        return len(self.nextrev) > 1

    @property
    def _is_real_branch_point(self) -> bool:
        return len(self._all_nextrev) > 1

    @property
    def is_merge_point(self) -> bool:
        """This revision joins two or more down revisions."""
        return len(self._versioned_down_revisions) > 1


# names other code imports from Alembic's module
tuple_rev_as_scalar = _scalar_or_tuple


def is_revision(rev: Any) -> Revision:
    """``rev``, checked to be a :class:`Revision`."""
    return _as_revision(rev)


def _as_revision(value: Any) -> Revision:
    if not isinstance(value, Revision):
        raise RevisionError("Expected a revision, got %r" % (value,))
    return value


def _versioned_downs(rev: Revision) -> tuple[str, ...]:
    return rev._versioned_down_revisions


def _all_downs(rev: Revision) -> tuple[str, ...]:
    return rev._all_down_revisions


def _normalized_downs(rev: Revision) -> tuple[str, ...]:
    return rev._normalized_down_revisions


def _versioned_ups(rev: Revision) -> frozenset[str]:
    return rev.nextrev


def _all_ups(rev: Revision) -> frozenset[str]:
    return rev._all_nextrev
