"""Autogenerate: identity columns."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Column, Integer, MetaData, Table

from ..assertions import eq_, is_true
from ..fixtures import TestBase
from ._autogen_fixtures import AutogenFixtureTest

__all__ = ["AutogenerateIdentityTest"]


class AutogenerateIdentityTest(AutogenFixtureTest, TestBase):
    """Identity columns added, removed, unchanged and changed."""

    __backend__ = True
    __requires__ = ("identity_columns",)

    def test_add_identity_column(self) -> None:
        m1, m2 = MetaData(), MetaData()
        Table("user", m1, Column("other", sa.Text))
        Table(
            "user",
            m2,
            Column("other", sa.Text),
            Column("id", Integer, sa.Identity(start=5, increment=7), primary_key=True),
        )
        diffs = self._fixture(m1, m2)
        eq_(diffs[0][0], "add_column")
        eq_(diffs[0][2], "user")
        column = diffs[0][3]
        eq_(column.name, "id")
        is_true(isinstance(column.identity, sa.Identity))
        eq_((column.identity.start, column.identity.increment), (5, 7))

    def test_remove_identity_column(self) -> None:
        m1, m2 = MetaData(), MetaData()
        Table(
            "user",
            m1,
            Column("id", Integer, sa.Identity(start=2, increment=3), primary_key=True),
        )
        Table("user", m2)
        diffs = self._fixture(m1, m2)
        eq_(diffs[0][0], "remove_column")
        eq_(diffs[0][2], "user")
        column = diffs[0][3]
        eq_(column.name, "id")
        is_true(isinstance(column.identity, sa.Identity))
        eq_((column.identity.start, column.identity.increment), (2, 3))

    def test_no_change_identity_column(self) -> None:
        m1, m2 = MetaData(), MetaData()
        for m in (m1, m2):
            Table("user", m, Column("id", Integer, sa.Identity(start=2)))
        eq_(self._fixture(m1, m2), [])

    def test_change_identity(self) -> None:
        m1, m2 = MetaData(), MetaData()
        Table("user", m1, Column("id", Integer, sa.Identity(start=2, increment=3)))
        Table("user", m2, Column("id", Integer, sa.Identity(start=2, increment=10)))
        diffs = self._fixture(m1, m2)
        eq_(len(diffs), 1, diffs)
        kind, _schema, table, column, _existing, old, new = diffs[0][0]
        eq_((kind, table, column), ("modify_default", "user", "id"))
        eq_((old.increment, new.increment), (3, 10))

    def test_remove_identity_from_column(self) -> None:
        m1, m2 = MetaData(), MetaData()
        Table("user", m1, Column("id", Integer, sa.Identity(start=2, increment=3)))
        Table("user", m2, Column("id", Integer))
        diffs = self._fixture(m1, m2)
        eq_(len(diffs), 1, diffs)
        eq_(diffs[0][0][0], "modify_default")
        eq_(diffs[0][0][6], None)
