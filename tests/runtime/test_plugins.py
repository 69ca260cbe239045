"""The plugin registry: names, patterns, exclusions, comparators."""

from __future__ import annotations

import sys
import types

import pytest

from alembic.util import PriorityDispatcher

from alembic.runtime import plugins
from alembic.runtime.plugins import Plugin
from alembic.util.exc import CommandError


class Recorder(PriorityDispatcher):
    """A comparator dispatcher listing what was added, as Alembic's
    ``_registry`` keys and entries show it."""

    @property
    def added(self):
        return [
            (fn.__name__, target, subgroup, int(priority), qualifier)
            for (target, qualifier, priority), entries in self._registry.items()
            for fn, subgroup in entries
        ]


@pytest.fixture
def fresh_registry(monkeypatch):
    monkeypatch.setattr(plugins, "_all_plugins", {})
    monkeypatch.setattr(plugins, "_entry_points_loaded", True)


def test_builtin_names_resolve_and_exclusions_apply(fresh_registry):
    chosen = Plugin.populate_autogenerate_priority_dispatch(
        Recorder(), ["alembic.autogenerate.*", "~alembic.autogenerate.comments"]
    )
    names = {p.name for p in chosen}
    assert "alembic.autogenerate.tables" in names
    assert "alembic.autogenerate.comments" not in names
    assert len(names) == len(plugins.BUILTIN_PLUGINS) - 1


def test_module_plugin_comparators_are_registered(fresh_registry, monkeypatch):
    def compare_checks(autogen_context, ops, *args):
        return None

    module = types.ModuleType("my_alembic_plugin")
    module.setup = lambda plugin: plugin.add_autogenerate_comparator(
        compare_checks, "table", "checkconstraints", priority=50
    )
    monkeypatch.setitem(sys.modules, "my_alembic_plugin", module)
    target = Recorder()
    chosen = Plugin.populate_autogenerate_priority_dispatch(
        target, ["my_alembic_plugin"]
    )
    assert [p.name for p in chosen] == ["my_alembic_plugin"]
    assert target.added == [
        ("compare_checks", "table", "checkconstraints", 50, "default")
    ]


def test_unknown_plugin_is_named(fresh_registry):
    with pytest.raises(CommandError, match="Did not locate plugins: nope.plugin"):
        Plugin.populate_autogenerate_priority_dispatch(Recorder(), ["nope.plugin"])


def test_patterns_and_legacy_names():
    assert plugins._make_re("alembic.autogenerate.*").match(
        "alembic.autogenerate.types"
    )
    assert not plugins._make_re("alembic.autogenerate.*").match("alembic.ext.x")
    assert (
        plugins._translate_legacy_name("alembic.autogenerate.checkconstraint_byname")
        == "alembic.ext.checkconstraint_byname"
    )
