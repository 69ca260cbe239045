"""Differences between the Python versions we support (3.10 and later)."""

from __future__ import annotations

import sys
from configparser import ConfigParser
from pathlib import Path
from typing import Any, Iterable, Union

__all__ = [
    "py311",
    "py312",
    "tomllib",
    "read_config_parser",
    "importlib_metadata",
]  # noqa: F822 - lazy

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
    file_config: ConfigParser, file_argument: Iterable[Union[str, Path]]
) -> Any:
    """Read ini files into ``file_config`` as UTF-8; returns the names read."""
    return file_config.read(list(file_argument), encoding="utf-8")
