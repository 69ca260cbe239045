"""Autogenerate: table and column comments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, Table
from sqlalchemy.testing import config

from ..assertions import eq_
from ..fixtures import TestBase
from ._autogen_fixtures import AutogenFixtureTest

__all__ = ["AutogenerateCommentsTest", "AutogenerateEmptyCommentsTest"]


class AutogenerateCommentsTest(AutogenFixtureTest, TestBase):
    """Comments added, changed, removed and left alone."""

    __backend__ = True
    __requires__ = ("comments",)

    def _table(
        self, m: MetaData, comment: str | None = None, col_comment: str | None = None
    ) -> Table:
        return Table(
            "some_table",
            m,
            Column("id", Integer, primary_key=True),
            Column("amount", Float, comment=col_comment),
            comment=comment,
        )

    def test_existing_table_comment_no_change(self) -> None:
        m1, m2 = MetaData(), MetaData()
        self._table(m1, comment="Test comment")
        self._table(m2, comment="Test comment")
        eq_(self._fixture(m1, m2), [])

    def test_add_table_comment(self) -> None:
        m1, m2 = MetaData(), MetaData()
        self._table(m1)
        self._table(m2, comment="Test comment")
        diffs = self._fixture(m1, m2)
        eq_(diffs[0][0], "add_table_comment")
        eq_(diffs[0][1].comment, "Test comment")
        eq_(diffs[0][2], None)

    def test_remove_table_comment(self) -> None:
        m1, m2 = MetaData(), MetaData()
        self._table(m1, comment="Test comment")
        self._table(m2)
        diffs = self._fixture(m1, m2)
        eq_(diffs[0][0], "remove_table_comment")
        eq_(diffs[0][1].comment, None)

    def test_alter_table_comment(self) -> None:
        m1, m2 = MetaData(), MetaData()
        self._table(m1, comment="Test comment")
        self._table(m2, comment="New comment")
        diffs = self._fixture(m1, m2)
        eq_(diffs[0][0], "add_table_comment")
        eq_(diffs[0][1].comment, "New comment")
        eq_(diffs[0][2], "Test comment")

    def test_existing_column_comment_no_change(self) -> None:
        m1, m2 = MetaData(), MetaData()
        self._table(m1, col_comment="the amount")
        self._table(m2, col_comment="the amount")
        eq_(self._fixture(m1, m2), [])

    def test_add_column_comment(self) -> None:
        self._assert_comment_change(None, "the amount")

    def test_remove_column_comment(self) -> None:
        self._assert_comment_change("the amount", None)

    def test_alter_column_comment(self) -> None:
        self._assert_comment_change("the amount", "the new amount")

    def _assert_comment_change(self, old: str | None, new: str | None) -> None:
        m1, m2 = MetaData(), MetaData()
        self._table(m1, col_comment=old)
        self._table(m2, col_comment=new)
        diffs = self._fixture(m1, m2)
        eq_(len(diffs), 1, diffs)
        kind, _schema, table, column, existing, old_value, new_value = diffs[0][0]
        eq_((kind, table, column), ("modify_comment", "some_table", "amount"))
        eq_((old_value, new_value), (old, new))
        eq_(existing["existing_nullable"], True)
        assert config.db is not None


class AutogenerateEmptyCommentsTest(AutogenFixtureTest, TestBase):
    """An empty comment and no comment are the same thing: no change,
    whichever side has which (for tables and columns)."""

    __backend__ = True
    __requires__ = ("comments",)

    def _compare(self, old: str | None, new: str | None) -> list[Any]:
        m1, m2 = MetaData(), MetaData()
        for m, comment in ((m1, old), (m2, new)):
            Table(
                "some_table",
                m,
                Column("id", Integer, primary_key=True),
                Column("amount", Float, comment=comment),
                comment=comment,
            )
        return self._fixture(m1, m2)

    def test_empty_comment_in_model_no_change(self) -> None:
        eq_(self._compare(None, ""), [])

    def test_empty_comment_in_database_no_change(self) -> None:
        eq_(self._compare("", None), [])

    def test_empty_comment_both_no_change(self) -> None:
        eq_(self._compare("", ""), [])
