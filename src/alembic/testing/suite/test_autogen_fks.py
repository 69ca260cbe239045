"""Autogenerate: foreign keys, their options, and the include hooks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.testing import combinations, config

from ..assertions import eq_
from ..fixtures import TestBase
from ._autogen_fixtures import AutogenFixtureTest

__all__ = [
    "AutogenerateFKOptionsTest",
    "AutogenerateForeignKeysTest",
    "IncludeHooksTest",
]


def _parent(m: MetaData, name: str = "table") -> Table:
    return Table(
        name, m,
        Column("id", Integer, primary_key=True),
        Column("test", String(10)),
        Column("other", String(10)),
    )  # fmt: skip


class AutogenerateForeignKeysTest(AutogenFixtureTest, TestBase):
    """Foreign keys added, removed and unchanged."""

    __backend__ = True
    __requires__ = ("foreign_key_constraint_reflection",)

    def _user(self, m: MetaData, fk: bool, name: str | None = None) -> Table:
        extra: list[Any] = (
            [ForeignKeyConstraint(["test2"], ["table.test"], name=name)] if fk else []
        )
        return Table(
            "user", m,
            Column("id", Integer, primary_key=True),
            Column("test2", String(10)),
            *extra,
        )  # fmt: skip

    def _parents(self, m: MetaData) -> None:
        Table(
            "table",
            m,
            Column("id", Integer, primary_key=True),
            Column("test", String(10), unique=True),
        )

    def test_no_change(self) -> None:
        m1, m2 = MetaData(), MetaData()
        for m in (m1, m2):
            self._parents(m)
            self._user(m, fk=True, name="fk_user_table")
        eq_(self._fixture(m1, m2), [])

    def test_add_fk(self) -> None:
        m1, m2 = MetaData(), MetaData()
        self._parents(m1)
        self._user(m1, fk=False)
        self._parents(m2)
        self._user(m2, fk=True, name="fk_user_table")
        diffs = self._fixture(m1, m2)
        eq_(len(diffs), 1, diffs)
        self._assert_fk_diff(
            diffs[0],
            "add_fk",
            "user",
            ["test2"],
            "table",
            ["test"],
            name="fk_user_table",
        )

    def test_remove_fk(self) -> None:
        m1, m2 = MetaData(), MetaData()
        self._parents(m1)
        self._user(m1, fk=True, name="fk_user_table")
        self._parents(m2)
        self._user(m2, fk=False)
        diffs = self._fixture(m1, m2)
        eq_(len(diffs), 1, diffs)
        self._assert_fk_diff(
            diffs[0], "remove_fk", "user", ["test2"], "table", ["test"],
            conditional_name="servergenerated" if not config.requirements.fk_names.enabled else "fk_user_table",
        )  # fmt: skip

    def test_add_composite_fk_with_name(self) -> None:
        m1, m2 = MetaData(), MetaData()
        for m in (m1, m2):
            Table(
                "table", m,
                Column("id_1", String(10), primary_key=True),
                Column("id_2", String(10), primary_key=True),
            )  # fmt: skip
        Table(
            "user",
            m1,
            Column("id", Integer, primary_key=True),
            Column("other_id_1", String(10)),
            Column("other_id_2", String(10)),
        )
        Table(
            "user", m2,
            Column("id", Integer, primary_key=True),
            Column("other_id_1", String(10)),
            Column("other_id_2", String(10)),
            ForeignKeyConstraint(["other_id_1", "other_id_2"], ["table.id_1", "table.id_2"], name="fk_test_name"),
        )  # fmt: skip
        diffs = self._fixture(m1, m2)
        eq_(len(diffs), 1, diffs)
        self._assert_fk_diff(
            diffs[0], "add_fk", "user", ["other_id_1", "other_id_2"], "table", ["id_1", "id_2"],
            name="fk_test_name",
        )  # fmt: skip


class IncludeHooksTest(AutogenFixtureTest, TestBase):
    """``include_object`` / ``include_name`` hide foreign keys from the comparison."""

    __backend__ = True
    __requires__ = ("fk_names",)

    @combinations(("object",), ("name",), argnames="hook_type")
    def test_remove_connection_fk(self, hook_type: str) -> None:
        m1, m2 = MetaData(), MetaData()
        ref = Table("ref", m1, Column("id", Integer, primary_key=True))
        Table("t", m1, Column("x", Integer), Column("y", Integer),
              ForeignKeyConstraint(["x"], [ref.c.id], name="fk1"),
              ForeignKeyConstraint(["y"], [ref.c.id], name="fk2"))  # fmt: skip
        ref2 = Table("ref", m2, Column("id", Integer, primary_key=True))
        Table("t", m2, Column("x", Integer), Column("y", Integer))
        assert ref2 is not None
        diffs = self._fixture(m1, m2, **_hide("fk1", hook_type))
        eq_(len(diffs), 1, diffs)
        self._assert_fk_diff(
            diffs[0], "remove_fk", "t", ["y"], "ref", ["id"], name="fk2"
        )

    def test_add_metadata_fk(self) -> None:
        """Only ``include_object`` sees model-side objects; ``include_name``
        filters what is reflected."""
        m1, m2 = MetaData(), MetaData()
        Table("ref", m1, Column("id", Integer, primary_key=True))
        Table("t", m1, Column("x", Integer), Column("y", Integer))
        ref = Table("ref", m2, Column("id", Integer, primary_key=True))
        Table("t", m2, Column("x", Integer), Column("y", Integer),
              ForeignKeyConstraint(["x"], [ref.c.id], name="fk1"),
              ForeignKeyConstraint(["y"], [ref.c.id], name="fk2"))  # fmt: skip
        diffs = self._fixture(m1, m2, **_hide("fk1", "object"))
        eq_(len(diffs), 1, diffs)
        self._assert_fk_diff(diffs[0], "add_fk", "t", ["y"], "ref", ["id"], name="fk2")

    @combinations(("object",), ("name",), argnames="hook_type")
    def test_change_fk(self, hook_type: str) -> None:
        m1, m2 = MetaData(), MetaData()
        for m, target in ((m1, "a"), (m2, "b")):
            Table("a", m, Column("id", Integer, primary_key=True))
            Table("b", m, Column("id", Integer, primary_key=True))
            Table("t", m, Column("x", Integer), Column("y", Integer),
                  ForeignKeyConstraint(["x"], [f"{target}.id"], name="fk1"),
                  ForeignKeyConstraint(["y"], [f"{target}.id"], name="fk2"))  # fmt: skip
        diffs = self._fixture(m1, m2, **_hide("fk1", hook_type))
        found = {(d[0], d[1].name, d[1].referred_table.name) for d in diffs}
        expected = {("remove_fk", "fk2", "a"), ("add_fk", "fk2", "b")}
        if hook_type == "name":
            # include_name filters reflected names only: the model's fk1 is new
            expected.add(("add_fk", "fk1", "b"))
        eq_(len(diffs), len(expected), diffs)
        eq_(found, expected)


def _hide(fk_name: str, hook_type: str) -> dict[str, Any]:
    """``_fixture`` keywords that filter out the foreign key ``fk_name``."""
    if hook_type == "object":

        def include_object(
            obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any
        ) -> bool:
            return not (type_ == "foreign_key_constraint" and name == fk_name)

        return {"object_filters": [include_object]}

    def include_name(name: Any, type_: str, parent_names: dict[str, Any]) -> bool:
        return not (type_ == "foreign_key_constraint" and name == fk_name)

    return {"name_filters": [include_name]}


class AutogenerateFKOptionsTest(AutogenFixtureTest, TestBase):
    """``ondelete`` / ``onupdate`` of a foreign key: unchanged is quiet,
    changed is a drop and an add."""

    __backend__ = True
    __requires__ = ("sqlalchemy_2", "reflects_fk_options")

    def _fk_opts_fixture(
        self, old_opts: dict[str, Any], new_opts: dict[str, Any]
    ) -> list[Any]:
        m1, m2 = MetaData(), MetaData()
        _parent(m1, "some_table")
        Table("user", m1, Column("id", Integer, primary_key=True), Column("tid", Integer),
              ForeignKeyConstraint(["tid"], ["some_table.id"], **old_opts))  # fmt: skip
        _parent(m2, "some_table")
        Table("user", m2, Column("id", Integer, primary_key=True), Column("tid", Integer),
              ForeignKeyConstraint(["tid"], ["some_table.id"], **new_opts))  # fmt: skip
        return self._fixture(m1, m2)

    def _assert_changed(
        self, diffs: list[Any], old: dict[str, Any], new: dict[str, Any]
    ) -> None:
        eq_([d[0] for d in diffs], ["remove_fk", "add_fk"])
        self._assert_fk_diff(diffs[0], "remove_fk", "user", ["tid"], "some_table", ["id"],
                             conditional_name="servergenerated", **old)  # fmt: skip
        self._assert_fk_diff(diffs[1], "add_fk", "user", ["tid"], "some_table", ["id"],
                             conditional_name="servergenerated", **new)  # fmt: skip

    @config.requirements.fk_ondelete_is_reflected
    def test_change_ondelete(self) -> None:
        diffs = self._fk_opts_fixture({"ondelete": "CASCADE"}, {"ondelete": "SET NULL"})
        self._assert_changed(diffs, {"ondelete": "CASCADE"}, {"ondelete": "SET NULL"})

    @config.requirements.fk_ondelete_is_reflected
    def test_add_ondelete(self) -> None:
        diffs = self._fk_opts_fixture({}, {"ondelete": "CASCADE"})
        self._assert_changed(diffs, {}, {"ondelete": "CASCADE"})

    def test_nochange_ondelete(self) -> None:
        eq_(self._fk_opts_fixture({"ondelete": "CASCADE"}, {"ondelete": "CASCADE"}), [])

    @config.requirements.fk_ondelete_noaction
    def test_nochange_ondelete_noaction(self) -> None:
        eq_(
            self._fk_opts_fixture({"ondelete": "NO ACTION"}, {"ondelete": "NO ACTION"}),
            [],
        )

    @config.requirements.fk_ondelete_restrict
    def test_nochange_ondelete_restrict(self) -> None:
        eq_(
            self._fk_opts_fixture({"ondelete": "RESTRICT"}, {"ondelete": "RESTRICT"}),
            [],
        )

    @config.requirements.fk_onupdate
    def test_nochange_onupdate(self) -> None:
        eq_(self._fk_opts_fixture({"onupdate": "CASCADE"}, {"onupdate": "CASCADE"}), [])

    @config.requirements.fk_onupdate
    @config.requirements.fk_onupdate_is_reflected
    def test_change_onupdate(self) -> None:
        diffs = self._fk_opts_fixture({"onupdate": "CASCADE"}, {"onupdate": "SET NULL"})
        self._assert_changed(diffs, {"onupdate": "CASCADE"}, {"onupdate": "SET NULL"})
