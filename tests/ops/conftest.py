"""Helpers for the operations tests: offline (``as_sql``) Operations per
dialect, and splitting their output into statements."""

from __future__ import annotations

import io
import re

import pytest


class Offline:
    """An ``Operations`` writing SQL for one dialect into a buffer."""

    def __init__(self, dialect_name: str, **opts):
        from alembic.operations import Operations
        from alembic.runtime.migration import MigrationContext

        self.buffer = io.StringIO()
        opts = {"as_sql": True, "output_buffer": self.buffer, **opts}
        self.context = MigrationContext.configure(dialect_name=dialect_name, opts=opts)
        self.op = Operations(self.context)

    @property
    def output(self) -> str:
        return self.buffer.getvalue()

    def statements(self) -> list[str]:
        """Statements with whitespace collapsed and terminators, ``GO`` and
        ``/`` separators removed."""
        text = " ".join(self.output.split())
        parts = re.split(r";|(?:^|\s)/(?=\s|$)", text)
        result = []
        for part in parts:
            part = part.strip()
            part = re.sub(r"^GO\b\s*", "", part).strip()
            if part:
                result.append(part)
        return result

    def reset(self) -> None:
        self.buffer.seek(0)
        self.buffer.truncate()


@pytest.fixture
def offline():
    """``offline("postgresql")`` -> an :class:`Offline` for that dialect."""
    return Offline


def dialect_sql(dialect_name: str, fn, **opts) -> list[str]:
    """Run ``fn(op)`` offline on ``dialect_name``; return its statements."""
    off = Offline(dialect_name, **opts)
    fn(off.op)
    return off.statements()
