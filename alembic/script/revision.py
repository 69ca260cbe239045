"""The revision graph: pure data, no files, no database, no SQLAlchemy.

A :class:`Revision` is one node (its id, the ids it sits on top of, the
revisions it also depends on, and its branch labels).  A :class:`RevisionMap`
holds every node, built lazily from a callable on first use, and answers the
questions the rest of Alembic asks: which revisions are heads and bases, what
an identifier such as ``head``, ``ae10``, ``mybranch@head`` or ``base+2``
refers to, and which revisions lie between two points of the graph, in an
order where parents and dependencies always come before their children.

Every walk is iterative (an explicit stack), so a history of thousands of
revisions never touches Python's recursion limit, and the map is built in a
single linear pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import (
    Any,
    NamedTuple,
    Optional,
)

from ..util.langhelpers import dedupe_tuple, to_tuple

__all__ = [
    "CycleDetected",
    "DependencyCycleDetected",
    "DependencyLoopDetected",
    "DuplicateRevisionError",
    "AmbiguousRevisionError",
    "LoopDetected",
    "MultipleHeads",
    "RangeNotAncestorError",
    "RelativeIdentifier",
    "ResolutionError",
    "Revision",
    "RevisionError",
    "RevisionMap",
    "parse_relative",
    "split_range",
]

_relative_destination = re.compile(r"(?:(.+?)@)?(\w+)?((?:\+|-)\d+)")
_revision_illegal_chars = ["@", "-", "+", ":"]

RevisionMapping = dict[Any, Optional["Revision"]]

_LAZY_ATTRIBUTES = frozenset(
    {"_revision_map", "heads", "bases", "_real_heads", "_real_bases"}
)


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
# identifier helpers


class RelativeIdentifier(NamedTuple):
    """The parts of ``[branch@][symbol](+|-)N``; absent parts are None."""

    branch: str | None
    symbol: str | None
    steps: int


def parse_relative(identifier: str) -> RelativeIdentifier | None:
    """Split a relative identifier such as ``ae10+2`` or ``br@-1``; None otherwise."""
    match = _relative_destination.match(identifier)
    if match is None:
        return None
    branch, symbol, steps = match.groups()
    return RelativeIdentifier(branch, symbol, int(steps))


def split_range(text: str) -> tuple[str | None, str | None]:
    """``"a:b"`` -> ``("a", "b")``; an empty side becomes None."""
    if ":" not in text:
        raise RevisionError(
            "Revision range '%s' must have the form [start]:[end]" % text
        )
    start, end = text.split(":", 1)
    return (start.strip() or None, end.strip() or None)


def _scalar_or_tuple(value: tuple[str, ...]) -> None | str | tuple[str, ...]:
    if not value:
        return None
    if len(value) == 1:
        return value[0]
    return value


def _too_short(relative: Any, steps: int) -> str:
    return "Relative revision %s didn't produce %d migrations" % (relative, abs(steps))


def _missing_message(missing: str, rev: Revision, field: str) -> str:
    return (
        "Revision %s referenced from %s is not present; restore that revision "
        "or correct the %s of %s" % (missing, rev.revision, field, rev.revision)
    )


def _ambiguous_walk(node: Any, options: Sequence[Any]) -> str:
    where = node.revision if isinstance(node, Revision) else "base"
    choices = ", ".join(sorted(getattr(o, "revision", str(o)) for o in options))
    return (
        "Ambiguous walk from %s, which leads to %s; name a branch "
        "('<branchname>@+N') or a revision instead" % (where, choices)
    )


# names other code imports from Alembic's module
tuple_rev_as_scalar = _scalar_or_tuple


def is_revision(rev: Any) -> Revision:
    """``rev``, checked to be a :class:`Revision`."""
    return _as_revision(rev)


def _looks_like_identifier(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, tuple):
        return not value or isinstance(value[0], str)
    return False


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _lookup(map_: RevisionMapping, rid: str) -> Revision:
    rev = map_.get(rid)
    if rev is None or rev.revision != rid:
        raise RevisionError("Dependency resolution failed; broken map")
    return rev


def _check_overlap(target: Revision, reached: set[Revision]) -> None:
    others = reached - {target}
    if others:
        raise RevisionError(
            "Requested revision %s overlaps with other requested revisions %s"
            % (target.revision, ", ".join(sorted(r.revision for r in others)))
        )


def _is_negative_int(text: Any) -> bool:
    try:
        return int(text) < 0
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------
# nodes


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
        downs = to_tuple(down_revision, default=())
        deps = to_tuple(dependencies, default=())
        if revision in downs:
            raise LoopDetected(revision)
        if revision in deps:
            raise DependencyLoopDetected(revision)
        self.verify_rev_id(revision)
        self.revision = revision
        self.down_revision = _scalar_or_tuple(downs)
        self.dependencies = _scalar_or_tuple(deps)
        self._orig_branch_labels: tuple[str, ...] = to_tuple(branch_labels, default=())
        self.branch_labels = set(self._orig_branch_labels)

    def __repr__(self) -> str:
        parts = [repr(self.revision), repr(self.down_revision)]
        if self.dependencies:
            parts.append("dependencies=%r" % (self.dependencies,))
        if self.branch_labels:
            parts.append("branch_labels=%r" % (self.branch_labels,))
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))

    def _reset_links(self) -> None:
        """Forget what a previous map learned about this node."""
        self.nextrev = frozenset()
        self._all_nextrev = frozenset()
        self.branch_labels = set(self._orig_branch_labels)

    def add_nextrev(self, revision: Revision) -> None:
        """Record that ``revision`` sits on (or depends on) this one."""
        self._all_nextrev = self._all_nextrev | {revision.revision}
        if self.revision in revision._versioned_down_revisions:
            self.nextrev = self.nextrev | {revision.revision}

    @property
    def _versioned_down_revisions(self) -> tuple[str, ...]:
        return to_tuple(self.down_revision, default=())

    @property
    def _all_down_revisions(self) -> tuple[str, ...]:
        return dedupe_tuple(
            self._versioned_down_revisions + self._resolved_dependencies
        )

    @property
    def _normalized_down_revisions(self) -> tuple[str, ...]:
        return dedupe_tuple(
            self._versioned_down_revisions + self._normalized_resolved_dependencies
        )

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


# ---------------------------------------------------------------------------
# the map


class RevisionMap:
    """All revisions of a project, loaded on first use from ``generator``.

    ``generator`` is a callable returning an iterable of :class:`Revision`.
    After loading, ``_revision_map`` maps every revision id and branch label
    to its revision (and ``None`` / ``()`` to None, meaning "base").
    """

    def __init__(self, generator: Callable[[], Iterable[Revision]]) -> None:
        self._generator = generator

    # -- loading ----------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        # heads/bases/_real_heads/_real_bases/_revision_map appear in
        # __dict__ once the map is built; building on first touch keeps
        # the generator lazy.
        if name not in _LAZY_ATTRIBUTES:
            raise AttributeError(name)
        try:
            self.__dict__["_revision_map"] = self._build_map()
        except BaseException:
            for key in _LAZY_ATTRIBUTES:
                self.__dict__.pop(key, None)
            raise
        return self.__dict__[name]

    def _build_map(self) -> RevisionMapping:
        by_id = self._collect_revisions()
        full: RevisionMapping = dict(by_id)
        self._map_branch_labels([r for r in by_id.values() if r.branch_labels], full)
        self._add_depends_on(by_id.values(), full)
        self._link_revisions(by_id.values(), full)
        self._normalize_depends_on(by_id.values(), full)
        self._store_ends(by_id.values())
        self._detect_cycles(by_id)
        full[None] = None
        full[()] = None
        self._add_branches([r for r in by_id.values() if r.branch_labels], full)
        return full

    def _collect_revisions(self) -> dict[str, Revision]:
        by_id: dict[str, Revision] = {}
        for rev in self._generator():
            if rev.revision in by_id:
                raise DuplicateRevisionError(rev.revision, by_id[rev.revision], rev)
            rev._reset_links()
            by_id[rev.revision] = rev
        return by_id

    def _map_branch_labels(
        self, revisions: Iterable[Revision], map_: RevisionMapping
    ) -> None:
        for rev in revisions:
            for label in rev._orig_branch_labels:
                owner = map_.get(label)
                if owner is not None and owner.revision != rev.revision:
                    raise RevisionError(
                        "Branch name '%s' in revision %s already used by revision %s"
                        % (label, rev.revision, owner.revision)
                    )
                map_[label] = rev

    def _add_depends_on(
        self, revisions: Iterable[Revision], map_: RevisionMapping
    ) -> None:
        for rev in revisions:
            resolved = []
            for dep in to_tuple(rev.dependencies, default=()):
                target = map_.get(dep)
                if target is None:
                    raise RevisionError(_missing_message(dep, rev, "depends_on"))
                resolved.append(target.revision)
            rev._resolved_dependencies = tuple(resolved)

    def _link_revisions(
        self, revisions: Iterable[Revision], map_: RevisionMapping
    ) -> None:
        for rev in revisions:
            for down in rev._all_down_revisions:
                parent = map_.get(down)
                if parent is None:
                    raise RevisionError(_missing_message(down, rev, "down_revision"))
                parent.add_nextrev(rev)

    def _normalize_depends_on(
        self, revisions: Iterable[Revision], map_: RevisionMapping
    ) -> None:
        """Drop dependencies already implied by a versioned ancestor's own."""
        for rev in revisions:
            if not rev._resolved_dependencies:
                rev._normalized_resolved_dependencies = ()
                continue
            implied: set[str] = set()
            for anc in self._get_ancestor_nodes(
                [rev], map_=map_, include_dependencies=False
            ):
                if anc is not rev:
                    implied.update(anc._resolved_dependencies)
            rev._normalized_resolved_dependencies = tuple(
                d for d in rev._resolved_dependencies if d not in implied
            )

    def _store_ends(self, revisions: Iterable[Revision]) -> None:
        revs = list(revisions)
        self.__dict__["heads"] = tuple(r.revision for r in revs if r.is_head)
        self.__dict__["_real_heads"] = tuple(
            r.revision for r in revs if r._is_real_head
        )
        self.__dict__["bases"] = tuple(r.revision for r in revs if r.is_base)
        self.__dict__["_real_bases"] = tuple(
            r.revision for r in revs if r._is_real_base
        )

    def _detect_cycles(self, by_id: dict[str, Revision]) -> None:
        """Every revision must lie between a head and a base, both ways."""
        if not by_id:
            return
        self._check_span(
            by_id,
            self.heads,
            self.bases,
            _versioned_downs,
            _versioned_ups,
            CycleDetected,
        )
        if not any(r.dependencies for r in by_id.values()):
            return  # without depends_on the second check sees the same graph
        self._check_span(
            by_id,
            self._real_heads,
            self._real_bases,
            _all_downs,
            _all_ups,
            DependencyCycleDetected,
        )

    def _check_span(self, by_id, heads, bases, down, up, error) -> None:  # type: ignore[no-untyped-def]
        if not heads or not bases:
            raise error(list(by_id))
        below_heads = self._iterate_related_revisions(
            down, [by_id[h] for h in heads], by_id
        )
        above_bases = self._iterate_related_revisions(
            up, [by_id[b] for b in bases], by_id
        )
        span = {r.revision for r in below_heads} & {r.revision for r in above_bases}
        stray = set(by_id) - span
        if stray:
            raise error(sorted(stray))

    def _add_branches(
        self, revisions: Iterable[Revision], map_: RevisionMapping
    ) -> None:
        """A label covers its revision, its descendants, and its ancestors
        down to (not including) the previous branch point or merge point."""
        for rev in revisions:
            labels = rev._orig_branch_labels
            for node in self._get_descendant_nodes(
                [rev], map_=map_, include_dependencies=False
            ):
                node.branch_labels.update(labels)
            node = rev
            while not (node._is_real_branch_point or node.is_merge_point):
                node.branch_labels.update(labels)
                parent = map_.get(node.down_revision) if node.down_revision else None
                if parent is None:
                    break
                node = parent

    def add_revision(self, revision: Revision, _replace: bool = False) -> None:
        """Add (or, with ``_replace``, swap in) one revision on a loaded map."""
        map_ = self._revision_map
        self.__dict__.pop("_depth_cache", None)
        old = map_.get(revision.revision)
        if _replace and old is None:
            raise RevisionError("revision %s not in map" % revision.revision)
        if not _replace and old is not None:
            raise DuplicateRevisionError(revision.revision, old, revision)
        revision._reset_links()
        if old is not None:
            revision.nextrev, revision._all_nextrev = old.nextrev, old._all_nextrev
        map_[revision.revision] = revision
        self._map_branch_labels([revision], map_)
        self._add_depends_on([revision], map_)
        self._link_revisions([revision], map_)
        self._normalize_depends_on([revision], map_)
        self._relabel(map_)
        self._update_ends(revision, old)

    def _relabel(self, map_: RevisionMapping) -> None:
        revisions = {id(r): r for r in map_.values() if r is not None}.values()
        for rev in revisions:
            rev.branch_labels = set(rev._orig_branch_labels)
        self._add_branches([r for r in revisions if r._orig_branch_labels], map_)

    def _update_ends(self, revision: Revision, old: Revision | None) -> None:
        rid = revision.revision
        downs, all_downs = set(revision._versioned_down_revisions), set(
            revision._all_down_revisions
        )
        if old is None and revision.is_base:
            self.bases = self.bases + (rid,)
        if old is None and revision._is_real_base:
            self._real_bases = self._real_bases + (rid,)
        if revision.is_head:
            self.heads = tuple(h for h in self.heads if h not in downs and h != rid) + (
                rid,
            )
        if revision._is_real_head:
            self._real_heads = tuple(
                h for h in self._real_heads if h not in all_downs and h != rid
            ) + (rid,)

    # -- identifiers --------------------------------------------------------

    def _resolve_revision_number(self, id_: Any) -> tuple[tuple[Any, ...], str | None]:
        """Turn an identifier into (revision ids, branch label).

        Symbols are expanded (``heads``, ``head``, ``base``/None); anything
        else is returned as given, to be looked up by the caller.
        """
        branch_label: str | None = None
        if isinstance(id_, str) and "@" in id_:
            branch_label, id_ = id_.split("@", 1)
        elif id_ is not None and not _looks_like_identifier(id_):
            raise RevisionError(
                "revision identifier %r is not a string; ensure database "
                "driver settings are correct" % (id_,)
            )
        _ = self._revision_map  # load before reading heads
        if id_ == "heads":
            if branch_label:
                return self.filter_for_lineage(self.heads, branch_label), branch_label
            return self._real_heads, branch_label
        if id_ == "head":
            head = self.get_current_head(branch_label)
            return ((head,) if head else ()), branch_label
        if id_ == "base" or id_ is None:
            return (), branch_label
        return to_tuple(id_, default=None), branch_label

    def get_current_head(self, branch_label: str | None = None) -> str | None:
        """The single head id (of ``branch_label``'s lineage if given)."""
        heads = self.heads
        if branch_label:
            heads = self.filter_for_lineage(heads, branch_label)
        if len(heads) > 1:
            argument = "%s@head" % branch_label if branch_label else "head"
            raise MultipleHeads(heads, argument)
        return heads[0] if heads else None

    def _get_base_revisions(self, identifier: Any) -> tuple[Any, ...]:
        return self.filter_for_lineage(self.bases, identifier)

    def get_revisions(self, id_: Any) -> tuple[Any, ...]:
        """Every revision an identifier (or a collection of them) names."""
        if isinstance(id_, (list, tuple, set, frozenset)):
            found: list[Any] = []
            for item in id_:
                found.extend(self.get_revisions(item))
            return tuple(found)
        ids, branch_label = self._resolve_revision_number(id_)
        if len(ids) == 1 and _is_negative_int(ids[0]):
            return self._walk_down_from_heads(int(ids[0]), branch_label)
        return tuple(self._revision_for_ident(rid, branch_label) for rid in ids)

    def _walk_down_from_heads(
        self, steps: int, branch_label: str | None
    ) -> tuple[Any, ...]:
        heads = self.get_revisions("heads")
        if branch_label is not None:
            heads = tuple(h for h in heads if branch_label in h.branch_labels)
        found = (self._walk(head, steps=steps) for head in heads)
        return tuple(None if rev == "base" else rev for rev in found)

    def get_revision(self, id_: Any) -> Revision | None:
        """The one revision ``id_`` names; None for base."""
        ids, branch_label = self._resolve_revision_number(id_)
        if len(ids) > 1:
            raise MultipleHeads(ids, id_)
        return self._revision_for_ident(ids[0] if ids else (), branch_label)

    def _resolve_branch(self, branch_label: str) -> Revision | None:
        map_ = self._revision_map
        if branch_label in map_:
            return map_[branch_label]
        try:
            return self._revision_for_ident(branch_label)
        except ResolutionError as err:
            raise ResolutionError(
                "No such branch: '%s'" % branch_label, branch_label
            ) from err

    def _revision_for_ident(
        self, resolved_id: Any, check_branch: str | None = None
    ) -> Revision | None:
        branch_rev = self._resolve_branch(check_branch) if check_branch else None
        map_ = self._revision_map
        if _hashable(resolved_id) and resolved_id in map_:
            rev = map_[resolved_id]
        else:
            rev = self._match_prefix(resolved_id, check_branch if branch_rev else None)
        if (
            check_branch
            and rev is not None
            and branch_rev is not None
            and not self._shares_lineage(rev, [branch_rev])
        ):
            raise ResolutionError(
                "Revision %s is not a member of branch '%s'"
                % (rev.revision, check_branch),
                resolved_id,
            )
        return rev

    def _match_prefix(self, prefix: Any, branch: str | None) -> Revision:
        text = str(prefix)
        candidates: Sequence[str] = [
            key
            for key in self._revision_map
            if isinstance(key, str) and len(key) > 3 and key.startswith(text)
        ]
        if branch:
            candidates = self.filter_for_lineage(candidates, branch)
        if not candidates:
            hint = (
                "; please ensure at least four characters are present for "
                "partial revision identifier matches"
                if len(text) < 4
                else ""
            )
            raise ResolutionError(
                "No such revision or branch '%s'%s" % (text, hint), prefix
            )
        if len(candidates) > 1:
            raise AmbiguousRevisionError(text, candidates, prefix)
        return self._revision_map[candidates[0]]  # type: ignore[return-value]

    # -- lineage ------------------------------------------------------------

    def filter_for_lineage(
        self,
        targets: Iterable[Any],
        check_against: Any,
        include_dependencies: bool = False,
    ) -> tuple[Any, ...]:
        """The members of ``targets`` on the same line of descent as ``check_against``."""
        ids, branch_label = self._resolve_revision_number(check_against)
        anchors: list[Any] = [branch_label] if branch_label else []
        anchors.extend(ids)
        return tuple(
            t for t in targets if self._shares_lineage(t, anchors, include_dependencies)
        )

    def _shares_lineage(
        self, target: Any, test_against_revs: Any, include_dependencies: bool = False
    ) -> bool:
        """True when ``target`` is an ancestor or descendant of (or is) one of
        ``test_against_revs``; True as well when that list is empty."""
        if not test_against_revs:
            return True
        start = (
            target if isinstance(target, Revision) else self._revision_for_ident(target)
        )
        against = {
            r if isinstance(r, Revision) else self._revision_for_ident(r)
            for r in to_tuple(test_against_revs, default=())
        }
        for walk in (self._get_ancestor_nodes, self._get_descendant_nodes):
            if any(
                n in against
                for n in walk([start], include_dependencies=include_dependencies)
            ):
                return True
        return False

    def _get_all_current(self, id_: Any) -> set[Revision]:
        """The revisions ``id_`` names plus their ancestors, reduced to the
        tips of each line (the heads the version table would hold)."""
        top = set(self.get_revisions(id_))
        top.update(self._get_ancestor_nodes(list(top), include_dependencies=True))
        return self._filter_into_branch_heads(top)

    def _filter_into_branch_heads(self, targets: Iterable[Revision]) -> set[Revision]:
        """Drop every target that has another target above it."""
        targets = set(targets)
        below: set[Revision] = set()
        stack = [p for t in targets for p in self._parents(t)]
        while stack:
            rev = stack.pop()
            if rev not in below:
                below.add(rev)
                stack.extend(self._parents(rev))
        return targets - below

    def _parents(self, rev: Revision) -> list[Revision]:
        map_ = self._revision_map
        return [map_[d] for d in rev._versioned_down_revisions]  # type: ignore[misc]

    # -- traversal ----------------------------------------------------------

    def _get_ancestor_nodes(
        self,
        targets: Collection[Any],
        map_: RevisionMapping | None = None,
        check: bool = False,
        include_dependencies: bool = True,
    ) -> Iterator[Revision]:
        step = _normalized_downs if include_dependencies else _versioned_downs
        return self._iterate_related_revisions(step, targets, map_, check=check)

    def _get_descendant_nodes(
        self,
        targets: Collection[Any],
        map_: RevisionMapping | None = None,
        check: bool = False,
        omit_immediate_dependencies: bool = False,
        include_dependencies: bool = True,
    ) -> Iterator[Revision]:
        if omit_immediate_dependencies:

            def step(rev: Revision) -> Iterable[str]:
                return rev.nextrev if rev in targets else rev._all_nextrev

        elif include_dependencies:
            step = _all_ups
        else:
            step = _versioned_ups
        return self._iterate_related_revisions(step, targets, map_, check=check)

    def _iterate_related_revisions(
        self,
        step: Callable[[Revision], Iterable[str]],
        targets: Collection[Any],
        map_: RevisionMapping | None = None,
        check: bool = False,
    ) -> Iterator[Revision]:
        """Depth-first walk from each target along ``step``, each node once.

        With ``check``, a target reachable from another target is an error.
        """
        if map_ is None:
            map_ = self._revision_map
        starts = [_as_revision(t) for t in targets]
        start_set = set(starts)
        seen: set[Revision] = set()
        for target in starts:
            stack = [target]
            reached: set[Revision] = set()
            while stack:
                rev = stack.pop()
                reached.add(rev)
                if rev in seen:
                    continue
                seen.add(rev)
                stack.extend(_lookup(map_, rid) for rid in step(rev))
                yield rev
            if check:
                _check_overlap(target, reached & start_set)

    def _walk(
        self,
        start: Any,
        steps: int,
        branch_label: str | None = None,
        no_overwalk: bool = True,
    ) -> Any:
        """Move ``steps`` revisions up (positive) or down (negative).

        ``start`` may be an id, a revision, None (below the bases) or
        ``"base"``.  Walking down past a base gives ``"base"``; walking past
        either end gives None when ``no_overwalk``, else stops at the end.
        A fork on the way raises "Ambiguous walk".
        """
        node = self.get_revision(start) if isinstance(start, str) else start
        for _ in range(abs(steps)):
            if steps > 0:
                options = self._walk_up_options(node, branch_label)
            elif node == "base":
                options = ()
            else:
                downs = self.heads if node is None else node.down_revision
                options = self.get_revisions(downs) or ("base",)
            if not options:
                return None if no_overwalk else node
            if len(options) > 1:
                raise RevisionError(_ambiguous_walk(node, options))
            node = options[0]
        return node

    def _walk_up_options(self, node: Any, branch_label: str | None) -> tuple[Any, ...]:
        above = self.bases if node is None or node == "base" else node.nextrev
        options = self.get_revisions(above)
        if branch_label:
            options = self.filter_for_lineage(options, branch_label)
        return options

    # -- ranges ---------------------------------------------------------------

    def iterate_revisions(
        self,
        upper: Any,
        lower: Any,
        implicit_base: bool = False,
        inclusive: bool = False,
        assert_relative_length: bool = True,
        select_for_downgrade: bool = False,
    ) -> Iterator[Revision]:
        """Yield the revisions between ``lower`` and ``upper``, newest first.

        Children always come before their parents and dependencies, so the
        reversed sequence is a valid upgrade order.  With
        ``select_for_downgrade`` the span is what a downgrade from ``upper``
        to ``lower`` removes; otherwise what an upgrade from ``lower`` to
        ``upper`` adds (``implicit_base`` also pulls in other branches'
        missing ancestors, ``inclusive`` keeps ``lower`` itself).
        """
        from . import steps

        collect = (
            steps.collect_downgrade_revisions
            if select_for_downgrade
            else steps.collect_upgrade_revisions
        )
        revisions, heads = collect(
            self,
            upper,
            lower,
            inclusive=inclusive,
            implicit_base=implicit_base,
            assert_relative_length=assert_relative_length,
        )
        map_ = self._revision_map
        for rid in self._topological_sort(revisions, heads):
            yield map_[rid]  # type: ignore[misc]

    def _topological_sort(
        self, revisions: Collection[Revision], heads: Iterable[Any]
    ) -> list[str]:
        """Order ``revisions`` (ids) so that each comes before its down
        revisions and dependencies.

        Walks down one line at a time, starting from the heads in map order,
        and switches to another line whenever the next revision is still
        needed by that other line, so branches come out as contiguous runs.
        """
        map_ = self._revision_map
        position = {key: i for i, key in enumerate(map_) if isinstance(key, str)}
        todo = {r.revision for r in revisions}
        out: list[str] = []
        lanes = sorted(
            {h.revision for h in heads if h is not None and h.revision in todo},
            key=position.__getitem__,
        )
        # revisions no head reaches inside the set (a partial range can cut
        # a dependency path) start lanes of their own
        lanes += sorted(self._tips(todo).difference(lanes), key=position.__getitem__)
        while True:
            self._drain_lanes(lanes, todo, out)
            if not todo:
                return out
            lanes = sorted(self._tips(todo), key=position.__getitem__)

    def _tips(self, todo: set[str]) -> set[str]:
        map_ = self._revision_map
        inner = {d for rid in todo for d in map_[rid]._normalized_down_revisions}  # type: ignore[union-attr]
        return todo - inner

    def _depths(self) -> dict[str, int]:
        """Longest distance of each revision from a base (parents and
        dependencies count), computed once per map; a revision is always
        deeper than each of its ancestors."""
        cached = self.__dict__.get("_depth_cache")
        if cached is not None:
            return cached
        revs = {id(r): r for r in self._revision_map.values() if r is not None}.values()
        waiting = {r.revision: len(r._normalized_down_revisions) for r in revs}
        depth = dict.fromkeys(waiting, 0)
        ready = [rid for rid, n in waiting.items() if n == 0]
        map_ = self._revision_map
        while ready:
            rid = ready.pop()
            for child in map_[rid]._all_nextrev:  # type: ignore[union-attr]
                if rid not in map_[child]._normalized_down_revisions:  # type: ignore[union-attr]
                    continue
                depth[child] = max(depth[child], depth[rid] + 1)
                waiting[child] -= 1
                if waiting[child] == 0:
                    ready.append(child)
        self.__dict__["_depth_cache"] = depth
        return depth

    def _blocking_lane(
        self, cand: str, lanes: list[str], idx: int, emitted: set[str]
    ) -> int | None:
        """The first other lane whose revision is built (directly or not) on
        ``cand``; None when ``cand`` may be emitted now.

        Searches upward from ``cand`` through revisions not yet emitted, no
        deeper than the deepest other lane, so a walk down a long line costs
        nothing per step.
        """
        if len(lanes) < 2:
            return None
        depth = self._depths()
        others = {rid: j for j, rid in enumerate(lanes) if j != idx}
        limit = max(depth[rid] for rid in others)
        if depth[cand] >= limit:
            return None
        map_ = self._revision_map
        found: list[int] = []
        seen = {cand}
        stack = [cand]
        while stack:
            for child in map_[stack.pop()]._all_nextrev:  # type: ignore[union-attr]
                if child in seen or child in emitted or depth[child] > limit:
                    continue
                seen.add(child)
                if child in others:
                    found.append(others[child])
                stack.append(child)
        return min(found) if found else None

    def _drain_lanes(self, lanes: list[str], todo: set[str], out: list[str]) -> None:
        map_ = self._revision_map
        emitted = set(out)
        idx = 0
        while lanes:
            cand = lanes[idx]
            blocker = self._blocking_lane(cand, lanes, idx, emitted)
            if blocker is not None:
                idx = blocker
                continue
            if cand in todo:
                out.append(cand)
                emitted.add(cand)
                todo.discard(cand)
            rev = map_[cand]
            parents = [
                p
                for p in rev._normalized_down_revisions  # type: ignore[union-attr]
                if p in todo and p not in lanes
            ]
            if not parents:
                del lanes[idx]
                idx = max(idx - 1, 0)
            else:
                lanes[idx] = parents[0]
                lanes.extend(parents[1:])
