"""The dialect's requirements: SQLAlchemy's and Alembic's suites' switches
in one class, per database of the run."""

from sqlalchemy.testing import exclusions
from sqlalchemy.testing.requirements import SuiteRequirements as SQLARequirements

from alembic.testing.requirements import SuiteRequirements as AlembicRequirements


class Requirements(SQLARequirements, AlembicRequirements):
    @property
    def computed_columns(self):
        return exclusions.open()

    @property
    def identity_columns(self):
        return exclusions.only_on(["postgresql"])

    @property
    def foreign_key_constraint_reflection(self):
        return exclusions.open()

    @property
    def autoincrement_on_composite_pk(self):
        return exclusions.open()

    @property
    def integer_subtype_comparisons(self):
        return exclusions.open()
