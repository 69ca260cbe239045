"""What differs between databases when comparing, kept in one place.

Each profile answers the questions the comparators ask (how a type or a
default is spelled after a round trip through the database, which reflected
objects the database made by itself, ...).  Shared comparison code asks the
profile and never looks at the dialect's name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import types as sqltypes

from ...ddl.sqlite import parenthesise_reflected_defaults

__all__ = ["AutogenProfile", "loose_sql", "profile_for"]

_CAST = re.compile(
    r"::\s*\"?[a-z_][a-z0-9_ ]*\"?(\[\])?(\(\d+(,\s*\d+)?\))?", re.IGNORECASE
)


def loose_sql(text: str | None) -> str | None:
    """A SQL fragment reduced to what survives every database's rewriting.

    Casts, quotes, backticks, parentheses, whitespace and case are dropped,
    so ``lower((name)::text)`` and ``lower(name)`` compare equal.
    """
    if text is None:
        return None
    text = _CAST.sub("", str(text))
    text = re.sub(r"[\s\"`()\[\]]", "", text)
    return text.lower()


_NEXTVAL_HEAD, _NEXTVAL_TAIL = "nextval('", "'::regclass)"

# Alembic logs the SERIAL defaults it leaves out under its PostgreSQL impl's name.
_pg_log = logging.getLogger("alembic.ddl.postgresql")


def _is_own_sequence_default(text: str, sequence: str) -> bool:
    """True for ``nextval('[schema.]["]<sequence>["]'::regclass)``.

    Plain string tests instead of a pattern built per column: compiling one
    regular expression per reflected table was a visible share of ``check``.
    """
    if not (text.startswith(_NEXTVAL_HEAD) and text.endswith(_NEXTVAL_TAIL)):
        return False
    inner = text[len(_NEXTVAL_HEAD) : len(text) - len(_NEXTVAL_TAIL)]
    for close in ('"', ""):
        if close and not inner.endswith(close):
            continue
        body = inner[: len(inner) - len(close)]
        if not body.endswith(sequence):
            continue
        head = body[: len(body) - len(sequence)]
        for open_ in ('"', ""):
            if open_ and not head.endswith(open_):
                continue
            prefix = head[: len(head) - len(open_)]
            if not prefix or (
                len(prefix) > 1
                and prefix.endswith(".")
                and not any(ch.isspace() for ch in prefix)
            ):
                return True
    return False


_TYPE_TOKEN = re.compile(r"[\w\-]+|\(.+?\)")


def _type_parts(text: str) -> tuple[list[str], list[str]]:
    """(words, arguments) of a type spelling: ``TIMESTAMP(3) WITH TIME ZONE``
    is ``(['TIMESTAMP', 'WITH', 'TIME', 'ZONE'], ['3'])``."""
    words, args = [], []
    for token in _TYPE_TOKEN.findall(text.upper()):
        if token.startswith("("):
            args += [a.strip() for a in token[1:-1].split(",")]
        else:
            words.append(token)
    return words, args


class AutogenProfile:
    """Defaults, used for any dialect without a profile of its own."""

    #: sets of spellings the database treats as one type
    type_synonyms: tuple[frozenset[str], ...] = (frozenset({"NUMERIC", "DECIMAL"}),)
    #: True when a UNIQUE constraint is only a unique index (MySQL)
    unique_constraints_are_indexes = False
    #: True when enums are named schema types (PostgreSQL)
    named_enum_types = False
    #: True when expression indexes cannot be reflected (SQLite)
    expression_indexes_unreflectable = False
    #: True when DEFERRABLE / INITIALLY of foreign keys come back from reflection
    reflects_fk_deferrable = False
    #: the name DROP CONSTRAINT accepts for an unnamed primary key, if any
    unnamed_pk_drop_name: str | None = None
    #: True when a foreign key needs (and silently creates) an index
    fk_needs_index = False
    #: False when reflected indexes do not say ASC / DESC (MySQL, MariaDB)
    reflects_index_sorting = True
    #: True when PostgreSQL's own types (ARRAY, JSON, JSONB, HSTORE, DOMAIN)
    #: render with their nested types prefixed, as Alembic's PostgreSQL impl
    #: renders them; elsewhere they render as their plain repr
    renders_postgresql_types = False

    def __init__(self, dialect: Any) -> None:
        self.dialect = dialect

    # -- types ---------------------------------------------------------
    def type_string(self, type_: Any) -> str | None:
        """The type as the database would spell it, or None if it can't say."""
        mapping = getattr(type_, "_variant_mapping", None) or {}
        if self.dialect.name in mapping:
            type_ = mapping[self.dialect.name]
        try:
            text = self.dialect.type_compiler_instance.process(type_)
        except Exception:  # noqa: BLE001 - user types and hooks may fail in any way
            return None
        cache = self.__dict__.setdefault("_normalized", {})
        if text not in cache:
            cache[text] = self.normalize_type(text)
        return cache[text]

    def normalize_type(self, text: str) -> str:
        """Spelling differences that carry no meaning are removed."""
        text = re.sub(r"\s+", " ", text.strip().upper())
        text = re.sub(r"\s*,\s*", ",", text)
        text = re.sub(r"\(\s*", "(", text)
        text = re.sub(r"\s*\)", ")", text)
        # SQLAlchemy writes a zero length as no length at all: CHAR(0) is CHAR
        return re.sub(r"^([A-Z][A-Z ]*)\(0\)$", r"\1", text)

    def type_texts_differ(self, conn_text: str, md_text: str) -> bool:
        """Alembic's rule for two normalised type spellings: the names must
        match (or be ``type_synonyms``); the words after the name and the
        parenthesised arguments are compared only when both sides have as
        many of them (``NUMERIC(10)`` matches ``NUMERIC(10, 2)``, ``VARCHAR``
        matches ``VARCHAR(30)``, ``VARCHAR(20)`` does not match ``VARCHAR(30)``)."""
        if conn_text == md_text:
            return False
        conn_words, conn_args = _type_parts(conn_text)
        md_words, md_args = _type_parts(md_text)
        if not conn_words or not md_words:
            return True
        if not self._type_names_match(conn_words, md_words):
            return True
        return len(conn_args) == len(md_args) and conn_args != md_args

    def _type_names_match(self, conn_words: list[str], md_words: list[str]) -> bool:
        if self._synonyms(" ".join(conn_words), " ".join(md_words)):
            return True
        if not self._synonyms(conn_words[0], md_words[0]):
            return False
        rest_conn, rest_md = conn_words[1:], md_words[1:]
        return len(rest_conn) != len(rest_md) or rest_conn == rest_md

    def _synonyms(self, a: str, b: str) -> bool:
        return a == b or any(a in g and b in g for g in self.type_synonyms)

    # -- defaults ------------------------------------------------------
    def normalize_default(self, text: str | None) -> str | None:
        """A server default's text reduced for comparison."""
        if text is None:
            return None
        text = _CAST.sub("", text.strip())
        while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
            text = text[1:-1].strip()
        text = text.lower()
        if len(text) >= 2 and text[0] == text[-1] == "'":
            text = text[1:-1]
        else:
            text = _NOW.sub("current_timestamp", re.sub(r"\s+", " ", text))
        text = _plain_number(text)  # numbers may come back quoted or not
        text = {
            "now()": "current_timestamp",
            "current_timestamp()": "current_timestamp",
            "true": "1",
            "false": "0",
        }.get(text, text)
        return text

    def default_texts_differ(
        self, conn_col: Any, conn_text: str | None, md_text: str | None
    ) -> bool:
        """True when the reflected default text and the model's differ."""
        return self.normalize_default(conn_text) != self.normalize_default(md_text)

    def ignore_reflected_default(self, conn_col: Any, md_col: Any) -> bool:
        """True for defaults the database added by itself."""
        return False

    # -- constraints and indexes --------------------------------------
    def is_implicit_index(self, index: Any, conn_table: Any) -> bool:
        """True for indexes the database made on its own (not user made)."""
        return False

    def implicit_index_names(self, conn_table: Any) -> set[str]:
        """Names of reflected indexes Alembic 1.20.1 takes for ones the
        database made by itself; they and the model's indexes of the same
        names are left out of the comparison."""
        return set()

    def is_implicit_check(self, sqltext: str, conn_table: Any) -> bool:
        """True for CHECK constraints the database made on its own."""
        return False

    def normalize_fk_action(self, value: str | None) -> str | None:
        """ON DELETE / ON UPDATE values reduced for comparison."""
        if value is None:
            return None
        value = value.upper()
        return None if value == "NO ACTION" else value

    def unreflected_index_names(
        self, connection: Any, schema: str | None
    ) -> dict[str, list[str]]:
        """Indexes the reflection API skipped, by table: {table: [names]}."""
        return {}

    def adjust_reflected_table(self, table: Any) -> None:
        """Remove what the database added on its own from a reflected table."""
        for col in table.c:
            default = col.server_default
            if default is None:
                continue
            arg = getattr(default, "arg", None)
            text = "" if arg is None else str(getattr(arg, "text", arg))
            if self.implied_default(table.name, col.name, col.autoincrement, text):
                col.server_default = None

    def implied_default(
        self, table_name: str, column_name: str, autoincrement: Any, text: str
    ) -> bool:
        """True when a reflected default is implied by the column's type
        (and so is not the model's business)."""
        return False

    def note_reflected_columns(self, table_name: str, columns: Iterable[dict]) -> None:
        """Log what a reflected table's columns carry that the comparison
        leaves out, as Alembic logs it while reflecting (nothing here)."""

    def type_change_kw(
        self, column_name: str, old_type: Any, new_type: Any
    ) -> dict[str, Any]:
        """Extra ``alter_column`` arguments a type change needs here."""
        return {}

    def check_text_matches_type(self, sqltext: str, column_name: str) -> bool:
        """True when ``sqltext`` is the CHECK a Boolean/Enum type makes."""
        loose = loose_sql(sqltext) or ""
        return loose.startswith(column_name.lower() + "in")


#: spellings of "the current time" a database may read back for one another
#: (MariaDB: ``DEFAULT current_timestamp() ON UPDATE current_timestamp()``)
_NOW = re.compile(r"\b(?:now|current_timestamp)\(\)|\bcurrent_timestamp\b")


def _plain_number(text: str) -> str:
    """An unquoted numeric literal in one spelling (``0.00`` and ``0`` agree:
    MySQL reads back a DECIMAL column's default with its scale)."""
    from decimal import Decimal, InvalidOperation

    if not text or not (text[0].isdigit() or text[0] in "+-."):
        return text
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if not value.is_finite():
        return text
    return format(value.normalize(), "f")


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += 1 if ch == "(" else -1 if ch == ")" else 0
        if depth < 0:
            return False
    return depth == 0


class SQLiteProfile(AutogenProfile):
    """SQLite: types are what was declared; expression indexes are opaque."""

    expression_indexes_unreflectable = True

    def adjust_reflected_table(self, table: Any) -> None:
        """As the base profile; also put reflected defaults that SQLite only
        takes in parentheses back in them, as Alembic renders them
        (``existing_server_default=sa.text("('')")``)."""
        super().adjust_reflected_table(table)
        parenthesise_reflected_defaults(table)

    def unreflected_index_names(
        self, connection: Any, schema: str | None
    ) -> dict[str, list[str]]:
        from sqlalchemy import text

        master = f'"{schema}".sqlite_master' if schema else "sqlite_master"
        rows = connection.execute(
            text(
                f"SELECT tbl_name, name FROM {master} WHERE type = 'index' AND sql IS NOT NULL"
            )
        )
        found: dict[str, list[str]] = {}
        for tbl, name in rows:
            found.setdefault(tbl, []).append(name)
        return found


class PostgresqlProfile(AutogenProfile):
    """PostgreSQL: named ENUM types, SERIAL defaults, FLOAT is DOUBLE PRECISION."""

    type_synonyms = (
        frozenset({"NUMERIC", "DECIMAL"}),
        frozenset({"FLOAT", "DOUBLE PRECISION"}),
    )
    named_enum_types = True
    reflects_fk_deferrable = True
    renders_postgresql_types = True

    def adjust_reflected_table(self, table: Any) -> None:
        """As the base profile; also drop the empty ``postgresql_include``
        every reflected index carries (Alembic leaves it out as well)."""
        super().adjust_reflected_table(table)
        for index in table.indexes:
            if "postgresql_include" in index.dialect_kwargs and not (
                index.dialect_kwargs["postgresql_include"]
            ):
                del index.dialect_kwargs["postgresql_include"]

    def ignore_reflected_default(self, conn_col: Any, md_col: Any) -> bool:
        default = conn_col.server_default
        arg = getattr(default, "arg", None)
        text = "" if arg is None else str(getattr(arg, "text", arg))
        if not text.startswith("nextval("):
            return False
        return md_col.server_default is None and bool(
            md_col.primary_key or md_col.autoincrement is True
        )

    def implied_default(
        self, table_name: str, column_name: str, autoincrement: Any, text: str
    ) -> bool:
        """SERIAL columns: their ``nextval('<table>_<col>_seq')`` default is
        implied by the column type, so it is dropped (no extra query)."""
        return autoincrement is True and _is_own_sequence_default(
            text, f"{table_name}_{column_name}_seq"
        )

    def note_reflected_columns(self, table_name: str, columns: Iterable[dict]) -> None:
        """One INFO line per SERIAL default left out, in Alembic's words."""
        for col in columns:
            text = col.get("default")
            if isinstance(text, str) and self.implied_default(
                table_name, col["name"], col.get("autoincrement"), text
            ):
                sequence = text[len(_NEXTVAL_HEAD) : len(text) - len(_NEXTVAL_TAIL)]
                _pg_log.info(
                    "Detected sequence named '%s' as owned by integer column "
                    "'%s(%s)', assuming SERIAL and omitting",
                    sequence,
                    table_name,
                    col["name"],
                )

    def type_change_kw(
        self, column_name: str, old_type: Any, new_type: Any
    ) -> dict[str, Any]:
        """A cast for changes PostgreSQL will not make on its own
        (``USING x::INTEGER``)."""
        if old_type._type_affinity is new_type._type_affinity:
            return {}
        try:
            target = self.dialect.type_compiler_instance.process(new_type)
        except Exception:  # noqa: BLE001 - leave the change to the user
            return {}
        column = self.dialect.identifier_preparer.quote(column_name)
        return {"postgresql_using": f"{column}::{target}"}

    def owned_sequence_names(self, connection: Any, schema: str | None) -> list[str]:
        """Sequences that belong to a SERIAL or IDENTITY column (one query)."""
        from sqlalchemy import text

        rows = connection.execute(
            text(
                "SELECT c.relname FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_catalog.pg_depend d ON d.objid = c.oid AND d.deptype IN ('a', 'i') "
                "WHERE c.relkind = 'S' AND n.nspname = coalesce(:schema, current_schema())"
            ),
            {"schema": schema},
        )
        return [r[0] for r in rows]


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def _mysql_default(text: str) -> str:
    text = text.strip().lower()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return re.sub(r"\bcurrent_timestamp\(\)", "current_timestamp", text)


class MySQLProfile(AutogenProfile):
    """MySQL / MariaDB: BOOL is TINYINT(1), JSON is LONGTEXT, uniques are indexes."""

    type_synonyms = (
        frozenset({"NUMERIC", "DECIMAL"}),
        frozenset({"BOOL", "BOOLEAN", "TINYINT"}),
        frozenset({"JSON", "LONGTEXT"}),
        frozenset({"DOUBLE", "DOUBLE PRECISION"}),
    )
    unique_constraints_are_indexes = True
    unnamed_pk_drop_name = "PRIMARY"
    fk_needs_index = True
    reflects_index_sorting = False

    def normalize_type(self, text: str) -> str:
        text = re.sub(
            r"\s+(CHARACTER SET|COLLATE)\s+\w+", "", text, flags=re.IGNORECASE
        )
        text = re.sub(r"\bINT\b", "INTEGER", text, flags=re.IGNORECASE)
        return super().normalize_type(text)

    def type_texts_differ(self, conn_text: str, md_text: str) -> bool:
        """An inline ENUM / SET differs when its set of values does."""
        conn_words, conn_args = _type_parts(conn_text)
        md_words, md_args = _type_parts(md_text)
        if conn_words[:1] == md_words[:1] and conn_words[:1] in (["ENUM"], ["SET"]):
            return set(conn_args) != set(md_args)
        return super().type_texts_differ(conn_text, md_text)

    def default_texts_differ(
        self, conn_col: Any, conn_text: str | None, md_text: str | None
    ) -> bool:
        """Alembic's MySQL rule: texts compared case-blind without outer
        parentheses, ``current_timestamp()`` being ``CURRENT_TIMESTAMP``;
        ``now()``, ``true`` or ``1.5`` are not rewritten.  On a string column
        the reflected text is a literal, so an unquoted one (an expression
        such as ``uuid()``) is quoted before comparing."""
        if conn_text is None or md_text is None:
            return conn_text != md_text
        if isinstance(getattr(conn_col, "type", None), sqltypes.String):
            if not conn_text.startswith("'"):
                conn_text = "'" + conn_text.replace("'", "''") + "'"
        else:  # a plain value given as a string: '5' is 5 here
            conn_text, md_text = _unquoted(conn_text), _unquoted(md_text)
        return _mysql_default(conn_text) != _mysql_default(md_text)

    def is_implicit_index(self, index: Any, conn_table: Any) -> bool:
        cols = [c.name for c in index.columns]
        for fk in conn_table.foreign_key_constraints:
            fk_cols = [c.parent.name for c in fk.elements]
            if index.name == fk.name or cols == fk_cols:
                return not index.unique
        return False

    def implicit_index_names(self, conn_table: Any) -> set[str]:
        """Alembic's rule for the index MySQL makes for a foreign key: a
        non-unique index named like one of its columns, or like a foreign
        key on one of its columns (whatever columns it covers)."""
        found = set()
        for index in conn_table.indexes:
            if index.unique:
                continue
            for col in index.columns:
                fk_names = {fk.name for fk in col.foreign_keys}
                if index.name == col.name or index.name in fk_names:
                    found.add(index.name)
                    break
        return found

    def is_implicit_check(self, sqltext: str, conn_table: Any) -> bool:
        return (loose_sql(sqltext) or "").startswith("json_valid")

    def normalize_fk_action(self, value: str | None) -> str | None:
        value = super().normalize_fk_action(value)
        return None if value == "RESTRICT" else value


_PROFILES: dict[str, type[AutogenProfile]] = {
    "sqlite": SQLiteProfile,
    "postgresql": PostgresqlProfile,
    "mysql": MySQLProfile,
    "mariadb": MySQLProfile,
}


def register_profile(dialect_name: str, cls: type[AutogenProfile]) -> None:
    """Let a third-party dialect bring its own comparison profile."""
    _PROFILES[dialect_name] = cls


def profile_for(dialect: Any) -> AutogenProfile:
    """The comparison profile for ``dialect`` (a default one when unknown)."""
    return _PROFILES.get(dialect.name, AutogenProfile)(dialect)


def names_of(items: Iterable[Any]) -> list[str]:
    """Names of the given schema items, skipping unnamed ones."""
    return [i.name for i in items if getattr(i, "name", None)]
