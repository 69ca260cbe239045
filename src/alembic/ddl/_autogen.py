"""What an impl's comparison hooks answer: :class:`ComparisonResult`.

``DefaultImpl.compare_indexes``, ``compare_unique_constraint`` and
``compare_check_constraint`` return one; autogenerate reports a change
(drop + create) only for a ``different`` answer, and logs a ``skip`` one.
The public path is ``alembic.ddl.impl.ComparisonResult`` (also here, as in
Alembic 1.20.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

__all__ = ["ComparisonResult"]


class ComparisonResult(NamedTuple):
    """``(status, message)``: ``status`` is ``"equal"``, ``"different"`` or
    ``"skip"``; ``message`` says why (several reasons joined by ``", "``)."""

    status: Literal["equal", "different", "skip"]
    message: str

    @property
    def is_equal(self) -> bool:
        return self.status == "equal"

    @property
    def is_different(self) -> bool:
        return self.status == "different"

    @property
    def is_skip(self) -> bool:
        return self.status == "skip"

    @classmethod
    def Equal(cls) -> ComparisonResult:
        """The two objects are the same."""
        return cls("equal", "The two constraints are equal")

    @classmethod
    def Different(cls, reason: str | Sequence[str]) -> ComparisonResult:
        """The two objects differ, for ``reason`` (one or several)."""
        return cls("different", _joined(reason))

    @classmethod
    def Skip(cls, reason: str | Sequence[str]) -> ComparisonResult:
        """The two objects cannot be compared; autogenerate assumes equal."""
        return cls("skip", _joined(reason))


def _joined(reason: str | Sequence[str]) -> str:
    return reason if isinstance(reason, str) else ", ".join(reason)
