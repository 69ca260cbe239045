#!/usr/bin/env python3
"""Write the typing stubs ``op.pyi``, ``context.pyi`` and ``operations/_directives.pyi``.

``alembic.op`` and ``alembic.context`` forward attribute access at run time
(module ``__getattr__``), so editors and mypy cannot see what they offer.
These stubs spell it out: one module-level function per public method of
``Operations`` (for ``op``) or ``EnvironmentContext`` (for ``context``), with
the method's own signature minus ``self``, plus the facade module's own
names.  The signatures are read with ``inspect`` from the classes, so the
source annotations are the one place where the types live; run this script
again after changing them (``tests/infra/test_stubs.py`` fails until then).

Usage::

    python tools/write_pyi.py           # rewrite both stubs
    python tools/write_pyi.py --check   # exit 1 if a stub is out of date
"""

from __future__ import annotations

import argparse
import ast
import builtins
import inspect
import pathlib
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "alembic"

#: where each name used in an annotation is imported from in a stub
IMPORTS: dict[str, str] = {
    "Any": "typing",
    "Literal": "typing",
    "TextIO": "typing",
    "AbstractContextManager": "contextlib",
    "Awaitable": "collections.abc",
    "Callable": "collections.abc",
    "Iterator": "collections.abc",
    "Mapping": "collections.abc",
    "Sequence": "collections.abc",
    "contextvars": "",  # a module: ``import contextvars``
    "Connection": "sqlalchemy.engine",
    "URL": "sqlalchemy.engine",
    "Column": "sqlalchemy.schema",
    "MetaData": "sqlalchemy.schema",
    "SchemaItem": "sqlalchemy.schema",
    "Table": "sqlalchemy.schema",
    "BindParameter": "sqlalchemy.sql.elements",
    "ColumnElement": "sqlalchemy.sql.elements",
    "TextClause": "sqlalchemy.sql.elements",
    "conv": "sqlalchemy.sql.elements",
    "Executable": "sqlalchemy.sql.expression",
    "TableClause": "sqlalchemy.sql.expression",
    "TypeEngine": "sqlalchemy.types",
    "Config": "alembic.config",
    "DefaultImpl": "alembic.ddl.impl",
    "AbstractOperations": "alembic.operations.base",
    "BatchOperations": "alembic.operations.base",
    "Operations": "alembic.operations.base",
    "MigrateOperation": "alembic.operations.ops",
    "ServerDefaultArgument": "alembic.operations._typing",
    "TypeArgument": "alembic.operations._typing",
    "EnvironmentContext": "alembic.runtime.environment",
    "MigrationContext": "alembic.runtime.migration",
    "ScriptDirectory": "alembic.script",
}

_BUILTINS = set(dir(builtins))
LINE_LENGTH = 88


@dataclass(frozen=True)
class Facade:
    """One forwarding module: its name, the class it forwards to, which of
    the class's names it offers, and instance attributes that carry types
    the class does not declare as class attributes."""

    module: str
    cls: Callable[[], type]
    names: Callable[[type], list[str]]
    attributes: dict[str, str]


def _operations() -> type:
    from alembic.operations import Operations

    return Operations


def _environment_context() -> type:
    from alembic.runtime.environment import EnvironmentContext

    return EnvironmentContext


def _public_callables(cls: type) -> list[str]:
    return sorted(n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n)))


def _forwarded_context_names(cls: type) -> list[str]:
    from alembic import context

    return sorted(n for n in context._FORWARDED if callable(getattr(cls, n, None)))


FACADES = {
    "op": Facade("op", _operations, _public_callables, {"_proxy": "AbstractOperations | None"}),
    "context": Facade(
        "context",
        _environment_context,
        _forwarded_context_names,
        {"_proxy": "EnvironmentContext | None", "config": "Config", "script": "ScriptDirectory"},
    ),
}

#: every stub this script writes, as paths under src/alembic without ".pyi"
STUBS = [*FACADES, "operations/_directives"]


def _annotation(value: Any) -> str:
    if value is inspect.Parameter.empty:
        return "Any"
    if isinstance(value, str):
        return value
    if value is None or value is type(None):
        return "None"
    return value.__name__ if isinstance(value, type) else repr(value)


def _parameter(param: inspect.Parameter) -> str:
    prefix = {param.VAR_POSITIONAL: "*", param.VAR_KEYWORD: "**"}.get(param.kind, "")
    if param.name == "self" and param.annotation is param.empty:
        return "self"
    text = f"{prefix}{param.name}: {_annotation(param.annotation)}"
    if param.default is not param.empty:
        text += " = ..."
    return text


def _parameters(sig: inspect.Signature) -> list[str]:
    parts: list[str] = []
    star_done = False
    for param in sig.parameters.values():
        if param.kind is param.KEYWORD_ONLY and not star_done:
            parts.append("*")
        if param.kind in (param.KEYWORD_ONLY, param.VAR_POSITIONAL):
            star_done = True
        parts.append(_parameter(param))
        if param.kind is param.POSITIONAL_ONLY and (
            len(parts) == len(sig.parameters) or _next_kind(sig, param) is not param.POSITIONAL_ONLY
        ):
            parts.append("/")
    return parts


def _next_kind(sig: inspect.Signature, param: inspect.Parameter) -> Any:
    names = list(sig.parameters)
    index = names.index(param.name)
    return sig.parameters[names[index + 1]].kind if index + 1 < len(names) else None


def _is_context_manager(fn: Any) -> bool:
    wrapped = getattr(fn, "__wrapped__", None)
    return wrapped is not None and inspect.isgeneratorfunction(wrapped)


def _returns(fn: Any, sig: inspect.Signature) -> str:
    text = _annotation(sig.return_annotation)
    if _is_context_manager(fn) and text.startswith("Iterator[") and text.endswith("]"):
        return f"AbstractContextManager[{text[len('Iterator[') : -1]}]"
    return text


def _method_signature(cls: type, name: str) -> tuple[inspect.Signature, Any]:
    raw = inspect.getattr_static(cls, name)
    fn = getattr(cls, name)
    sig = inspect.signature(fn)
    if not isinstance(raw, (classmethod, staticmethod)):
        params = list(sig.parameters.values())[1:]  # drop self
        sig = sig.replace(parameters=params)
    return sig, fn


def _docstring(fn: Any, indent: str) -> list[str]:
    doc = inspect.getdoc(fn)
    if not doc:
        return []
    body = doc.replace('"""', r"\"\"\"").splitlines()
    if len(body) == 1:
        return [f'{indent}"""{body[0]}"""']
    rest = [(indent + line).rstrip() for line in body[1:]]
    return [f'{indent}"""{body[0]}', *rest, f'{indent}"""']


def _function(
    name: str, fn: Any, sig: inspect.Signature, with_doc: bool, indent: str = ""
) -> list[str]:
    params = _parameters(sig)
    returns = _returns(fn, sig)
    head = f"{indent}def {name}({', '.join(params)}) -> {returns}:"
    if len(head) > LINE_LENGTH:
        lines = "".join(f"{indent}    {p},\n" for p in params)
        head = f"{indent}def {name}(\n{lines}{indent}) -> {returns}:"
    doc = _docstring(fn, indent + "    ") if with_doc else []
    return [head, *doc, f"{indent}    ..."] if doc else [head + " ..."]


def _own_functions(module: types.ModuleType) -> Iterable[tuple[str, Any]]:
    """The facade module's own functions, as the package itself calls them
    (``op._push``); its ``__getattr__``/``__dir__`` stay out of the stub so
    a misspelt name is reported."""
    for name, value in sorted(vars(module).items()):
        if name.startswith("__") or not inspect.isfunction(value):
            continue
        if value.__module__ == module.__name__:
            yield name, value


def _names_in(annotation: str) -> set[str]:
    tree = ast.parse(annotation, mode="eval")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _names_in_signature(fn: Any, sig: inspect.Signature) -> set[str]:
    found = _names_in(_returns(fn, sig))
    for param in sig.parameters.values():
        found |= _names_in(_annotation(param.annotation))
    return found


def _import_block(used: set[str], module: str) -> list[str]:
    unknown = sorted(n for n in used if n not in IMPORTS and n not in _BUILTINS)
    if unknown:
        raise SystemExit(
            f"write_pyi: {module}.pyi would use {', '.join(unknown)}; add each to IMPORTS "
            "in tools/write_pyi.py with the module to import it from"
        )
    by_source: dict[str, list[str]] = {}
    for name in sorted(used - _BUILTINS, key=str.lower):
        by_source.setdefault(IMPORTS[name], []).append(name)
    lines = [f"import {name}" for name in by_source.pop("", [])]
    groups: list[list[str]] = [[], [], []]  # standard library, third party, alembic
    for src, names in sorted(by_source.items()):
        top = src.split(".")[0]
        group = 0 if top in sys.stdlib_module_names else 2 if top == "alembic" else 1
        groups[group].append(f"from {src} import {', '.join(names)}")
    for group in groups:
        if group:
            lines += [*group, ""]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _registered_directives(cls: type) -> list[str]:
    """Methods that ``register_operation`` added to ``cls`` itself."""
    return sorted(n for n, v in vars(cls).items() if hasattr(v, "__wrapped_classmethod__"))


def _render_directives() -> str:
    """``operations/_directives.pyi``: the methods ``register_operation``
    adds to ``Operations`` and ``BatchOperations`` at import time, declared
    on typing-only base classes (``operations/base.py`` imports them under
    ``TYPE_CHECKING``)."""
    from alembic.operations import BatchOperations, Operations

    body: list[str] = []
    used: set[str] = set()
    for cls in (Operations, BatchOperations):
        body += ["", f"class {cls.__name__}Directives:"]
        for meth in _registered_directives(cls):
            fn = getattr(cls, meth)
            sig = inspect.signature(fn)
            first, *rest = sig.parameters.values()
            sig = sig.replace(parameters=[first.replace(annotation=first.empty), *rest])
            used |= _names_in_signature(fn, sig)
            body += [*_function(meth, fn, sig, with_doc=True, indent="    "), ""]
        body.pop()
    return _assemble("alembic.operations.base.Operations / BatchOperations", used, body, "_directives")


def _assemble(source: str, used: set[str], body: list[str], name: str) -> str:
    header = [
        f"# Generated by tools/write_pyi.py from {source}; do not edit by hand.",
        "",
        *_import_block(used, name),
        "",
    ]
    return "\n".join(header + body) + "\n"


def render(name: str) -> str:
    """The text of ``src/alembic/<name>.pyi``."""
    import importlib

    if name == "operations/_directives":
        return _render_directives()
    facade = FACADES[name]
    module = importlib.import_module(f"alembic.{name}")
    cls = facade.cls()
    body: list[str] = []
    used: set[str] = set()
    for attr, annotation in sorted(facade.attributes.items()):
        body.append(f"{attr}: {annotation}")
        used |= _names_in(annotation)
    for fname, fn in _own_functions(module):
        sig = inspect.signature(fn)
        used |= _names_in_signature(fn, sig)
        body += ["", *_function(fname, fn, sig, with_doc=False)]
    for meth in facade.names(cls):
        sig, fn = _method_signature(cls, meth)
        used |= _names_in_signature(fn, sig)
        body += ["", *_function(meth, fn, sig, with_doc=True)]
    source = f"{cls.__module__}.{cls.__qualname__}"
    return _assemble(source, used, ["__all__: list[str]", "", *body], name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale stubs")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    stale = []
    for name in STUBS:
        path = PACKAGE / f"{name}.pyi"
        text = render(name)
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text)
    for path in stale:
        verb = "out of date" if args.check else "written"
        sys.stderr.write(f"write_pyi: {path.relative_to(ROOT)} {verb}\n")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
