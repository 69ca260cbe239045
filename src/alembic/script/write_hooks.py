"""Post-write hooks: programs run on a revision file right after it is written.

Configured in ``[post_write_hooks]`` (ini) or ``[[tool.alembic.post_write_hooks]]``
(pyproject); :meth:`alembic.config.Config.get_hooks_list` turns either form
into a list of option dicts, each carrying its name under ``_hook_name``.
Each hook's ``type`` names an entry of :data:`_registry`; three types are
built in and users add their own with :func:`register`::

    @write_hooks.register("spaces_to_tabs")
    def convert(filename, options):
        ...

In ``options`` the token ``REVISION_SCRIPT_FILENAME`` stands for the new
file's path; when it is absent the path is put first.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..util.exc import CommandError, PostWriteHookError

__all__ = ["REVISION_SCRIPT_TOKEN", "console_scripts", "exec_", "module", "register"]

REVISION_SCRIPT_TOKEN = "REVISION_SCRIPT_FILENAME"

HookFn = Callable[..., Any]

_registry: dict[str, HookFn] = {}


def register(name: str) -> Callable[[HookFn], HookFn]:
    """Decorator: make ``fn(filename, options)`` available as hook type ``name``."""

    def decorate(fn: HookFn) -> HookFn:
        _registry[name] = fn
        return fn

    return decorate


def _invoke(
    name: str, revision_path: str | os.PathLike, options: Mapping[str, Any]
) -> Any:
    """Run the hook type ``name`` on ``revision_path`` with its ``options``."""
    try:
        hook = _registry[name]
    except KeyError as err:
        raise CommandError(f"No formatter with name '{name}' registered") from err
    return hook(os.fspath(revision_path), options)


def _run_hooks(path: str | os.PathLike, hook_config: Any) -> None:
    """Run every configured hook on the file at ``path``, in order."""
    from ..util import messaging

    for options in _normalize_hook_config(hook_config):
        name = options["_hook_name"]
        try:
            type_ = options["type"]
        except KeyError as err:
            raise CommandError(
                f"Key '{name}.type' (or 'type' in toml) is required "
                f"for post write hook '{name}'"
            ) from err
        with messaging.status(
            f"Running post write hook '{name}'", quiet=_quiet(options), newline=True
        ):
            _invoke(type_, path, options)


def _normalize_hook_config(hook_config: Any) -> list[dict[str, Any]]:
    """Accept the list form of ``get_hooks_list()`` or the flat ini-section dict."""
    if isinstance(hook_config, Mapping):
        names = [n for n in hook_config.get("hooks", "").replace(",", " ").split() if n]
        result = []
        for name in names:
            prefix = name + "."
            opts = {
                k[len(prefix) :]: v
                for k, v in hook_config.items()
                if k.startswith(prefix)
            }
            opts["_hook_name"] = name
            result.append(opts)
        return result
    return [dict(opts) for opts in hook_config or ()]


def _quiet(options: Mapping[str, Any]) -> bool:
    return bool((options.get("_messaging_opts") or {}).get("quiet", False))


def _parse_cmdline_options(cmdline_options_str: str, path: str) -> list[str]:
    """Split ``options`` shell-style and put the file path in place of the token."""
    if REVISION_SCRIPT_TOKEN not in cmdline_options_str:
        cmdline_options_str = f"{REVISION_SCRIPT_TOKEN} {cmdline_options_str}"
    parts = shlex.split(cmdline_options_str, posix=os.name == "posix")
    return [part.replace(REVISION_SCRIPT_TOKEN, path) for part in parts]


def _get_required_option(options: Mapping[str, Any], name: str) -> Any:
    try:
        return options[name]
    except KeyError as err:
        hook = options.get("_hook_name", "?")
        raise CommandError(
            f"Key {hook}.{name} is required for post write hook '{hook}'"
        ) from err


def _run(argv: Sequence[str], options: Mapping[str, Any], ignore_output: bool) -> None:
    """Run ``argv`` in the hook's ``cwd``.

    The program's output goes straight to the terminal, and its exit status
    is not checked, as under Alembic 1.20.1 (a formatter that finds nothing
    to do may exit non-zero).
    """
    kw: dict[str, Any] = {}
    if ignore_output:
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
    cwd: str | None = options.get("cwd") or None
    try:
        subprocess.run(list(argv), check=False, cwd=cwd, **kw)
    except OSError as err:
        raise PostWriteHookError(
            f"Post write hook '{options.get('_hook_name', '?')}' could not start "
            f"{argv[0]!r}: {err.strerror or err}; check its executable/cwd settings"
        ) from err


def _python_argv(path: str, options: Mapping[str, Any], code: str) -> list[str]:
    argv = [sys.executable, "-c", code]
    return argv + _parse_cmdline_options(str(options.get("options", "")), path)


@register("console_scripts")
def console_scripts(
    path: str, options: Mapping[str, Any], ignore_output: bool = False
) -> None:
    """Run an installed console script (by entry point name) on the file."""
    from importlib.metadata import entry_points

    name = _get_required_option(options, "entrypoint")
    matches = [ep for ep in entry_points(group="console_scripts") if ep.name == name]
    if not matches:
        raise CommandError(f"Could not find entrypoint console_scripts.{name}")
    entry = matches[0]
    module_name, _, attr = entry.value.partition(":")
    attr = attr.split("[")[0].strip()
    code = (
        f"import sys, importlib; m = importlib.import_module({module_name.strip()!r}); "
        f"f = m\nfor a in {attr!r}.split('.'): f = getattr(f, a)\nsys.exit(f())"
    )
    _run(_python_argv(path, options, code), options, ignore_output)


@register("exec")
def exec_(path: str, options: Mapping[str, Any], ignore_output: bool = False) -> None:
    """Run an executable (found on PATH or given as a path) on the file."""
    executable = _get_required_option(options, "executable")
    argv = [executable] + _parse_cmdline_options(str(options.get("options", "")), path)
    _run(argv, options, ignore_output)


@register("module")
def module(path: str, options: Mapping[str, Any], ignore_output: bool = False) -> None:
    """Run ``python -m <module>`` on the file, with this interpreter."""
    import importlib.util

    module_name = _get_required_option(options, "module")
    if importlib.util.find_spec(module_name.split(".")[0]) is None:
        raise CommandError(
            f"Could not find module {module_name}; install it or fix the 'module' "
            f"option of post write hook '{options.get('_hook_name', '?')}'"
        )
    argv = [sys.executable, "-m", module_name]
    argv += _parse_cmdline_options(str(options.get("options", "")), path)
    _run(argv, options, ignore_output)
