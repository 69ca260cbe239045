"""Differences between the Python versions we support (3.10 and later)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from configparser import ConfigParser
    from pathlib import Path

__all__ = [
    "importlib_metadata",  # noqa: F822 - provided lazily by __getattr__
    "py311",
    "py312",
    "read_config_parser",
    "tomllib",  # noqa: F822 - provided lazily by __getattr__
]

py311 = sys.version_info >= (3, 11)
py312 = sys.version_info >= (3, 12)


def __getattr__(name: str) -> Any:
    # Both are slow to import (tomllib brings datetime and string along) and
    # most commands need neither: load them only when asked for.
    if name == "importlib_metadata":
        import importlib.metadata

        return importlib.metadata
    if name == "tomllib":
        if py311:
            import tomllib
        else:  # pragma: no cover - exercised on 3.10 only
            import tomli as tomllib  # type: ignore[no-redef]

        return tomllib
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_config_parser(
    file_config: ConfigParser, file_argument: Iterable[str | Path]
) -> Any:
    """Read ini files into ``file_config`` as UTF-8; returns the names read."""
    return file_config.read(list(file_argument), encoding="utf-8")
