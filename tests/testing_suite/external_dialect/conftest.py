"""A dialect's conftest: register the dialect (ours are built in), then load
SQLAlchemy's pytest plugin through alembic.testing's bootstrap."""

import os

import pytest

import alembic

pytest.register_assert_rewrite("sqlalchemy.testing.assertions")

bootstrap_file = os.path.join(os.path.dirname(alembic.__file__), "testing", "plugin", "bootstrap.py")
with open(bootstrap_file) as f:
    code = compile(f.read(), "bootstrap.py", "exec")
    to_bootstrap = "pytest"
    exec(code, globals(), locals())  # noqa: S102 - the bootstrap protocol
    from sqla_pytestplugin import *
