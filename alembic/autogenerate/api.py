"""Public autogenerate API: compare, produce, render, and the
``RevisionContext`` the ``revision`` and ``check`` commands drive."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..util.exc import CommandError
from . import compare, guards, render
from .compare import _produce_net_changes
from .context import AutogenContext

__all__ = [
    "AutogenContext",
    "RevisionContext",
    "_produce_net_changes",
    "_render_migration_diffs",
    "compare_metadata",
    "produce_migrations",
    "render_python_code",
]


def _ops() -> Any:
    from ..operations import ops

    return ops


def compare_metadata(context: Any, metadata: Any) -> list[Any]:
    """Diffs between ``metadata`` and the database of ``context`` (a
    MigrationContext), as Alembic's diff tuples."""
    migration_script = produce_migrations(context, metadata)
    return migration_script.upgrade_ops.as_diffs()


def produce_migrations(context: Any, metadata: Any) -> Any:
    """A ``MigrationScript`` whose upgrade ops bring the database to ``metadata``."""
    ops = _ops()
    autogen_context = AutogenContext(context, metadata=metadata)
    migration_script = ops.MigrationScript(
        rev_id=None, upgrade_ops=ops.UpgradeOps([]), downgrade_ops=ops.DowngradeOps([])
    )
    compare._populate_migration_script(autogen_context, migration_script)
    return migration_script


def render_python_code(
    up_or_down_op: Any,
    sqlalchemy_module_prefix: str = "sa.",
    alembic_module_prefix: str = "op.",
    render_as_batch: bool = False,
    imports: Sequence[str] = (),
    render_item: Callable[..., Any] | None = None,
    migration_context: Any = None,
    user_module_prefix: str | None = None,
) -> str:
    """Python source for an ``UpgradeOps``/``DowngradeOps`` container."""
    opts = {
        "sqlalchemy_module_prefix": sqlalchemy_module_prefix,
        "alembic_module_prefix": alembic_module_prefix,
        "render_item": render_item,
        "render_as_batch": render_as_batch,
        "user_module_prefix": user_module_prefix,
    }
    if migration_context is None:
        from sqlalchemy.engine.default import DefaultDialect

        from ..runtime.migration import MigrationContext

        migration_context = MigrationContext.configure(dialect=DefaultDialect())
    autogen_context = AutogenContext(migration_context, opts=opts, autogenerate=False)
    autogen_context.imports = set(imports)
    return render._indent(render._render_cmd_body(up_or_down_op, autogen_context))


def _render_migration_diffs(context: Any, template_args: dict[str, Any]) -> None:
    """Compare and render into ``template_args`` (legacy helper used by tests)."""
    ops = _ops()
    autogen_context = AutogenContext(context)
    upgrade_ops = ops.UpgradeOps([])
    compare._produce_net_changes(autogen_context, upgrade_ops)
    migration_script = ops.MigrationScript(
        rev_id=None, upgrade_ops=upgrade_ops, downgrade_ops=upgrade_ops.reverse()
    )
    render._render_python_into_templatevars(
        autogen_context, migration_script, template_args
    )


class RevisionContext:
    """Carries one ``revision`` command's state through env.py: the scripts
    to generate, and the autogenerate results for each database."""

    def __init__(
        self,
        config: Any,
        script_directory: Any,
        command_args: dict[str, Any],
        process_revision_directives: Callable[..., Any] | None = None,
    ) -> None:
        self.config = config
        self.script_directory = script_directory
        self.command_args = command_args
        self.process_revision_directives = process_revision_directives
        self.template_args: dict[str, Any] = {"config": config}
        self.generated_revisions: list[Any] = [self._default_revision()]
        self._last_autogen_context: AutogenContext | None = None
        self._last_migration_context: Any = None

    def _default_revision(self) -> Any:
        ops = _ops()
        args = self.command_args
        rev_id = args.get("rev_id")
        if not rev_id:
            from uuid import uuid4

            rev_id = uuid4().hex[-12:]
        return ops.MigrationScript(
            rev_id=rev_id,
            message=args.get("message"),
            upgrade_ops=ops.UpgradeOps([]),
            downgrade_ops=ops.DowngradeOps([]),
            head=args.get("head", "head"),
            splice=args.get("splice"),
            branch_label=args.get("branch_label"),
            version_path=args.get("version_path"),
            depends_on=args.get("depends_on"),
        )

    def run_autogenerate(self, rev: Any, migration_context: Any) -> None:
        """env.py callback for ``revision --autogenerate`` and ``check``."""
        self._run_environment(rev, migration_context, True)

    def run_no_autogenerate(self, rev: Any, migration_context: Any) -> None:
        """env.py callback for a plain ``revision`` with revision_environment."""
        self._run_environment(rev, migration_context, False)

    def _check_up_to_date(self, rev: Any) -> None:
        script = self.script_directory
        current = set(script.get_revisions(rev))
        heads = set(script.get_revisions("heads"))
        if current == heads:
            return
        raise CommandError(_not_up_to_date_message(script, rev))

    def _run_environment(
        self, rev: Any, migration_context: Any, autogenerate: bool
    ) -> None:
        ops = _ops()
        if autogenerate:
            if self.command_args.get("sql"):
                raise CommandError(
                    "Using --sql with --autogenerate does not make any sense"
                )
            self._check_up_to_date(rev)
        opts = getattr(migration_context, "opts", {}) or {}
        upgrade_token = opts.get("upgrade_token", "upgrades")
        downgrade_token = opts.get("downgrade_token", "downgrades")
        migration_script = self.generated_revisions[-1]
        if not getattr(migration_script, "_needs_render", False):
            migration_script.upgrade_ops_list[-1].upgrade_token = upgrade_token
            migration_script.downgrade_ops_list[-1].downgrade_token = downgrade_token
            migration_script._needs_render = True
        else:
            migration_script.upgrade_ops = list(migration_script.upgrade_ops_list) + [
                ops.UpgradeOps([], upgrade_token=upgrade_token)
            ]
            migration_script.downgrade_ops = list(
                migration_script.downgrade_ops_list
            ) + [ops.DowngradeOps([], downgrade_token=downgrade_token)]
        autogen_context = AutogenContext(migration_context, autogenerate=autogenerate)
        self._last_autogen_context = autogen_context
        self._last_migration_context = migration_context
        if autogenerate:
            compare._populate_migration_script(autogen_context, migration_script)
            guards.check_metadata_not_empty(
                autogen_context, migration_script.upgrade_ops_list[-1]
            )
        for hook in (
            self.process_revision_directives,
            opts.get("process_revision_directives"),
        ):
            if hook:
                hook(migration_context, rev, self.generated_revisions)
        for script in self.generated_revisions:
            script._needs_render = True

    def _to_script(self, migration_script: Any) -> Any:
        template_args = dict(self.template_args)
        if getattr(migration_script, "_needs_render", False):
            autogen_context = self._last_autogen_context
            autogen_context.imports = set()
            if migration_script.imports:
                autogen_context.imports.update(migration_script.imports)
            render._render_python_into_templatevars(
                autogen_context, migration_script, template_args
            )
        return self.script_directory.generate_revision(
            migration_script.rev_id,
            migration_script.message,
            refresh=True,
            head=migration_script.head,
            splice=migration_script.splice,
            branch_labels=migration_script.branch_label,
            version_path=migration_script.version_path,
            depends_on=migration_script.depends_on,
            **template_args,
        )

    def generate_scripts(self) -> Iterator[Any]:
        """Write each generated revision through the script directory."""
        for migration_script in self.generated_revisions:
            if (
                getattr(migration_script, "_needs_render", False)
                and self._last_autogen_context is not None
                and self._last_autogen_context.metadata is not None
            ):
                guards.check_drops_allowed(
                    self.config, self._last_migration_context, migration_script
                )
                _warn_renames(migration_script)
            yield self._to_script(migration_script)


def _warn_renames(migration_script: Any) -> None:
    hints: list[str] = []
    for upgrade_ops in migration_script.upgrade_ops_list:
        hints.extend(guards.rename_hints(upgrade_ops))
    if not hints:
        return
    from ..util import messaging

    for hint in hints:
        messaging.warn(f"Possible column rename, generated as drop + add: {hint}")


def _not_up_to_date_message(script: Any, rev: Any) -> str:
    current = (
        ", ".join(r.revision for r in script.get_revisions(rev) if r is not None)
        or "base"
    )
    pending: list[str] = []
    try:
        lower = rev if rev else None
        for revision in script.iterate_revisions("heads", lower or "base"):
            if revision is not None and revision.revision not in set(rev or ()):
                pending.append(revision.revision)
    except Exception:  # noqa: BLE001 - user types and hooks may fail in any way
        pending = [r.revision for r in script.get_revisions("heads")]
    pending_text = ", ".join(reversed(pending)) or "unknown"
    return (
        f"Target database is not up to date. The database is at {current}; "
        f"pending revision(s): {pending_text}. Run `alembic upgrade heads` first, "
        "then autogenerate again."
    )
