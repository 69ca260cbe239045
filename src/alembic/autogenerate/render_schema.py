"""Render schema items (columns, types, defaults, constraints) as the Python
source a migration file uses: ``sa.Column('id', sa.Integer(), nullable=False)``."""

from __future__ import annotations

import re
from typing import Any

from .compare import ext_enabled

__all__ = [
    "_alembic_autogenerate_prefix",
    "_ident",
    "_render_column",
    "_render_constraint",
    "_render_gen_name",
    "_render_potential_expr",
    "_render_server_default",
    "_repr_type",
    "_sqlalchemy_autogenerate_prefix",
    "_user_defined_render",
]


def _ident(name: Any) -> Any:
    """Names as plain ``str`` (drops ``quoted_name``/``conv`` subclasses)."""
    if name is None:
        return None
    return str(name)


def _sqlalchemy_autogenerate_prefix(ctx: Any) -> str:
    return ctx.opts.get("sqlalchemy_module_prefix", "sa.") or ""


def _alembic_autogenerate_prefix(ctx: Any) -> str:
    if ctx._has_batch:
        return "batch_op."
    return ctx.opts.get("alembic_module_prefix", "op.") or ""


def _user_defined_render(type_: str, obj: Any, ctx: Any) -> Any:
    render_item = ctx.opts.get("render_item")
    if render_item:
        rendered = render_item(type_, obj, ctx)
        if rendered is not False:
            return rendered
    return False


def _render_gen_name(ctx: Any, name: Any) -> str:
    """``op.f('name')`` for names a naming convention made, else ``'name'``."""
    from sqlalchemy.sql.elements import conv

    if isinstance(name, conv):
        return f"{_alembic_autogenerate_prefix(ctx)}f({str(name)!r})"
    return repr(_ident(name))


# -- types -------------------------------------------------------------------


def _repr_type(type_: Any, ctx: Any, _skip_variants: bool = False) -> str:
    """Python source for a SQLAlchemy type, adding the imports it needs."""
    rendered = _user_defined_render("type", type_, ctx)
    if rendered is not False:
        return rendered
    impl_text = _impl_render_type(type_, ctx)
    mapping = getattr(type_, "_variant_mapping", None)
    if mapping and not _skip_variants:
        return _render_variant(type_, ctx)
    mod = type(type_).__module__
    if mod.startswith("sqlalchemy.dialects"):
        dname = re.match(r"sqlalchemy\.dialects\.(\w+)", mod).group(1)
        ctx.imports.add(f"from sqlalchemy.dialects import {dname}")
        if impl_text:
            return impl_text
    elif impl_text:
        return impl_text
    enum_text = _render_managed_enum(type_, ctx)
    if enum_text:
        return enum_text
    if mod.startswith("sqlalchemy.dialects"):
        return f"{dname}.{_type_repr(type_, ctx)}"
    if mod.startswith("sqlalchemy."):
        return f"{_sqlalchemy_autogenerate_prefix(ctx)}{_type_repr(type_, ctx)}"
    prefix = ctx.opts.get("user_module_prefix")
    if prefix is None:
        # the module prefix only: Alembic adds no import for it (the
        # template or a render_item hook must provide one)
        prefix = f"{mod}."
    return f"{prefix}{type_!r}"


def _impl_render_type(type_: Any, ctx: Any) -> Any:
    """What the migration's impl renders for ``type_`` (a third-party
    dialect's ``render_type()``), asked before the built-in rendering as
    Alembic asks it: also for a type with variants, whose variant rendering
    still wins, and a dialect type keeps its ``sqlalchemy.dialects`` import."""
    impl = getattr(getattr(ctx, "migration_context", None), "impl", None)
    if impl is None:
        return None
    return impl.render_type(type_, ctx)


def _type_repr(type_: Any, ctx: Any) -> str:
    if type(type_).__module__.startswith("sqlalchemy.dialects.postgresql"):
        if not _renders_postgresql_types(ctx):
            return repr(type_)  # as Alembic: only its PostgreSQL impl does more
        return _postgresql_type_repr(type_, ctx)
    item_type = getattr(type_, "item_type", None)
    if item_type is not None and type(type_).__name__ == "ARRAY":
        return _array_repr(type_, _repr_type(item_type, ctx))
    return _nested_types_prefixed(type_, repr(type_), ctx)


def _renders_postgresql_types(ctx: Any) -> bool:
    profile = getattr(ctx, "_profile", None)
    return profile is not None and profile.renders_postgresql_types


def _postgresql_type_repr(type_: Any, ctx: Any) -> str:
    """ARRAY, JSON/JSONB, DOMAIN and the rest of PostgreSQL's types, with the
    types they hold rendered (and imported) like any other."""
    item_type = getattr(type_, "item_type", None)
    if item_type is not None and type(type_).__name__ == "ARRAY":
        return _array_repr(type_, _repr_type(item_type, ctx))
    astext = getattr(type_, "astext_type", None)
    if astext is not None:
        return _json_repr(type_, astext, ctx)
    if type(type_).__name__ == "DOMAIN":
        return _domain_repr(type_, ctx)
    return _nested_types_prefixed(type_, repr(type_), ctx)


def _nested_types_prefixed(type_: Any, text: str, ctx: Any) -> str:
    """``HSTORE(text_type=Text())`` -> ``HSTORE(text_type=sa.Text())``: a type
    given as a keyword argument (also one the class holds as its default) is
    rendered (and imported) like any other."""
    from sqlalchemy.types import TypeEngine

    for attr in dict.fromkeys(re.findall(r"\b([a-z_]\w*)=", text)):
        value = getattr(type_, attr, None)
        if isinstance(value, TypeEngine):
            plain = f"{attr}={value!r}"
            if plain in text:
                text = text.replace(plain, f"{attr}={_repr_type(value, ctx)}", 1)
    return text


def _domain_repr(type_: Any, ctx: Any) -> str:
    """PostgreSQL DOMAIN with its data type and the options it was given."""
    args = [repr(type_.name), _repr_type(type_.data_type, ctx)]
    for key in ("collation", "default", "constraint_name", "not_null", "check"):
        value = getattr(type_, key, None)
        if value is None or value is False:
            continue
        if hasattr(value, "text"):
            value = value.text
        args.append(f"{key}={value!r}")
    return f"DOMAIN({', '.join(args)})"


def _json_repr(type_: Any, astext: Any, ctx: Any) -> str:
    """PostgreSQL JSON/JSONB: the nested ``astext_type`` needs its prefix too."""
    args = []
    if getattr(type_, "none_as_null", False):
        args.append("none_as_null=True")
    args.append(f"astext_type={_repr_type(astext, ctx)}")
    return f"{type(type_).__name__}({', '.join(args)})"


def _array_repr(type_: Any, inner: str) -> str:
    args = [inner]
    if getattr(type_, "dimensions", None) is not None:
        args.append(f"dimensions={type_.dimensions!r}")
    if getattr(type_, "as_tuple", False):
        args.append("as_tuple=True")
    return f"ARRAY({', '.join(args)})"


def _render_variant(type_: Any, ctx: Any) -> str:
    base = _repr_type(type_, ctx, _skip_variants=True)
    for dialect, variant in sorted(type_._variant_mapping.items()):
        base += f".with_variant({_repr_type(variant, ctx, _skip_variants=True)}, {dialect!r})"
    return base


def _render_managed_enum(type_: Any, ctx: Any) -> str | None:
    """Named ENUMs on PostgreSQL: types are created/dropped by their own ops,
    so columns refer to them with ``create_type=False``."""
    from sqlalchemy import Enum

    profile = getattr(ctx, "_profile", None)
    if profile is None or not profile.named_enum_types:
        return None
    if not ext_enabled(ctx, "postgresql_enums"):
        return None
    if not (isinstance(type_, Enum) and type_.native_enum and type_.name):
        return None
    ctx.imports.add("from sqlalchemy.dialects import postgresql")
    args = [repr(v) for v in type_.enums] + [f"name={type_.name!r}"]
    if type_.schema:
        args.append(f"schema={type_.schema!r}")
    args.append("create_type=False")
    return f"postgresql.ENUM({', '.join(args)})"


# -- expressions and defaults -----------------------------------------------


def _render_potential_expr(
    value: Any,
    ctx: Any,
    wrap_in_element: bool = True,
    is_server_default: bool = False,
    is_index: bool = False,
) -> str:
    from sqlalchemy.sql.elements import ClauseElement

    if isinstance(value, ClauseElement):
        sql = _sql_text(value, ctx, is_server_default, is_index)
        if wrap_in_element:
            # an index expression is written as a column-like element, as
            # Alembic does, so the dialect treats it as one key part
            element = "literal_column" if is_index else "text"
            return f"{_sqlalchemy_autogenerate_prefix(ctx)}{element}({sql!r})"
        return repr(sql)
    return repr(value)


def _sql_text(
    value: Any, ctx: Any, is_server_default: bool = False, is_index: bool = False
) -> str:
    """SQL of an expression as the migration's dialect writes it in DDL."""
    impl = getattr(getattr(ctx, "migration_context", None), "impl", None)
    try:
        if impl is not None:
            return impl.render_ddl_sql_expr(
                value, is_server_default=is_server_default, is_index=is_index
            )
        return str(
            value.compile(
                dialect=ctx.dialect,
                compile_kwargs={"literal_binds": True, "include_table": False},
            )
        )
    except Exception:  # noqa: BLE001 - user types and hooks may fail in any way
        return str(value)


def _render_server_default(default: Any, ctx: Any, repr_: bool = True) -> str | None:
    rendered = _user_defined_render("server_default", default, ctx)
    if rendered is not False:
        return rendered
    from sqlalchemy.schema import Computed, DefaultClause, FetchedValue, Identity

    if isinstance(default, Computed):
        return _render_computed(default, ctx)
    if isinstance(default, Identity):
        return _render_identity(default, ctx)
    if isinstance(default, DefaultClause):
        if isinstance(default.arg, str):
            default = default.arg
        else:
            return _render_potential_expr(default.arg, ctx, is_server_default=True)
    elif isinstance(default, FetchedValue):
        return f"{_sqlalchemy_autogenerate_prefix(ctx)}FetchedValue()"
    if isinstance(default, str) and repr_:
        return repr(re.sub(r"^'|'$", "", default))
    return default


def _render_computed(computed: Any, ctx: Any) -> str:
    text = _render_potential_expr(computed.sqltext, ctx, wrap_in_element=False)
    kw = f", persisted={computed.persisted!r}" if computed.persisted is not None else ""
    return f"{_sqlalchemy_autogenerate_prefix(ctx)}Computed({text}{kw})"


def _render_identity(identity: Any, ctx: Any) -> str:
    """``Identity(...)`` with the options SQLAlchemy reports for it (``always``
    included, as Alembic writes it) and any dialect keywords."""
    opts = dict(identity._as_dict())
    opts.update(identity.dialect_kwargs)
    kw = [f"{key}={value!r}" for key, value in opts.items()]
    return f"{_sqlalchemy_autogenerate_prefix(ctx)}Identity({', '.join(kw)})"


# -- columns -----------------------------------------------------------------


def _render_column(column: Any, ctx: Any) -> str:
    rendered = _user_defined_render("column", column, ctx)
    if rendered is not False:
        return rendered
    args: list[str] = []
    opts: list[tuple] = []
    if column.server_default is not None:
        text = _render_server_default(column.server_default, ctx)
        if text:
            if _positional_default(column.server_default):
                args.append(text)
            else:
                opts.append(("server_default", text))
    if column.autoincrement is not None and column.autoincrement != "auto":
        opts.append(("autoincrement", repr(column.autoincrement)))
    if column.nullable is not None:
        opts.append(("nullable", repr(column.nullable)))
    if column.system:
        opts.append(("system", repr(column.system)))
    if column.comment is not None:
        opts.append(("comment", repr(column.comment)))
    kwargs = [f"{k}={v}" for k, v in opts]
    kwargs += [
        f"{k}={_render_potential_expr(v, ctx)}"
        for k, v in sorted(column.dialect_kwargs.items())
    ]
    prefix = _sqlalchemy_autogenerate_prefix(ctx)
    parts = [repr(_ident(column.name)), _repr_type(column.type, ctx)] + args + kwargs
    return f"{prefix}Column({', '.join(parts)})"


def _positional_default(default: Any) -> bool:
    from sqlalchemy.schema import Computed, Identity

    return isinstance(default, (Computed, Identity))


# -- constraints -------------------------------------------------------------


def _render_constraint(
    constraint: Any, ctx: Any, namespace_metadata: Any = None
) -> str | None:
    from sqlalchemy import (
        CheckConstraint,
        ForeignKeyConstraint,
        PrimaryKeyConstraint,
        UniqueConstraint,
    )

    if isinstance(constraint, PrimaryKeyConstraint):
        return _render_primary_key(constraint, ctx)
    if isinstance(constraint, ForeignKeyConstraint):
        return _render_foreign_key(constraint, ctx, namespace_metadata)
    if isinstance(constraint, UniqueConstraint):
        return _render_unique_constraint(constraint, ctx)
    if isinstance(constraint, CheckConstraint):
        return _render_check_constraint(constraint, ctx)
    return None


def _name_opt(constraint: Any, ctx: Any) -> list[str]:
    return [f"name={_render_gen_name(ctx, constraint.name)}"] if constraint.name else []


def _deferral_opts(constraint: Any) -> list[str]:
    opts = []
    if constraint.deferrable:
        opts.append(f"deferrable={constraint.deferrable!r}")
    if constraint.initially:
        opts.append(f"initially={constraint.initially!r}")
    return opts


def _render_primary_key(constraint: Any, ctx: Any) -> str | None:
    rendered = _user_defined_render("primary_key", constraint, ctx)
    if rendered is not False:
        return rendered
    if not constraint.columns:
        return None
    args = [repr(_ident(c.name)) for c in constraint.columns] + _name_opt(
        constraint, ctx
    )
    return (
        f"{_sqlalchemy_autogenerate_prefix(ctx)}PrimaryKeyConstraint({', '.join(args)})"
    )


def _fk_colspec(fk: Any, table_schema: str | None) -> str:
    """``[schema.]table.column`` the foreign key points at."""
    return fk.target_fullname


def _render_foreign_key(
    constraint: Any, ctx: Any, namespace_metadata: Any = None
) -> str | None:
    rendered = _user_defined_render("foreign_key", constraint, ctx)
    if rendered is not False:
        return rendered
    table_schema = constraint.parent.schema if constraint.parent is not None else None
    local = [repr(_ident(e.parent.name)) for e in constraint.elements]
    remote = [repr(_fk_colspec(e, table_schema)) for e in constraint.elements]
    opts = _name_opt(constraint, ctx)
    for key in ("onupdate", "ondelete"):
        value = getattr(constraint, key)
        if value:
            opts.append(f"{key}={value!r}")
    if constraint.initially:  # Alembic names INITIALLY before DEFERRABLE here
        opts.append(f"initially={constraint.initially!r}")
    if constraint.deferrable:
        opts.append(f"deferrable={constraint.deferrable!r}")
    if constraint.use_alter:
        opts.append("use_alter=True")
    if constraint.match:
        opts.append(f"match={constraint.match!r}")
    # Alembic always writes the separator after the referred columns, so an
    # option-less key reads "ForeignKeyConstraint(['a'], ['t.id'], )".
    head = f"[{', '.join(local)}], [{', '.join(remote)}], "
    return (
        f"{_sqlalchemy_autogenerate_prefix(ctx)}ForeignKeyConstraint("
        f"{head}{', '.join(opts)})"
    )


def _render_unique_constraint(constraint: Any, ctx: Any) -> str | None:
    rendered = _user_defined_render("unique", constraint, ctx)
    if rendered is not False:
        return rendered
    args = [repr(_ident(c.name)) for c in constraint.columns] + _name_opt(
        constraint, ctx
    )
    args += _deferral_opts(constraint)
    args += [
        f"{key}={_render_potential_expr(value, ctx)}"
        for key, value in constraint.dialect_kwargs.items()
    ]
    return f"{_sqlalchemy_autogenerate_prefix(ctx)}UniqueConstraint({', '.join(args)})"


def _render_check_constraint(constraint: Any, ctx: Any) -> str | None:
    rendered = _user_defined_render("check", constraint, ctx)
    if rendered is not False:
        return rendered
    if getattr(constraint, "_type_bound", False):
        return None  # the Boolean / Enum type makes this constraint itself
    text = _render_potential_expr(constraint.sqltext, ctx, wrap_in_element=False)
    args = [text] + _name_opt(constraint, ctx) + _deferral_opts(constraint)
    return f"{_sqlalchemy_autogenerate_prefix(ctx)}CheckConstraint({', '.join(args)})"
