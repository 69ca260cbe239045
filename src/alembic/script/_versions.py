"""What each migration step does to the version table, as row changes,
without a database: :class:`HeadsTracker` and :class:`VersionAction`
(public through :mod:`alembic.script.steps`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .revision import RevisionError

if TYPE_CHECKING:
    from .steps import MigrationStep

__all__ = ["HeadsTracker", "VersionAction"]


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
