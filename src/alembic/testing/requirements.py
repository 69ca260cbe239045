"""Requirements the compliance suite asks of a database.

A dialect's requirements class mixes this one in beside SQLAlchemy's::

    from sqlalchemy.testing.requirements import SuiteRequirements as SQLAReqs
    from alembic.testing.requirements import SuiteRequirements as AlembicReqs

    class Requirements(SQLAReqs, AlembicReqs):
        @property
        def fk_onupdate(self):
            return exclusions.closed()

and names it in ``setup.cfg`` (``[sqla_testing] requirement_cls``).  This
class derives from SQLAlchemy's plain ``Requirements`` base, not from its
``SuiteRequirements``, so that the mix above has a consistent MRO; where both
define a name, SQLAlchemy's (listed first) answers.
"""

from __future__ import annotations

from sqlalchemy.testing import exclusions
from sqlalchemy.testing.requirements import Requirements

__all__ = ["SuiteRequirements"]


class SuiteRequirements(Requirements):
    """Defaults: what most SQL databases do.  Override per dialect."""

    @property
    def alter_column(self) -> exclusions.compound:
        """``ALTER TABLE ... ALTER COLUMN`` (or an equivalent) works."""
        return exclusions.skip_if(["sqlite"], "no ALTER COLUMN")

    @property
    def autoincrement_on_composite_pk(self) -> exclusions.compound:
        """An autoincrementing column may be part of a composite primary key."""
        return exclusions.closed()

    @property
    def fk_ondelete_is_reflected(self) -> exclusions.compound:
        """``ON DELETE`` of a foreign key comes back from reflection."""
        return exclusions.open()

    @property
    def fk_onupdate_is_reflected(self) -> exclusions.compound:
        """``ON UPDATE`` of a foreign key comes back from reflection."""
        return exclusions.open()

    @property
    def fk_onupdate(self) -> exclusions.compound:
        """``ON UPDATE`` may be given on a foreign key."""
        return exclusions.open()

    @property
    def fk_ondelete_restrict(self) -> exclusions.compound:
        """``ON DELETE RESTRICT`` is accepted."""
        return exclusions.open()

    @property
    def fk_onupdate_restrict(self) -> exclusions.compound:
        """``ON UPDATE RESTRICT`` is accepted."""
        return exclusions.open()

    @property
    def fk_ondelete_noaction(self) -> exclusions.compound:
        """``ON DELETE NO ACTION`` is accepted."""
        return exclusions.open()

    @property
    def fk_names(self) -> exclusions.compound:
        """Foreign key names come back from reflection."""
        return exclusions.open()

    @property
    def reflects_fk_options(self) -> exclusions.compound:
        """Foreign key options (``ondelete``, ``onupdate``...) are reflected."""
        return exclusions.open()

    @property
    def no_name_normalize(self) -> exclusions.compound:
        """The database does not upper-case unquoted names (Oracle does)."""
        return exclusions.skip_if(
            lambda config: config.db.dialect.requires_name_normalize
        )

    @property
    def comments(self) -> exclusions.compound:
        """Table and column comments can be created and reflected."""
        return exclusions.only_if(
            lambda config: config.db.dialect.supports_comments, "no comments"
        )

    @property
    def computed_columns(self) -> exclusions.compound:
        """``Computed`` (generated) columns are supported."""
        return exclusions.closed()

    @property
    def computed_reflects_normally(self) -> exclusions.compound:
        """A computed column is reflected with its ``computed`` expression."""
        return exclusions.open()

    @property
    def computed_doesnt_reflect_as_server_default(self) -> exclusions.compound:
        """A computed column does not also reflect a server default."""
        return exclusions.open()

    @property
    def computed_reflects_as_server_default(self) -> exclusions.compound:
        """A computed column reflects as a server default instead."""
        return exclusions.closed()

    @property
    def identity_columns(self) -> exclusions.compound:
        """``Identity`` columns are supported and reflected."""
        return exclusions.closed()

    @property
    def identity_columns_alter(self) -> exclusions.compound:
        """Identity options can be changed with ALTER (autogenerate compares them)."""
        return exclusions.closed()

    @property
    def supports_identity_on_null(self) -> exclusions.compound:
        """``Identity(on_null=True)`` is supported."""
        return exclusions.closed()

    @property
    def unique_constraint_reflection(self) -> exclusions.compound:
        """Unique constraints come back from reflection."""
        return exclusions.open()

    @property
    def indexes_with_expressions(self) -> exclusions.compound:
        """Indexes over expressions are supported."""
        return exclusions.closed()

    @property
    def sqlalchemy_2(self) -> exclusions.compound:
        """Running on SQLAlchemy 2 (always true here)."""
        return exclusions.open()
