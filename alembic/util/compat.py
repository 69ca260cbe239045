"""Differences between the Python versions we support (3.10 and later)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from configparser import ConfigParser
from pathlib import Path
from typing import Any

__all__ = [
    "importlib_metadata",  # noqa: F822 - provided lazily by __getattr__
    "py311",
    "py312",
    "read_config_parser",
    "tomllib",
]

py311 = sys.version_info >= (3, 11)
py312 = sys.version_info >= (3, 12)

if py311:
    import tomllib as tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[no-redef]


def __getattr__(name: str) -> Any:
    # importlib.metadata is slow to import; load it only when asked for.
    if name == "importlib_metadata":
        import importlib.metadata

        return importlib.metadata
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_config_parser(
    file_config: ConfigParser, file_argument: Iterable[str | Path]
) -> Any:
    """Read ini files into ``file_config`` as UTF-8; returns the names read."""
    return file_config.read(list(file_argument), encoding="utf-8")
