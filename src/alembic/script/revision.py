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

This module holds the map's loading; the nodes and errors live in
:mod:`._node`, identifier resolution in :mod:`._resolve`, walks, ranges and
the topological order in :mod:`._walk`.  Every name stays importable from
here, Alembic's public path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from ..util.langhelpers import paused_gc, to_tuple
from . import _node
from ._node import (  # noqa: F401 - Alembic's module is their public home
    AmbiguousRevisionError,
    CycleDetected,
    DependencyCycleDetected,
    DependencyLoopDetected,
    DuplicateRevisionError,
    LoopDetected,
    MultipleHeads,
    RangeNotAncestorError,
    ResolutionError,
    Revision,
    RevisionError,
    RevisionMapping,
    _all_downs,
    _all_ups,
    _as_revision,
    _normalized_downs,
    _revision_illegal_chars,
    _scalar_or_tuple,
    _versioned_downs,
    _versioned_ups,
    is_revision,
    tuple_rev_as_scalar,
)
from ._resolve import (  # noqa: F401
    RelativeIdentifier,
    Resolver,
    _hashable,
    _is_negative_int,
    _looks_like_identifier,
    _relative_destination,
    _too_short,
    parse_relative,
    split_range,
)
from ._walk import Walker, _ambiguous_walk, _check_overlap, _lookup  # noqa: F401

# shown (in tracebacks, reprs) under their public module
for _public in _node.__all__:
    getattr(_node, _public).__module__ = __name__

__all__ = [
    "AmbiguousRevisionError",
    "CycleDetected",
    "DependencyCycleDetected",
    "DependencyLoopDetected",
    "DuplicateRevisionError",
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

_LAZY_ATTRIBUTES = frozenset(
    {"_revision_map", "heads", "bases", "_real_heads", "_real_bases"}
)


def _count_versioned_parents(rev: Revision) -> int:
    """How many distinct revisions ``rev`` names as its down revision."""
    down = rev.down_revision
    if type(down) is str:  # the usual single parent
        return 1
    return len(set(rev._versioned_down_revisions))


def _count_all_parents(rev: Revision) -> int:
    """How many distinct revisions ``rev`` sits on or depends on."""
    return len(rev._all_down_revisions)


def _missing_message(missing: str, rev: Revision, field: str) -> str:
    return (
        "Revision %s referenced from %s is not present; restore that revision "
        "or correct the %s of %s" % (missing, rev.revision, field, rev.revision)
    )


class RevisionMap(Resolver, Walker):
    """All revisions of a project, loaded on first use from ``generator``.

    ``generator`` is a callable returning an iterable of :class:`Revision`.
    After loading, ``_revision_map`` maps every revision id and branch label
    to its revision (and ``None`` / ``()`` to None, meaning "base").
    """

    def __init__(self, generator: Callable[[], Iterable[Revision]]) -> None:
        self._generator = generator

    def __getattr__(self, name: str) -> Any:
        # heads/bases/_real_heads/_real_bases/_revision_map appear in
        # __dict__ once the map is built; building on first touch keeps
        # the generator lazy.
        if name not in _LAZY_ATTRIBUTES:
            raise AttributeError(name)
        try:
            with paused_gc():  # thousands of nodes, all kept: nothing to collect
                self.__dict__["_revision_map"] = self._build_map()
        except BaseException:
            for key in _LAZY_ATTRIBUTES:
                self.__dict__.pop(key, None)
            raise
        return self.__dict__[name]

    def _build_map(self) -> RevisionMapping:
        by_id = self._collect_revisions()
        full: RevisionMapping = dict(by_id)
        revisions = list(by_id.values())
        labelled = [r for r in revisions if r.branch_labels]
        self._map_branch_labels(labelled, full)
        self._add_depends_on(revisions, full)
        self._link_revisions(revisions, full)
        self._normalize_depends_on(revisions, full)
        self._store_ends(revisions)
        self._detect_cycles(by_id)
        full[None] = None
        full[()] = None
        self._add_branches(labelled, full)
        # Built: from now on keep the revisions rather than the generator.  A
        # ScriptDirectory's generator is a method of the directory that holds
        # this map, a reference cycle only the garbage collector could free
        # (at exit that collection took about as long as building the map).
        loaded = tuple(revisions)
        self._generator = lambda: loaded
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
            if rev.dependencies is None:
                rev._resolved_dependencies = ()
                continue
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
        """Record every revision in its parents' ``nextrev`` / ``_all_nextrev``.

        What :meth:`Revision.add_nextrev` does for each link, with each
        child's down revisions worked out once rather than once per parent.
        """
        for rev in revisions:
            rid = (rev.revision,)
            downs = rev._versioned_down_revisions
            deps = rev._resolved_dependencies
            for down in downs + deps if deps else downs:
                parent = map_.get(down)
                if parent is None:
                    raise RevisionError(_missing_message(down, rev, "down_revision"))
                before = parent._all_nextrev
                parent._all_nextrev = before.union(rid)
                if parent.revision in downs:
                    # while both sets are equal (usually), share one object
                    parent.nextrev = (
                        parent._all_nextrev
                        if parent.nextrev is before
                        else parent.nextrev.union(rid)
                    )

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
        """Heads and bases, in load order (one pass; the tests of
        ``is_head``/``_is_real_head``/``is_base``/``_is_real_base`` inlined)."""
        heads, real_heads, bases, real_bases = [], [], [], []
        for rev in revisions:
            if not rev.nextrev:
                heads.append(rev.revision)
            if not rev._all_nextrev:
                real_heads.append(rev.revision)
            if rev.down_revision is None:
                bases.append(rev.revision)
                if rev.dependencies is None:
                    real_bases.append(rev.revision)
        self.__dict__["heads"] = tuple(heads)
        self.__dict__["_real_heads"] = tuple(real_heads)
        self.__dict__["bases"] = tuple(bases)
        self.__dict__["_real_bases"] = tuple(real_bases)

    def _detect_cycles(self, by_id: dict[str, Revision]) -> None:
        """Every revision must lie between a head and a base, both ways."""
        if not by_id:
            return
        self._check_span(
            by_id,
            self.heads,
            self.bases,
            _count_versioned_parents,
            attrgetter("nextrev"),
            CycleDetected,
        )
        if not any(r.dependencies for r in by_id.values()):
            return  # without depends_on the second check sees the same graph
        self._check_span(
            by_id,
            self._real_heads,
            self._real_bases,
            _count_all_parents,
            attrgetter("_all_nextrev"),
            DependencyCycleDetected,
        )

    def _check_span(self, by_id, heads, bases, count, up, error) -> None:  # type: ignore[no-untyped-def]
        """Peel the graph from its bases (Kahn); whatever is left lies on a cycle.

        ``bases`` are exactly the revisions with nothing below them;
        ``count(rev)`` is how many revisions ``rev`` sits on, taken when the
        first of them is peeled, and ``up(rev)`` the ids sitting on ``rev``.
        Linear in revisions and links, so loading a long history stays cheap.
        """
        if not heads or not bases:
            raise error(list(by_id))
        waiting: dict[str, int] = {}
        ready = list(bases)
        peeled = len(ready)
        while ready:
            for child in up(by_id[ready.pop()]):
                left = waiting.get(child)
                if left is None:
                    left = count(by_id[child])
                left -= 1
                waiting[child] = left
                if left == 0:
                    ready.append(child)
                    peeled += 1
        if peeled < len(by_id):
            base_ids = set(bases)
            raise error(
                sorted(
                    rid
                    for rid in by_id
                    if rid not in base_ids and waiting.get(rid) != 0
                )
            )

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
