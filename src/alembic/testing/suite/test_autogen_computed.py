"""Autogenerate: computed (generated) columns."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.testing import combinations, config

from ..assertions import eq_, expect_user_warning
from ..fixtures import TestBase
from ..util import resolve_lambda
from ._autogen_fixtures import AutogenFixtureTest

__all__ = ["AutogenerateComputedTest"]


class AutogenerateComputedTest(AutogenFixtureTest, TestBase):
    """Computed columns added and removed are reported; a changed
    expression cannot be migrated and is reported as a warning."""

    __backend__ = True
    __requires__ = ("computed_columns",)

    def test_add_computed_column(self) -> None:
        m1, m2 = MetaData(), MetaData()
        Table("user", m1, Column("id", Integer, primary_key=True))
        Table(
            "user",
            m2,
            Column("id", Integer, primary_key=True),
            Column("foo", Integer, sa.Computed("5", persisted=True)),
        )
        diffs = self._fixture(m1, m2)
        eq_(diffs[0][0], "add_column")
        eq_(diffs[0][2], "user")
        column = diffs[0][3]
        eq_(column.name, "foo")
        assert isinstance(column.computed, sa.Computed)
        assert isinstance(column.server_default, sa.Computed)

    def test_remove_computed_column(self) -> None:
        m1, m2 = MetaData(), MetaData()
        Table(
            "user",
            m1,
            Column("id", Integer, primary_key=True),
            Column("foo", Integer, sa.Computed("5", persisted=True)),
        )
        Table("user", m2, Column("id", Integer, primary_key=True))
        diffs = self._fixture(m1, m2)
        eq_(diffs[0][0], "remove_column")
        eq_(diffs[0][2], "user")
        eq_(diffs[0][3].name, "foo")
        if config.requirements.computed_reflects_normally.enabled:
            assert isinstance(diffs[0][3].computed, sa.Computed)

    @combinations(
        lambda: (None, sa.Computed("bar*5", persisted=True)),
        lambda: (sa.Computed("bar*5", persisted=True), None),
        lambda: (
            sa.Computed("bar*5", persisted=True),
            sa.Computed("bar * 42", persisted=True),
        ),
        argnames="test_case",
    )
    @config.requirements.computed_reflects_normally
    def test_cant_change_computed_warning(self, test_case: Any) -> None:
        before, after = resolve_lambda(test_case)
        m1, m2 = MetaData(), MetaData()
        self._bar_table(m1, before)
        self._bar_table(m2, after)
        with expect_user_warning("Computed default on user.foo cannot be modified"):
            diffs = self._fixture(m1, m2)
        eq_([d for d in diffs if not isinstance(d, list)], [])

    @combinations(
        lambda: (None, None),
        lambda: (sa.Computed("5", persisted=True), sa.Computed("5", persisted=True)),
        lambda: (
            sa.Computed("bar*5", persisted=True),
            sa.Computed("bar*5", persisted=True),
        ),
        argnames="test_case",
    )
    def test_computed_unchanged(self, test_case: Any) -> None:
        before, after = resolve_lambda(test_case)
        m1, m2 = MetaData(), MetaData()
        self._bar_table(m1, before)
        self._bar_table(m2, after)
        eq_(self._fixture(m1, m2), [])

    def _bar_table(self, m: MetaData, computed: sa.Computed | None) -> Table:
        foo = (
            Column("foo", Integer, computed)
            if computed is not None
            else Column("foo", Integer)
        )
        return Table(
            "user",
            m,
            Column("id", Integer, primary_key=True),
            Column("bar", Integer),
            foo,
        )
