"""``external_dialect/`` is a project of its own (its conftest loads
SQLAlchemy's pytest plugin): it is run in a subprocess by
test_dialect_suite.py, never collected by this suite."""

collect_ignore = ["external_dialect"]
