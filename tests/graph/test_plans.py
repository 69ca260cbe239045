"""Upgrade, downgrade and stamp plans, and the version-table rows they move."""

from __future__ import annotations

import pytest

from alembic.script.revision import (
    MultipleHeads,
    RangeNotAncestorError,
    Revision,
    RevisionError,
)
from alembic.script.steps import (
    HeadsTracker,
    MigrationInfo,
    MigrationStep,
    RevisionStep,
    StampStep,
    VersionAction,
    downgrade_steps,
    stamp_steps,
    upgrade_steps,
)

R = Revision


def names(steps):
    return [("+" if s.is_upgrade else "-") + s.revision.revision for s in steps]


def run(steps, heads=()):
    """Apply ``steps`` to a tracker; return (actions per step, final heads)."""
    tracker = HeadsTracker(heads)
    actions = [tracker.apply(step) for step in steps]
    return actions, tracker.heads


def ins(rev):
    return VersionAction("insert", new=rev)


def dele(rev):
    return VersionAction("delete", old=rev)


def upd(old, new):
    return VersionAction("update", old=old, new=new)


# a -> b -> c -> d -> e
LINEAR = [R("a", None), R("b", "a"), R("c", "b"), R("d", "c"), R("e", "d")]


@pytest.fixture
def linear(build):
    return build(LINEAR)


def test_linear_upgrade(linear):
    assert names(upgrade_steps(linear, "e", "c")) == ["+d", "+e"]
    assert names(upgrade_steps(linear, "c", None)) == ["+a", "+b", "+c"]
    assert names(upgrade_steps(linear, "heads", ())) == ["+a", "+b", "+c", "+d", "+e"]
    assert names(upgrade_steps(linear, "head", ("e",))) == []


def test_linear_upgrade_rows(linear):
    actions, heads = run(upgrade_steps(linear, "c", ()))
    assert actions == [[ins("a")], [upd("a", "b")], [upd("b", "c")]]
    assert heads == {"c"}


def test_upgrade_to_an_ancestor_is_a_no_op(linear):
    assert upgrade_steps(linear, "b", ("d",)) == []


def test_linear_relative_upgrade(linear):
    assert names(upgrade_steps(linear, "+2", "a")) == ["+b", "+c"]
    assert names(upgrade_steps(linear, "+1", "a")) == ["+b"]
    assert names(upgrade_steps(linear, "+3", "b")) == ["+c", "+d", "+e"]
    assert names(upgrade_steps(linear, "b+2", "a")) == ["+b", "+c", "+d"]
    assert names(upgrade_steps(linear, "d-1", "a")) == ["+b", "+c"]


def test_invalid_relative_upgrade(linear):
    with pytest.raises(
        RevisionError, match="^Relative revision -2 didn't produce 2 migrations$"
    ):
        upgrade_steps(linear, "-2", "b")
    with pytest.raises(
        RevisionError, match=r"^Relative revision \+5 didn't produce 5 migrations$"
    ):
        upgrade_steps(linear, "+5", "b")


def test_linear_downgrade(linear):
    assert names(downgrade_steps(linear, "c", ("e",))) == ["-e", "-d"]
    assert names(downgrade_steps(linear, None, ("c",))) == ["-c", "-b", "-a"]
    assert names(downgrade_steps(linear, "base", ("c",))) == ["-c", "-b", "-a"]


def test_linear_downgrade_rows(linear):
    actions, heads = run(downgrade_steps(linear, None, ("c",)), ("c",))
    assert actions == [[upd("c", "b")], [upd("b", "a")], [dele("a")]]
    assert heads == set()


def test_linear_relative_downgrade(linear):
    assert names(downgrade_steps(linear, "-1", "c")) == ["-c"]
    assert names(downgrade_steps(linear, "-3", "e")) == ["-e", "-d", "-c"]
    assert names(downgrade_steps(linear, "a+2", "d")) == ["-d"]
    assert names(downgrade_steps(linear, "c-2", "d")) == ["-d", "-c", "-b"]


def test_invalid_relative_downgrade(linear):
    with pytest.raises(
        RevisionError, match="^Relative revision -5 didn't produce 5 migrations$"
    ):
        downgrade_steps(linear, "-5", "b")
    with pytest.raises(
        RevisionError, match=r"^Relative revision \+2 didn't produce 2 migrations$"
    ):
        downgrade_steps(linear, "+2", "b")
    with pytest.raises(
        RevisionError, match="^Relative revision -1 didn't produce 1 migrations$"
    ):
        downgrade_steps(linear, "-1", ())


def test_downgrade_target_not_below_current(linear):
    with pytest.raises(RangeNotAncestorError) as err:
        downgrade_steps(linear, "b", None)
    assert err.value.lower == "Nothing to drop"
    with pytest.raises(RangeNotAncestorError):
        downgrade_steps(linear, "c", "b")
    # downgrading to where we already are is fine and does nothing
    assert downgrade_steps(linear, "c", ("c",)) == []


#         /-> c1 -> d1
# a -> b -
#         \-> c2 -> d2
BRANCHED = [
    R("a", None),
    R("b", "a"),
    R("c1", "b"),
    R("c2", "b"),
    R("d1", "c1"),
    R("d2", "c2"),
]


@pytest.fixture
def branched(build):
    return build(BRANCHED)


def test_upgrade_one_branch(branched):
    assert names(upgrade_steps(branched, "d1", "b")) == ["+c1", "+d1"]
    with pytest.raises(MultipleHeads):
        upgrade_steps(branched, "head", "b")


def test_upgrade_both_branches_runs_each_branch_contiguously(branched):
    steps = upgrade_steps(branched, ("d1", "d2"), "a")
    assert names(steps) == ["+b", "+c2", "+d2", "+c1", "+d1"]
    assert upgrade_steps(branched, "heads", "a") == steps


def test_branch_point_inserts_a_row(branched):
    steps = upgrade_steps(branched, "heads", ("d1",))
    assert names(steps) == ["+c2", "+d2"]
    actions, heads = run(steps, ("d1",))
    assert actions == [[ins("c2")], [upd("c2", "d2")]]
    assert heads == {"d1", "d2"}


def test_downgrade_both_branches(branched):
    steps = downgrade_steps(branched, "a", ("d1", "d2"))
    assert names(steps) == ["-d1", "-c1", "-d2", "-c2", "-b"]
    actions, heads = run(steps, ("d1", "d2"))
    # the first branch to reach the branch point closes its row
    assert actions == [
        [upd("d1", "c1")],
        [dele("c1")],
        [upd("d2", "c2")],
        [upd("c2", "b")],
        [upd("b", "a")],
    ]
    assert heads == {"a"}


def test_downgrade_one_branch_only(branched):
    steps = downgrade_steps(branched, "b", ("d1",))
    assert names(steps) == ["-d1", "-c1"]
    steps = downgrade_steps(branched, "c2", ("d1", "d2"))
    assert names(steps) == ["-d2"]


def test_relative_downgrade_from_several_heads_warns(branched):
    with pytest.warns(
        UserWarning, match="downgrade -1 from multiple heads is ambiguous"
    ):
        steps = downgrade_steps(branched, "-1", ("d1", "d2"))
    assert names(steps) == ["-d1"]


#         /-> c1 -> d1 -\
# a -> b -               -> e -> f
#         \-> c2 -> d2 -/
MERGED = BRANCHED + [R("e", ("d1", "d2")), R("f", "e")]


@pytest.fixture
def merged(build):
    return build(MERGED)


def test_upgrade_across_merge_point(merged):
    steps = upgrade_steps(merged, "f", "b")
    assert names(steps) == ["+c2", "+d2", "+c1", "+d1", "+e", "+f"]
    actions, heads = run(steps, ("b",))
    assert actions == [
        [upd("b", "c2")],
        [upd("c2", "d2")],
        [ins("c1")],
        [upd("c1", "d1")],
        [dele("d1"), upd("d2", "e")],
        [upd("e", "f")],
    ]
    assert heads == {"f"}


def test_merge_step_questions(merged):
    step = RevisionStep(merged, merged.get_revision("e"), True)
    heads = {"d1", "d2"}
    assert step.should_merge_branches(heads)
    assert not step.should_create_branch(heads)
    assert step.merge_branch_idents(heads) == (["d1"], "d2", "e")
    # one parent already absorbed by another head: plain update of the other
    assert not step.should_merge_branches({"d1"})


def test_downgrade_across_merge_point_unmerges(merged):
    steps = downgrade_steps(merged, "b", ("f",))
    assert names(steps) == ["-f", "-e", "-d1", "-c1", "-d2", "-c2"]
    actions, heads = run(steps, ("f",))
    assert actions[0] == [upd("f", "e")]
    assert actions[1] == [ins("d1"), upd("e", "d2")]
    assert actions[2:] == [
        [upd("d1", "c1")],
        [dele("c1")],
        [upd("d2", "c2")],
        [upd("c2", "b")],
    ]
    assert heads == {"b"}


def test_downgrade_to_one_side_of_a_merge(merged):
    # only what is built on d1 goes; the other side of the merge stays
    steps = downgrade_steps(merged, "d1", ("f",))
    assert names(steps) == ["-f", "-e"]
    actions, heads = run(steps, ("f",))
    assert actions == [[upd("f", "e")], [ins("d1"), upd("e", "d2")]]
    assert heads == {"d1", "d2"}


# a -> b -> c          (c depends_on y)
# x -> y -> z
DEPS = [
    R("a", None),
    R("b", "a"),
    R("c", "b", dependencies="y"),
    R("x", None),
    R("y", "x"),
    R("z", "y"),
]


@pytest.fixture
def deps(build):
    return build(DEPS)


def test_upgrade_pulls_in_dependencies_first(deps):
    steps = upgrade_steps(deps, "c", ())
    order = names(steps)
    assert set(order) == {"+a", "+b", "+c", "+x", "+y"}
    assert order.index("+y") < order.index("+c") and order.index("+x") < order.index(
        "+y"
    )
    actions, heads = run(steps)
    # c joins b and its dependency y into one row
    assert actions[-1] == [dele("b"), upd("y", "c")] or actions[-1] == [
        dele("y"),
        upd("b", "c"),
    ]
    assert heads == {"c"}


def test_upgrade_heads_with_dependency_keeps_both_rows(deps):
    actions, heads = run(upgrade_steps(deps, "heads", ()))
    assert heads == {"c", "z"}


def test_downgrade_dependency_takes_dependents_down(deps):
    steps = downgrade_steps(deps, "x", ("c", "z"))
    assert set(names(steps)) == {"-c", "-y", "-z"}
    order = names(steps)
    assert order.index("-c") < order.index("-y") and order.index("-z") < order.index(
        "-y"
    )


def test_depends_on_a_label(build):
    # a -> b ("lib")      m -> n (depends_on "lib")
    m = build(
        [
            R("a", None),
            R("b", "a", branch_labels="lib"),
            R("m", None),
            R("n", "m", dependencies="lib"),
        ]
    )
    order = names(upgrade_steps(m, "n", ()))
    assert order.index("+b") < order.index("+n")


# a -> b ("one") -> c        x ("two") -> y
LABELLED = [
    R("a", None),
    R("b", "a", branch_labels="one"),
    R("c", "b"),
    R("x", None, branch_labels="two"),
    R("y", "x"),
]


@pytest.fixture
def labelled(build):
    return build(LABELLED)


def test_upgrade_a_labelled_branch(labelled):
    assert names(upgrade_steps(labelled, "two@head", ("c",))) == ["+x", "+y"]
    actions, heads = run(upgrade_steps(labelled, "two@head", ("c",)), ("c",))
    assert actions[0] == [ins("x")]
    assert heads == {"c", "y"}
    assert names(upgrade_steps(labelled, "one@+1", ("b", "y"))) == ["+c"]
    assert names(upgrade_steps(labelled, "two@+1", ("c",))) == ["+x"]


def test_downgrade_a_labelled_branch(labelled):
    steps = downgrade_steps(labelled, "two@base", ("c", "y"))
    assert names(steps) == ["-y", "-x"]
    actions, heads = run(steps, ("c", "y"))
    assert actions[-1] == [dele("x")]
    assert heads == {"c"}
    assert names(downgrade_steps(labelled, "one@-1", ("c", "y"))) == ["-c"]
    # with two heads, "one@head" still names one revision
    assert names(downgrade_steps(labelled, "one@head", ("c", "y"))) == []
    assert names(downgrade_steps(labelled, "two@x", ("c", "y"))) == ["-y"]


def test_iterate_upper_to_branch_base(labelled):
    got = [r.revision for r in labelled.iterate_revisions("heads", "two@base")]
    assert got == ["y", "x"]
    got = [r.revision for r in labelled.iterate_revisions("heads", "one@base")]
    assert got == ["c", "b", "a"]
    got = [
        r.revision for r in labelled.iterate_revisions("heads", "one@b", inclusive=True)
    ]
    assert got == ["c", "b"]


def test_iterate_range_not_ancestor(linear):
    with pytest.raises(RangeNotAncestorError) as err:
        list(linear.iterate_revisions("b", "d"))
    assert str(err.value) == "Revision d is not an ancestor of revision b"
    assert (err.value.lower, err.value.upper) == ("d", "b")


def test_iterate_overlapping_targets(branched):
    with pytest.raises(
        RevisionError,
        match="Requested revision d1 overlaps with other requested revisions c1",
    ):
        list(branched.iterate_revisions(("d1", "c1"), "base"))


def test_iterate_relative_lower(linear):
    got = [r.revision for r in linear.iterate_revisions("heads", "-2", inclusive=True)]
    assert got == ["e", "d", "c"]


# stamps


def test_stamp_from_nothing(branched):
    steps = stamp_steps(branched, "heads", ())
    assert steps == [StampStep((), "d1", True, True), StampStep((), "d2", True, True)]
    actions, heads = run(steps)
    assert actions == [[ins("d1")], [ins("d2")]]
    assert heads == {"d1", "d2"}


def test_stamp_to_base_deletes_affected_rows(branched):
    steps = stamp_steps(branched, "base", ("d1", "d2"))
    assert steps == [
        StampStep("d1", None, False, True),
        StampStep("d2", None, False, True),
    ]
    _, heads = run(steps, ("d1", "d2"))
    assert heads == set()
    assert stamp_steps(branched, None, ("d1",)) == [StampStep("d1", None, False, True)]


def test_stamp_up_and_down_a_line(linear):
    up = stamp_steps(linear, "e", ("b",))
    assert up == [StampStep(("b",), "e", True, False)]
    assert run(up, ("b",)) == ([[upd("b", "e")]], {"e"})
    down = stamp_steps(linear, "a", ("d",))
    assert down == [StampStep(("d",), "a", False, False)]
    assert run(down, ("d",)) == ([[upd("d", "a")]], {"a"})
    assert stamp_steps(linear, "d", ("d",)) == []


def test_stamp_new_branch_and_merge(merged, build):
    steps = stamp_steps(merged, "d2", ("d1",))
    assert steps == [StampStep((), "d2", True, True)]
    assert run(steps, ("d1",))[1] == {"d1", "d2"}
    steps = stamp_steps(merged, "e", ("d1", "d2"))
    assert steps == [StampStep(("d1", "d2"), "e", True, False)]
    assert run(steps, ("d1", "d2")) == ([[dele("d1"), upd("d2", "e")]], {"e"})
    steps = stamp_steps(merged, ("d1", "d2"), ("f",))
    assert steps == [
        StampStep(("f",), "d1", False, False),
        StampStep(("f",), "d2", False, False),
    ]


def test_stamp_multiple_heads_is_an_error(branched):
    with pytest.raises(MultipleHeads):
        stamp_steps(branched, "head", ())


# the steps themselves


class Script(Revision):
    """A revision with a docstring and a module, like a revision file."""

    def __init__(self, rev, down, doc, loads):
        super().__init__(rev, down)
        self.doc = doc
        self._loads = loads

    @property
    def module(self):
        self._loads.append(self.revision)

        class Module:
            def upgrade():
                return "up"

            def downgrade():
                return "down"

        return Module


def test_revision_step_properties(build):
    loads = []
    m = build(
        [Script("a1", None, "create things", loads), Script("b2", "a1", "", loads)]
    )
    up = RevisionStep(m, m.get_revision("a1"), True)
    down = MigrationStep.downgrade_from_script(m, m.get_revision("b2"))
    assert up.name == "upgrade" and down.name == "downgrade"
    assert up.is_upgrade and not up.is_downgrade and down.is_downgrade
    assert up.short_log == "upgrade  -> a1"
    assert str(up) == "upgrade  -> a1, create things"
    assert str(down) == "downgrade b2 -> a1"
    assert up.from_revisions == () and up.to_revisions == ("a1",)
    assert down.from_revisions == ("b2",) and down.to_revisions_no_deps == ("a1",)
    assert repr(up) == "RevisionStep('a1', is_upgrade=True)"
    assert loads == []  # nothing imported so far
    assert up.migration_fn() == "up" and down.migration_fn() == "down"
    assert loads == ["a1", "b2"]
    assert up == MigrationStep.upgrade_from_script(m, m.get_revision("a1"))
    assert up != RevisionStep(m, m.get_revision("a1"), False)
    assert len({up, MigrationStep.upgrade_from_script(m, m.get_revision("a1"))}) == 1


def test_revision_step_info(deps):
    step = RevisionStep(deps, deps.get_revision("c"), True)
    info = step.info
    assert isinstance(info, MigrationInfo)
    assert info.is_upgrade and info.is_migration and not info.is_stamp
    assert info.up_revision_id == "c" and info.up_revision_ids == ("c",)
    assert info.down_revision_ids == ("b", "y")
    assert info.source_revision_ids == ("b", "y")
    assert info.destination_revision_ids == ("c",)
    assert info.up_revision is deps.get_revision("c")
    assert [r.revision for r in info.down_revisions] == ["b", "y"]
    assert info.revision_map is deps
    down_info = RevisionStep(deps, deps.get_revision("c"), False).info
    assert down_info.source_revision_ids == ("c",)
    assert down_info.destination_revision_ids == ("b", "y")


def test_stamp_step_properties(linear):
    step = StampStep("b", "d", True, False, linear)
    assert step.name == "stamp_revision"
    assert step.migration_fn() is None
    assert step.doc is None
    assert step.short_log == "stamp_revision b -> d"
    assert step.from_revisions == ("b",) and step.to_revisions_no_deps == ("d",)
    assert step.update_version_num({"b"}) == ("b", "d")
    info = step.info
    assert info.is_stamp and not info.is_migration
    assert info.up_revision_ids == ("d",) and info.down_revision_ids == ("b",)
    down_info = StampStep("d", "b", False, False, linear).info
    assert down_info.up_revision_ids == ("d",) and down_info.source_revision_ids == (
        "d",
    )
    assert step == StampStep(("b",), ("d",), True, False)
    assert step != StampStep(("b",), ("d",), True, True)
    with pytest.raises(RevisionError):
        StampStep("b", "d", True, False).info


def test_update_version_num_ambiguous(merged):
    step = RevisionStep(merged, merged.get_revision("e"), True)
    with pytest.raises(RevisionError, match="downrevision is ambiguous"):
        step.update_version_num({"x"})


def test_tracker_refuses_rows_that_are_not_there(linear):
    tracker = HeadsTracker({"a"})
    with pytest.raises(RevisionError, match="Version c is not among the current heads"):
        tracker.apply(StampStep("c", None, False, True))
    with pytest.raises(RevisionError, match="Version a is already a current head"):
        HeadsTracker({"a", "b"}).apply(StampStep("b", "a", False, False))


# history ranges (ScriptDirectory.walk_revisions asks for these)


def _history(rmap, upper, lower, **kw):
    kw.setdefault("inclusive", True)
    kw.setdefault("assert_relative_length", False)
    return [r.revision for r in rmap.iterate_revisions(upper, lower, **kw)]


def test_history_ranges(linear):
    assert _history(linear, "heads", "base") == ["e", "d", "c", "b", "a"]
    assert _history(linear, "heads", "c") == ["e", "d", "c"]
    assert _history(linear, "c", "base") == ["c", "b", "a"]
    assert _history(linear, "d", "b") == ["d", "c", "b"]


def test_history_relative_start_from_the_heads(linear):
    assert _history(linear, "heads", "-2") == ["e", "d", "c"]
    # more than there is: everything, unless the length is asserted
    assert _history(linear, "heads", "-10") == ["e", "d", "c", "b", "a"]
    with pytest.raises(
        RevisionError, match="^Relative revision -10 didn't produce 10 migrations$"
    ):
        _history(linear, "heads", "-10", assert_relative_length=True)
    assert _history(linear, "c+10", "base") == ["e", "d", "c", "b", "a"]


def test_history_range_on_other_branch(branched):
    with pytest.raises(RangeNotAncestorError):
        _history(branched, "d1", "c2")
    assert _history(branched, "heads", "c2") == ["d2", "c2"]


def test_range_that_cuts_a_dependency_path_still_orders_parents_first(build):
    # a -> b -> p -> c ......> x (down a, depends_on c) -> y --\
    #            \-> q ---------------------------------------> z
    # From b, only what is built on b counts: x and y fall outside, which
    # leaves c reachable from no head of the range.
    m = build(
        [
            R("a", None),
            R("b", "a"),
            R("p", "b"),
            R("c", "p"),
            R("q", "p"),
            R("x", "a", dependencies="c"),
            R("y", "x"),
            R("z", ("q", "y")),
        ]
    )
    got = [r.revision for r in m.iterate_revisions("heads", "b")]
    assert sorted(got) == ["c", "p", "q", "z"]
    assert got.index("c") < got.index("p")  # newest first: c before its parent
    assert got.index("z") < got.index("q") < got.index("p")
