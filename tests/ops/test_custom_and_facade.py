"""register_operation / implementation_for custom operations, dispatch,
and the ``alembic.op`` facade (context variable, fallback, ``_proxy``)."""

from __future__ import annotations

import inspect
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from alembic import op as op_module
from alembic.operations import BatchOperations, MigrateOperation, Operations, ops


@Operations.register_operation("create_sequence_t")
@BatchOperations.register_operation("create_sequence_t", "batch_create_sequence_t")
class CreateSequenceOp(MigrateOperation):
    """A custom operation for the tests."""

    def __init__(self, sequence_name, *, schema=None, start=1):
        self.sequence_name = sequence_name
        self.schema = schema
        self.start = start

    @classmethod
    def create_sequence_t(cls, operations, sequence_name, *, schema=None, start=1):
        """Create a sequence."""
        return operations.invoke(cls(sequence_name, schema=schema, start=start))

    @classmethod
    def batch_create_sequence_t(cls, operations, sequence_name, *, start=1):
        """Create a sequence named after the batch table."""
        name = f"{operations.impl.table_name}_{sequence_name}"
        return operations.invoke(cls(name, start=start))

    def reverse(self):
        return DropSequenceOp(self.sequence_name, schema=self.schema)


@Operations.register_operation("drop_sequence_t")
class DropSequenceOp(MigrateOperation):
    def __init__(self, sequence_name, *, schema=None):
        self.sequence_name = sequence_name
        self.schema = schema

    @classmethod
    def drop_sequence_t(cls, operations, sequence_name, *, schema=None):
        return operations.invoke(cls(sequence_name, schema=schema))


@Operations.implementation_for(CreateSequenceOp)
def _create_sequence(operations, operation):
    name = operation.sequence_name
    if operation.schema:
        name = f"{operation.schema}.{name}"
    operations.execute(f"CREATE SEQUENCE {name} START WITH {operation.start}")
    return name


@Operations.implementation_for(DropSequenceOp)
def _drop_sequence(operations, operation):
    operations.execute(f"DROP SEQUENCE {operation.sequence_name}")


def test_proxy_method_has_classmethod_signature_and_doc():
    method = Operations.create_sequence_t
    params = list(inspect.signature(method).parameters)
    assert params == ["self", "sequence_name", "schema", "start"]
    assert method.__doc__ == "Create a sequence."
    assert method.__name__ == "create_sequence_t"
    sig = inspect.signature(Operations.add_column)
    assert list(sig.parameters)[:3] == ["self", "table_name", "column"]
    assert sig.parameters["schema"].kind is inspect.Parameter.KEYWORD_ONLY


def test_custom_operation_runs_and_returns(offline):
    off = offline("postgresql")
    result = off.op.create_sequence_t("seq1", schema="s", start=5)
    assert result == "s.seq1"
    off.op.invoke(CreateSequenceOp("seq1").reverse())
    assert off.statements() == [
        "CREATE SEQUENCE s.seq1 START WITH 5",
        "DROP SEQUENCE seq1",
    ]


def test_custom_operation_errors_like_a_function(offline):
    off = offline("postgresql")
    with pytest.raises(TypeError):
        off.op.create_sequence_t()


def test_batch_form_of_custom_operation(offline):
    off = offline("postgresql")
    from alembic.operations.batch import BatchOperationsImpl as batch_impl_cls

    with off.op.batch_alter_table("tbl", recreate="never") as batch_op:
        assert isinstance(batch_op.impl, batch_impl_cls)
        batch_op.create_sequence_t("seq")
    assert off.statements() == ["CREATE SEQUENCE tbl_seq START WITH 1"]


def test_batch_operations_lack_table_level_directives():
    for name in ("create_table", "drop_table", "rename_table", "bulk_insert"):
        assert not hasattr(BatchOperations, name)
    assert hasattr(BatchOperations, "create_sequence_t")
    assert not hasattr(BatchOperations, "drop_sequence_t")


def test_implementation_for_duplicate_needs_replace(offline):
    with pytest.raises(ValueError, match="replace=True"):
        Operations.implementation_for(DropSequenceOp)(
            lambda operations, operation: None
        )

    @Operations.implementation_for(DropSequenceOp, replace=True)
    def loud_drop(operations, operation):
        operations.execute(f"DROP SEQUENCE IF EXISTS {operation.sequence_name}")

    try:
        off = offline("postgresql")
        off.op.drop_sequence_t("x")
        assert off.statements() == ["DROP SEQUENCE IF EXISTS x"]
    finally:
        Operations.implementation_for(DropSequenceOp, replace=True)(_drop_sequence)


def test_replacing_a_builtin_implementation(offline):
    from alembic.operations import toimpl

    @Operations.implementation_for(ops.DropTableOp, replace=True)
    def audited_drop(operations, operation):
        operations.execute(f"-- dropping {operation.table_name}")
        toimpl.drop_table(operations, operation)

    try:
        off = offline("postgresql")
        off.op.drop_table("t")
        assert off.statements() == ["-- dropping t", "DROP TABLE t"]
    finally:
        Operations.implementation_for(ops.DropTableOp, replace=True)(toimpl.drop_table)


def test_subclass_of_op_uses_parent_implementation(offline):
    class LoudExecute(ops.ExecuteSQLOp):
        pass

    off = offline("postgresql")
    off.op.invoke(LoudExecute("SELECT 1"))
    assert off.statements() == ["SELECT 1"]


def test_unregistered_op_fails_clearly(offline):
    class Orphan(MigrateOperation):
        pass

    off = offline("postgresql")
    with pytest.raises(ValueError, match="no dispatch function"):
        off.op.invoke(Orphan())


# -- the op facade -------------------------------------------------------------


def test_op_without_context_raises_name_error():
    assert op_module._proxy is None
    with pytest.raises(NameError, match="Can't invoke function 'add_column'"):
        op_module.add_column("t", sa.Column("c", sa.Integer))
    with pytest.raises(AttributeError):
        op_module.no_such_directive  # noqa: B018


def test_op_forwards_inside_context(offline):
    off = offline("postgresql")
    with Operations.context(off.context) as operations:
        assert isinstance(operations, Operations)
        op_module.drop_column("t", "c")
        op_module.create_sequence_t("s1")
        assert op_module.get_context() is off.context
    assert off.statements() == [
        "ALTER TABLE t DROP COLUMN c",
        "CREATE SEQUENCE s1 START WITH 1",
    ]
    with pytest.raises(NameError):
        op_module.drop_column("t", "c")


def test_from_import_resolves_at_call_time(offline):
    from alembic.op import drop_table

    off = offline("sqlite")
    with Operations.context(off.context):
        drop_table("t")
    assert off.statements() == ["DROP TABLE t"]


def test_nested_contexts_restore_outer(offline):
    outer, inner = offline("postgresql"), offline("sqlite")
    with Operations.context(outer.context):
        with Operations.context(inner.context):
            op_module.drop_table("a")
        op_module.drop_table("b")
    assert inner.statements() == ["DROP TABLE a"]
    assert outer.statements() == ["DROP TABLE b"]


def test_other_threads_see_the_current_operations(offline):
    off = offline("postgresql")
    errors = []

    def worker():
        try:
            op_module.drop_table("from_thread")
        except (NameError, AttributeError) as err:  # reported below
            errors.append(err)

    with Operations.context(off.context):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert errors == []
    assert off.statements() == ["DROP TABLE from_thread"]


def test_assigned_proxy_wins(offline):
    """The most recent binding wins (Alembic 1.20.1 observed): a stale
    ``_proxy`` loses to a block entered later, one assigned inside the
    block wins, and leaving the block clears it."""
    first, second = offline("postgresql"), offline("postgresql")
    op_module._proxy = Operations(second.context)
    try:
        with Operations.context(first.context):
            op_module.drop_table("t")
            op_module._proxy = Operations(second.context)
            op_module.drop_table("u")
        assert op_module._proxy is None
    finally:
        op_module._proxy = None
    assert first.statements() == ["DROP TABLE t"]
    assert second.statements() == ["DROP TABLE u"]


def test_op_f_and_dir():
    names = dir(op_module)
    assert {"add_column", "batch_alter_table", "f", "execute", "_proxy"} <= set(names)


def test_importing_op_does_not_import_sqlalchemy():
    code = "import sys, alembic.op; print('sqlalchemy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_run_async_errors(offline):
    off = offline("postgresql")
    with pytest.raises(NotImplementedError, match="Cannot call run_async in SQL mode"):
        off.op.run_async(lambda conn: None)


def test_run_async_with_sync_engine(sqlite_url):
    from alembic.runtime.migration import MigrationContext

    engine = sa.create_engine(sqlite_url)
    with engine.connect() as conn:
        operations = Operations(MigrationContext.configure(conn))
        assert operations.get_bind() is conn
        with pytest.raises(
            ValueError, match="Cannot call run_async with a sync engine"
        ):
            operations.run_async(lambda c: None)
    engine.dispose()


class _GreetOp(MigrateOperation):
    def __init__(self, who):
        self.who = who


@Operations.implementation_for(_GreetOp)
def _greet_default(operations, operation):
    operations.execute(f"SELECT 'hello {operation.who}'")


Operations._to_impl.dispatch_for(_GreetOp, qualifier="postgresql")(
    lambda operations, operation: operations.execute(f"SELECT 'hi {operation.who}'")
)


@pytest.mark.parametrize(
    "dialect, expected",
    [("postgresql", "SELECT 'hi you'"), ("sqlite", "SELECT 'hello you'")],
)
def test_dispatch_prefers_the_dialect_qualified_implementation(
    offline, dialect, expected
):
    off = offline(dialect)
    off.op.invoke(_GreetOp("you"))
    assert off.statements() == [expected]
