"""The SQLAlchemy bridges in alembic.util.sqla_compat."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic.util import sqla_compat as sc


def _table():
    md = sa.MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"})
    return sa.Table(
        "t",
        md,
        sa.Column("a", sa.Integer),
        sa.Column("b", sa.Boolean(create_constraint=True)),
        sa.UniqueConstraint("a"),
        sa.Index("ix_expr", sa.func.lower(sa.column("a"))),
        sa.Index("ix_a", "a"),
    )


def test_constraint_names():
    t = _table()
    (uq,) = [c for c in t.constraints if isinstance(c, sa.UniqueConstraint)]
    assert sc._get_constraint_final_name(uq, postgresql.dialect()) == "uq_t_a"
    assert sc._constraint_is_named(uq, postgresql.dialect())
    assert sc.constraint_name_defined("x") and not sc.constraint_name_defined(None)
    assert sc.constraint_name_or_none(sa.sql.elements.conv("n")) == "n"


def test_type_bound_and_columns():
    t = _table()
    (ck,) = [c for c in t.constraints if isinstance(c, sa.CheckConstraint)]
    assert sc._is_type_bound(ck)
    assert [c.name for c in sc._columns_for_constraint(ck)] == ["b"]
    assert not sc._is_type_bound(sa.CheckConstraint("a > 0"))


def test_index_helpers():
    t = _table()
    by_name = {ix.name: ix for ix in t.indexes}
    assert sc.is_expression_index(by_name["ix_expr"]) and not sc.is_expression_index(
        by_name["ix_a"]
    )
    assert sc._get_index_column_names(by_name["ix_expr"]) == {None}
    assert sc._get_index_column_names(by_name["ix_a"]) == {"a"}


def test_fk_helpers():
    md = sa.MetaData()
    sa.Table("p", md, sa.Column("id", sa.Integer))
    node = sa.Table(
        "node",
        md,
        sa.Column("id", sa.Integer),
        sa.Column("up", sa.Integer, sa.ForeignKey("node.id")),
    )
    child = sa.Table(
        "c", md, sa.Column("pid", sa.Integer, sa.ForeignKey("p.id", ondelete="CASCADE"))
    )
    (self_fk,) = node.foreign_key_constraints
    (fk,) = child.foreign_key_constraints
    assert sc._fk_is_self_referential(self_fk) and not sc._fk_is_self_referential(fk)
    assert sc._fk_spec(fk) == (None, "c", ["pid"], None, "p", ["id"], None, "CASCADE", None, None)
    assert sc._table_for_constraint(fk) is child


def test_server_default_kinds():
    assert sc._server_default_is_computed(None, sa.Computed("a + 1"))
    assert sc._server_default_is_identity(sa.Identity(), False)
    assert not sc._server_default_is_identity("5", None)
