"""Every identifier form a user can type, and the error each misuse gives."""

from __future__ import annotations

import pytest

from alembic.script.revision import (
    MultipleHeads,
    RelativeIdentifier,
    ResolutionError,
    Revision,
    RevisionError,
    RevisionMap,
    parse_relative,
    split_range,
)

R = Revision

#   aaaa1111 -> bbbb2222 -> cccc3333 -> dddd4444 ("main") -> eeee5555
#                                   \-> ffff6666 ("feature") -> gggg7777
#   xxxx8888 ("other") -> yyyy9999
BRANCHY = [
    R("aaaa1111", None),
    R("bbbb2222", "aaaa1111"),
    R("cccc3333", "bbbb2222"),
    R("dddd4444", "cccc3333", branch_labels="main"),
    R("eeee5555", "dddd4444"),
    R("ffff6666", "cccc3333", branch_labels="feature"),
    R("gggg7777", "ffff6666"),
    R("xxxx8888", None, branch_labels="other"),
    R("yyyy9999", "xxxx8888"),
]


@pytest.fixture
def m(build):
    return build(BRANCHY)


def rid(rev):
    return None if rev is None else rev.revision


def test_labels_spread_to_descendants_only_up_to_branch_point(m):
    def labels(r):
        return m.get_revision(r).branch_labels

    assert labels("eeee5555") == {"main"}
    assert labels("gggg7777") == {"feature"}
    assert labels("yyyy9999") == {"other"}
    assert labels("cccc3333") == set()


def test_full_ids(m):
    assert rid(m.get_revision("dddd4444")) == "dddd4444"
    assert [r.revision for r in m.get_revisions(["aaaa1111", "yyyy9999"])] == [
        "aaaa1111",
        "yyyy9999",
    ]


def test_head_with_several_heads_is_an_error(m):
    with pytest.raises(MultipleHeads) as err:
        m.get_revision("head")
    assert str(err.value) == (
        "Multiple heads are present for given argument 'head'; "
        "eeee5555, gggg7777, yyyy9999"
    )
    assert err.value.argument == "head"
    assert tuple(err.value.heads) == ("eeee5555", "gggg7777", "yyyy9999")
    with pytest.raises(MultipleHeads):
        m.get_current_head()


def test_heads_base_and_none(m):
    assert [r.revision for r in m.get_revisions("heads")] == [
        "eeee5555",
        "gggg7777",
        "yyyy9999",
    ]
    assert m.get_revision("base") is None
    assert m.get_revision(None) is None
    assert m.get_revisions("base") == ()
    assert m.get_revisions(None) == ()
    assert m._resolve_revision_number("heads") == (m._real_heads, None)
    assert m._resolve_revision_number("base") == ((), None)


def test_head_on_single_head_map(build):
    m = build([R("aaaa", None), R("bbbb", "aaaa")])
    assert rid(m.get_revision("head")) == "bbbb"
    assert m.get_current_head() == "bbbb"
    assert build([]).get_current_head() is None


def test_label_alone_is_the_labelled_revision(m):
    assert rid(m.get_revision("main")) == "dddd4444"
    assert rid(m.get_revision("feature")) == "ffff6666"


def test_label_at_head_heads_base(m):
    assert rid(m.get_revision("main@head")) == "eeee5555"
    assert rid(m.get_revision("feature@head")) == "gggg7777"
    assert [r.revision for r in m.get_revisions("main@heads")] == ["eeee5555"]
    assert m.get_revision("main@base") is None
    assert m.get_current_head("other") == "yyyy9999"
    assert m._get_base_revisions("main@base") == ("aaaa1111",)
    assert m._get_base_revisions("other@base") == ("xxxx8888",)


def test_revision_at_head_is_the_head_of_its_line(m):
    assert rid(m.get_revision("dddd4444@head")) == "eeee5555"
    assert rid(m.get_revision("xxxx8888@head")) == "yyyy9999"
    with pytest.raises(MultipleHeads) as err:
        m.get_revision("cccc3333@head")
    assert err.value.argument == "cccc3333@head"


def test_label_at_revision(m):
    assert rid(m.get_revision("feature@ffff6666")) == "ffff6666"
    assert rid(m.get_revision("feature@gggg")) == "gggg7777"
    # an ancestor shares the line of descent too
    assert rid(m.get_revision("feature@bbbb2222")) == "bbbb2222"
    assert rid(m.get_revision("main@main")) == "dddd4444"


def test_revision_not_member_of_branch(m):
    with pytest.raises(ResolutionError) as err:
        m.get_revision("feature@dddd4444")
    assert str(err.value) == "Revision dddd4444 is not a member of branch 'feature'"
    with pytest.raises(ResolutionError) as err:
        m.get_revision("other@aaaa1111")
    assert str(err.value) == "Revision aaaa1111 is not a member of branch 'other'"


def test_no_such_branch(m):
    with pytest.raises(ResolutionError) as err:
        m.get_revision("nope@dddd4444")
    assert str(err.value) == "No such branch: 'nope'"
    assert err.value.argument == "nope"


def test_revision_id_used_as_branch(m):
    assert rid(m.get_revision("eeee5555@dddd")) == "dddd4444"
    # a unique prefix works as the branch part as well
    assert rid(m.get_revision("gggg@ffff6666")) == "ffff6666"


def test_partial_ids(m):
    assert rid(m.get_revision("aaaa")) == "aaaa1111"
    assert rid(m.get_revision("dddd44")) == "dddd4444"
    # the four-character rule applies to the revision id, not the prefix
    assert rid(m.get_revision("bbb")) == "bbbb2222"
    assert rid(m.get_revision("y")) == "yyyy9999"


def test_partial_id_too_short_and_missing(m):
    with pytest.raises(ResolutionError) as err:
        m.get_revision("zz")
    assert str(err.value) == (
        "No such revision or branch 'zz'; please ensure at least four "
        "characters are present for partial revision identifier matches"
    )
    assert err.value.argument == "zz"
    with pytest.raises(ResolutionError) as err:
        m.get_revision("zzzzzz")
    assert str(err.value) == "No such revision or branch 'zzzzzz'"


def test_short_ids_match_only_exactly(build):
    m = build([R("abc", None), R("abcdef", "abc")])
    assert rid(m.get_revision("abc")) == "abc"
    assert rid(m.get_revision("abcd")) == "abcdef"
    # ids of three characters or fewer never match by prefix
    assert rid(m.get_revision("ab")) == "abcdef"
    m2 = build([R("xyz", None)])
    with pytest.raises(ResolutionError, match="No such revision or branch 'xy';"):
        m2.get_revision("xy")


def test_ambiguous_prefix_lists_candidates(m, build):
    # "f" matches the revision ffff6666 and the label "feature"
    with pytest.raises(ResolutionError) as err:
        m.get_revision("f")
    assert (
        str(err.value) == "Multiple revisions start with 'f': 'ffff6666', 'feature'..."
    )
    m2 = build(
        [
            R("abcd0001", None),
            R("abcd0002", "abcd0001"),
            R("abcd0003", "abcd0002"),
            R("abcd0004", "abcd0003"),
        ]
    )
    with pytest.raises(ResolutionError) as err:
        m2.get_revision("abcd")
    assert str(err.value) == (
        "Multiple revisions start with 'abcd': 'abcd0001', 'abcd0002', 'abcd0003'..."
    )


def test_partial_id_narrowed_by_branch(build):
    # aaaa -> some1111 ("one")      bbbb -> some2222 ("two")
    m = build(
        [
            R("aaaa", None),
            R("some1111", "aaaa", branch_labels="one"),
            R("bbbb", None),
            R("some2222", "bbbb", branch_labels="two"),
        ]
    )
    with pytest.raises(ResolutionError, match="Multiple revisions start with 'some'"):
        m.get_revision("some")
    assert rid(m.get_revision("one@some")) == "some1111"
    assert rid(m.get_revision("two@some")) == "some2222"


def test_several_ids_for_one_revision_is_multiple_heads(m):
    with pytest.raises(MultipleHeads) as err:
        m.get_revision(("aaaa1111", "xxxx8888"))
    assert err.value.heads == ("aaaa1111", "xxxx8888")


@pytest.mark.parametrize("bad", [5, b"aaaa1111", (5, 6)])
def test_non_string_identifier(m, bad):
    with pytest.raises(RevisionError) as err:
        m.get_revision(bad)
    assert str(err.value) == (
        "revision identifier %r is not a string; ensure database driver "
        "settings are correct" % (bad,)
    )


def test_negative_number_walks_down_from_each_head(m):
    assert [rid(r) for r in m.get_revisions("-1")] == [
        "dddd4444",
        "ffff6666",
        "xxxx8888",
    ]
    assert [rid(r) for r in m.get_revisions("main@-1")] == ["dddd4444"]
    assert [rid(r) for r in m.get_revisions("main@-2")] == ["cccc3333"]
    # past the base: None
    assert [rid(r) for r in m.get_revisions("other@-2")] == [None]


def test_filter_for_lineage(m):
    heads = m.heads
    assert m.filter_for_lineage(heads, "main") == ("eeee5555",)
    assert m.filter_for_lineage(heads, "cccc3333") == ("eeee5555", "gggg7777")
    assert m.filter_for_lineage(heads, "base") == heads
    assert m.filter_for_lineage(heads, "other@base") == ("yyyy9999",)


def test_shares_lineage(m):
    assert m._shares_lineage("aaaa1111", ["gggg7777"])
    assert m._shares_lineage("gggg7777", ["aaaa1111"])
    assert not m._shares_lineage("eeee5555", ["gggg7777"])
    assert m._shares_lineage("eeee5555", [])


def test_get_all_current(m):
    tips = m._get_all_current(("dddd4444", "bbbb2222", "ffff6666"))
    assert {r.revision for r in tips} == {"dddd4444", "ffff6666"}


# relative forms resolve inside iterate_revisions (and the plans)

#  r1 -> r2 -> r3 -> r4 -> r5
LINEAR = [R("r1", None), R("r2", "r1"), R("r3", "r2"), R("r4", "r3"), R("r5", "r4")]


def _up(m, target, current):
    return [
        r.revision for r in m.iterate_revisions(target, current, implicit_base=True)
    ]


def test_relative_upgrade_targets(build):
    m = build(LINEAR)
    assert _up(m, "+2", "r1") == ["r3", "r2"]
    assert _up(m, "+1", None) == ["r1"]
    assert _up(m, "r2+2", "r1") == ["r4", "r3", "r2"]
    assert _up(m, "r4-1", "r1") == ["r3", "r2"]
    assert _up(m, "head-1", None) == ["r4", "r3", "r2", "r1"]
    assert _up(m, "base+2", None) == ["r2", "r1"]


def test_relative_targets_past_the_end(build):
    m = build(LINEAR)
    with pytest.raises(RevisionError) as err:
        _up(m, "+5", "r2")
    assert str(err.value) == "Relative revision +5 didn't produce 5 migrations"
    with pytest.raises(RevisionError) as err:
        _up(m, "-2", "r3")
    assert str(err.value) == "Relative revision -2 didn't produce 2 migrations"


def test_ambiguous_walk(m):
    with pytest.raises(RevisionError) as err:
        m._walk("cccc3333", 1)
    assert str(err.value) == (
        "Ambiguous walk from cccc3333, which leads to dddd4444, ffff6666; "
        "name a branch ('<branchname>@+N') or a revision instead"
    )
    with pytest.raises(RevisionError, match="Ambiguous walk"):
        m._walk(None, 1)
    assert rid(m._walk(None, 1, branch_label="other")) == "xxxx8888"


def test_walk_edges(build):
    m = build(LINEAR)
    assert m._walk("r1", -1) == "base"
    assert m._walk("r1", -2) is None
    assert m._walk("r1", -2, no_overwalk=False) == "base"
    assert rid(m._walk("r4", 5, no_overwalk=False)) == "r5"
    assert rid(m._walk(None, 3)) == "r3"


def test_label_relative_targets(m):
    ups = [
        r.revision
        for r in m.iterate_revisions("main@+1", ("cccc3333",), implicit_base=True)
    ]
    assert ups == ["dddd4444"]
    ups = [
        r.revision
        for r in m.iterate_revisions("feature@+2", ("eeee5555",), implicit_base=True)
    ]
    assert ups == ["gggg7777", "ffff6666"]
    ups = [
        r.revision for r in m.iterate_revisions("other@base+1", (), implicit_base=True)
    ]
    assert ups == ["xxxx8888"]
    ups = [
        r.revision for r in m.iterate_revisions("main@head-1", (), implicit_base=True)
    ]
    assert ups == ["dddd4444", "cccc3333", "bbbb2222", "aaaa1111"]


def test_parse_relative_helper():
    assert parse_relative("ae10+2") == RelativeIdentifier(None, "ae10", 2)
    assert parse_relative("head-1") == RelativeIdentifier(None, "head", -1)
    assert parse_relative("br@+3") == RelativeIdentifier("br", None, 3)
    assert parse_relative("br@head-2") == RelativeIdentifier("br", "head", -2)
    assert parse_relative("-1") == RelativeIdentifier(None, None, -1)
    assert parse_relative("ae10") is None
    assert parse_relative("heads") is None


def test_split_range_helper():
    assert split_range("a:b") == ("a", "b")
    assert split_range(":b") == (None, "b")
    assert split_range("-3:current") == ("-3", "current")
    assert split_range("a:") == ("a", None)
    with pytest.raises(RevisionError, match=r"\[start\]:\[end\]"):
        split_range("abc")


def test_empty_map_resolves_symbols(build):
    m = build([])
    assert m.heads == () and m.bases == ()
    assert m.get_revision("head") is None
    assert m.get_revisions("heads") == ()
    assert list(m.iterate_revisions("heads", "base")) == []


def test_map_without_generator_items_is_still_a_map():
    assert RevisionMap(lambda: iter(())).heads == ()


def test_relative_upgrade_from_several_heads_needs_a_branch(m):
    with pytest.raises(
        RevisionError,
        match="^Ambiguous upgrade from multiple current revisions; use '<branchname>@",
    ):
        list(m.iterate_revisions("+1", ("dddd4444", "ffff6666"), implicit_base=True))
    got = [
        r.revision
        for r in m.iterate_revisions(
            "feature@+1", ("dddd4444", "ffff6666"), implicit_base=True
        )
    ]
    assert got == ["gggg7777"]
