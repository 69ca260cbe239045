"""Bootstrap SQLAlchemy's pytest plugin for a suite built on ``alembic.testing``.

A ``conftest.py`` reads this file and executes it with two names set, so that
the plugin loads before the libraries under test are imported (coverage can
start first)::

    bootstrap_file = os.path.join(alembic_dir, "testing", "plugin", "bootstrap.py")
    with open(bootstrap_file) as f:
        code = compile(f.read(), "bootstrap.py", "exec")
        to_bootstrap = "pytest"
        exec(code, globals(), locals())
        from sqla_pytestplugin import *  # noqa

It runs SQLAlchemy's own bootstrap (found without importing SQLAlchemy), which
installs the ``sqla_plugin_base`` and ``sqla_pytestplugin`` modules.
Dialects that instead write ``from sqlalchemy.testing.plugin.pytestplugin
import *`` need none of this.
"""

import importlib.util
import os

__all__: list[str] = []  # executed by a conftest, never imported

_to_bootstrap = locals()["to_bootstrap"]
_sqla = importlib.util.find_spec("sqlalchemy")
if _sqla is None or not _sqla.submodule_search_locations:
    raise ImportError("alembic.testing needs SQLAlchemy installed")
_sqla_bootstrap = os.path.join(
    next(iter(_sqla.submodule_search_locations)), "testing", "plugin", "bootstrap.py"
)
with open(_sqla_bootstrap) as _f:
    _code = compile(_f.read(), _sqla_bootstrap, "exec")
exec(_code, {"bootstrap_file": _sqla_bootstrap, "to_bootstrap": _to_bootstrap})  # noqa: S102 - SQLAlchemy\'s own bootstrap protocol
