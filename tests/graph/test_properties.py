"""Property tests on random histories: plans respect the graph, downgrades
mirror upgrades, relative identifiers round-trip, prefixes resolve exactly."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alembic.script import steps as plan
from alembic.script.revision import (
    ResolutionError,
    Revision,
    RevisionError,
    RevisionMap,
)

SETTINGS = settings(
    max_examples=int(os.environ.get("GRAPH_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class ShownMap(RevisionMap):
    """A RevisionMap that prints its revisions when hypothesis reports it."""

    def __init__(self, revs):
        super().__init__(lambda: revs)
        self._shown = repr(revs)

    def __repr__(self):
        return "ShownMap(%s)" % self._shown


@st.composite
def dags(draw, max_size=14):
    """A random history: each revision sits on up to two earlier ones and may
    depend on one more; about one in five starts a new base."""
    n = draw(st.integers(min_value=1, max_value=max_size))
    revs = []
    for i in range(n):
        earlier = [r.revision for r in revs]
        parents = []
        if earlier and draw(st.integers(0, 4)) > 0:
            k = draw(st.integers(1, min(2, len(earlier))))
            parents = draw(
                st.lists(st.sampled_from(earlier), min_size=k, max_size=k, unique=True)
            )
        deps = []
        others = [e for e in earlier if e not in parents]
        if others and draw(st.integers(0, 3)) == 0:
            deps = [draw(st.sampled_from(others))]
        revs.append(
            Revision(
                "r%02d" % i, tuple(parents) or None, dependencies=tuple(deps) or None
            )
        )
    return ShownMap(revs)


def _ids(steps):
    return [s.revision.revision for s in steps]


def _assert_runs_after_its_requirements(rmap, steps, already=()):
    done = set(already)
    for step in steps:
        rev = step.revision
        missing = [d for d in rev._all_down_revisions if d not in done]
        assert not missing, (rev.revision, missing)
        assert rev.revision not in done, rev.revision
        done.add(rev.revision)
    return done


def _ancestors(rmap, rid):
    return {r.revision for r in rmap._get_ancestor_nodes([rmap.get_revision(rid)])}


@SETTINGS
@given(dags())
def test_full_upgrade_runs_every_revision_after_its_parents_and_dependencies(rmap):
    steps = plan.upgrade_steps(rmap, "heads", ())
    done = _assert_runs_after_its_requirements(rmap, steps)
    everything = {k for k in rmap._revision_map if isinstance(k, str)}
    assert done == everything
    tracker = plan.HeadsTracker()
    for step in steps:
        tracker.apply(step)
    assert tracker.heads == set(rmap._real_heads)


@SETTINGS
@given(dags(), st.data())
def test_upgrade_in_two_legs_equals_one(rmap, data):
    all_ids = sorted(k for k in rmap._revision_map if isinstance(k, str))
    middle = data.draw(st.sampled_from(all_ids))
    first = plan.upgrade_steps(rmap, middle, ())
    assert set(_ids(first)) == _ancestors(rmap, middle)
    done = _assert_runs_after_its_requirements(rmap, first)

    tracker = plan.HeadsTracker()
    for step in first:
        tracker.apply(step)
    current = tuple(sorted(tracker.heads))
    # the rows left after the first leg describe exactly what was applied
    applied = set().union(*(_ancestors(rmap, h) for h in current)) if current else set()
    assert applied == done

    second = plan.upgrade_steps(rmap, "heads", current)
    done = _assert_runs_after_its_requirements(rmap, second, already=done)
    assert done == set(all_ids)
    for step in second:
        tracker.apply(step)
    assert tracker.heads == set(rmap._real_heads)


@SETTINGS
@given(dags(), st.data())
def test_downgrade_is_the_reverse_of_the_upgrade_over_the_same_span(rmap, data):
    full_up = _ids(plan.upgrade_steps(rmap, "heads", ()))
    full_down = _ids(plan.downgrade_steps(rmap, "base", rmap._real_heads))
    assert full_down == list(reversed(full_up))

    all_ids = sorted(k for k in rmap._revision_map if isinstance(k, str))
    target = data.draw(st.sampled_from(all_ids))
    up = _ids(plan.upgrade_steps(rmap, target, ()))
    down = _ids(plan.downgrade_steps(rmap, "base", (target,)))
    assert down == list(reversed(up))


@SETTINGS
@given(dags(), st.data())
def test_downgrade_then_upgrade_restores_the_rows(rmap, data):
    tracker = plan.HeadsTracker()
    for step in plan.upgrade_steps(rmap, "heads", ()):
        tracker.apply(step)
    top = set(tracker.heads)
    all_ids = sorted(k for k in rmap._revision_map if isinstance(k, str))
    target = data.draw(st.sampled_from(all_ids))
    down = plan.downgrade_steps(rmap, target, tuple(sorted(top)))
    removed = set(_ids(down))
    # what is built on the target goes (with whatever depends on that);
    # the target itself and what merely depends on it stay
    children = rmap.get_revisions(rmap.get_revision(target).nextrev)
    assert removed == {r.revision for r in rmap._get_descendant_nodes(children)}
    for step in down:
        tracker.apply(step)
    left = (
        set().union(*(_ancestors(rmap, h) for h in tracker.heads))
        if tracker.heads
        else set()
    )
    assert left == set(all_ids) - removed
    for step in plan.upgrade_steps(rmap, "heads", tuple(sorted(tracker.heads))):
        tracker.apply(step)
    assert tracker.heads == top


hex_ids = st.lists(
    st.text(alphabet="0123456789abcdef", min_size=12, max_size=12),
    min_size=1,
    max_size=30,
    unique=True,
)


@SETTINGS
@given(hex_ids, st.data())
def test_relative_identifiers_round_trip_on_a_chain(rev_ids, data):
    revs = [Revision(rev_ids[0], None)]
    revs += [Revision(r, p) for p, r in zip(rev_ids, rev_ids[1:])]
    rmap = RevisionMap(lambda: revs)
    i = data.draw(st.integers(0, len(rev_ids) - 1))
    n = data.draw(st.integers(1, len(rev_ids)))
    start = rev_ids[i]
    if i + n < len(rev_ids):
        (up,) = plan.parse_upgrade_target(rmap, None, "%s+%d" % (start, n), True)
        assert up.revision == rev_ids[i + n]
        _, back = plan.parse_downgrade_target(
            rmap, None, "%s-%d" % (up.revision, n), True
        )
        assert back.revision == start
        steps = plan.upgrade_steps(rmap, "+%d" % n, (start,))
        assert _ids(steps) == rev_ids[i + 1 : i + n + 1]
        steps = plan.downgrade_steps(rmap, "-%d" % n, (up.revision,))
        assert _ids(steps) == list(reversed(rev_ids[i + 1 : i + n + 1]))
    else:
        with pytest.raises(RevisionError, match="didn't produce %d migrations" % n):
            plan.upgrade_steps(rmap, "+%d" % n, (start,))


def _expected_walk_up(rmap, start, n):
    """Step up by hand: (revision reached or None, whether a fork was met)."""
    node = rmap.get_revision(start)
    for _ in range(n):
        above = sorted(node.nextrev)
        if len(above) > 1:
            return None, True
        if not above:
            return None, False
        node = rmap.get_revision(above[0])
    return node, False


@SETTINGS
@given(dags(), st.data())
def test_walk_up_then_down_returns_to_the_start(rmap, data):
    all_ids = sorted(k for k in rmap._revision_map if isinstance(k, str))
    start = data.draw(st.sampled_from(all_ids))
    n = data.draw(st.integers(1, 4))
    expected, forked = _expected_walk_up(rmap, start, n)
    if forked:
        with pytest.raises(RevisionError, match="Ambiguous walk"):
            rmap._walk(start, n)
        return
    up = rmap._walk(start, n)
    assert up is expected
    if up is None:
        return
    path = [up]
    while len(path) < n and not path[-1].is_merge_point:
        path.append(rmap.get_revision(path[-1].down_revision))
    if not any(r.is_merge_point for r in path):
        assert rmap._walk(up, -n).revision == start
    else:
        with pytest.raises(RevisionError, match="Ambiguous walk"):
            rmap._walk(up, -n)


@SETTINGS
@given(hex_ids, st.data())
def test_prefix_resolution_finds_exactly_the_revision(rev_ids, data):
    revs = [Revision(rev_ids[0], None)]
    revs += [Revision(r, rev_ids[0]) for r in rev_ids[1:]]
    rmap = RevisionMap(lambda: revs)
    target = data.draw(st.sampled_from(rev_ids))
    prefix = target[: data.draw(st.integers(1, 12))]
    matching = [r for r in rev_ids if r.startswith(prefix)]
    if len(matching) == 1:
        assert rmap.get_revision(prefix).revision == target
    else:
        with pytest.raises(
            ResolutionError, match="Multiple revisions start with '%s'" % prefix
        ):
            rmap.get_revision(prefix)
    missing = prefix + "g"  # never a hex digit
    with pytest.raises(ResolutionError, match="No such revision or branch"):
        rmap.get_revision(missing)


def _assert_children_first(rmap, order):
    position = {rid: i for i, rid in enumerate(order)}
    for rid in order:
        for down in rmap.get_revision(rid)._all_down_revisions:
            assert position.get(down, len(order)) > position[rid], (rid, down)


def _reference_sort(rmap, revisions, heads):
    """The lane walk written the plain way: every lane keeps the full set
    of its ancestors, recomputed at each fork.  Slow, but obviously right;
    the map's own sort must give the same order."""
    map_ = rmap._revision_map
    position = {k: i for i, k in enumerate(map_) if isinstance(k, str)}

    def ancestors(rid):
        return {r.revision for r in rmap._get_ancestor_nodes([map_[rid]])}

    todo = {r.revision for r in revisions}
    lanes = sorted({h.revision for h in heads if h.revision in todo}, key=position.get)
    # where a range cuts a dependency path some revisions hang below no
    # head; Alembic stops on an assertion there, the map gives them lanes
    inner = {d for rid in todo for d in map_[rid]._normalized_down_revisions}
    lanes += sorted(todo - inner - set(lanes), key=position.get)
    lane_anc = [ancestors(h) for h in lanes]
    out, idx = [], 0
    while lanes:
        cand = lanes[idx]
        blocker = next(
            (j for j, a in enumerate(lane_anc) if j != idx and cand in a), None
        )
        if blocker is not None:
            idx = blocker
            continue
        out.append(cand)
        todo.discard(cand)
        parents = [
            p
            for p in map_[cand]._normalized_down_revisions
            if p in todo and p not in lanes
        ]
        if not parents:
            del lanes[idx], lane_anc[idx]
            idx = max(idx - 1, 0)
        else:
            lanes[idx], lane_anc[idx] = parents[0], ancestors(parents[0])
            for p in parents[1:]:
                lanes.append(p)
                lane_anc.append(ancestors(p))
    assert not todo
    return out


@SETTINGS
@given(dags(max_size=18), st.data())
def test_sort_matches_the_plain_lane_walk(rmap, data):
    all_ids = sorted(k for k in rmap._revision_map if isinstance(k, str))
    current = tuple(
        data.draw(st.lists(st.sampled_from(all_ids), max_size=2, unique=True))
    )
    implicit = data.draw(st.booleans())
    try:
        revisions, heads = plan.collect_upgrade_revisions(
            rmap,
            "heads",
            current,
            inclusive=False,
            implicit_base=implicit,
            assert_relative_length=True,
        )
    except RevisionError:
        return
    order = rmap._topological_sort(revisions, heads)
    assert order == _reference_sort(rmap, revisions, heads)
    _assert_children_first(rmap, order)
    target = data.draw(st.sampled_from(all_ids))
    revisions, heads = plan.collect_downgrade_revisions(
        rmap,
        rmap._real_heads,
        target,
        inclusive=False,
        implicit_base=False,
        assert_relative_length=True,
    )
    assert rmap._topological_sort(revisions, heads) == _reference_sort(
        rmap, revisions, heads
    )


def test_plan_of_a_merge_heavy_history():
    # a trunk of 4,000 revisions with a nine-revision side branch merged
    # back every 40 (its speed is a benchmark matter, not asserted here)
    revs, last, k = [Revision("m0", None)], "m0", 0
    for i in range(1, 4000):
        down = last
        if i % 40 == 0:
            side = last
            for _ in range(9):
                k += 1
                revs.append(Revision("s%d" % k, side))
                side = "s%d" % k
            down = (last, side)
        revs.append(Revision("m%d" % i, down))
        last = "m%d" % i
    rmap = RevisionMap(lambda: revs)
    steps = plan.upgrade_steps(rmap, "heads", ())
    _assert_runs_after_its_requirements(rmap, steps)
    assert len(steps) == len(revs)
