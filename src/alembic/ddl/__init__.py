"""Dialect implementations: ``DefaultImpl`` and one module per database.

Importing this package registers every built-in dialect implementation.
"""

from __future__ import annotations

from . import mssql as mssql
from . import mysql as mysql
from . import oracle as oracle
from . import postgresql as postgresql
from . import sqlite as sqlite
from .impl import DefaultImpl as DefaultImpl

__all__ = ["DefaultImpl", "mssql", "mysql", "oracle", "postgresql", "sqlite"]
