"""Value interpolation for configuration files: ``%(name)s`` and ``${VAR}``.

Rules, applied left to right in one pass over a raw value:

* ``%(name)s`` is replaced by option ``name`` of the same section (or the
  defaults, such as ``here``), itself interpolated.
* ``%%`` gives a single ``%`` (so values written for Alembic keep working).
* any other ``%`` is kept as it is, so a URL-encoded password such as
  ``p%40ss`` needs no doubling.
* ``${VAR}`` is the environment variable ``VAR`` (an error if unset);
  ``${VAR:-default}`` uses ``default`` when ``VAR`` is unset or empty,
  ``${VAR-default}`` only when unset.  The default is interpolated by the same
  rules; the variable's own value is taken literally.  ``$${`` gives ``${``.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Callable, Collection, Mapping, MutableMapping
from typing import Any

from .exc import ConfigurationError

__all__ = [
    "FILE_TEMPLATE_TOKENS",
    "MAX_DEPTH",
    "LenientInterpolation",
    "interpolate",
    "kept_names",
]

MAX_DEPTH = 10

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REFERENCE = re.compile(r"%\(([^)]*)\)s")
_FORMATTED = re.compile(r"%\(([^)]*)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")

Lookup = Callable[[str], str | None]

#: The tokens of ``file_template``; written with a single ``%`` they are kept
#: for the script layer instead of failing as undefined references.
FILE_TEMPLATE_TOKENS = frozenset(
    {"rev", "slug", "epoch", "year", "month", "day", "hour", "minute", "second"}
)


def kept_names(option: str) -> Collection[str]:
    """Reference names left alone when undefined, for option ``option``."""
    return FILE_TEMPLATE_TOKENS if option == "file_template" else ()


def _closing_brace(value: str, start: int) -> int:
    """Index of the ``}`` closing the ``${`` opened before ``start`` (nesting aware)."""
    depth = 1
    pos = start
    while pos < len(value):
        if value.startswith("${", pos):
            depth += 1
            pos += 2
            continue
        if value[pos] == "}":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return -1


def _expand_env(
    body: str, where: str, environ: Mapping[str, str], recurse: Callable[[str], str]
) -> str:
    """The text for ``${body}``."""
    match = _NAME.match(body)
    if match is None:
        raise ConfigurationError(
            f"Bad environment reference '${{{body}}}' in {where}; use ${{NAME}} or ${{NAME:-default}}"
        )
    name, rest = match.group(0), body[match.end() :]
    value = environ.get(name)
    if rest.startswith(":-"):
        return value if value else recurse(rest[2:])
    if rest.startswith("-"):
        return value if value is not None else recurse(rest[1:])
    if rest:
        raise ConfigurationError(
            f"Bad environment reference '${{{body}}}' in {where}; use ${{NAME}} or ${{NAME:-default}}"
        )
    if value is None:
        raise ConfigurationError(
            f"Environment variable {name} used in {where} is not set; set it, or give a "
            f"default with ${{{name}:-default}}"
        )
    return value


def interpolate(
    value: str,
    lookup: Lookup,
    where: str,
    environ: Mapping[str, str] | None = None,
    depth: int = 0,
    keep: Collection[str] = (),
) -> str:
    """``value`` with ``%(name)s``, ``%%`` and ``${VAR}`` forms expanded.

    ``lookup(name)`` returns the raw value of another option (None if absent);
    ``where`` names the option for error messages.  An undefined reference
    whose name is in ``keep`` stays as written (``file_template`` tokens).
    """
    env = os.environ if environ is None else environ
    return _Expander(lookup, where, env, keep).expand(value, depth)


class _Expander:
    """One interpolation run: scans a value and expands each special form."""

    def __init__(
        self, lookup: Lookup, where: str, env: Mapping[str, str], keep: Collection[str]
    ) -> None:
        self.lookup = lookup
        self.where = where
        self.env = env
        self.keep = keep

    def expand(self, value: str, depth: int) -> str:
        if depth > MAX_DEPTH:
            raise ConfigurationError(
                f"Interpolation in {self.where} is nested too deeply (a reference loop?)"
            )
        out: list[str] = []
        pos = 0
        while pos < len(value):
            if value.startswith("%%", pos):
                text, pos = "%", pos + 2
            elif value.startswith("%(", pos):
                text, pos = self._reference(value, pos, depth)
            elif value.startswith("$${", pos):
                text, pos = "${", pos + 3
            elif value.startswith("${", pos):
                text, pos = self._environment(value, pos, depth)
            else:
                text, pos = value[pos], pos + 1
            out.append(text)
        return "".join(out)

    def _reference(self, value: str, pos: int, depth: int) -> tuple[str, int]:
        """A ``%(name)s`` reference at ``pos``: (its text, the position after it)."""
        token = _FORMATTED.match(value, pos)
        if (
            token
            and token.group(1) in self.keep
            and self.lookup(token.group(1)) is None
        ):
            return token.group(0), token.end()
        ref = _REFERENCE.match(value, pos)
        if ref is None:
            raise ConfigurationError(
                f"Bad '%(' reference in {self.where}: expected %(name)s; "
                "write %% for a literal %"
            )
        raw = self.lookup(ref.group(1))
        if raw is None:
            raise ConfigurationError(
                f"{self.where} refers to %({ref.group(1)})s, which is not defined"
            )
        return self.expand(raw, depth + 1), ref.end()

    def _environment(self, value: str, pos: int, depth: int) -> tuple[str, int]:
        """A ``${...}`` reference at ``pos``: (its text, the position after it)."""
        end = _closing_brace(value, pos + 2)
        if end < 0:
            raise ConfigurationError(f"Unclosed '${{' in {self.where}")
        body = value[pos + 2 : end]
        text = _expand_env(
            body, self.where, self.env, lambda t: self.expand(t, depth + 1)
        )
        return text, end + 1


class LenientInterpolation(configparser.Interpolation):
    """ConfigParser interpolation following the rules of this module.

    Unlike ``BasicInterpolation`` it accepts stray ``%`` signs on both read and
    ``set``; ``%%`` still collapses to ``%`` when read.
    """

    def __init__(self, file_name: str | None = None) -> None:
        self.file_name = file_name

    def before_get(
        self,
        parser: MutableMapping[str, Any],
        section: str,
        option: str,
        value: str,
        defaults: Mapping[str, str],
    ) -> str:
        optionxform = getattr(parser, "optionxform", str.lower)

        def lookup(name: str) -> str | None:
            return defaults.get(optionxform(name))

        where = f"option '{option}' of [{section}]"
        if self.file_name:
            where += f" in {self.file_name}"
        return interpolate(value, lookup, where, keep=kept_names(option))

    def before_set(self, parser: Any, section: str, option: str, value: str) -> str:
        return value
