"""Walking the revision graph: ancestors and descendants, ``+N``/``-N``
steps, the revisions of a range, and the topological order they come out
in.  :class:`Walker` is a part of
:class:`~alembic.script.revision.RevisionMap`.

Every walk is iterative (an explicit stack), so a history of thousands of
revisions never touches Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from ._node import (
    Revision,
    RevisionError,
    RevisionMapping,
    _all_ups,
    _as_revision,
    _normalized_downs,
    _versioned_downs,
    _versioned_ups,
)

__all__ = ["Walker"]


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


def _ambiguous_walk(node: Any, options: Sequence[Any]) -> str:
    where = node.revision if isinstance(node, Revision) else "base"
    choices = ", ".join(sorted(getattr(o, "revision", str(o)) for o in options))
    return (
        "Ambiguous walk from %s, which leads to %s; name a branch "
        "('<branchname>@+N') or a revision instead" % (where, choices)
    )


class Walker:
    """Traversal, ranges and ordering of a revision map."""

    _revision_map: Any
    heads: tuple[str, ...]
    bases: tuple[str, ...]

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
