"""Type aliases for the arguments of ``op`` directives.

Only imported under ``TYPE_CHECKING`` by the op classes; ``tools/write_pyi.py``
imports them into the generated ``op.pyi`` so editors and mypy see them.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy.schema import FetchedValue
from sqlalchemy.sql.elements import ColumnElement, TextClause
from sqlalchemy.types import TypeEngine

__all__ = ["ServerDefaultArgument", "TypeArgument"]

#: what ``server_default=`` / ``existing_server_default=`` accept (a
#: ``FetchedValue`` covers ``DefaultClause``, ``Computed`` and ``Identity``);
#: ``False`` means "not given"
ServerDefaultArgument = (
    str | TextClause | ColumnElement[Any] | FetchedValue | Literal[False] | None
)

#: a SQLAlchemy type, as an instance or as a class
TypeArgument = TypeEngine[Any] | type[TypeEngine[Any]] | None
