"""Helpers for the DDL tests: an offline impl per dialect writing to a buffer."""

from __future__ import annotations

import io

import pytest


class Offline:
    """An impl in ``--sql`` mode for one dialect, and what it wrote."""

    def __init__(self, dialect_name: str, **opts) -> None:
        from sqlalchemy.engine import url

        import alembic.ddl  # noqa: F401  (registers the dialect impls)
        from alembic.ddl.impl import DefaultImpl

        dialect = url.make_url(f"{dialect_name}://").get_dialect()()
        self.buffer = io.StringIO()
        impl_cls = DefaultImpl.get_by_dialect(dialect)
        self.impl = impl_cls(dialect, None, True, None, self.buffer, opts)

    @property
    def statements(self) -> list[str]:
        """The statements written, without the blank lines between them."""
        return [s for s in self.buffer.getvalue().split("\n\n") if s.strip()]

    @property
    def text(self) -> str:
        return self.buffer.getvalue()


@pytest.fixture
def offline():
    """``offline("postgresql")`` gives an :class:`Offline` for that dialect."""
    return Offline
