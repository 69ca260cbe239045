"""Keep database passwords out of everything the tool shows.

Passwords travel inside database URLs (``scheme://user:password@host``) and
driver connection strings (``host=db password=...``); drivers, SQLAlchemy
and tracebacks can echo either.  This module masks them in plain text
(:func:`mask_text`), in exceptions (:func:`scrub_exception`), in warnings and
in tracebacks printed by the interpreter (:func:`install_excepthook`); log
records are masked by :mod:`alembic.util.logmask`, kept apart because
importing :mod:`logging` costs more than commands that never log should pay.

Besides the two textual patterns, passwords the CLI knows about (the one in
``sqlalchemy.url``) are registered with :func:`register_url` and masked
wherever they appear verbatim, even in shapes no pattern foresees.

Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import _thread
import contextlib
import functools
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

__all__ = [
    "MASK",
    "MaskingStream",
    "install_excepthook",
    "install_warning_masking",
    "mask_text",
    "masked_std_streams",
    "register_secret",
    "register_url",
    "scrub_exception",
]

#: What a password is replaced with.
MASK = "***"

#: ``scheme://user:password@`` -- the password runs up to the last ``@``
#: before white space or a quote, as SQLAlchemy's URL parser reads it.
_URL_PASSWORD = (
    r"(?P<head>\b[A-Za-z][\w.+-]*://[^\s:/@'\"]*:)(?P<pw>[^\s'\"]*)(?P<tail>@)"
)

#: ``password=secret`` / ``password = 'se cret'`` in DSNs and option strings.
_KEYWORD_PASSWORD = (
    r"(?i)(?P<head>\b(?:password|passwd|pwd)\s*=\s*)"
    r"(?P<pw>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s,;&)'\"]+)"
)

#: ``'password': 'secret'`` in the repr of a dict of connect arguments.
_MAPPING_PASSWORD = (
    r"(?i)(?P<head>['\"](?:password|passwd|pwd)['\"]\s*:\s*)"
    r"(?P<pw>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """One of the patterns above, compiled on first use.

    Most output holds no URL and no ``=`` or ``:``, so a command such as
    ``heads`` never needs to compile them at all.
    """
    return re.compile(pattern)


#: Passwords seen in configuration, masked wherever they occur verbatim.
_known: set[str] = set()
_known_lock = _thread.allocate_lock()
#: The compiled alternation of ``_known`` (at most one entry; rebuilt on change).
_known_pattern: list[re.Pattern[str]] = []

#: Shorter strings are too likely to occur by chance to be masked literally.
_MIN_KNOWN_LENGTH = 4


def register_secret(secret: str | None) -> None:
    """Mask ``secret`` (and its URL-quoted and unquoted spellings) from now on."""
    if not secret:
        return
    import urllib.parse

    forms = {
        secret,
        urllib.parse.unquote(secret),
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret, safe=""),
    }
    with _known_lock:
        _known.update(f for f in forms if len(f) >= _MIN_KNOWN_LENGTH)
        _known_pattern.clear()


def register_url(url: Any) -> None:
    """Register the password of a database URL (text or ``sqlalchemy.engine.URL``)."""
    if url is None:
        return
    password = getattr(url, "password", None)
    if isinstance(password, str):
        register_secret(password)
        return
    text = str(url)
    match = _compiled(_URL_PASSWORD).search(text) if _may_hold_url(text) else None
    if match:
        register_secret(match.group("pw"))


def _mask_match(match: re.Match[str]) -> str:
    pw = match.group("pw")
    if pw == MASK or not pw:
        return match.group(0)
    quote = pw[0] if pw[:1] in ("'", '"') and len(pw) > 1 else ""
    return f"{match.group('head')}{quote}{MASK}{quote}" + (
        match.group("tail") if "tail" in match.groupdict() else ""
    )


def mask_text(text: str, known: bool = True) -> str:
    """``text`` with every password it shows replaced by ``***``.

    Passwords inside URLs, ``password=...`` settings and ``'password': ...``
    mappings are always masked.  ``known`` also masks every registered
    password wherever it stands as a word: right for error texts (a driver
    may echo it in any shape), wrong for ordinary output, whose prose (a
    revision message such as "grant settings to postgres") may contain a
    password that is also a common word.
    """
    if not text:
        return text
    # each pattern is tried only when the characters it needs are present
    if _may_hold_url(text):
        text = _compiled(_URL_PASSWORD).sub(_mask_match, text)
    if "=" in text:
        text = _compiled(_KEYWORD_PASSWORD).sub(_mask_match, text)
    if ":" in text:
        text = _compiled(_MAPPING_PASSWORD).sub(_mask_match, text)
    pattern = _known_secrets_pattern() if known else None
    if pattern is not None:
        text = pattern.sub(MASK, text)
    return text


def _may_hold_url(text: str) -> bool:
    """Whether ``text`` has what a URL with a password needs: ``://`` and ``@``."""
    return "://" in text and "@" in text


def _known_secrets_pattern() -> re.Pattern[str] | None:
    """One regex for every registered secret, matched only as a whole token.

    A password such as ``postgres`` must not turn ``postgresql://`` into
    ``***ql://``, so a match may not touch a letter or digit on either side.
    """
    with _known_lock:
        if not _known:
            return None
        if not _known_pattern:
            alternatives = "|".join(
                re.escape(k) for k in sorted(_known, key=len, reverse=True)
            )
            _known_pattern.append(
                re.compile(f"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])")
            )
        return _known_pattern[0]


def _mask_value(value: Any) -> Any:
    """A masked copy of a str, or of the strings inside a tuple, list or dict."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, tuple):
        return tuple(_mask_value(v) for v in value)
    if isinstance(value, list):
        return [_mask_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_value(v) for k, v in value.items()}
    return value


#: Attributes of SQLAlchemy and driver errors that end up in their message.
_MESSAGE_ATTRIBUTES = ("statement", "params", "detail", "msg", "message")


def _scrub_one(exc: BaseException) -> None:
    try:
        exc.args = tuple(_mask_value(a) for a in exc.args)
    except (AttributeError, TypeError):
        pass
    for name in _MESSAGE_ATTRIBUTES:
        value = exc.__dict__.get(name) if hasattr(exc, "__dict__") else None
        if isinstance(value, (str, tuple, list, dict)):
            try:
                setattr(exc, name, _mask_value(value))
            except (AttributeError, TypeError):
                pass
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list):
        notes[:] = [_mask_value(n) for n in notes]


def scrub_exception(exc: BaseException) -> BaseException:
    """Mask passwords inside ``exc`` in place (its chain and ``orig`` too); return it.

    The exception keeps its type and traceback, so ``raise`` after this
    shows the same error without the secret.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        _scrub_one(current)
        orig = getattr(current, "orig", None)
        pending.extend(
            [
                current.__cause__,
                current.__context__,
                orig if isinstance(orig, BaseException) else None,
            ]
        )
    return exc


_install_lock = _thread.allocate_lock()
_installed: dict[str, Any] = {}


def _masking_excepthook(previous: Callable[..., Any]) -> Callable[..., Any]:
    def hook(exc_type: Any, exc: Any, tb: Any) -> None:
        if exc is None:
            previous(exc_type, exc, tb)
            return
        import traceback

        scrub_exception(exc)
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            sys.stderr.write(mask_text(text))
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - stderr unusable: fall back to the default
            previous(exc_type, exc, tb)

    return hook


def install_excepthook() -> None:
    """Print uncaught tracebacks (``--raiseerr``) with passwords masked.

    Masks the source lines of the traceback as well as the messages.
    Installing twice is harmless.
    """
    with _install_lock:
        if "excepthook" in _installed:
            return
        hook = _masking_excepthook(sys.excepthook)
        _installed["excepthook"] = hook
        sys.excepthook = hook


def install_warning_masking() -> None:
    """Mask passwords in warnings printed to stderr (``warnings.formatwarning``).

    Installing twice is harmless.
    """
    with _install_lock:
        if "formatwarning" in _installed:
            return
        previous = warnings.formatwarning

        def formatwarning(*args: Any, **kwargs: Any) -> str:
            return mask_text(previous(*args, **kwargs))

        _installed["formatwarning"] = formatwarning
        warnings.formatwarning = formatwarning


class MaskingStream:
    """A text stream wrapper that masks passwords in everything written to it.

    Each ``write`` is masked on its own; ``print`` and logging hand over whole
    values, so a URL is not split between writes.  Everything else (encoding,
    ``fileno``, ``isatty``, ``buffer``...) is the wrapped stream's.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        # ordinary output: credentials in URLs and settings, not every word
        # equal to a password (errors are masked fully where they are made)
        masked = mask_text(text, known=False) if isinstance(text, str) else text
        self._stream.write(masked)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def masked_std_streams(stdout: bool = True) -> Iterator[None]:
    """Mask what is written to ``sys.stderr`` (and ``sys.stdout``) inside the block.

    Leave ``stdout`` false when standard output carries generated SQL
    (``--sql``): a migration's literal text must come out unchanged.
    """
    saved = sys.stdout, sys.stderr
    if stdout and not isinstance(sys.stdout, MaskingStream):
        sys.stdout = MaskingStream(sys.stdout)
    if not isinstance(sys.stderr, MaskingStream):
        sys.stderr = MaskingStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
