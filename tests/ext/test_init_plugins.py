"""``alembic init`` writes every opt-in plugin into the new project's
configuration (issue 10, item 6), for each template."""

from __future__ import annotations

import io

import pytest

from alembic import command
from alembic.config import Config
from alembic.runtime.plugins import Plugin, configured_selection
from alembic.util.scaffold import NEW_PROJECT_PLUGINS


@pytest.mark.parametrize(
    "template", ["generic", "async", "multidb", "pyproject", "pyproject_async"]
)
def test_init_writes_the_plugins(tmp_path, monkeypatch, template):
    monkeypatch.chdir(tmp_path)
    ini = tmp_path / "alembic.ini"
    toml = tmp_path / "pyproject.toml"
    command.init(
        Config(str(ini), toml_file=str(toml), stdout=io.StringIO()),
        str(tmp_path / "migrations"),
        template=template,
    )
    config = Config(str(ini), toml_file=str(toml))
    assert configured_selection(config) == list(NEW_PROJECT_PLUGINS)


def test_every_written_plugin_loads_and_ext_modules_document_themselves():
    """Each name resolves (no 'Did not locate plugins'), and each alembic.ext
    module says in its docstring how to turn it on."""
    import importlib

    class Sink:
        def dispatch_for(self, *a, **kw):
            return lambda fn: fn

    chosen = {p.name for p in Plugin.populate_autogenerate_priority_dispatch(Sink(), list(NEW_PROJECT_PLUGINS))}
    for name in NEW_PROJECT_PLUGINS[1:]:
        assert name in chosen
        doc = importlib.import_module(name).__doc__
        assert f"Turn on: ``{name}`` in ``autogenerate_plugins``." in doc


def test_without_the_key_alembic_default_selection(tmp_path):
    ini = tmp_path / "alembic.ini"
    ini.write_text("[alembic]\nscript_location = x\n")
    assert configured_selection(Config(str(ini))) == ["alembic.autogenerate.*"]
    ini.write_text("[alembic]\nscript_location = x\nautogenerate_plugins = alembic.autogenerate.*, alembic.ext.sequences\n")
    assert configured_selection(Config(str(ini))) == ["alembic.autogenerate.*", "alembic.ext.sequences"]
