"""Building a RevisionMap: heads, bases, links, labels, dependencies, and the
errors a broken history gives."""

from __future__ import annotations

import warnings

import pytest

from alembic.script.revision import (
    CycleDetected,
    DependencyCycleDetected,
    DependencyLoopDetected,
    DuplicateRevisionError,
    LoopDetected,
    Revision,
    RevisionError,
    RevisionMap,
)

R = Revision


# a -> b -> c -> d          (linear)
LINEAR = [R("a", None), R("b", "a"), R("c", "b"), R("d", "c")]


def test_linear_heads_and_bases(build):
    m = build(LINEAR)
    assert m.heads == ("d",)
    assert m.bases == ("a",)
    assert m._real_heads == ("d",)
    assert m._real_bases == ("a",)
    assert m.get_revision("b").nextrev == frozenset({"c"})
    assert m.get_revision("d").is_head and not m.get_revision("c").is_head
    assert m.get_revision("a").is_base and not m.get_revision("b").is_base


def test_generator_runs_lazily_and_once():
    calls = []

    def gen():
        calls.append(1)
        return [R("a", None), R("b", "a")]

    m = RevisionMap(gen)
    assert calls == []
    assert m.bases == ("a",)
    assert m.heads == ("b",)
    assert "a" in m._revision_map
    assert calls == [1]


#        /-> c1 -> d1 -\
# a -> b                -> e
#        \-> c2 -> d2 -/
DIAMOND = [
    R("a", None),
    R("b", "a"),
    R("c1", "b"),
    R("c2", "b"),
    R("d1", "c1"),
    R("d2", "c2"),
    R("e", ("d1", "d2")),
]


def test_branch_and_merge_points(build):
    m = build(DIAMOND)
    b, e = m.get_revision("b"), m.get_revision("e")
    assert b.is_branch_point and not b.is_merge_point
    assert e.is_merge_point and not e.is_branch_point
    assert e.down_revision == ("d1", "d2")
    assert e._versioned_down_revisions == ("d1", "d2")
    assert m.heads == ("e",)


# a -> b1 -> c1       x -> y
#   \-> b2
MULTI = [
    R("a", None),
    R("b1", "a"),
    R("b2", "a"),
    R("c1", "b1"),
    R("x", None),
    R("y", "x"),
]


def test_multiple_heads_and_bases_keep_generator_order(build):
    m = build(MULTI)
    assert m.heads == ("b2", "c1", "y")
    assert m.bases == ("a", "x")
    assert m._get_base_revisions("base") == ("a", "x")


# a -> b -> c          branch one
# x -> y               branch two; c depends_on y
DEPS = [
    R("a", None),
    R("b", "a"),
    R("c", "b", dependencies="y"),
    R("x", None),
    R("y", "x"),
]


def test_dependency_target_is_a_head_but_not_a_real_head(build):
    m = build(DEPS)
    assert m.heads == ("c", "y")
    assert m._real_heads == ("c",)
    y, c = m.get_revision("y"), m.get_revision("c")
    assert y.is_head and not y._is_real_head
    assert y._all_nextrev == frozenset({"c"}) and y.nextrev == frozenset()
    assert c._all_down_revisions == ("b", "y")
    assert c._versioned_down_revisions == ("b",)
    assert c._normalized_down_revisions == ("b", "y")
    assert m.bases == ("a", "x")
    assert m._real_bases == ("a", "x")


def test_base_with_dependency_is_not_a_real_base(build):
    # x ; a (depends_on x)
    m = build([R("x", None), R("a", None, dependencies="x")])
    assert m.bases == ("x", "a")
    assert m._real_bases == ("x",)
    assert m._real_heads == ("a",)


def test_dependency_by_label_resolves_to_revision(build):
    # a (label "one") ; x -> y (y depends_on "one")
    m = build(
        [
            R("a", None, branch_labels="one"),
            R("x", None),
            R("y", "x", dependencies="one"),
        ]
    )
    y = m.get_revision("y")
    assert y.dependencies == "one"
    assert y._resolved_dependencies == ("a",)
    assert y._all_down_revisions == ("x", "a")


def test_dependency_implied_by_ancestor_is_normalized_away(build):
    # x ; a -> b -> c ; b and c both depend on x
    m = build(
        [
            R("x", None),
            R("a", None),
            R("b", "a", dependencies="x"),
            R("c", "b", dependencies="x"),
        ]
    )
    assert m.get_revision("b")._normalized_down_revisions == ("a", "x")
    assert m.get_revision("c")._resolved_dependencies == ("x",)
    assert m.get_revision("c")._normalized_down_revisions == ("b",)


def test_branch_label_covers_descendants_and_ancestors_to_branch_point(build):
    #          /-> c -> d(label "feat") -> e
    # a -> b --
    #          \-> x
    m = build(
        [
            R("a", None),
            R("b", "a"),
            R("c", "b"),
            R("x", "b"),
            R("d", "c", branch_labels="feat"),
            R("e", "d"),
        ]
    )
    labelled = {
        r
        for r in ("a", "b", "c", "d", "e", "x")
        if "feat" in m.get_revision(r).branch_labels
    }
    assert labelled == {"c", "d", "e"}
    assert m.get_revision("feat").revision == "d"


def test_branch_label_stops_at_merge_point(build):
    # a -> m <- z ; m -> n(label "l")
    m = build(
        [R("a", None), R("z", None), R("m", ("a", "z")), R("n", "m", branch_labels="l")]
    )
    assert "l" in m.get_revision("n").branch_labels
    assert "l" not in m.get_revision("m").branch_labels
    assert "l" not in m.get_revision("a").branch_labels


def test_label_keys_are_in_the_map(build):
    m = build([R("a", None, branch_labels=["one", "uno"]), R("b", "a")])
    assert m._revision_map["one"] is m._revision_map["uno"] is m._revision_map["a"]
    assert m._revision_map[None] is None and m._revision_map[()] is None


def test_revision_attributes_and_repr():
    r = R("abc", ["x", "y"], dependencies=("q",), branch_labels="lbl")
    assert r.down_revision == ("x", "y")
    assert r.dependencies == "q"
    assert r.branch_labels == {"lbl"}
    assert r.is_merge_point
    assert (
        repr(r)
        == "Revision('abc', ('x', 'y'), dependencies='q', branch_labels={'lbl'})"
    )
    assert repr(R("b", None)) == "Revision('b', None)"


@pytest.mark.parametrize("bad", ["a@b", "a-b", "a+b", "a:b"])
def test_illegal_characters_in_revision_id(bad):
    ch = next(c for c in bad if c in "@-+:")
    with pytest.raises(RevisionError) as err:
        R(bad, None)
    assert str(err.value) == (
        f"Character(s) '{ch}' not allowed in revision identifier '{bad}'"
    )


def test_self_loops():
    with pytest.raises(LoopDetected) as err:
        R("a", ("b", "a"))
    assert str(err.value) == "Self-loop is detected in revisions (a)"
    with pytest.raises(DependencyLoopDetected) as err2:
        R("a", None, dependencies="a")
    assert str(err2.value) == "Dependency self-loop is detected in revisions (a)"
    assert isinstance(err2.value, DependencyCycleDetected)
    assert isinstance(err2.value, LoopDetected)


def test_cycle_without_heads_or_bases(build):
    # a -> b -> a
    m = build([R("a", "b"), R("b", "a")])
    with pytest.raises(CycleDetected) as err:
        m.heads
    assert str(err.value) == "Cycle is detected in revisions (a, b)"


def test_cycle_hanging_off_a_valid_chain(build):
    # base -> h ; and c -> d -> e -> c (a loop that never reaches base)
    m = build(
        [
            R("base1", None),
            R("h", "base1"),
            R("c", "e"),
            R("d", "c"),
            R("e", "d"),
            R("f", "d"),
        ]
    )
    with pytest.raises(CycleDetected) as err:
        m.heads
    assert str(err.value) == "Cycle is detected in revisions (c, d, e, f)"
    # a failed load leaves nothing half-built behind
    with pytest.raises(CycleDetected):
        m.bases


def test_dependency_cycle(build):
    # a -> b (depends_on d) ; c -> d (depends_on b)
    m = build(
        [
            R("a", None),
            R("b", "a", dependencies="d"),
            R("c", None),
            R("d", "c", dependencies="b"),
        ]
    )
    with pytest.raises(DependencyCycleDetected) as err:
        m.heads
    assert str(err.value) == "Dependency cycle is detected in revisions (a, b, c, d)"


def test_missing_down_revision_names_both(build):
    m = build([R("a", None), R("b", "zzz")])
    with pytest.raises(RevisionError) as err:
        m.heads
    assert str(err.value).startswith("Revision zzz referenced from b is not present")
    assert "down_revision of b" in str(err.value)


def test_missing_dependency_names_both(build):
    m = build([R("a", None), R("b", "a", dependencies="nope")])
    with pytest.raises(RevisionError) as err:
        m.heads
    assert str(err.value).startswith("Revision nope referenced from b is not present")


def test_duplicate_revision_is_an_error_naming_both_nodes(build):
    # Alembic warns and lets the later one win; a duplicate id is refused here
    first, second = R("b", "a"), R("b", "a")
    m = build([R("a", None), first, second])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DuplicateRevisionError) as err:
            m.heads
    assert isinstance(err.value, RevisionError)
    assert err.value.revision == "b"
    assert err.value.first is first and err.value.second is second
    assert str(err.value) == (
        "Revision b is present more than once; give one of them a new revision id"
    )
    with pytest.raises(DuplicateRevisionError):  # still refused on a second touch
        m.get_revision("a")


def test_duplicate_branch_label(build):
    m = build([R("a", None, branch_labels="x"), R("b", None, branch_labels="x")])
    with pytest.raises(RevisionError) as err:
        m.heads
    assert str(err.value) == "Branch name 'x' in revision b already used by revision a"


def test_add_revision_moves_heads(build):
    m = build(LINEAR)
    m.add_revision(R("e", "d"))
    assert m.heads == ("e",)
    assert m.get_revision("d").nextrev == frozenset({"e"})
    m.add_revision(R("z", None))
    assert m.bases == ("a", "z") and m.heads == ("e", "z")


def test_add_revision_inherits_branch_label(build):
    m = build([R("a", None, branch_labels="lbl"), R("b", "a")])
    m.add_revision(R("c", "b"))
    assert "lbl" in m.get_revision("c").branch_labels
    assert m.get_revision("lbl@head").revision == "c"


def test_add_revision_replace(build):
    m = build(LINEAR)
    new_c = R("c", "b")
    m.add_revision(new_c, _replace=True)
    assert m.get_revision("c") is new_c
    assert new_c.nextrev == frozenset({"d"})
    assert m.heads == ("d",)
    with pytest.raises(RevisionError):
        m.add_revision(R("nothere", "d"), _replace=True)
    with pytest.raises(DuplicateRevisionError, match="Revision d is present more"):
        m.add_revision(R("d", "c"))
    assert m.heads == ("d",) and m.get_revision("d").down_revision == "c"


def test_reloading_the_same_objects_gives_the_same_graph():
    revs = [R("a", None, branch_labels="l"), R("b", "a"), R("c", "a")]
    first = RevisionMap(lambda: revs)
    assert first.heads == ("b", "c")
    second = RevisionMap(lambda: revs)
    assert second.heads == ("b", "c")
    assert revs[0].nextrev == frozenset({"b", "c"})
    assert revs[0].branch_labels == {"l"}


def _chain(n):
    revs = [R("r0000", None)]
    revs += [R("r%04d" % i, "r%04d" % (i - 1)) for i in range(1, n)]
    return revs


def test_heads_of_5000_linear_revisions():
    # deeper than Python's recursion limit: the walks must not recurse
    # (speed is measured in bench/, not asserted here)
    revs = _chain(5000)
    m = RevisionMap(lambda: revs)
    assert m.heads == ("r4999",)


def test_full_iteration_of_5000_linear_revisions_is_not_recursive():
    revs = _chain(5000)
    m = RevisionMap(lambda: revs)
    order = [r.revision for r in m.iterate_revisions("heads", "base")]
    assert order == ["r%04d" % i for i in reversed(range(5000))]


def test_no_warnings_for_a_clean_history(build):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert build(DIAMOND).heads == ("e",)


def test_descendants_with_and_without_dependencies(build):
    # a -> b -> c          x -> y (depends_on b) -> z
    m = build(
        [
            R("a", None),
            R("b", "a"),
            R("c", "b"),
            R("x", None),
            R("y", "x", dependencies="b"),
            R("z", "y"),
        ]
    )
    b = m.get_revision("b")

    def desc(**kw):
        return {r.revision for r in m._get_descendant_nodes([b], **kw)}

    assert desc() == {"b", "c", "y", "z"}
    assert desc(include_dependencies=False) == {"b", "c"}
    # the target's own dependents are skipped, theirs are not
    assert desc(omit_immediate_dependencies=True) == {"b", "c"}
    y = m.get_revision("y")
    assert {r.revision for r in m._get_ancestor_nodes([y])} == {"y", "x", "b", "a"}
    assert {
        r.revision for r in m._get_ancestor_nodes([y], include_dependencies=False)
    } == {"y", "x"}
