"""Team rules on the package's source, checked with ``ast`` (nothing imported).

- The core never calls ``print``, ``input`` or ``sys.exit``: output goes through
  ``alembic.util.messaging`` and only the CLI picks exit codes.
- Public modules declare ``__all__`` (package ``__init__`` files, which re-export
  with ``import X as X``, and facades are exempt).
- Functions stay under 80 lines of body (STYLE.md: "none over 80"), and modules
  under about 600 lines of code; the hard limit here is 800 (blank lines, comments
  and docstrings not counted), beyond any reading of "about 600".
"""
from __future__ import annotations

import ast
import pathlib

PKG = pathlib.Path(__file__).resolve().parents[2] / "src" / "alembic"

#: Allowed to print and exit: the command-line front end and the entry points.
CLI_MODULES = {"cli.py", "__main__.py"}
#: A forked helper process leaves with ``os._exit`` (no exit handlers of the
#: parent may run in it); it prints nothing and its status is never shown.
FORKED_CHILD_EXITS = {("compile_helper.py", "os._exit")}
#: Facades that only forward (their public names are the forwarded module's).
FACADES = {"__init__.py", "__main__.py", "op.py", "context.py", "migration.py", "environment.py"}
MAX_FUNCTION_BODY = 80
MAX_MODULE_CODE = 800


def sources() -> list[pathlib.Path]:
    """The package's Python files, without the user-facing templates."""
    return [p for p in sorted(PKG.rglob("*.py")) if "templates" not in p.relative_to(PKG).parts]


def rel(path: pathlib.Path) -> str:
    return str(path.relative_to(PKG.parent))


def forbidden_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, call) of each print/input/sys.exit call."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in ("print", "input", "exit", "quit"):
            found.append((node.lineno, f.id))
        elif isinstance(f, ast.Attribute) and f.attr in ("exit", "_exit") and isinstance(f.value, ast.Name):
            if f.value.id in ("sys", "os"):
                found.append((node.lineno, f"{f.value.id}.{f.attr}"))
    return found


def declares_all(tree: ast.Module) -> bool:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return True
    return False


def _docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def code_lines(text: str, tree: ast.AST) -> int:
    """Lines that are not blank, not comments and not docstrings."""
    docs = _docstring_lines(tree)
    return sum(
        1
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#") and number not in docs
    )


def body_length(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from the first statement after the docstring to the end of the function."""
    body = fn.body
    first = body[0]
    if len(body) > 1 and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        first = body[1]
    return fn.end_lineno - first.lineno + 1


def test_core_never_prints_reads_stdin_or_exits():
    bad = [
        f"{rel(p)}:{line}: {call}()"
        for p in sources()
        if p.name not in CLI_MODULES
        for line, call in forbidden_calls(ast.parse(p.read_text()))
        if (p.name, call) not in FORKED_CHILD_EXITS
    ]
    assert bad == [], "use alembic.util.messaging / raise CommandError instead:\n" + "\n".join(bad)


def test_public_modules_declare_all():
    missing = [
        rel(p)
        for p in sources()
        if not p.name.startswith("_") and p.name not in FACADES and not declares_all(ast.parse(p.read_text()))
    ]
    assert missing == []


def test_functions_stay_small():
    long = [
        f"{rel(p)}:{node.lineno}: {node.name} has {body_length(node)} lines"
        for p in sources()
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and body_length(node) > MAX_FUNCTION_BODY
    ]
    assert long == []


def test_modules_stay_readable():
    big = []
    for p in sources():
        text = p.read_text()
        count = code_lines(text, ast.parse(text))
        if count > MAX_MODULE_CODE:
            big.append(f"{rel(p)}: {count} lines of code")
    assert big == [], "split these by responsibility:\n" + "\n".join(big)


# --- the checkers themselves ---------------------------------------------------------


def test_checkers_see_what_they_should():
    src = '''"""doc
more doc"""
import sys

# a comment


def f():
    """doc"""
    print("x")
    sys.exit(2)
'''
    tree = ast.parse(src)
    assert forbidden_calls(tree) == [(10, "print"), (11, "sys.exit")]
    assert code_lines(src, tree) == 4
    assert body_length(tree.body[2]) == 2
    assert not declares_all(tree)
    assert declares_all(ast.parse("__all__ = ['f']\n"))
    assert declares_all(ast.parse("__all__: list[str] = []\n"))
