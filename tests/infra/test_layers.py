"""The import-layer rule of docs/DEVELOPMENT.md, checked on the source text.

Every module under ``src/alembic/`` belongs to one layer and may import only
modules of its own layer or lower ones.  Imports inside ``if TYPE_CHECKING:``
are typing-only and ignored.  Facades (modules that only forward to a public
path) may import anything.  A layered module may import a facade only if the
facade's own module-level imports stay at or below the importer's layer (so
``alembic.op``, which holds the current ``Operations`` and imports the rest
lazily, can be pushed to from the operations layer).  Importing the root
package ``alembic`` itself is always fine: Python has loaded it already.
The check reads the files with ``ast``; it imports nothing, so a broken
module still gets checked.
"""
from __future__ import annotations

import ast
import pathlib

import pytest

PKG = pathlib.Path(__file__).resolve().parents[2] / "src" / "alembic"

#: Lowest first.  ``cli`` is the argparse front end built from the command
#: functions, so it sits above ``command`` (design/ARCHITECTURE.md).
LAYERS = ["util", "config", "script", "ddl", "operations", "runtime", "autogenerate", "command", "cli"]

#: Module or package prefix -> layer.  The longest matching prefix wins.
LAYER_OF = {
    "alembic.util": "util",
    "alembic.config": "config",
    "alembic.script": "script",
    "alembic.ddl": "ddl",
    "alembic.operations": "operations",
    "alembic.runtime": "runtime",
    "alembic.autogenerate": "autogenerate",
    "alembic.ext": "autogenerate",
    "alembic.command": "command",
    "alembic.cli": "cli",
}

#: Modules that only forward to a public path; they may import any layer.
FACADES = {
    "alembic",
    "alembic.__main__",
    "alembic.op",
    "alembic.context",
    "alembic.migration",
    "alembic.environment",
}

#: Packages that are not part of the layered library code.
NOT_CHECKED = ("alembic.templates", "alembic.testing")

#: Known upward edges, each with its reason.  Keep this short.
ALLOWED = {
    # Config.main() is the console-script entry point: it hands argv to the CLI.
    ("alembic.config", "alembic.cli"),
}


def module_name(path: pathlib.Path) -> str:
    """Dotted module name of a file under the package."""
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(name: str) -> str | None:
    """Layer of a dotted module name; "facade" for facades; None if unmapped."""
    if name in FACADES:
        return "facade"
    best = None
    for prefix, layer in LAYER_OF.items():
        if name == prefix or name.startswith(prefix + "."):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, layer)
    return best[1] if best else None


def rank(layer: str) -> int:
    """Height of a layer; facades are above everything."""
    return len(LAYERS) if layer == "facade" else LAYERS.index(layer)


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _walk_runtime_nodes(node: ast.AST, module_level_only: bool = False):
    """All nodes below ``node``, skipping the bodies of ``if TYPE_CHECKING:``
    (and of functions, with ``module_level_only``)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield other
                yield from _walk_runtime_nodes(other, module_level_only)
            continue
        if module_level_only and isinstance(child, _FUNCTIONS):
            continue
        yield child
        yield from _walk_runtime_nodes(child, module_level_only)


def _resolve_from(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _module_exists(name: str) -> bool:
    rel = pathlib.Path(*name.split(".")[1:])
    return (PKG / rel).with_suffix(".py").exists() or (PKG / rel / "__init__.py").exists()


def imported_modules(path: pathlib.Path, module_level_only: bool = False) -> list[tuple[int, str]]:
    """(line, dotted name) of each ``alembic`` module imported at run time."""
    importer = module_name(path)
    is_package = path.name == "__init__.py"
    found = []
    tree = ast.parse(path.read_text(), str(path))
    for node in _walk_runtime_nodes(tree, module_level_only):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(importer, is_package, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((node.lineno, sub if _module_exists(sub) else base))
    return [(line, name) for line, name in found if name.split(".")[0] == "alembic"]


def library_modules() -> list[pathlib.Path]:
    """Every checked .py file of the package."""
    files = []
    for path in sorted(PKG.rglob("*.py")):
        if module_name(path).startswith(NOT_CHECKED):
            continue
        files.append(path)
    return files


def _module_path(name: str) -> pathlib.Path:
    rel = pathlib.Path(*name.split(".")[1:])
    single = (PKG / rel).with_suffix(".py")
    return single if single.exists() else PKG / rel / "__init__.py"


def facade_rank(name: str) -> int:
    """Height of a facade: that of the highest layer it imports at module level."""
    path = _module_path(name)
    if not path.exists():
        return -1
    ranks = [-1]
    for _, target in imported_modules(path, module_level_only=True):
        theirs = layer_of(target)
        if theirs is not None and theirs != "facade":
            ranks.append(rank(theirs))
    return max(ranks)


def target_rank(name: str) -> int | None:
    """Height of an imported module, or None when it does not count."""
    theirs = layer_of(name)
    if theirs is None or name == "alembic":
        return None
    return facade_rank(name) if theirs == "facade" else rank(theirs)


def violations(path: pathlib.Path) -> list[str]:
    """Upward imports of one module, as readable lines."""
    importer = module_name(path)
    own = layer_of(importer)
    if own == "facade":
        return []
    problems = []
    for line, target in imported_modules(path):
        height = target_rank(target)
        if height is None or (importer, target) in ALLOWED:
            continue
        if height > rank(own):
            theirs = layer_of(target)
            problems.append(f"{path.relative_to(PKG.parent)}:{line}: {own} imports {target} ({theirs})")
    return problems


def test_every_module_has_a_layer():
    unmapped = [module_name(p) for p in library_modules() if layer_of(module_name(p)) is None]
    assert unmapped == [], "add these to LAYER_OF or FACADES in tests/infra/test_layers.py"


def test_no_module_imports_a_higher_layer():
    found = [v for path in library_modules() for v in violations(path)]
    assert found == [], "upward imports (move them under `if TYPE_CHECKING:` or restructure):\n" + "\n".join(found)


# --- the checker itself, on sources written here -------------------------------------


@pytest.fixture
def fake_pkg(tmp_path, monkeypatch):
    """A throwaway ``alembic`` tree the checker is pointed at."""
    root = tmp_path / "alembic"
    for sub in ("util", "script", "runtime"):
        (root / sub).mkdir(parents=True)
        (root / sub / "__init__.py").write_text("")
    (root / "__init__.py").write_text("from . import runtime\n")
    (root / "util" / "exc.py").write_text("")
    monkeypatch.setitem(globals(), "PKG", root)
    return root


def test_checker_flags_upward_import_and_ignores_type_checking(fake_pkg):
    mod = fake_pkg / "script" / "base.py"
    mod.write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..util import exc\n"
        "if TYPE_CHECKING:\n"
        "    from ..runtime import environment\n"
        "def f():\n"
        "    from alembic.runtime import migration\n"
    )
    assert imported_modules(mod) == [(2, "alembic.util.exc"), (6, "alembic.runtime")]
    assert violations(mod) == ["alembic/script/base.py:6: script imports alembic.runtime (runtime)"]


def test_checker_judges_facades_by_their_module_level_imports(fake_pkg):
    (fake_pkg / "op.py").write_text("import contextvars\ndef f():\n    from .runtime import x\n")
    (fake_pkg / "context.py").write_text("from .runtime import environment\n")
    mod = fake_pkg / "script" / "base.py"
    mod.write_text("from .. import op\nfrom .. import context\nimport alembic\n")
    assert violations(mod) == ["alembic/script/base.py:2: script imports alembic.context (facade)"]


def test_checker_resolves_relative_imports_in_packages(fake_pkg):
    init = fake_pkg / "runtime" / "__init__.py"
    init.write_text("from .. import util\nfrom . import migration\n")
    assert imported_modules(init) == [(1, "alembic.util"), (2, "alembic.runtime")]
    assert violations(init) == []
    assert violations(fake_pkg / "__init__.py") == []  # facade
