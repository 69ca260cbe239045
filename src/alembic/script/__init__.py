"""The script directory: revision files on disk and the revision graph.

Light to import: neither SQLAlchemy nor Mako is loaded here.
"""

from __future__ import annotations

from .base import Script as Script
from .base import ScriptDirectory as ScriptDirectory

__all__ = ["Script", "ScriptDirectory"]
