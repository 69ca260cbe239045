"""The dialect compliance suite: ``from alembic.testing.suite import *``.

Each class runs against the database of the current test run (SQLAlchemy's
``--db`` / ``--dburi``); requirements (see
:mod:`alembic.testing.requirements`) switch off what a database cannot do.
A dialect subclasses a class under the same name to adjust single tests.
"""

from .test_autogen_comments import *
from .test_autogen_computed import *
from .test_autogen_diffs import *
from .test_autogen_fks import *
from .test_autogen_identity import *
from .test_environment import *
from .test_op import *
