"""The names and registry shapes third-party plugins use (issue 10, items 1, 2, 4).

Expected values were observed by running PyPI's Alembic 1.20.1
(``bench/.venv-ref``) as a separate process.
"""

import subprocess
import sys

import pytest


def test_util_exports_the_plugin_names():
    """Oracle: ``from alembic.util import DispatchPriority`` (what
    alembic-postgresql-enum 1.11 does) works; FIRST=50, MEDIUM=25, LAST=10."""
    from alembic.util import (
        DispatchPriority,
        Dispatcher,
        ModuleClsProxy,
        PriorityDispatcher,
        PriorityDispatchResult,
    )

    assert [(p.name, int(p)) for p in DispatchPriority] == [
        ("FIRST", 50),
        ("MEDIUM", 25),
        ("LAST", 10),
    ]
    assert [r.name for r in PriorityDispatchResult] == ["CONTINUE", "STOP"]
    assert callable(Dispatcher) and callable(PriorityDispatcher)
    assert hasattr(ModuleClsProxy, "create_module_class_proxy")


def test_util_submodules_are_attributes_without_importing_sqlalchemy_first():
    """Oracle: ``sqla_compat``, ``compat``, ``editor``, ``err`` are attributes of
    ``alembic.util`` right after ``import alembic.util``."""
    code = (
        "import sys, alembic.util as u\n"
        "before = 'sqlalchemy' in sys.modules\n"
        "names = [n for n in ('sqla_compat', 'compat', 'editor', 'err') if hasattr(u, n)]\n"
        "print(before, names)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False ['sqla_compat', 'compat', 'editor', 'err']"


def test_err_stops_the_command_with_the_message():
    """Oracle: ``alembic.util.err('boom here')`` ends with ``FAILED: boom here``;
    here it raises the CommandError the CLI prints that way."""
    from alembic.util import CommandError, err

    with pytest.raises(CommandError, match="^boom here$"):
        err("boom here")


def test_environment_type_aliases():
    """Oracle: the hook type aliases are importable from
    ``alembic.runtime.environment`` and NameFilterType lists seven kinds."""
    from typing import get_args

    from alembic.runtime.environment import (  # noqa: F401
        IncludeNameFn,
        IncludeObjectFn,
        NameFilterType,
        OnVersionApplyFn,
        ProcessRevisionDirectiveFn,
        RenderItemFn,
    )

    assert get_args(NameFilterType) == (
        "schema",
        "table",
        "column",
        "index",
        "unique_constraint",
        "foreign_key_constraint",
        "check_constraint",
    )


def test_one_dispatcher_class_serves_every_registry():
    """Oracle: renderers, ``Operations._to_impl`` and ``Rewriter._traverse`` are
    all instances of ``alembic.util.Dispatcher``; comparators a PriorityDispatcher."""
    from alembic.autogenerate import comparators, renderers
    from alembic.autogenerate.rewriter import Rewriter
    from alembic.operations.base import Operations
    from alembic.util import Dispatcher, PriorityDispatcher

    assert type(renderers) is Dispatcher
    assert type(Operations._to_impl) is Dispatcher
    assert type(Rewriter._traverse) is Dispatcher
    assert type(comparators) is PriorityDispatcher


def test_dispatcher_refuses_a_second_function_for_one_key():
    """Oracle message, verbatim."""
    from alembic.util import Dispatcher

    d = Dispatcher()
    d.dispatch_for("x")(lambda: 1)
    with pytest.raises(ValueError) as info:
        d.dispatch_for("x")(lambda: 2)
    assert str(info.value) == (
        "Can not set dispatch function for object 'x': key already exists. "
        "To replace existing function, use replace=True."
    )
    d.dispatch_for("x", replace=True)(lambda: 3)
    assert d.dispatch("x")() == 3


def test_priority_dispatcher_order_and_stop():
    """Oracle: FIRST before MEDIUM before LAST, a qualifier's own functions
    before the default ones; STOP ends the rest of a subgroup (None included)."""
    from alembic.util import DispatchPriority as D
    from alembic.util import PriorityDispatcher
    from alembic.util import PriorityDispatchResult as R

    out = []

    def mk(name, ret=None):
        def fn(*a):
            out.append(name)
            return ret

        return fn

    p = PriorityDispatcher()
    p.dispatch_for("x", qualifier="postgresql")(mk("pg_med"))
    p.dispatch_for("x")(mk("def_med"))
    p.dispatch_for("x", priority=D.LAST)(mk("def_last"))
    p.dispatch_for("x", qualifier="postgresql", priority=D.FIRST)(mk("pg_first"))
    p.dispatch_for("x", priority=D.FIRST)(mk("def_first"))
    p.dispatch("x", qualifier="postgresql")(1)
    assert out == ["pg_first", "def_first", "pg_med", "def_med", "def_last"]
    out.clear()
    p.dispatch("x", qualifier="mysql")(1)
    assert out == ["def_first", "def_med", "def_last"]

    q = PriorityDispatcher()
    q.dispatch_for("y", subgroup="a", priority=D.FIRST)(mk("a1", R.STOP))
    q.dispatch_for("y", subgroup="a")(mk("a2"))
    q.dispatch_for("y", subgroup="b")(mk("b1"))
    q.dispatch_for("y", priority=D.FIRST)(mk("n1", R.STOP))
    q.dispatch_for("y")(mk("n2"))
    q.dispatch_for("y", subgroup="a", priority=D.LAST)(mk("a3"))
    out.clear()
    assert q.dispatch("y")(1) is None
    assert out == ["a1", "n1", "b1"]


def test_priority_registry_layout():
    """Oracle: ``_registry`` is keyed ``(target, qualifier, priority)`` with
    entries ``(fn, subgroup)``; a duplicate registration is kept twice."""
    from alembic.util import DispatchPriority, PriorityDispatcher

    def f():
        pass

    p = PriorityDispatcher()
    p.dispatch_for("x", subgroup="s")(f)
    p.dispatch_for("x", subgroup="s")(f)
    assert dict(p._registry) == {
        ("x", "default", DispatchPriority.MEDIUM): [(f, "s"), (f, "s")]
    }
    branch = p.branch()
    branch.dispatch_for("x")(f)
    assert len(p._registry[("x", "default", DispatchPriority.MEDIUM)]) == 2


def test_rewriter_traverse_is_an_extensible_dispatcher():
    """Oracle: ``Rewriter._traverse`` has MigrateOperation, MigrationScript and
    OpContainer registered; sqlalchemy-declarative-extensions adds its own op
    classes with ``Rewriter._traverse.dispatch_for(MyOp)``."""
    from alembic.autogenerate.rewriter import Rewriter
    from alembic.operations import ops

    names = sorted(k[0].__name__ for k in Rewriter._traverse._registry)
    assert names[:3] == ["MigrateOperation", "MigrationScript", "OpContainer"]

    class MyOp(ops.MigrateOperation):
        pass

    seen = []

    @Rewriter._traverse.dispatch_for(MyOp)
    def _walk(self, context, revision, directive):
        seen.append(directive)

    try:
        writer = Rewriter()
        mine = MyOp()
        script = ops.MigrationScript(
            "r1", ops.UpgradeOps([mine]), ops.DowngradeOps([])
        )
        writer(None, None, [script])
        assert seen == [mine]
    finally:
        del Rewriter._traverse._registry[(MyOp, "default")]


def test_op_classes_report_the_public_module():
    """Oracle: every class of ``alembic.operations.ops`` has that ``__module__``."""
    import inspect

    from alembic.operations import ops

    homes = {
        c.__module__ for c in vars(ops).values() if inspect.isclass(c) and c.__name__.endswith(("Op", "Ops", "Operation", "Script", "Container"))
    }
    assert homes == {"alembic.operations.ops"}
    assert repr(ops.AddColumnOp) == "<class 'alembic.operations.ops.AddColumnOp'>"


def test_module_cls_proxy_forwards_to_the_installed_instance():
    """Oracle: before an instance is installed the call raises NameError with
    this message; afterwards it reaches the instance."""
    from alembic.util import ModuleClsProxy

    class K(ModuleClsProxy):
        def hello(self, x):
            return x * 2

    module: dict = {}
    K.create_module_class_proxy(module, module)
    with pytest.raises(NameError) as info:
        module["hello"](2)
    assert str(info.value) == (
        "Can't invoke function 'hello', as the proxy object has not yet been "
        "established for the Alembic 'K' class.  Try placing this code inside a callable."
    )
    k = K()
    k._install_proxy()
    try:
        assert module["hello"](2) == 4
    finally:
        k._remove_proxy()


def test_index_from_model_keeps_column_types_in_check_output():
    """Oracle: ``CreateIndexOp.from_index(ix).to_index()`` shows
    ``Column('a', Integer(), table=<t>)`` (what ``alembic check`` prints)."""
    import sqlalchemy as sa

    from alembic.operations import ops

    md = sa.MetaData()
    table = sa.Table("t", md, sa.Column("a", sa.Integer))
    index = ops.CreateIndexOp.from_index(sa.Index("ix", table.c.a)).to_index()
    assert repr(index) == "Index('ix', Column('a', Integer(), table=<t>))"
    assert repr(ops.CreateIndexOp("ix", "t", ["a"]).to_index()) == (
        "Index('ix', Column('a', NullType(), table=<t>))"
    )
