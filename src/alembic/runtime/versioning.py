"""The version table and the object that keeps it in step with the plan.

The table holds one row per current head (``version_num``).  Each plan step
asks the pure step object (``alembic/script/steps.py``) what it means for the
current heads -- a new branch, a closed branch, a merge, an unmerge or a plain
move -- and :class:`HeadMaintainer` executes the matching INSERT, DELETE or
UPDATE.  Offline the revision ids are inlined as literals, which is what the
written SQL shows; online they are bound parameters (same rows, and the
statements compile once), and each DELETE/UPDATE must match exactly one row.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..util.exc import CommandError

if TYPE_CHECKING:
    from .migration import MigrationContext

__all__ = ["HeadMaintainer", "build_version_table"]

log = logging.getLogger("alembic.runtime.migration")


def build_version_table(
    version_table: str, version_table_schema: str | None, version_table_pk: bool
) -> Any:
    """The ``alembic_version`` table as Alembic defines it.

    Used when the dialect impl offers no ``version_table_impl``.
    """
    import sqlalchemy as sa

    table = sa.Table(
        version_table,
        sa.MetaData(),
        sa.Column("version_num", sa.String(32), nullable=False),
        schema=version_table_schema,
    )
    if version_table_pk:
        table.append_constraint(
            sa.PrimaryKeyConstraint("version_num", name=f"{version_table}_pkc")
        )
    return table


class _Statements:
    """The three version-table statements, built once per context."""

    def __init__(self, table: Any) -> None:
        import sqlalchemy as sa

        col = table.c.version_num
        self.insert = table.insert().values(version_num=sa.bindparam("new_rev"))
        self.delete = table.delete().where(col == sa.bindparam("old_rev"))
        self.update = (
            table.update()
            .values(version_num=sa.bindparam("new_rev"))
            .where(col == sa.bindparam("old_rev"))
        )


def _literal(rev: str) -> Any:
    import sqlalchemy as sa

    return sa.literal_column(f"'{rev}'")


_OLD, _NEW = "__alembic_old_rev__", "__alembic_new_rev__"
# characters a text compile escapes or binds: ids holding one take the slow path
_SPECIAL = re.compile(r"[%:\\]")


class _OfflineStatements:
    """SQL text of the three statements, compiled once with placeholder ids.

    Offline runs write one version-table statement per step; compiling a
    fresh construct each time dominated long ``--sql`` runs.  The text is
    produced by the dialect exactly as the construct would be, then the
    revision ids are substituted.  The written form of each template (what
    the impl's offline compiler makes of it) is computed once too, so ids
    free of characters that compiler treats specially go out without a
    further compile.
    """

    def __init__(self, table: Any, dialect: Any, impl: Any) -> None:
        col = table.c.version_num
        self.insert = self._text(
            table.insert().values(version_num=_literal(_NEW)), dialect
        )
        self.delete = self._text(table.delete().where(col == _literal(_OLD)), dialect)
        self.update = self._text(
            table.update()
            .values(version_num=_literal(_NEW))
            .where(col == _literal(_OLD)),
            dialect,
        )
        compile_offline = getattr(impl, "_compile_offline", None)
        self._written: dict[str, str] = {}
        if compile_offline is not None:
            for template in (self.insert, self.delete, self.update):
                self._written[template] = compile_offline(self._text_clause(template))

    @staticmethod
    def _text(stmt: Any, dialect: Any) -> str:
        return str(stmt.compile(dialect=dialect)).replace("\t", "    ").strip()

    @staticmethod
    def _text_clause(sql: str) -> Any:
        import sqlalchemy as sa

        return sa.text(sql.replace(":", "\\:"))

    def render(self, template: str, old: str = "", new: str = "") -> Any:
        """The statement for ``template`` with the ids filled in."""
        from ..ddl.impl import RenderedText

        sql = template.replace(_OLD, old).replace(_NEW, new)
        written = self._written.get(template)
        if written is None or _SPECIAL.search(old + new):
            return self._text_clause(sql)
        rendered = written.replace(_OLD, old).replace(_NEW, new)
        return RenderedText(sql.replace(":", "\\:"), rendered)


class HeadMaintainer:
    """Tracks the current heads and moves the version table rows."""

    def __init__(self, context: MigrationContext, heads: Iterable[str]) -> None:
        self.context = context
        self.heads: set[str] = set(heads)
        self._online: _Statements | None = None
        self._offline: _OfflineStatements | None = None

    # -- row operations -----------------------------------------------------

    def _insert_version(self, version: str) -> None:
        assert version not in self.heads, version
        self.heads.add(version)
        if self.context.as_sql:
            self._write(self._offline_sql().insert, new=version)
        else:
            self._execute(self._statements().insert, {"new_rev": version})

    def _delete_version(self, version: str) -> None:
        self.heads.remove(version)
        if self.context.as_sql:
            self._write(self._offline_sql().delete, old=version)
        else:
            self._db_delete(version)

    def _db_delete(self, version: str) -> None:
        result = self._execute(self._statements().delete, {"old_rev": version})
        self._check_one_row(
            result, f"deleting '{version}' in '{self.context.version_table}'"
        )

    def _update_version(self, from_: str, to_: str) -> None:
        assert to_ not in self.heads, to_
        self.heads.remove(from_)
        self.heads.add(to_)
        if self.context.as_sql:
            self._write(self._offline_sql().update, old=from_, new=to_)
        else:
            self._db_update(from_, to_)

    def _db_update(self, from_: str, to_: str) -> None:
        result = self._execute(
            self._statements().update, {"old_rev": from_, "new_rev": to_}
        )
        self._check_one_row(
            result,
            f"updating '{from_}' to '{to_}' in '{self.context.version_table}'",
        )

    def _offline_sql(self) -> _OfflineStatements:
        if self._offline is None:
            context = self.context
            self._offline = _OfflineStatements(
                context._version, context.dialect, context.impl
            )
        return self._offline

    def _write(self, template: str, old: str = "", new: str = "") -> None:
        self.context.impl._exec(self._offline_sql().render(template, old, new))

    def _statements(self) -> _Statements:
        if self._online is None:
            self._online = _Statements(self.context._version)
        return self._online

    def _execute(self, stmt: Any, params: dict) -> Any:
        return self.context.connection.execute(stmt, params)

    def _check_one_row(self, result: Any, what: str) -> None:
        if not self.context.dialect.supports_sane_rowcount:
            return
        if result is not None and result.rowcount != 1:
            raise CommandError(
                f"Online migration expected to match one row when {what}; "
                f"{result.rowcount} found"
            )

    # -- one plan step --------------------------------------------------------

    def update_to_step(self, step: Any) -> None:
        """Apply to the version table what ``step`` does to the heads."""
        heads = self.heads
        if step.should_delete_branch(heads):
            version = step.delete_version_num
            log.debug("branch delete %s", version)
            self._delete_version(version)
        elif step.should_create_branch(heads):
            version = step.insert_version_num
            log.debug("new branch insert %s", version)
            self._insert_version(version)
        elif step.should_merge_branches(heads):
            delete_revs, from_, to_ = step.merge_branch_idents(heads)
            log.debug("merge, delete %s, update %s to %s", delete_revs, from_, to_)
            for rev in delete_revs:
                self._delete_version(rev)
            if from_ != to_:
                self._update_version(from_, to_)
        elif step.should_unmerge_branches(heads):
            from_, to_, insert_revs = step.unmerge_branch_idents(heads)
            log.debug("unmerge, insert %s, update %s to %s", insert_revs, from_, to_)
            for rev in insert_revs:
                self._insert_version(rev)
            if from_ != to_:
                self._update_version(from_, to_)
        else:
            from_, to_ = step.update_version_num(heads)
            log.debug("update %s to %s", from_, to_)
            if from_ != to_:
                self._update_version(from_, to_)
