"""The dialect's Alembic compliance run: the whole suite, as dialects import
it, with the known differences of this implementation marked where a
dialect would mark its own (``fails_on``: an unexpected pass fails too)."""

from sqlalchemy.testing import combinations, exclusions

from alembic.testing.suite import *
from alembic.testing.suite import (
    AutogenerateForeignKeysTest as _AutogenerateForeignKeysTest,
)
from alembic.testing.suite import AutogenerateIdentityTest as _AutogenerateIdentityTest
from alembic.testing.suite import IncludeHooksTest as _IncludeHooksTest

# Autogenerate on MySQL/MariaDB adds an op.create_index() for the index the
# database makes for a new foreign key (and drops it with the key); Alembic
# 1.20.1 generates neither.  Known difference, to be made opt-in.
_fk_index = exclusions.fails_if(["mysql", "mariadb"], "autogenerate adds/drops the MySQL FK index")


class AutogenerateForeignKeysTest(_AutogenerateForeignKeysTest):
    @_fk_index
    def test_add_fk(self):
        super().test_add_fk()

    @_fk_index
    def test_remove_fk(self):
        super().test_remove_fk()

    @_fk_index
    def test_add_composite_fk_with_name(self):
        super().test_add_composite_fk_with_name()


class IncludeHooksTest(_IncludeHooksTest):
    @_fk_index
    def test_add_metadata_fk(self):
        super().test_add_metadata_fk()

    @combinations(("object",), ("name",), argnames="hook_type")
    @_fk_index
    def test_remove_connection_fk(self, hook_type):
        super().test_remove_connection_fk(hook_type)


# Primary-key comparison is the opt-in alembic.ext.primary_keys plugin, so
# Alembic's own test passes unchanged.
class AutogenerateIdentityTest(_AutogenerateIdentityTest):
    pass
