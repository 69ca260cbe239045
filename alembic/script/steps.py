"""Migration plans: which revisions a command runs, in which order, and what
each step does to the version table.  Pure: no files, no database.

Planning
    :func:`upgrade_steps`, :func:`downgrade_steps` and :func:`stamp_steps`
    return the ordered step lists that ``ScriptDirectory._upgrade_revs``,
    ``_downgrade_revs`` and ``_stamp_revs`` hand to the runtime.  They raise
    the graph's own errors (:mod:`alembic.script.revision`); the caller turns
    those into the user's message.  :func:`collect_upgrade_revisions` and
    :func:`collect_downgrade_revisions` choose the revisions behind
    ``RevisionMap.iterate_revisions``.

Steps
    :class:`RevisionStep` runs one revision's ``upgrade()``/``downgrade()``;
    :class:`StampStep` only moves the version table.  Both answer the
    questions the version-table keeper asks (``should_create_branch(heads)``,
    ``merge_branch_idents(heads)``, ...), and expose :attr:`info`, the
    :class:`MigrationInfo` given to ``on_version_apply`` hooks.

Version-table actions
    :class:`HeadsTracker` turns steps into row changes without touching a
    database::

        tracker = HeadsTracker(current_heads)      # iterable of revision ids
        for step in steps:
            for action in tracker.apply(step):     # list of VersionAction
                ...  # action.kind is "insert" (action.new), "delete"
                     # (action.old) or "update" (action.old -> action.new)
        tracker.heads                              # set of ids afterwards

    A new branch inserts a row, a closed branch deletes one, a merge deletes
    the extra rows then updates one, an unmerge inserts rows then updates
    one, anything else updates one row.  An update whose old and new ids are
    equal is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import (
    Any,
    NamedTuple,
)

from ..util.langhelpers import to_tuple, unique_list
from ..util.messaging import format_as_comma, warn
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
    "HeadsTracker",
    "MigrationInfo",
    "MigrationStep",
    "RevisionStep",
    "StampStep",
    "VersionAction",
    "collect_downgrade_revisions",
    "collect_upgrade_revisions",
    "downgrade_steps",
    "stamp_steps",
    "upgrade_steps",
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


# ---------------------------------------------------------------------------
# what a step is


class MigrationInfo:
    """What one applied step did, as handed to ``on_version_apply`` hooks."""

    def __init__(
        self,
        revision_map: RevisionMap,
        is_upgrade: bool,
        is_stamp: bool,
        up_revisions: Any,
        down_revisions: Any,
    ) -> None:
        self.revision_map = revision_map
        self.is_upgrade = is_upgrade
        self.is_stamp = is_stamp
        self.up_revision_ids: tuple[str, ...] = to_tuple(up_revisions, default=())
        self.up_revision_id: str | None = (
            self.up_revision_ids[0] if self.up_revision_ids else None
        )
        self.down_revision_ids: tuple[str, ...] = to_tuple(down_revisions, default=())

    def __repr__(self) -> str:
        return "MigrationInfo(up=%r, down=%r, is_upgrade=%r, is_stamp=%r)" % (
            self.up_revision_ids,
            self.down_revision_ids,
            self.is_upgrade,
            self.is_stamp,
        )

    @property
    def is_migration(self) -> bool:
        """True for a revision that ran; False for a stamp."""
        return not self.is_stamp

    @property
    def source_revision_ids(self) -> tuple[str, ...]:
        """The ids the database was at before this step."""
        return self.down_revision_ids if self.is_upgrade else self.up_revision_ids

    @property
    def destination_revision_ids(self) -> tuple[str, ...]:
        """The ids the database is at after this step."""
        return self.up_revision_ids if self.is_upgrade else self.down_revision_ids

    @property
    def up_revision(self) -> Revision | None:
        return self.revision_map.get_revision(self.up_revision_id)

    @property
    def up_revisions(self) -> tuple[Any, ...]:
        return self.revision_map.get_revisions(self.up_revision_ids)

    @property
    def down_revisions(self) -> tuple[Any, ...]:
        return self.revision_map.get_revisions(self.down_revision_ids)

    @property
    def source_revisions(self) -> tuple[Any, ...]:
        return self.revision_map.get_revisions(self.source_revision_ids)

    @property
    def destination_revisions(self) -> tuple[Any, ...]:
        return self.revision_map.get_revisions(self.destination_revision_ids)


class MigrationStep:
    """One entry of a migration plan."""

    is_upgrade: bool
    doc: str | None = None

    @classmethod
    def upgrade_from_script(
        cls, revision_map: RevisionMap, script: Revision
    ) -> RevisionStep:
        return RevisionStep(revision_map, script, True)

    @classmethod
    def downgrade_from_script(
        cls, revision_map: RevisionMap, script: Revision
    ) -> RevisionStep:
        return RevisionStep(revision_map, script, False)

    @property
    def name(self) -> str:
        """The name of the function this step runs (``upgrade``, ...)."""
        return self.migration_fn.__name__

    @property
    def migration_fn(self) -> Callable[..., Any]:
        raise NotImplementedError

    @property
    def is_downgrade(self) -> bool:
        return not self.is_upgrade

    @property
    def from_revisions_no_deps(self) -> tuple[str, ...]:
        raise NotImplementedError

    @property
    def to_revisions_no_deps(self) -> tuple[str, ...]:
        raise NotImplementedError

    @property
    def short_log(self) -> str:
        """``upgrade a -> b``, as the run log prints it."""
        return "%s %s -> %s" % (
            self.name,
            format_as_comma(self.from_revisions_no_deps),
            format_as_comma(self.to_revisions_no_deps),
        )

    def __str__(self) -> str:
        if self.doc:
            return "%s, %s" % (self.short_log, self.doc)
        return self.short_log


class RevisionStep(MigrationStep):
    """Run one revision's ``upgrade()`` or ``downgrade()``."""

    def __init__(
        self, revision_map: RevisionMap, revision: Revision, is_upgrade: bool
    ) -> None:
        self.revision_map = revision_map
        self.revision = revision
        self.is_upgrade = is_upgrade

    def __repr__(self) -> str:
        return "RevisionStep(%r, is_upgrade=%r)" % (
            self.revision.revision,
            self.is_upgrade,
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, RevisionStep)
            and other.revision == self.revision
            and other.is_upgrade == self.is_upgrade
        )

    def __hash__(self) -> int:
        return hash((self.revision.revision, self.is_upgrade))

    @property
    def name(self) -> str:
        # named without importing the revision's module
        return "upgrade" if self.is_upgrade else "downgrade"

    @property
    def migration_fn(self) -> Callable[..., Any]:
        """The module's ``upgrade``/``downgrade``; imports the module on first use."""
        module = self.revision.module  # type: ignore[attr-defined]
        return module.upgrade if self.is_upgrade else module.downgrade

    @property
    def doc(self) -> str | None:  # type: ignore[override]
        return getattr(self.revision, "doc", None)

    @property
    def from_revisions(self) -> tuple[str, ...]:
        if self.is_upgrade:
            return self.revision._normalized_down_revisions
        return (self.revision.revision,)

    @property
    def from_revisions_no_deps(self) -> tuple[str, ...]:
        if self.is_upgrade:
            return self.revision._versioned_down_revisions
        return (self.revision.revision,)

    @property
    def to_revisions(self) -> tuple[str, ...]:
        if self.is_upgrade:
            return (self.revision.revision,)
        return self.revision._normalized_down_revisions

    @property
    def to_revisions_no_deps(self) -> tuple[str, ...]:
        if self.is_upgrade:
            return (self.revision.revision,)
        return self.revision._versioned_down_revisions

    @property
    def _has_scalar_down_revision(self) -> bool:
        return len(self.revision._normalized_down_revisions) == 1

    def _ancestor_ids_of(self, ids: Iterable[str]) -> set[str]:
        revs = self.revision_map.get_revisions(list(ids))
        return {r.revision for r in self.revision_map._get_ancestor_nodes(revs)}

    def should_delete_branch(self, heads: set[str]) -> bool:
        """A downgrade of a head whose down revisions are all still
        present elsewhere (or which is a base) removes its row."""
        if not self.is_downgrade or self.revision.revision not in heads:
            return False
        if not self.revision._normalized_down_revisions:
            return True
        return not self._unmerge_to_revisions(heads)

    def _unmerge_to_revisions(self, heads: set[str]) -> list[str]:
        """The down revisions that need a row of their own once this
        revision is gone: not implied by another head, nor by each other."""
        others = set(heads).difference([self.revision.revision])
        implied = self._ancestor_ids_of(others) if others else set()
        kept = [r for r in self.to_revisions if r not in implied]
        below: set[str] = set()
        for rid in kept:
            below.update(self._ancestor_ids_of([rid]) - {rid})
        return [r for r in kept if r not in below]

    def merge_branch_idents(self, heads: set[str]) -> tuple[list[str], str, str]:
        """(rows to delete, row to update, its new value) for a merge.

        Only rows present in ``heads`` and not implied by another head are
        touched.
        """
        present = [r for r in self.from_revisions if r in heads]
        others = set(heads).difference(self.from_revisions)
        implied = self._ancestor_ids_of(others) if others else set()
        from_revs = [r for r in present if r not in implied] or present
        return from_revs[:-1], from_revs[-1], self.to_revisions[0]

    def unmerge_branch_idents(self, heads: set[str]) -> tuple[str, str, list[str]]:
        """(row to update, its new value, rows to insert) for an unmerge."""
        to_revs = self._unmerge_to_revisions(heads)
        return self.from_revisions[0], to_revs[-1], to_revs[:-1]

    def should_create_branch(self, heads: set[str]) -> bool:
        """An upgrade of a base, or of a revision none of whose down
        revisions is a current head, adds a row."""
        if not self.is_upgrade:
            return False
        downs = self.revision._normalized_down_revisions
        return not downs or not set(heads).intersection(downs)

    def should_merge_branches(self, heads: set[str]) -> bool:
        if not self.is_upgrade:
            return False
        downs = self.revision._normalized_down_revisions
        return len(downs) > 1 and len(set(heads).intersection(downs)) > 1

    def should_unmerge_branches(self, heads: set[str]) -> bool:
        if not self.is_downgrade:
            return False
        downs = self.revision._normalized_down_revisions
        return self.revision.revision in heads and len(downs) > 1

    def update_version_num(self, heads: set[str]) -> tuple[str, str]:
        """(old, new) ids of the single row this step updates."""
        downs = self.revision._normalized_down_revisions
        if self._has_scalar_down_revision:
            down = downs[0]
        else:
            present = [d for d in downs if d in heads]
            if len(present) != 1:
                raise RevisionError(
                    "Can't do an UPDATE because downrevision is ambiguous"
                )
            down = present[0]
        if self.is_upgrade:
            return down, self.revision.revision
        return self.revision.revision, down

    @property
    def delete_version_num(self) -> str:
        return self.revision.revision

    @property
    def insert_version_num(self) -> str:
        return self.revision.revision

    @property
    def info(self) -> MigrationInfo:
        return MigrationInfo(
            revision_map=self.revision_map,
            up_revisions=self.revision.revision,
            down_revisions=self.revision._normalized_down_revisions,
            is_upgrade=self.is_upgrade,
            is_stamp=False,
        )


class StampStep(MigrationStep):
    """Move the version table from ``from_`` to ``to_`` without running code.

    ``branch_move`` marks a stamp that starts or ends a whole branch (an
    INSERT or DELETE rather than an UPDATE).
    """

    doc = None

    def __init__(
        self,
        from_: Any,
        to_: Any,
        is_upgrade: bool,
        branch_move: bool,
        revision_map: RevisionMap | None = None,
    ) -> None:
        self.from_: tuple[str, ...] = to_tuple(from_, default=())
        self.to_: tuple[str, ...] = to_tuple(to_, default=())
        self.is_upgrade = is_upgrade
        self.branch_move = branch_move
        self.revision_map = revision_map

    def __repr__(self) -> str:
        return "StampStep(%r, %r, is_upgrade=%r, branch_move=%r)" % (
            self.from_,
            self.to_,
            self.is_upgrade,
            self.branch_move,
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, StampStep)
            and other.from_revisions == self.from_revisions
            and other.to_revisions == self.to_revisions
            and other.branch_move == self.branch_move
            and other.is_upgrade == self.is_upgrade
        )

    def __hash__(self) -> int:
        return hash((self.from_, self.to_, self.is_upgrade, self.branch_move))

    def stamp_revision(self, **kw: Any) -> None:
        """A stamp runs no migration code."""
        return

    @property
    def migration_fn(self) -> Callable[..., Any]:
        return self.stamp_revision

    @property
    def from_revisions(self) -> tuple[str, ...]:
        return self.from_

    @property
    def to_revisions(self) -> tuple[str, ...]:
        return self.to_

    @property
    def from_revisions_no_deps(self) -> tuple[str, ...]:
        return self.from_

    @property
    def to_revisions_no_deps(self) -> tuple[str, ...]:
        return self.to_

    @property
    def delete_version_num(self) -> str:
        return _single(self.from_, "delete")

    @property
    def insert_version_num(self) -> str:
        return _single(self.to_, "insert")

    def update_version_num(self, heads: set[str]) -> tuple[str, str]:
        return _single(self.from_, "update"), _single(self.to_, "update")

    def merge_branch_idents(self, heads: set[str]) -> tuple[list[str], str, str]:
        return list(self.from_[:-1]), self.from_[-1], self.to_[0]

    def unmerge_branch_idents(self, heads: set[str]) -> tuple[str, str, list[str]]:
        return self.from_[0], self.to_[-1], list(self.to_[:-1])

    def should_delete_branch(self, heads: set[str]) -> bool:
        return self.is_downgrade and self.branch_move

    def should_create_branch(self, heads: set[str]) -> bool:
        if not self.is_upgrade:
            return False
        heads = set(heads)
        leaves_branch = self.branch_move or bool(set(self.from_) - heads)
        return leaves_branch and bool(set(self.to_) - heads)

    def should_merge_branches(self, heads: set[str]) -> bool:
        return len(self.from_) > 1

    def should_unmerge_branches(self, heads: set[str]) -> bool:
        return len(self.to_) > 1

    @property
    def info(self) -> MigrationInfo:
        if self.revision_map is None:
            raise RevisionError("StampStep.info needs the step's revision_map")
        up, down = (self.to_, self.from_) if self.is_upgrade else (self.from_, self.to_)
        return MigrationInfo(
            revision_map=self.revision_map,
            up_revisions=up,
            down_revisions=down,
            is_upgrade=self.is_upgrade,
            is_stamp=True,
        )


def _single(ids: tuple[str, ...], action: str) -> str:
    if len(ids) != 1:
        raise RevisionError(
            "A stamp %s needs exactly one revision, got %r" % (action, ids)
        )
    return ids[0]


# ---------------------------------------------------------------------------
# plans


def upgrade_steps(
    revision_map: RevisionMap, destination: Any, current_heads: Any
) -> list[RevisionStep]:
    """The steps upgrading ``current_heads`` to ``destination``, oldest first."""
    revs = list(
        revision_map.iterate_revisions(destination, current_heads, implicit_base=True)
    )
    return [RevisionStep(revision_map, rev, True) for rev in reversed(revs)]


def downgrade_steps(
    revision_map: RevisionMap, destination: Any, current_heads: Any
) -> list[RevisionStep]:
    """The steps downgrading ``current_heads`` to ``destination``, newest first."""
    revs = revision_map.iterate_revisions(
        current_heads, destination, select_for_downgrade=True
    )
    return [RevisionStep(revision_map, rev, False) for rev in revs]


def stamp_steps(
    revision_map: RevisionMap, revision: Any, heads: Any
) -> list[StampStep]:
    """The stamp steps moving the version table from ``heads`` to ``revision``
    (one identifier or several; None or ``base`` clears the affected rows)."""
    head_revs = revision_map.get_revisions(heads)
    if not revision:
        revision = "base"
    affected: list[Any] = []
    for rev in to_tuple(revision):
        if rev:
            affected.extend(
                revision_map.filter_for_lineage(
                    head_revs, rev, include_dependencies=True
                )
            )
    affected = unique_list(affected)
    steps: list[StampStep] = []
    for dest in revision_map.get_revisions(revision) or (None,):
        step = _stamp_step(revision_map, dest, affected)
        steps.extend(step)
    return steps


def _stamp_step(
    revision_map: RevisionMap, dest: Any, affected: list[Any]
) -> list[StampStep]:
    if dest is None:
        return [
            StampStep(h.revision, None, False, True, revision_map) for h in affected
        ]
    if dest in affected:
        return []
    above = set(revision_map._get_descendant_nodes([dest]))
    below = set(revision_map._get_ancestor_nodes([dest]))
    moved_down = [h.revision for h in affected if h in above]
    if moved_down:
        return [StampStep(moved_down, dest.revision, False, False, revision_map)]
    moved_up = [h.revision for h in affected if h in below]
    if moved_up:
        return [StampStep(moved_up, dest.revision, True, False, revision_map)]
    return [StampStep((), dest.revision, True, True, revision_map)]


# ---------------------------------------------------------------------------
# version-table actions


class VersionAction(NamedTuple):
    """One row change: ``insert`` (new), ``delete`` (old) or ``update`` (old -> new)."""

    kind: str
    old: str | None = None
    new: str | None = None


class HeadsTracker:
    """The set of current heads, and the row changes each step makes to it."""

    def __init__(self, heads: Iterable[str] = ()) -> None:
        self.heads: set[str] = set(heads)

    def apply(self, step: MigrationStep) -> list[VersionAction]:
        """Advance the heads past ``step``; return the row changes, in order."""
        actions = self._actions_for(step)
        for action in actions:
            self._record(action)
        return actions

    def _actions_for(self, step: Any) -> list[VersionAction]:
        heads = self.heads
        if step.should_delete_branch(heads):
            return [VersionAction("delete", old=step.delete_version_num)]
        if step.should_create_branch(heads):
            return [VersionAction("insert", new=step.insert_version_num)]
        if step.should_merge_branches(heads):
            deletes, old, new = step.merge_branch_idents(heads)
            actions = [VersionAction("delete", old=rev) for rev in deletes]
            return actions + _update(old, new)
        if step.should_unmerge_branches(heads):
            old, new, inserts = step.unmerge_branch_idents(heads)
            actions = [VersionAction("insert", new=rev) for rev in inserts]
            return actions + _update(old, new)
        old, new = step.update_version_num(heads)
        return _update(old, new)

    def _record(self, action: VersionAction) -> None:
        if action.kind != "insert":
            if action.old not in self.heads:
                raise RevisionError(
                    "Version %s is not among the current heads (%s)"
                    % (action.old, ", ".join(sorted(self.heads)) or "none")
                )
            self.heads.discard(action.old)  # type: ignore[arg-type]
        if action.kind != "delete":
            if action.new in self.heads:
                raise RevisionError("Version %s is already a current head" % action.new)
            self.heads.add(action.new)  # type: ignore[arg-type]


def _update(old: str, new: str) -> list[VersionAction]:
    return [] if old == new else [VersionAction("update", old=old, new=new)]
