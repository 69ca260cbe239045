"""The test kit for code built on this package, third-party dialects first.

It sits on SQLAlchemy's own testing framework (``sqlalchemy.testing``): a
dialect's test run loads SQLAlchemy's pytest plugin from its ``conftest.py``,
names its database URLs in ``setup.cfg`` (``[db]``) and its requirements class
in ``[sqla_testing] requirement_cls``, and imports the compliance tests with
``from alembic.testing.suite import *``.

Re-exported here: SQLAlchemy's ``config``, ``exclusions``, ``combinations``,
``fixture``, ``mock`` and friends, the assertions of
:mod:`alembic.testing.assertions`, and :class:`TestBase`.
"""

from sqlalchemy.testing import (
    config,
    emits_warning,
    engines,
    exclusions,
    mock,
    provide_metadata,
    uses_deprecated,
)
from sqlalchemy.testing.config import combinations, fixture
from sqlalchemy.testing.config import requirements as requires

from alembic import util

from .assertions import (
    assert_raises,
    assert_raises_message,
    emits_python_deprecation_warning,
    eq_,
    eq_ignore_whitespace,
    expect_raises,
    expect_raises_message,
    expect_sqlalchemy_deprecated,
    expect_sqlalchemy_deprecated_20,
    expect_warnings,
    is_,
    is_false,
    is_not_,
    is_true,
    ne_,
)
from .fixtures import TablesTest, TestBase
from .util import resolve_lambda

__all__ = [
    "TablesTest",
    "TestBase",
    "Variation",
    "assert_raises",
    "assert_raises_message",
    "combinations",
    "config",
    "emits_python_deprecation_warning",
    "emits_warning",
    "engines",
    "eq_",
    "eq_ignore_whitespace",
    "exclusions",
    "expect_deprecated",
    "expect_raises",
    "expect_raises_message",
    "expect_sqlalchemy_deprecated",
    "expect_sqlalchemy_deprecated_20",
    "expect_warnings",
    "fixture",
    "is_",
    "is_false",
    "is_not_",
    "is_true",
    "mock",
    "ne_",
    "provide_metadata",
    "requires",
    "resolve_lambda",
    "skip_if",
    "uses_deprecated",
    "util",
    "variation",
]
