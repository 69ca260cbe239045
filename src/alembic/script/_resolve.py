"""Identifiers of the revision graph: what ``head``, ``heads``, ``base``,
a partial id, ``label@head`` or ``ae10+2`` name, and which revisions share
a line of descent.  :class:`Resolver` is a part of
:class:`~alembic.script.revision.RevisionMap`; it relies on the map's
``_revision_map``, ``heads`` and walking methods."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ..util.langhelpers import to_tuple
from ._node import (
    AmbiguousRevisionError,
    MultipleHeads,
    ResolutionError,
    Revision,
    RevisionError,
)

__all__ = ["RelativeIdentifier", "Resolver", "parse_relative", "split_range"]

_relative_destination = re.compile(r"(?:(.+?)@)?(\w+)?((?:\+|-)\d+)")


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


def _too_short(relative: Any, steps: int) -> str:
    return "Relative revision %s didn't produce %d migrations" % (relative, abs(steps))


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


def _is_negative_int(text: Any) -> bool:
    try:
        return int(text) < 0
    except (TypeError, ValueError):
        return False


class Resolver:
    """Identifier resolution and lineage queries of a revision map."""

    _revision_map: Any
    heads: tuple[str, ...]
    _real_heads: tuple[str, ...]
    bases: tuple[str, ...]

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
