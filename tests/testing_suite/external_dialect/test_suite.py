"""The dialect's Alembic compliance run: the whole suite, as dialects import
it, with the known differences of this implementation marked where a
dialect would mark its own (``fails_on``: an unexpected pass fails too).
The MySQL/MariaDB foreign-key index tests pass unchanged: that behaviour is
the opt-in ``alembic.ext.mysql_fk_indexes`` plugin."""

from alembic.testing.suite import *
from alembic.testing.suite import AutogenerateIdentityTest as _AutogenerateIdentityTest


# Primary-key comparison is the opt-in alembic.ext.primary_keys plugin, so
# Alembic's own test passes unchanged.
class AutogenerateIdentityTest(_AutogenerateIdentityTest):
    pass
