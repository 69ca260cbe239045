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

Target reading and range selection live in :mod:`._ranges`, the version-table
actions in :mod:`._versions`; their public names are importable from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..util.langhelpers import memoized_property, to_tuple, unique_list
from ..util.messaging import format_as_comma
from ._ranges import (  # noqa: F401 - public here
    collect_downgrade_revisions,
    collect_upgrade_revisions,
    parse_downgrade_target,
    parse_upgrade_target,
)
from ._versions import HeadsTracker, VersionAction
from .revision import Revision, RevisionError, RevisionMap

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

    @memoized_property
    def _down_ids(self) -> tuple[str, ...]:
        """The revision's normalized down revisions, worked out once per step
        (the version-table keeper asks for them several times)."""
        return self.revision._normalized_down_revisions

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
            return self._down_ids
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
        return self._down_ids

    @property
    def to_revisions_no_deps(self) -> tuple[str, ...]:
        if self.is_upgrade:
            return (self.revision.revision,)
        return self.revision._versioned_down_revisions

    @property
    def _has_scalar_down_revision(self) -> bool:
        return len(self._down_ids) == 1

    def _ancestor_ids_of(self, ids: Iterable[str]) -> set[str]:
        revs = self.revision_map.get_revisions(list(ids))
        return {r.revision for r in self.revision_map._get_ancestor_nodes(revs)}

    def should_delete_branch(self, heads: set[str]) -> bool:
        """A downgrade of a head whose down revisions are all still
        present elsewhere (or which is a base) removes its row."""
        if not self.is_downgrade or self.revision.revision not in heads:
            return False
        if not self._down_ids:
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
        downs = self._down_ids
        return not downs or not set(heads).intersection(downs)

    def should_merge_branches(self, heads: set[str]) -> bool:
        if not self.is_upgrade:
            return False
        downs = self._down_ids
        return len(downs) > 1 and len(set(heads).intersection(downs)) > 1

    def should_unmerge_branches(self, heads: set[str]) -> bool:
        if not self.is_downgrade:
            return False
        downs = self._down_ids
        return self.revision.revision in heads and len(downs) > 1

    def update_version_num(self, heads: set[str]) -> tuple[str, str]:
        """(old, new) ids of the single row this step updates."""
        downs = self._down_ids
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
            down_revisions=self._down_ids,
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
