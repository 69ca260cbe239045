"""Schema objects that are not tables: PostgreSQL ENUM types and sequences."""

from __future__ import annotations

from typing import Any

from ..extra_ops import (
    AlterEnumValuesOp,
    CreateEnumTypeOp,
    CreateSequenceOp,
    DropEnumTypeOp,
    DropSequenceOp,
)

__all__ = ["compare_enums", "compare_sequences"]

EnumKey = tuple[str | None, str]


def _norm(ctx: Any, schema: str | None) -> str | None:
    return None if schema == ctx.dialect.default_schema_name else schema


def named_enum(type_: Any) -> Any:
    """The named native ENUM ``type_`` is, or holds as its ``ARRAY`` item type."""
    from sqlalchemy import ARRAY, Enum

    if isinstance(type_, ARRAY):
        type_ = type_.item_type
    if isinstance(type_, Enum) and type_.native_enum and type_.name:
        return type_
    return None


def _enum_included(ctx: Any, enum: Any, schema: str | None, reflected: bool) -> bool:
    """``include_name`` / ``include_object`` hooks see ENUM types as ``"enum"``."""
    return ctx.run_name_filters(
        enum.name, "enum", {"schema_name": schema}
    ) and ctx.run_object_filters(enum, enum.name, "enum", reflected, None)


def _md_tables(ctx: Any) -> dict[Any, Any]:
    return getattr(ctx, "_md_tables", None) or {}


def _conn_tables(ctx: Any) -> Any:
    return getattr(ctx, "_conn_tables", None) or {}


def _metadata_enums(ctx: Any, schemas: set[str | None]) -> dict[EnumKey, list[str]]:
    found: dict[EnumKey, list[str]] = {}
    for table in _md_tables(ctx).values():
        for col in table.c:
            enum = named_enum(col.type)
            if enum is None:
                continue
            schema = _norm(ctx, enum.schema)
            key = (schema, enum.name)
            if schema in schemas and key not in found:
                if _enum_included(ctx, enum, schema, False):
                    found[key] = list(enum.enums)
    return found


def _conn_enums(ctx: Any, schemas: set[str | None]) -> dict[EnumKey, list[str]]:
    from sqlalchemy.dialects.postgresql import ENUM

    found: dict[EnumKey, list[str]] = {}
    for item in ctx.inspector.get_enums(schema="*"):
        schema = None if item.get("visible") else item.get("schema")
        schema = _norm(ctx, schema)
        if schema not in schemas:
            continue
        enum = ENUM(*item["labels"], name=item["name"], schema=schema, create_type=False)
        if _enum_included(ctx, enum, schema, True):
            found[(schema, item["name"])] = list(item["labels"])
    return found


def _usages(
    ctx: Any, key: EnumKey, tables: dict[Any, Any]
) -> tuple[list[tuple[str | None, str, str]], set[tuple[str | None, str, str]]]:
    """The columns of the type: all of them, and those that are an ARRAY of it."""
    from sqlalchemy import ARRAY

    result, arrays = [], set()
    for table in tables.values():
        for col in table.c:
            enum = named_enum(col.type)
            if enum is not None and enum.name == key[1]:
                result.append((table.schema, table.name, col.name))
                if isinstance(col.type, ARRAY):
                    arrays.add((table.schema, table.name, col.name))
    return result, arrays


def _usage_defaults(tables: dict[Any, Any], usages: list) -> dict[Any, str]:
    """Server defaults of the ENUM columns, as the database spells them
    (a default blocks the column's type change and must be set again)."""
    found = {}
    for schema, tname, cname in usages:
        table = tables.get((schema, tname))
        col = None if table is None else table.c.get(cname)
        default = None if col is None else col.server_default
        arg = getattr(default, "arg", None)
        if arg is not None:
            found[(schema, tname, cname)] = str(getattr(arg, "text", arg))
    return found


def compare_enums(ctx: Any, upgrade_ops: Any, schemas: set[str | None]) -> None:
    """Create, change and drop named ENUM types (PostgreSQL)."""
    if not ctx._profile.named_enum_types:
        return
    md_enums = _metadata_enums(ctx, schemas)
    conn_enums = _conn_enums(ctx, schemas)
    ctx._managed_enums = set(md_enums) | set(conn_enums)
    creates = [
        CreateEnumTypeOp(name, vals, schema)
        for (schema, name), vals in md_enums.items()
        if (schema, name) not in conn_enums
    ]
    upgrade_ops.ops[0:0] = creates
    for key in sorted(set(md_enums) & set(conn_enums), key=repr):
        if md_enums[key] != conn_enums[key]:
            usages, arrays = _usages(ctx, key, _conn_tables(ctx))
            op = AlterEnumValuesOp(
                key[1], conn_enums[key], md_enums[key], key[0], usages
            )
            op.array_usages = arrays
            op.defaults = _usage_defaults(_conn_tables(ctx), usages)
            upgrade_ops.ops.append(op)
    unused = sorted(set(conn_enums) - set(md_enums), key=repr)
    kept_users = _usages_kept(ctx) if unused else set()
    for key in unused:
        if key[1] not in kept_users:
            upgrade_ops.ops.append(DropEnumTypeOp(key[1], conn_enums[key], key[0]))


def _usages_kept(ctx: Any) -> set[str]:
    """ENUM type names still used by reflected columns that stay (directly or
    as the item type of an ARRAY column)."""
    names: set[str] = set()
    md_tables = _md_tables(ctx)
    for key, table in _conn_tables(ctx).items():
        md_table = md_tables.get(key)
        excluded = md_table is None and not ctx.run_object_filters(
            table, table.name, "table", True, None
        )
        for col in table.c:
            enum = named_enum(col.type)
            if enum is None:
                continue
            if excluded or (md_table is not None and col.name in md_table.c):
                names.add(enum.name)
    return names


def compare_sequences(ctx: Any, upgrade_ops: Any, schemas: set[str | None]) -> None:
    """Sequences of the models against the database's free-standing ones."""
    if not getattr(ctx.dialect, "supports_sequences", False):
        return
    md_seqs: dict[tuple[str | None, str], Any] = {}
    for metadata in ctx._metadatas:
        for seq in metadata._sequences.values():
            schema = _norm(ctx, seq.schema)
            if schema in schemas and ctx.run_object_filters(
                seq, seq.name, "sequence", False, None
            ):
                md_seqs[(schema, seq.name)] = seq
    conn_seqs: set[tuple[str | None, str]] = set()
    for schema in schemas:
        owned = _owned_sequences(ctx, schema)
        for name in ctx.inspector.get_sequence_names(schema=schema):
            if name not in owned:
                conn_seqs.add((schema, name))
    creates = [
        CreateSequenceOp.from_sequence(md_seqs[k])
        for k in sorted(md_seqs, key=repr)
        if k not in conn_seqs
    ]
    upgrade_ops.ops[0:0] = creates
    for schema, name in sorted(conn_seqs - set(md_seqs), key=repr):
        from sqlalchemy import Sequence

        seq = Sequence(name, schema=schema)
        if ctx.run_object_filters(seq, name, "sequence", True, None):
            upgrade_ops.ops.append(DropSequenceOp(name, schema))


def _owned_sequences(ctx: Any, schema: str | None) -> set[str]:
    finder = getattr(ctx._profile, "owned_sequence_names", None)
    return set(finder(ctx.connection, schema)) if finder else set()
