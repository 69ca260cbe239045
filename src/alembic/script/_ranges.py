"""Reading upgrade/downgrade targets (``head``, ``+2``, ``label@-1``,
``ae10``...) and choosing the revisions of a range: the selection behind
``RevisionMap.iterate_revisions`` and the plans of :mod:`.steps`.  Pure: no
files, no database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..util.langhelpers import to_tuple
from ..util.messaging import warn
from .revision import (
    RangeNotAncestorError,
    Revision,
    RevisionError,
    RevisionMap,
    _relative_destination,
    _too_short,
    parse_relative,
)

__all__ = [
    "collect_downgrade_revisions",
    "collect_upgrade_revisions",
    "parse_downgrade_target",
    "parse_upgrade_target",
]


# ---------------------------------------------------------------------------
# reading targets


def parse_upgrade_target(
    rmap: RevisionMap, current_revisions: Any, target: Any, assert_relative_length: bool
) -> tuple[Any, ...]:
    """The revisions an upgrade ``target`` names, given the current heads.

    ``+N`` counts up from the current revision (``branch@+N`` along that
    branch), ``rev+N`` / ``rev-N`` from ``rev``; anything else is absolute.
    """
    rel = parse_relative(target) if isinstance(target, str) else None
    if rel is None:
        return rmap.get_revisions(target)
    relative_text = _relative_text(target)
    if rel.steps <= 0:
        if rel.symbol is None:
            raise RevisionError(_too_short(rel.steps, rel.steps))
        start = rmap.get_revision(_qualified(rel.branch, rel.symbol))
        found = rmap._walk(start, rel.steps, no_overwalk=assert_relative_length)
    elif rel.symbol is not None:
        start = rmap.get_revision(rel.symbol)
        found = rmap._walk(
            start, rel.steps, rel.branch, no_overwalk=assert_relative_length
        )
    else:
        start = _upgrade_start(rmap, current_revisions, rel.branch)
        found = rmap._walk(
            start, rel.steps, rel.branch, no_overwalk=assert_relative_length
        )
    if found is None:
        raise RevisionError(_too_short(relative_text, rel.steps))
    return () if found == "base" else (found,)


def _relative_text(target: str) -> str:
    match = _relative_destination.match(target)
    assert match is not None
    return match.group(3)


def _qualified(branch: str | None, symbol: str) -> str:
    return symbol if branch is None else "%s@%s" % (branch, symbol)


def _upgrade_start(
    rmap: RevisionMap, current_revisions: Any, branch: str | None
) -> Any:
    """The one current revision a ``[branch@]+N`` upgrade counts from."""
    current = to_tuple(current_revisions, default=()) or (None,)
    starts: Sequence[Any] = current
    if branch:
        revs = rmap.get_revisions(current)
        starts = rmap.filter_for_lineage(revs, branch)
        if not starts:
            # the branch has no head in the database yet: start from the
            # tips of what is applied of it, or from below the bases
            active = rmap.filter_for_lineage(rmap._get_ancestor_nodes(revs), branch)
            below = {d for r in active for d in r._normalized_down_revisions}
            starts = tuple(r for r in active if r.revision not in below) or (None,)
    if len(starts) > 1:
        raise RevisionError(
            "Ambiguous upgrade from multiple current revisions; use "
            "'<branchname>@+N' to choose the branch to move"
        )
    return starts[0]


def parse_downgrade_target(
    rmap: RevisionMap, current_revisions: Any, target: Any, assert_relative_length: bool
) -> tuple[str | None, Any]:
    """(branch label, revision) for a downgrade ``target``.

    The revision is None for base.  ``-N`` counts down from the current
    revision, ``rev-N`` / ``rev+N`` from ``rev``.
    """
    if target is None:
        return None, None
    rel = parse_relative(target)
    if rel is None:
        # "label@head" means that branch's head, not the single head
        label = target.rpartition("@")[0]
        return (label or None), rmap.get_revision(target)
    relative_text = _relative_text(target)
    branch, symbol = rel.branch, rel.symbol
    if rel.steps >= 0:
        if symbol is None:
            raise RevisionError(_too_short(relative_text, rel.steps))
        found = rmap._walk(
            symbol, rel.steps, branch, no_overwalk=assert_relative_length
        )
        if found is None:
            raise RevisionError("Walked too far")
        return branch, found
    from_current = symbol is None
    if from_current:
        symbol, branch = _downgrade_start(
            rmap, current_revisions, branch, relative_text
        )
    start = rmap.get_revision(_qualified(branch, symbol))
    found = rmap._walk(start, rel.steps, no_overwalk=assert_relative_length)
    if found is None:
        raise RevisionError(
            _too_short(relative_text, rel.steps) if from_current else "Walked too far"
        )
    return branch, found


def _downgrade_start(
    rmap: RevisionMap, current_revisions: Any, branch: str | None, relative_text: str
) -> tuple[str, str | None]:
    """(symbol, branch) a ``[branch@]-N`` downgrade counts down from."""
    current = _current_ids(rmap, current_revisions)
    if branch:
        matches: Sequence[Any] = rmap.filter_for_lineage(current, branch)
        if not matches:
            tips = rmap._get_all_current(current)
            matches = [r.revision for r in rmap.filter_for_lineage(tips, branch)]
        if len(matches) != 1:
            raise RevisionError(
                "No single current revision on branch '%s' to count down from" % branch
            )
        return matches[0], branch
    if not current:
        raise RevisionError(_too_short(relative_text, int(relative_text)))
    if len(set(current)) > 1:
        warn(
            "downgrade -1 from multiple heads is ambiguous; this usage will be "
            "disallowed in a future release."
        )
    # only the chosen head's branch is walked
    return current[0], current[0]


def _current_ids(rmap: RevisionMap, current_revisions: Any) -> tuple[str, ...]:
    """The current revisions as ids; symbols such as ``heads`` (which
    ``history -r-3:`` passes) are resolved, ids are kept as given."""
    ids: list[str] = []
    for item in to_tuple(current_revisions, default=()):
        if item in ("head", "heads") or (isinstance(item, str) and "@" in item):
            ids.extend(r.revision for r in rmap.get_revisions(item) if r is not None)
        else:
            ids.append(item)
    return tuple(ids)


# ---------------------------------------------------------------------------
# choosing the revisions of a range


def collect_downgrade_revisions(
    rmap: RevisionMap,
    upper: Any,
    target: Any,
    inclusive: bool,
    implicit_base: bool,
    assert_relative_length: bool,
) -> tuple[set[Revision], tuple[Any, ...]]:
    """What a downgrade from heads ``upper`` to ``target`` removes: every
    applied revision built on (or depending on) the target, plus the heads."""
    branch, dest = parse_downgrade_target(rmap, upper, target, assert_relative_length)
    if dest == "base":
        dest = None
    roots = _downgrade_roots(rmap, dest, inclusive)
    if branch and len(roots) > 1:
        roots = _roots_on_branch(rmap, roots, branch)
    heads = rmap.get_revisions(upper)
    drop = set(rmap._get_descendant_nodes(roots, include_dependencies=True))
    active = set(rmap._get_ancestor_nodes(heads, include_dependencies=True))
    drop &= active
    if implicit_base:
        drop |= active.difference(rmap._get_ancestor_nodes(roots))
    if dest is not None and not drop and dest not in active:
        raise RangeNotAncestorError("Nothing to drop", upper)
    return drop, heads


def _downgrade_roots(rmap: RevisionMap, dest: Any, inclusive: bool) -> list[Revision]:
    if dest is None:
        revs = {id(r): r for r in rmap._revision_map.values() if r is not None}
        return [r for r in revs.values() if r.down_revision is None]
    if inclusive:
        return [dest]
    return list(rmap.get_revisions(dest.nextrev))


def _roots_on_branch(
    rmap: RevisionMap, roots: list[Revision], branch: str
) -> list[Revision]:
    branch_rev = rmap._resolve_branch(branch)
    on_branch = {
        r.revision
        for r in rmap._get_ancestor_nodes([branch_rev], include_dependencies=False)
    }
    kept = [r for r in roots if r.revision in on_branch]
    if not kept:
        raise RevisionError("Not a valid downgrade target from current heads")
    return kept


def collect_upgrade_revisions(
    rmap: RevisionMap,
    upper: Any,
    lower: Any,
    inclusive: bool,
    implicit_base: bool,
    assert_relative_length: bool,
) -> tuple[set[Revision], tuple[Revision, ...]]:
    """What an upgrade from ``lower`` to ``upper`` adds: the targets and
    their ancestors, less what ``lower`` already has.

    Without ``implicit_base`` only descendants of ``lower`` are kept, and a
    ``lower`` that is not below the targets is an error.
    """
    targets = list(parse_upgrade_target(rmap, lower, upper, assert_relative_length))
    if isinstance(lower, str) and "@" in lower:
        targets = _targets_on_branch(rmap, targets, lower.partition("@")[0])
    required = set(
        rmap._get_ancestor_nodes(targets, check=True, include_dependencies=True)
    )
    required.update(targets)
    current = rmap.get_revisions(lower)
    if not implicit_base and any(r is not None and r not in required for r in current):
        raise RangeNotAncestorError(lower, upper)
    if current and current[0] is None:
        # a relative lower end ("-2") that walked off the heads
        _, rev = parse_downgrade_target(rmap, upper, lower, assert_relative_length)
        current, lower = ((), None) if rev in ("base", None) else ((rev,), rev.revision)
    have = set(rmap._get_ancestor_nodes(current, check=True, include_dependencies=True))
    have.update(current)
    needs = required - have
    if inclusive:
        needs.update(r for r in rmap.get_revisions(lower) if r is not None)
    if current and not implicit_base:
        needs &= set(
            rmap._get_descendant_nodes(current, check=True, include_dependencies=False)
        )
    return needs, tuple(targets)


def _targets_on_branch(
    rmap: RevisionMap, targets: list[Revision], branch: str
) -> list[Revision]:
    """Keep the targets on ``branch`` (a label, or a revision id used as one)."""
    branch_rev = rmap.get_revision(branch)
    if branch_rev is not None and branch_rev.revision == branch:
        if len(branch_rev.branch_labels) != 1:
            return [t for t in targets if rmap._shares_lineage(t, [branch_rev])]
        branch = next(iter(branch_rev.branch_labels))
    return [t for t in targets if branch in t.branch_labels]
