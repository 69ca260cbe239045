"""Open a file in the user's editor (``alembic edit``)."""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping

from .exc import CommandError

__all__ = ["open_in_editor"]

_ENV_VARS = ("EDITOR", "VISUAL")
_FALLBACKS = ("sensible-editor", "editor", "nano", "vim", "code")


def _resolve(program: str, environ: Mapping[str, str]) -> str | None:
    """The absolute path of ``program`` (absolute or found on environ's PATH)."""
    if os.path.isabs(program):
        return program if os.path.isfile(program) else None
    return shutil.which(program, path=environ.get("PATH", os.defpath))


def _find_editor(environ: Mapping[str, str]) -> list[str]:
    """The editor command line: $EDITOR, $VISUAL, then well-known editors."""
    for var in _ENV_VARS:
        value = environ.get(var, "").strip()
        if not value:
            continue
        words = shlex.split(value)
        found = _resolve(words[0], environ)
        if found:
            return [found, *words[1:]]
    for program in _FALLBACKS:
        found = _resolve(program, environ)
        if found:
            return [found]
    raise CommandError(
        "No suitable editor found. Please set the EDITOR or VISUAL environment "
        f"variables. Try {', '.join(_FALLBACKS)}."
    )


def open_in_editor(filename: str, environ: Mapping[str, str] | None = None) -> None:
    """Open ``filename`` in an editor and wait for it to close."""
    import subprocess

    env = os.environ if environ is None else environ
    command = _find_editor(env)
    try:
        subprocess.check_call([*command, filename])
    except subprocess.CalledProcessError as err:
        raise CommandError(
            f"Editor {command[0]} exited with status {err.returncode} while editing {filename}"
        ) from err
    except OSError as err:
        raise CommandError(f"Could not run editor {command[0]}: {err}") from err
