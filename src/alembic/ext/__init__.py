"""Opt-in autogenerate plugins, selected by name in ``autogenerate_plugins``.

Each module is one concern where this package compares, renders or guards
beyond Alembic 1.20.1.  A project gets them by naming them, either in env.py
(``context.configure(autogenerate_plugins=["alembic.autogenerate.*",
"alembic.ext.postgresql_enums", ...])``) or, when env.py names none, in the
``autogenerate_plugins`` key of ``[alembic]`` / ``[tool.alembic]``, which
``alembic init`` writes with all of them.  A project without them generates
exactly what Alembic 1.20.1 generates.

Plugins that only switch a part of the built-in pipeline on register no
comparator: the pipeline asks
:func:`alembic.autogenerate.compare.ext_enabled` whether they were chosen.
"""
