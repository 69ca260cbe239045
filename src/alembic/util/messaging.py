"""The single seam through which the package talks to the user.

Every line a command shows goes through :func:`msg`, :func:`status` or
``Config.print_stdout`` (which uses :func:`write_outstream`).  Output can be
silenced with ``quiet=True`` (the ``-q`` flag, carried by
``Config.messaging_opts``) and sent to another stream with :func:`redirect`.
Nothing here prints errors or exits: the CLI does that.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

from .redact import mask_text

__all__ = [
    "current_stream",
    "err",
    "format_as_comma",
    "msg",
    "obfuscate_url_pw",
    "redirect",
    "status",
    "warn",
    "warn_deprecated",
    "write_outstream",
]

_T = TypeVar("_T")

#: A stream that replaces ``sys.stdout`` for :func:`msg` and :func:`status`.
_stream: contextvars.ContextVar[TextIO | None] = contextvars.ContextVar(
    "alembic_message_stream", default=None
)


def current_stream() -> TextIO:
    """The stream user messages go to right now (``sys.stdout`` by default)."""
    return _stream.get() or sys.stdout


@contextlib.contextmanager
def redirect(stream: TextIO | None) -> Iterator[None]:
    """Send :func:`msg` / :func:`status` output to ``stream`` inside the block."""
    token = _stream.set(stream)
    try:
        yield
    finally:
        _stream.reset(token)


def write_outstream(stream: TextIO, *text: Any, quiet: bool = False) -> None:
    """Write the pieces of ``text`` to ``stream``, replacing unencodable characters.

    The pieces go out as one write, so database passwords are masked (see
    :mod:`alembic.util.redact`) even when one spans two pieces.
    """
    if quiet:
        return
    encoding = getattr(stream, "encoding", None) or "utf-8"
    joined = "".join(
        piece.decode(encoding, "replace") if isinstance(piece, bytes) else str(piece)
        for piece in text
    )
    try:
        masked = mask_text(joined, known=False)  # output, not an error text
        stream.write(masked.encode(encoding, "replace").decode(encoding))
    except BrokenPipeError:
        pass


def _terminal_width(stream: TextIO) -> int | None:
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return None
    import shutil  # only on a terminal: its import is not free

    return shutil.get_terminal_size(fallback=(80, 24)).columns


def msg(
    msg: str, newline: bool = True, flush: bool = False, quiet: bool = False
) -> None:
    """Show a message; on a terminal, long lines wrap with a two-space indent."""
    if quiet:
        return
    msg = mask_text(msg, known=False)  # before wrapping, which may split a long URL
    stream = current_stream()
    width = _terminal_width(stream)
    if width is None or len(msg) <= width:
        write_outstream(stream, msg, "\n" if newline else "")
    else:
        import textwrap

        lines = textwrap.wrap(
            msg, width, initial_indent="  ", subsequent_indent="  "
        ) or [""]
        for line in lines[:-1]:
            write_outstream(stream, line, "\n")
        write_outstream(stream, lines[-1], "\n" if newline else "")
    if flush:
        stream.flush()


class _StatusLine:
    """Context manager behind :func:`status`: ``<message> ...  done``."""

    def __init__(self, status_msg: str, quiet: bool, newline: bool = False) -> None:
        self.status_msg = status_msg
        self.quiet = quiet
        self.newline = newline

    def __enter__(self) -> _StatusLine:
        msg(
            self.status_msg + " ...",
            newline=self.newline,
            flush=True,
            quiet=self.quiet,
        )
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        msg("  FAILED" if exc_type is not None else "  done", quiet=self.quiet)


def status(
    status_msg: str,
    fn: Callable[..., _T] | None = None,
    *arg: Any,
    newline: bool = False,
    quiet: bool = False,
    **kw: Any,
) -> Any:
    """Announce a step as ``"<status_msg> ...  done"`` (``FAILED`` on error).

    ``with status("Generating x"):`` wraps a block; ``status(msg, fn, *args)``
    calls ``fn(*args, **kw)`` inside the announcement and returns its result.
    With ``newline=True`` the announcement ends its line, so output of the
    step (a post-write hook's program) starts on a line of its own.
    """
    line = _StatusLine(status_msg, quiet, newline)
    if fn is None:
        return line
    with line:
        return fn(*arg, **kw)


def err(message: str, quiet: bool = False) -> None:
    """Stop the command with ``message``: raises :class:`CommandError`, which
    the CLI reports as ``FAILED: <message>`` with exit status 255 (Alembic's
    ``err`` prints that line and exits itself)."""
    from .exc import CommandError

    raise CommandError(message)


def warn(msg: str, stacklevel: int = 2) -> None:
    """Issue a ``UserWarning`` pointing at the caller."""
    warnings.warn(msg, UserWarning, stacklevel=stacklevel)


def warn_deprecated(msg: str, stacklevel: int = 2) -> None:
    """Issue a ``DeprecationWarning`` pointing at the caller."""
    warnings.warn(msg, DeprecationWarning, stacklevel=stacklevel)


_URL_PASSWORD = r"(?s)^(?P<head>[\w.+-]+://[^:/@]*:)(?P<pw>.*)(?P<tail>@[^@]*)$"


def obfuscate_url_pw(input_url: Any) -> str:
    """The database URL ``input_url`` as text with its password replaced by ``***``."""
    render = getattr(input_url, "render_as_string", None)
    if render is not None:
        return render(hide_password=True)
    text = str(input_url)
    try:
        from sqlalchemy.engine import make_url

        return make_url(text).render_as_string(hide_password=True)
    except Exception:
        return re.sub(_URL_PASSWORD, r"\g<head>***\g<tail>", text)


def format_as_comma(value: Any | None) -> str:
    """``"a, b"`` for a sequence, the value itself for a string, ``""`` for None."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return ", ".join(str(v) for v in value)
    raise ValueError(f"Don't know how to comma-format {value!r}")
