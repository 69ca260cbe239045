"""Named plugins that contribute autogenerate comparators.

A plugin is a name plus the comparators it registers.  Third-party packages
declare one in the ``alembic.plugins`` entry-point group, pointing at a
module with a ``setup(plugin)`` function::

    def setup(plugin):
        plugin.add_autogenerate_comparator(my_fn, "table", "checkconstraints")

``configure(autogenerate_plugins=[...])`` picks plugins by name: ``*`` matches
any run of characters, a leading ``~`` excludes.  Autogenerate asks
:meth:`Plugin.populate_autogenerate_priority_dispatch` to copy the chosen
plugins' comparators into its own dispatcher (a
:class:`~alembic.util.PriorityDispatcher`).

The built-in comparison steps are registered here by name only (they are
wired into the autogenerate pipeline itself), so patterns such as
``"alembic.autogenerate.*"`` resolve.  Importing this module is cheap.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..util.dispatch import DispatchPriority
from ..util.exc import CommandError

__all__ = ["CONFIG_KEY", "Plugin", "configured_selection"]

#: the configuration key (``[alembic]`` / ``[tool.alembic]``) naming the
#: plugins a run selects when env.py passes no ``autogenerate_plugins``;
#: ``alembic init`` writes it, with this package's opt-in ``alembic.ext.*``
CONFIG_KEY = "autogenerate_plugins"

#: Alembic's selection when nothing else is said
DEFAULT_SELECTION = ("alembic.autogenerate.*",)

BUILTIN_PLUGINS = (
    "alembic.autogenerate.schemas",
    "alembic.autogenerate.tables",
    "alembic.autogenerate.types",
    "alembic.autogenerate.constraints",
    "alembic.autogenerate.defaults",
    "alembic.autogenerate.comments",
)

_LEGACY_NAMES = {
    "alembic.autogenerate.checkconstraint_byname": "alembic.ext.checkconstraint_byname",
}

_all_plugins: dict[str, Plugin] = {}
_entry_points_loaded = False
_setup_lock = threading.Lock()


class Plugin:
    """One named plugin and the autogenerate comparators it adds."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.autogenerate_comparators: list[
            tuple[Callable[..., Any], str, str | None, str, DispatchPriority]
        ] = []
        _all_plugins[name] = self

    def __repr__(self) -> str:
        return f"Plugin({self.name!r})"

    @classmethod
    def setup_plugin_from_module(cls, module: Any, name: str) -> Plugin:
        """Make plugin ``name`` and let ``module.setup(plugin)`` fill it."""
        plugin = cls(name)
        module.setup(plugin)
        return plugin

    def add_autogenerate_comparator(
        self,
        fn: Callable[..., Any],
        compare_target: str,
        compare_element: str | None = None,
        *,
        qualifier: str = "default",
        priority: DispatchPriority = DispatchPriority.MEDIUM,
    ) -> None:
        """Contribute ``fn`` for ``compare_target`` ("autogenerate", "schema",
        "table", "column"), optionally within subgroup ``compare_element``."""
        entry = (fn, compare_target, compare_element, qualifier, priority)
        self.autogenerate_comparators.append(entry)

    @classmethod
    def populate_autogenerate_priority_dispatch(
        cls, comparators: Any, include_plugins: Sequence[str]
    ) -> list[Plugin]:
        """Register the comparators of the plugins chosen by ``include_plugins``
        into ``comparators``; returns the chosen plugins."""
        chosen = _choose(include_plugins)
        for plugin in chosen:
            for (
                fn,
                target,
                element,
                qualifier,
                priority,
            ) in plugin.autogenerate_comparators:
                comparators.dispatch_for(
                    target, subgroup=element, priority=priority, qualifier=qualifier
                )(fn)
        return chosen


def configured_selection(config: Any) -> list[str]:
    """The plugin names of ``config``'s :data:`CONFIG_KEY` (words separated by
    spaces, commas or new lines in an ini file; a list in pyproject.toml), or
    Alembic's default selection when the key is absent."""
    getter = getattr(config, "get_alembic_option", None)  # hosts pass look-alikes
    value = None if getter is None else getter(CONFIG_KEY)
    if not value:
        return list(DEFAULT_SELECTION)
    if isinstance(value, str):
        return value.replace(",", " ").split()
    return [str(item) for item in value]


def _translate_legacy_name(name: str) -> str:
    """Map a plugin name from older releases to its current name."""
    return _LEGACY_NAMES.get(name, name)


def _make_re(name: str) -> re.Pattern[str]:
    """The regular expression for a name pattern (``*`` is a wildcard)."""
    parts = (re.escape(piece) for piece in name.split("*"))
    return re.compile("^" + ".*".join(parts) + "$")


def _setup() -> None:
    """Register the built-in names and load ``alembic.plugins`` entry points once."""
    global _entry_points_loaded
    with _setup_lock:
        for name in BUILTIN_PLUGINS:
            if name not in _all_plugins:
                Plugin(name)
        if _entry_points_loaded:
            return
        _entry_points_loaded = True
        for ep in _plugin_entry_points():
            if ep.name not in _all_plugins:
                Plugin.setup_plugin_from_module(ep.load(), ep.name)


def _plugin_entry_points() -> Iterable[Any]:
    from importlib.metadata import entry_points

    return entry_points(group="alembic.plugins")


def _choose(patterns: Sequence[str]) -> list[Plugin]:
    _setup()
    include = [_translate_legacy_name(p) for p in patterns if not p.startswith("~")]
    exclude = [_translate_legacy_name(p[1:]) for p in patterns if p.startswith("~")]
    _load_named_modules(include)
    chosen: dict[str, Plugin] = {}
    missing = []
    for pattern in include:
        matcher = _make_re(pattern)
        found = [p for name, p in _all_plugins.items() if matcher.match(name)]
        if not found:
            missing.append(pattern)
        chosen.update((p.name, p) for p in found)
    if missing:
        raise CommandError(
            f"Did not locate plugins: {', '.join(missing)}; check "
            "autogenerate_plugins in env.py and that the plugin package is installed"
        )
    for pattern in exclude:
        matcher = _make_re(pattern)
        chosen = {n: p for n, p in chosen.items() if not matcher.match(n)}
    return list(chosen.values())


def _load_named_modules(names: Iterable[str]) -> None:
    """A plain (non-pattern) name of an importable module with ``setup()``
    becomes a plugin on first use (how ``alembic.ext.*`` plugins load)."""
    import importlib

    for name in names:
        if "*" in name or name in _all_plugins:
            continue
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if callable(getattr(module, "setup", None)):
            Plugin.setup_plugin_from_module(module, name)
