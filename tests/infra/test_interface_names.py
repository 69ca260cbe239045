"""Every name of the interface document exists, with the parameters it has
under Alembic 1.20.1 (issue 11 item 10).

The names are those ``../shared/spec/alembic-1.20-interface.md`` lists
(modules, classes, their documented methods and the private helpers tools
and test fixtures call); the parameter lists were read from Alembic 1.20.1
itself (``inspect.signature`` in the reference interpreter, ``self``/``cls``
left out; ``name=`` has a default, ``name*`` / ``name**`` are ``*args`` /
``**kw``).  Ours may add parameters, but must have every one of these, in
the same order.  Each name is its own test, so a missing one is named.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

SIGNATURES = {
    'alembic.command.branches': ['config', 'verbose='],
    'alembic.command.check': ['config'],
    'alembic.command.current': ['config', 'check_heads=', 'verbose='],
    'alembic.command.downgrade': ['config', 'revision', 'sql=', 'tag='],
    'alembic.command.edit': ['config', 'rev'],
    'alembic.command.ensure_version': ['config', 'sql='],
    'alembic.command.heads': ['config', 'verbose=', 'resolve_dependencies='],
    'alembic.command.history': ['config', 'rev_range=', 'verbose=', 'indicate_current='],
    'alembic.command.init': ['config', 'directory', 'template=', 'package='],
    'alembic.command.list_templates': ['config'],
    'alembic.command.merge': ['config', 'revisions', 'message=', 'branch_label=', 'rev_id=', 'splice='],
    'alembic.command.revision': ['config', 'message=', 'autogenerate=', 'sql=', 'head=', 'splice=', 'branch_label=', 'version_path=', 'rev_id=', 'depends_on=', 'process_revision_directives='],
    'alembic.command.show': ['config', 'rev'],
    'alembic.command.stamp': ['config', 'revision', 'sql=', 'tag=', 'purge='],
    'alembic.command.upgrade': ['config', 'revision', 'sql=', 'tag='],
    'alembic.config.Config.__init__': ['file_=', 'toml_file=', 'ini_section=', 'output_buffer=', 'stdout=', 'cmd_opts=', 'config_args=', 'attributes='],
    'alembic.config.Config.print_stdout': ['text', 'arg*'],
    'alembic.config.Config.get_section': ['name', 'default='],
    'alembic.config.Config.get_section_option': ['section', 'name', 'default='],
    'alembic.config.Config.set_main_option': ['name', 'value'],
    'alembic.config.Config.remove_main_option': ['name'],
    'alembic.config.Config.set_section_option': ['section', 'name', 'value'],
    'alembic.config.Config.get_main_option': ['name', 'default='],
    'alembic.config.Config.get_alembic_option': ['name', 'default='],
    'alembic.config.Config.get_alembic_boolean_option': ['name'],
    'alembic.config.Config.get_version_locations_list': [],
    'alembic.config.Config.get_prepend_sys_paths_list': [],
    'alembic.config.Config.get_hooks_list': [],
    'alembic.config.Config.get_template_directory': [],
    'alembic.config.CommandLine.__init__': ['prog='],
    'alembic.config.CommandLine.register_command': ['fn'],
    'alembic.config.CommandLine.main': ['argv='],
    'alembic.config.CommandLine.run_cmd': ['config', 'options'],
    'alembic.config.main': ['argv=', 'prog=', 'kwargs**'],
    'alembic.script.ScriptDirectory.from_config': ['config'],
    'alembic.script.ScriptDirectory.run_env': [],
    'alembic.script.ScriptDirectory.get_revisions': ['id_'],
    'alembic.script.ScriptDirectory.get_revision': ['id_'],
    'alembic.script.ScriptDirectory.get_heads': ['consider_depends_on='],
    'alembic.script.ScriptDirectory.get_base': [],
    'alembic.script.ScriptDirectory.get_bases': [],
    'alembic.script.ScriptDirectory.get_current_head': [],
    'alembic.script.ScriptDirectory.iterate_revisions': ['upper', 'lower', 'kw**'],
    'alembic.script.ScriptDirectory.walk_revisions': ['base=', 'head='],
    'alembic.script.ScriptDirectory.as_revision_number': ['id_'],
    'alembic.script.ScriptDirectory.generate_revision': ['revid', 'message', 'head=', 'splice=', 'branch_labels=', 'version_path=', 'file_template=', 'depends_on=', 'kw**'],
    'alembic.script.ScriptDirectory._upgrade_revs': ['destination', 'current_rev'],
    'alembic.script.ScriptDirectory._downgrade_revs': ['destination', 'current_rev'],
    'alembic.script.ScriptDirectory._stamp_revs': ['revision', 'heads'],
    'alembic.script.ScriptDirectory._rev_path': ['path', 'rev_id', 'message', 'create_date'],
    'alembic.script.ScriptDirectory._generate_create_date': [],
    'alembic.script.ScriptDirectory._load_revisions': [],
    'alembic.script.Script.log_entry': None,
    'alembic.script.Script.cmd_format': ['verbose', 'include_branches=', 'include_doc=', 'include_parents=', 'tree_indicators='],
    'alembic.script.Script._from_path': ['scriptdir', 'path'],
    'alembic.script.Script._db_current_indicator': None,
    'alembic.script.revision.RevisionMap.__init__': ['generator'],
    'alembic.script.revision.RevisionMap.iterate_revisions': ['upper', 'lower', 'implicit_base=', 'inclusive=', 'assert_relative_length=', 'select_for_downgrade='],
    'alembic.script.revision.RevisionMap.get_revision': ['id_'],
    'alembic.script.revision.RevisionMap.get_revisions': ['id_'],
    'alembic.script.revision.RevisionMap.get_current_head': ['branch_label='],
    'alembic.script.revision.RevisionMap.filter_for_lineage': ['targets', 'check_against', 'include_dependencies='],
    'alembic.script.revision.RevisionMap.add_revision': ['revision', '_replace='],
    'alembic.script.revision.RevisionMap._resolve_revision_number': ['id_'],
    'alembic.script.revision.RevisionMap._get_ancestor_nodes': ['targets', 'map_=', 'check=', 'include_dependencies='],
    'alembic.script.revision.RevisionMap._get_descendant_nodes': ['targets', 'map_=', 'check=', 'omit_immediate_dependencies=', 'include_dependencies='],
    'alembic.script.revision.RevisionMap._topological_sort': ['revisions', 'heads'],
    'alembic.script.revision.RevisionMap._get_base_revisions': ['identifier'],
    'alembic.script.revision.Revision.__init__': ['revision', 'down_revision', 'dependencies=', 'branch_labels='],
    'alembic.script.revision.Revision.verify_rev_id': ['revision'],
    'alembic.runtime.environment.EnvironmentContext.__init__': ['config', 'script', 'kw**'],
    'alembic.runtime.environment.EnvironmentContext.configure': ['connection=', 'url=', 'dialect_name=', 'dialect_opts=', 'transactional_ddl=', 'transaction_per_migration=', 'output_buffer=', 'starting_rev=', 'tag=', 'template_args=', 'render_as_batch=', 'target_metadata=', 'include_name=', 'include_object=', 'include_schemas=', 'process_revision_directives=', 'compare_type=', 'compare_server_default=', 'render_item=', 'literal_binds=', 'upgrade_token=', 'downgrade_token=', 'alembic_module_prefix=', 'sqlalchemy_module_prefix=', 'user_module_prefix=', 'on_version_apply=', 'autogenerate_plugins=', 'kw**'],
    'alembic.runtime.environment.EnvironmentContext.run_migrations': ['kw**'],
    'alembic.runtime.environment.EnvironmentContext.begin_transaction': [],
    'alembic.runtime.environment.EnvironmentContext.is_offline_mode': [],
    'alembic.runtime.environment.EnvironmentContext.is_transactional_ddl': [],
    'alembic.runtime.environment.EnvironmentContext.requires_connection': [],
    'alembic.runtime.environment.EnvironmentContext.get_x_argument': ['as_dictionary='],
    'alembic.runtime.environment.EnvironmentContext.get_context': [],
    'alembic.runtime.environment.EnvironmentContext.get_bind': [],
    'alembic.runtime.environment.EnvironmentContext.get_impl': [],
    'alembic.runtime.environment.EnvironmentContext.get_revision_argument': [],
    'alembic.runtime.environment.EnvironmentContext.get_starting_revision_argument': [],
    'alembic.runtime.environment.EnvironmentContext.get_head_revision': [],
    'alembic.runtime.environment.EnvironmentContext.get_head_revisions': [],
    'alembic.runtime.environment.EnvironmentContext.get_tag_argument': [],
    'alembic.runtime.environment.EnvironmentContext.execute': ['sql', 'execution_options='],
    'alembic.runtime.environment.EnvironmentContext.static_output': ['text'],
    'alembic.runtime.migration.MigrationContext.__init__': ['dialect', 'connection', 'opts', 'environment_context='],
    'alembic.runtime.migration.MigrationContext.configure': ['connection=', 'url=', 'dialect_name=', 'dialect=', 'environment_context=', 'dialect_opts=', 'opts='],
    'alembic.runtime.migration.MigrationContext.get_current_revision': [],
    'alembic.runtime.migration.MigrationContext.get_current_heads': [],
    'alembic.runtime.migration.MigrationContext.stamp': ['script_directory', 'revision'],
    'alembic.runtime.migration.MigrationContext.run_migrations': ['kw**'],
    'alembic.runtime.migration.MigrationContext.execute': ['sql', 'execution_options='],
    'alembic.runtime.migration.MigrationContext.begin_transaction': ['_per_migration='],
    'alembic.runtime.migration.MigrationContext.autocommit_block': [],
    'alembic.runtime.migration.MigrationContext._ensure_version_table': ['purge='],
    'alembic.runtime.migration.MigrationContext._has_version_table': [],
    'alembic.runtime.migration.RevisionStep.__init__': ['revision_map', 'revision', 'is_upgrade'],
    'alembic.runtime.migration.StampStep.__init__': ['from_', 'to_', 'is_upgrade', 'branch_move', 'revision_map='],
    'alembic.operations.Operations.__init__': ['migration_context', 'impl='],
    'alembic.operations.Operations.context': ['migration_context'],
    'alembic.operations.Operations.register_operation': ['name', 'sourcename='],
    'alembic.operations.Operations.implementation_for': ['op_cls', 'replace='],
    'alembic.operations.Operations.batch_alter_table': ['table_name', 'schema=', 'recreate=', 'partial_reordering=', 'copy_from=', 'table_args=', 'table_kwargs=', 'reflect_args=', 'reflect_kwargs=', 'naming_convention='],
    'alembic.operations.Operations.add_column': ['table_name', 'column', 'schema=', 'if_not_exists=', 'inline_references=', 'inline_primary_key='],
    'alembic.operations.Operations.alter_column': ['table_name', 'column_name', 'nullable=', 'comment=', 'server_default=', 'new_column_name=', 'type_=', 'existing_type=', 'existing_server_default=', 'existing_nullable=', 'existing_comment=', 'schema=', 'kw**'],
    'alembic.operations.Operations.bulk_insert': ['table', 'rows', 'multiinsert='],
    'alembic.operations.Operations.create_check_constraint': ['constraint_name', 'table_name', 'condition', 'schema=', 'kw**'],
    'alembic.operations.Operations.create_exclude_constraint': ['constraint_name', 'table_name', 'elements*', 'kw**'],
    'alembic.operations.Operations.create_foreign_key': ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols', 'onupdate=', 'ondelete=', 'deferrable=', 'initially=', 'match=', 'source_schema=', 'referent_schema=', 'dialect_kw**'],
    'alembic.operations.Operations.create_index': ['index_name', 'table_name', 'columns', 'schema=', 'unique=', 'if_not_exists=', 'kw**'],
    'alembic.operations.Operations.create_primary_key': ['constraint_name', 'table_name', 'columns', 'schema='],
    'alembic.operations.Operations.create_table': ['table_name', 'columns*', 'if_not_exists=', 'kw**'],
    'alembic.operations.Operations.create_table_comment': ['table_name', 'comment', 'existing_comment=', 'schema='],
    'alembic.operations.Operations.create_unique_constraint': ['constraint_name', 'table_name', 'columns', 'schema=', 'kw**'],
    'alembic.operations.Operations.drop_column': ['table_name', 'column_name', 'schema=', 'kw**'],
    'alembic.operations.Operations.drop_constraint': ['constraint_name', 'table_name', 'type_=', 'schema=', 'if_exists='],
    'alembic.operations.Operations.drop_index': ['index_name', 'table_name=', 'schema=', 'if_exists=', 'kw**'],
    'alembic.operations.Operations.drop_table': ['table_name', 'schema=', 'if_exists=', 'kw**'],
    'alembic.operations.Operations.drop_table_comment': ['table_name', 'existing_comment=', 'schema='],
    'alembic.operations.Operations.execute': ['sqltext', 'execution_options='],
    'alembic.operations.Operations.rename_table': ['old_table_name', 'new_table_name', 'schema='],
    'alembic.operations.Operations.f': ['name'],
    'alembic.operations.Operations.inline_literal': ['value', 'type_='],
    'alembic.operations.Operations.get_bind': [],
    'alembic.operations.Operations.get_context': [],
    'alembic.operations.Operations.invoke': ['operation'],
    'alembic.operations.Operations.run_async': ['async_function', 'args*', 'kw_args**'],
    'alembic.operations.BatchOperations.add_column': ['column', 'insert_before=', 'insert_after=', 'if_not_exists=', 'inline_references=', 'inline_primary_key='],
    'alembic.operations.BatchOperations.alter_column': ['column_name', 'nullable=', 'comment=', 'server_default=', 'new_column_name=', 'type_=', 'existing_type=', 'existing_server_default=', 'existing_nullable=', 'existing_comment=', 'insert_before=', 'insert_after=', 'kw**'],
    'alembic.operations.BatchOperations.create_check_constraint': ['constraint_name', 'condition', 'kw**'],
    'alembic.operations.BatchOperations.create_exclude_constraint': ['constraint_name', 'elements*', 'kw**'],
    'alembic.operations.BatchOperations.create_foreign_key': ['constraint_name', 'referent_table', 'local_cols', 'remote_cols', 'referent_schema=', 'onupdate=', 'ondelete=', 'deferrable=', 'initially=', 'match=', 'dialect_kw**'],
    'alembic.operations.BatchOperations.create_index': ['index_name', 'columns', 'kw**'],
    'alembic.operations.BatchOperations.create_primary_key': ['constraint_name', 'columns'],
    'alembic.operations.BatchOperations.create_unique_constraint': ['constraint_name', 'columns', 'kw**'],
    'alembic.operations.BatchOperations.create_table_comment': ['comment', 'existing_comment='],
    'alembic.operations.BatchOperations.drop_table_comment': ['existing_comment='],
    'alembic.operations.BatchOperations.drop_column': ['column_name', 'kw**'],
    'alembic.operations.BatchOperations.drop_constraint': ['constraint_name', 'type_='],
    'alembic.operations.BatchOperations.drop_index': ['index_name', 'kw**'],
    'alembic.operations.BatchOperations.execute': ['sqltext', 'execution_options='],
    'alembic.operations.BatchOperations.f': ['name'],
    'alembic.operations.BatchOperations.inline_literal': ['value', 'type_='],
    'alembic.operations.BatchOperations.get_bind': [],
    'alembic.operations.BatchOperations.get_context': [],
    'alembic.operations.BatchOperations.invoke': ['operation'],
    'alembic.operations.BatchOperations.run_async': ['async_function', 'args*', 'kw_args**'],
    'alembic.operations.ops.MigrationScript.__init__': ['rev_id', 'upgrade_ops', 'downgrade_ops', 'message=', 'imports=', 'head=', 'splice=', 'branch_label=', 'version_path=', 'depends_on='],
    'alembic.operations.ops.MigrateOperation.reverse': [],
    'alembic.operations.ops.MigrateOperation.to_diff_tuple': [],
    'alembic.operations.ops.OpContainer.is_empty': [],
    'alembic.operations.ops.OpContainer.as_diffs': [],
    'alembic.operations.ops.UpgradeOps.__init__': ['ops=', 'upgrade_token='],
    'alembic.operations.ops.UpgradeOps.reverse_into': ['downgrade_ops'],
    'alembic.operations.ops.UpgradeOps.reverse': [],
    'alembic.operations.ops.AlterColumnOp.has_changes': [],
    'alembic.autogenerate.compare_metadata': ['context', 'metadata'],
    'alembic.autogenerate.produce_migrations': ['context', 'metadata'],
    'alembic.autogenerate.render_python_code': ['up_or_down_op', 'sqlalchemy_module_prefix=', 'alembic_module_prefix=', 'render_as_batch=', 'imports=', 'render_item=', 'migration_context=', 'user_module_prefix='],
    'alembic.autogenerate.api.AutogenContext.__init__': ['migration_context', 'metadata=', 'opts=', 'autogenerate='],
    'alembic.autogenerate.api.AutogenContext.run_name_filters': ['name', 'type_', 'parent_names'],
    'alembic.autogenerate.api.AutogenContext.run_object_filters': ['object_', 'name', 'type_', 'reflected', 'compare_to'],
    'alembic.autogenerate.Rewriter.rewrites': ['operator'],
    'alembic.autogenerate.Rewriter.chain': ['other'],
    'alembic.ddl.impl.DefaultImpl.static_output': ['text'],
    'alembic.ddl.impl.DefaultImpl.alter_column': ['table_name', 'column_name', 'nullable=', 'server_default=', 'name=', 'type_=', 'schema=', 'autoincrement=', 'comment=', 'existing_comment=', 'existing_type=', 'existing_server_default=', 'existing_nullable=', 'existing_autoincrement=', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.add_column': ['table_name', 'column', 'schema=', 'if_not_exists=', 'inline_references=', 'inline_primary_key='],
    'alembic.ddl.impl.DefaultImpl.drop_column': ['table_name', 'column', 'schema=', 'if_exists=', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.add_constraint': ['const', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.drop_constraint': ['const', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.rename_table': ['old_table_name', 'new_table_name', 'schema='],
    'alembic.ddl.impl.DefaultImpl.create_table': ['table', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.drop_table': ['table', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.create_index': ['index', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.drop_index': ['index', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.create_table_comment': ['table'],
    'alembic.ddl.impl.DefaultImpl.drop_table_comment': ['table'],
    'alembic.ddl.impl.DefaultImpl.create_column_comment': ['column'],
    'alembic.ddl.impl.DefaultImpl.bulk_insert': ['table', 'rows', 'multiinsert='],
    'alembic.ddl.impl.DefaultImpl.compare_type': ['inspector_column', 'metadata_column'],
    'alembic.ddl.impl.DefaultImpl.compare_server_default': ['inspector_column', 'metadata_column', 'rendered_metadata_default', 'rendered_inspector_default'],
    'alembic.ddl.impl.DefaultImpl.compare_indexes': ['metadata_index', 'reflected_index'],
    'alembic.ddl.impl.DefaultImpl.compare_unique_constraint': ['metadata_constraint', 'reflected_constraint'],
    'alembic.ddl.impl.DefaultImpl.compare_check_constraint': ['metadata_constraint', 'reflected_constraint'],
    'alembic.ddl.impl.DefaultImpl.correct_for_autogen_constraints': ['conn_uniques', 'conn_indexes', 'metadata_unique_constraints', 'metadata_indexes'],
    'alembic.ddl.impl.DefaultImpl.correct_for_autogen_foreignkeys': ['conn_fks', 'metadata_fks'],
    'alembic.ddl.impl.DefaultImpl.autogen_column_reflect': ['inspector', 'table', 'column_info'],
    'alembic.ddl.impl.DefaultImpl.render_type': ['type_obj', 'autogen_context'],
    'alembic.ddl.impl.DefaultImpl.render_ddl_sql_expr': ['expr', 'is_server_default=', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.adjust_reflected_dialect_options': ['reflected_object', 'kind'],
    'alembic.ddl.impl.DefaultImpl.requires_recreate_in_batch': ['batch_op'],
    'alembic.ddl.impl.DefaultImpl.prep_table_for_batch': ['batch_impl', 'table'],
    'alembic.ddl.impl.DefaultImpl.cast_for_batch_migrate': ['existing', 'existing_transfer', 'new_type'],
    'alembic.ddl.impl.DefaultImpl.emit_begin': [],
    'alembic.ddl.impl.DefaultImpl.emit_commit': [],
    'alembic.ddl.impl.DefaultImpl.version_table_impl': ['version_table', 'version_table_schema', 'version_table_pk', 'kw**'],
    'alembic.ddl.impl.DefaultImpl.get_by_dialect': ['dialect'],
    'alembic.ddl.impl.DefaultImpl._exec': ['construct', 'execution_options=', 'multiparams=', 'params='],
    'alembic.runtime.plugins.Plugin.add_autogenerate_comparator': ['fn', 'compare_target', 'compare_element=', 'qualifier=', 'priority='],
    'alembic.script.write_hooks.register': ['name'],
    'alembic.util.messaging.msg': ['msg', 'newline=', 'flush=', 'quiet='],
    'alembic.util.messaging.status': ['status_msg', 'newline=', 'quiet='],
    'alembic.util.messaging.warn': ['msg', 'stacklevel='],
    'alembic.util.messaging.obfuscate_url_pw': ['input_url'],
}

#: Instance attributes the document names, checked on real objects.
ATTRIBUTES = {
    "Config": [
        "config_file_name", "toml_file_name", "config_ini_section", "cmd_opts",
        "attributes", "file_config", "toml_alembic_config", "messaging_opts",
        "_config_file_path", "_toml_file_path",
    ],
    "RevisionMap": ["heads", "bases", "_real_heads", "_revision_map"],
    "EnvironmentContext": ["config", "script"],
    "CommandLine": ["parser", "_KWARGS_OPTS", "_POSITIONAL_TRANSLATIONS"],
}


def _resolve(dotted: str):
    """Import the longest module prefix of ``dotted``, then walk attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = inspect.getattr_static(obj, name) if inspect.isclass(obj) else getattr(obj, name)
            if isinstance(obj, (staticmethod, classmethod)):
                obj = obj.__func__
        return obj
    raise ImportError(dotted)


def _ours(fn) -> list[str]:
    marks = {
        inspect.Parameter.VAR_POSITIONAL: "*",
        inspect.Parameter.VAR_KEYWORD: "**",
    }
    result = []
    for p in inspect.signature(fn).parameters.values():
        if p.name in ("self", "cls"):
            continue
        mark = marks.get(p.kind, "=" if p.default is not p.empty else "")
        result.append(p.name + mark)
    return result


def _missing(expected: list[str], ours: list[str]) -> list[str]:
    """Expected parameters absent from ``ours`` or out of order; a
    ``*args``/``**kw`` of Alembic's must be one of ours too (any name)."""
    plain = [p.rstrip("=") for p in ours if not p.endswith("*")]
    missing, position = [], 0
    for want in expected:
        if want.endswith("**") or want.endswith("*"):
            if not any(o.endswith(want[-2:] if want.endswith("**") else "*") for o in ours):
                missing.append(want)
            continue
        name = want.rstrip("=")
        if name in plain[position:]:
            position = plain.index(name, position) + 1
        else:
            missing.append(want)
    return missing


#: Names of the document this package does not have yet, each with why.
#: Strict: once one exists its test fails here, so it is moved back.
NOT_YET: dict[str, str] = {}


@pytest.mark.parametrize(
    "dotted",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(
                strict=True, raises=AttributeError, reason=NOT_YET[name]
            ),
        )
        if name in NOT_YET
        else name
        for name in sorted(SIGNATURES)
    ],
)
def test_name_exists_with_alembics_parameters(dotted):
    obj = _resolve(dotted)  # AttributeError / ImportError when missing
    expected = SIGNATURES[dotted]
    if expected is not None:
        assert _missing(expected, _ours(obj)) == []


def _instances():
    from alembic.config import CommandLine, Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script.revision import RevisionMap

    config = Config()
    return {
        "Config": config,
        "RevisionMap": RevisionMap(lambda: []),
        "EnvironmentContext": EnvironmentContext(config, None),
        "CommandLine": CommandLine(prog="alembic"),
    }


@pytest.mark.parametrize(
    ("owner", "attr"),
    [(owner, attr) for owner, names in ATTRIBUTES.items() for attr in names],
)
def test_documented_instance_attribute(owner, attr):
    assert hasattr(_instances()[owner], attr)


def test_get_heads_consider_depends_on(tmp_path):
    """Observed from Alembic 1.20.1: with ``c`` depending on ``b`` (another
    branch's head), ``get_heads()`` is ``['bbbb0001', 'cccc0001']`` and
    ``get_heads(consider_depends_on=True)`` is ``['cccc0001']``."""
    from alembic.script import ScriptDirectory

    versions = tmp_path / "versions"
    versions.mkdir()
    for rev, down, dep in (
        ("aaaa0001", None, None),
        ("bbbb0001", None, None),
        ("cccc0001", "aaaa0001", "bbbb0001"),
    ):
        (versions / f"{rev}_.py").write_text(
            f"revision = {rev!r}\ndown_revision = {down!r}\n"
            f"branch_labels = None\ndepends_on = {dep!r}\n"
        )
    script = ScriptDirectory(str(tmp_path))
    assert script.get_heads() == ["bbbb0001", "cccc0001"]
    assert script.get_heads(consider_depends_on=True) == ["cccc0001"]
    assert script.get_heads(consider_depends_on=False) == ["bbbb0001", "cccc0001"]
