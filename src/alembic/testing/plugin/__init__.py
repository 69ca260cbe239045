"""Bootstrapping of the test plugin; see :mod:`alembic.testing.plugin.bootstrap`."""
