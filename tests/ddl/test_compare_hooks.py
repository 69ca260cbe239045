"""The impl comparison hooks answer as Alembic 1.20.1's (issue 11 item 10).

``DefaultImpl.compare_indexes`` / ``compare_unique_constraint`` /
``compare_check_constraint`` (and PostgreSQL's overrides) return a
``ComparisonResult``.  Every expected value below is the reference
interpreter's printed output: ``EXPECTED`` is, verbatim, what
``bench/.venv-ref/bin/python tests/ddl/compare_hook_cases.py`` printed for
the pairs of ``compare_hook_cases.CASES`` (PyPI Alembic 1.20.1, SQLAlchemy
2.1); the ``ComparisonResult`` checks are what the same interpreter printed
for ``alembic.ddl.impl.ComparisonResult``.
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from alembic.ddl import _autogen
from alembic.ddl.impl import ComparisonResult


def _cases_module():
    """``compare_hook_cases.py`` (beside this file; tests are not a package)."""
    path = pathlib.Path(__file__).with_name("compare_hook_cases.py")
    spec = importlib.util.spec_from_file_location("_compare_hook_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _cases_module()

EXPECTED = {
    ('default', 'ix_equal'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_other_column'): ('different', "expression ('b',) to ('a',)"),
    ('default', 'ix_column_order'): ('different', "expression ('b', 'a') to ('a', 'b')"),
    ('default', 'ix_extra_column'): ('different', "expression ('a', 'b') to ('a',)"),
    ('default', 'ix_made_unique'): ('different', 'unique=False to unique=True'),
    ('default', 'ix_made_not_unique'): ('different', 'unique=True to unique=False'),
    ('default', 'ix_unique_none_vs_false'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_unique_and_columns'): ('different', "unique=False to unique=True, expression ('b',) to ('a',)"),
    ('default', 'ix_other_name'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_same_function'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_other_function'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_function_vs_text'): ('different', "expression () to ('b',)"),
    ('default', 'ix_function_vs_pg_cast_text'): ('different', "expression () to ('b',)"),
    ('default', 'ix_function_vs_pg_paren_cast'): ('different', "expression () to ('b',)"),
    ('default', 'ix_function_and_column'): ('different', "expression ('a',) to ('b', 'a')"),
    ('default', 'ix_cast_vs_pg_cast'): ('different', "expression () to ('a',)"),
    ('default', 'ix_sum_vs_parenthesized'): ('different', "expression () to ('a',)"),
    ('default', 'ix_desc_vs_plain'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_desc_both'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_desc_nulls_last'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_collate'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_bound_value'): ('different', "expression () to ('b',)"),
    ('default', 'ix_text_equal'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_other'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_case_quotes_spaces'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_table_prefix'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_outer_parens'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_two_groups'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_inner_parens'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_casts'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_cast_then_paren'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_multiword_cast'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_unknown_multiword'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_array_cast'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_cast_keeps_desc'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_sql_cast'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_sql_cast_inside'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_sql_cast_vs_pg_cast'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_asc'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_nulls_last'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_nulls_first'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_desc_nulls_first'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_paren_desc'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_tab'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_text_count'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_no_expressions'): ('different', "expression ('a',) to ()"),
    ('default', 'ix_where_differs'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_using'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_include'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_mysql_length'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_nulls_not_distinct'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_nulls_not_distinct_reflected'): ('equal', 'The two constraints are equal'),
    ('default', 'ix_columns_and_nulls_not_distinct'): ('different', "expression ('b',) to ('a',)"),
    ('default', 'ix_count_and_nulls_not_distinct'): ('different', "expression ('a',) to ('a', 'b')"),
    ('default', 'uq_equal'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_other_column'): ('different', "expression ('b',) to ('a',)"),
    ('default', 'uq_column_order'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_extra_column'): ('different', "expression ('c',) to ('a', 'b')"),
    ('default', 'uq_other_name'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_unnamed'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_deferrable'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_nulls_not_distinct'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_nulls_not_distinct_reflected'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('default', 'uq_columns_and_nulls_not_distinct'): ('different', "expression ('c',) to ('a',)"),
    ('default', 'ck_equal'): ('equal', 'The two constraints are equal'),
    ('default', 'ck_other_value'): ('equal', 'The two constraints are equal'),
    ('default', 'ck_text_spacing'): ('equal', 'The two constraints are equal'),
    ('default', 'ck_other_name'): ('equal', 'The two constraints are equal'),
    ('default', 'ck_other_column'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_equal'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_other_column'): ('different', "expression #1 'b' to 'a'"),
    ('postgresql', 'ix_column_order'): ('different', "expression #1 'b' to 'a', expression #2 'a' to 'b'"),
    ('postgresql', 'ix_extra_column'): ('different', 'expression number 2 to 1'),
    ('postgresql', 'ix_made_unique'): ('different', 'unique=False to unique=True'),
    ('postgresql', 'ix_made_not_unique'): ('different', 'unique=True to unique=False'),
    ('postgresql', 'ix_unique_none_vs_false'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_unique_and_columns'): ('different', 'unique=False to unique=True'),
    ('postgresql', 'ix_other_name'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_same_function'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_other_function'): ('different', "expression #1 'upper(b)' to 'lower(b)'"),
    ('postgresql', 'ix_function_vs_text'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_function_vs_pg_cast_text'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_function_vs_pg_paren_cast'): ('different', "expression #1 'lower((b)::text)' to 'lower(b)'"),
    ('postgresql', 'ix_function_and_column'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_cast_vs_pg_cast'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_sum_vs_parenthesized'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_desc_vs_plain'): ('different', "expression #1 'a' to 'a DESC'"),
    ('postgresql', 'ix_desc_both'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_desc_nulls_last'): ('different', "expression #1 'a DESC' to 'a DESC NULLS LAST'"),
    ('postgresql', 'ix_collate'): ('different', 'expression #1 \'b\' to \'b COLLATE "C"\''),
    ('postgresql', 'ix_bound_value'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_equal'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_other'): ('different', "expression #1 'upper(b)' to 'lower(b)'"),
    ('postgresql', 'ix_text_case_quotes_spaces'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_table_prefix'): ('different', "expression #1 'a' to 't.a'"),
    ('postgresql', 'ix_text_outer_parens'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_two_groups'): ('different', "expression #1 'a + c' to '(a) + (c)'"),
    ('postgresql', 'ix_text_inner_parens'): ('different', "expression #1 'lower(b)' to 'lower((b))'"),
    ('postgresql', 'ix_text_casts'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_cast_then_paren'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_multiword_cast'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_unknown_multiword'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_array_cast'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_cast_keeps_desc'): ('different', "expression #1 'a' to 'a::integer desc'"),
    ('postgresql', 'ix_text_sql_cast'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_sql_cast_inside'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_sql_cast_vs_pg_cast'): ('different', "expression #1 '(a)::varchar || b' to 'CAST(a AS VARCHAR) || b'"),
    ('postgresql', 'ix_text_asc'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_nulls_last'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_nulls_first'): ('different', "expression #1 'a' to 'a NULLS FIRST'"),
    ('postgresql', 'ix_text_desc_nulls_first'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_text_paren_desc'): ('different', "expression #1 'a DESC' to '(a) DESC'"),
    ('postgresql', 'ix_text_tab'): ('different', "expression #1 'ab' to 'a\\tb'"),
    ('postgresql', 'ix_text_count'): ('different', 'expression number 1 to 2'),
    ('postgresql', 'ix_no_expressions'): ('different', 'expression number 1 to 0'),
    ('postgresql', 'ix_where_differs'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_using'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_include'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_mysql_length'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_nulls_not_distinct'): ('different', "o, p, t, i, o, n, s,  , (, ),  , t, o,  , (, ', n, u, l, l, s, _, n, o, t, _, d, i, s, t, i, n, c, t, ', ,, )"),
    ('postgresql', 'ix_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ix_nulls_not_distinct_reflected'): ('different', "o, p, t, i, o, n, s,  , (, ', n, u, l, l, s, _, n, o, t, _, d, i, s, t, i, n, c, t, ', ,, ),  , t, o,  , (, )"),
    ('postgresql', 'ix_columns_and_nulls_not_distinct'): ('different', "expression #1 'b' to 'a', o, p, t, i, o, n, s,  , (, ),  , t, o,  , (, ', n, u, l, l, s, _, n, o, t, _, d, i, s, t, i, n, c, t, ', ,, )"),
    ('postgresql', 'ix_count_and_nulls_not_distinct'): ('different', 'expression number 1 to 2'),
    ('postgresql', 'uq_equal'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'uq_other_column'): ('different', "expression ('b',) to ('a',)"),
    ('postgresql', 'uq_column_order'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'uq_extra_column'): ('different', "expression ('c',) to ('a', 'b')"),
    ('postgresql', 'uq_other_name'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'uq_unnamed'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'uq_deferrable'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'uq_nulls_not_distinct'): ('different', "expression () to ('nulls_not_distinct',)"),
    ('postgresql', 'uq_nulls_not_distinct_reflected'): ('different', "expression ('nulls_not_distinct',) to ()"),
    ('postgresql', 'uq_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'uq_columns_and_nulls_not_distinct'): ('different', "expression ('c',) to ('a',)"),
    ('postgresql', 'ck_equal'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ck_other_value'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ck_text_spacing'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ck_other_name'): ('equal', 'The two constraints are equal'),
    ('postgresql', 'ck_other_column'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_equal'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_other_column'): ('different', "expression ('b',) to ('a',)"),
    ('mysql', 'ix_column_order'): ('different', "expression ('b', 'a') to ('a', 'b')"),
    ('mysql', 'ix_extra_column'): ('different', "expression ('a', 'b') to ('a',)"),
    ('mysql', 'ix_made_unique'): ('different', 'unique=False to unique=True'),
    ('mysql', 'ix_made_not_unique'): ('different', 'unique=True to unique=False'),
    ('mysql', 'ix_unique_none_vs_false'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_unique_and_columns'): ('different', "unique=False to unique=True, expression ('b',) to ('a',)"),
    ('mysql', 'ix_other_name'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_same_function'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_other_function'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_function_vs_text'): ('different', "expression () to ('b',)"),
    ('mysql', 'ix_function_vs_pg_cast_text'): ('different', "expression () to ('b',)"),
    ('mysql', 'ix_function_vs_pg_paren_cast'): ('different', "expression () to ('b',)"),
    ('mysql', 'ix_function_and_column'): ('different', "expression ('a',) to ('b', 'a')"),
    ('mysql', 'ix_cast_vs_pg_cast'): ('different', "expression () to ('a',)"),
    ('mysql', 'ix_sum_vs_parenthesized'): ('different', "expression () to ('a',)"),
    ('mysql', 'ix_desc_vs_plain'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_desc_both'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_desc_nulls_last'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_collate'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_bound_value'): ('different', "expression () to ('b',)"),
    ('mysql', 'ix_text_equal'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_other'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_case_quotes_spaces'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_table_prefix'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_outer_parens'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_two_groups'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_inner_parens'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_casts'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_cast_then_paren'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_multiword_cast'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_unknown_multiword'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_array_cast'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_cast_keeps_desc'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_sql_cast'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_sql_cast_inside'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_sql_cast_vs_pg_cast'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_asc'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_nulls_last'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_nulls_first'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_desc_nulls_first'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_paren_desc'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_tab'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_text_count'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_no_expressions'): ('different', "expression ('a',) to ()"),
    ('mysql', 'ix_where_differs'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_using'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_include'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_mysql_length'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_nulls_not_distinct'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_nulls_not_distinct_reflected'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ix_columns_and_nulls_not_distinct'): ('different', "expression ('b',) to ('a',)"),
    ('mysql', 'ix_count_and_nulls_not_distinct'): ('different', "expression ('a',) to ('a', 'b')"),
    ('mysql', 'uq_equal'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_other_column'): ('different', "expression ('b',) to ('a',)"),
    ('mysql', 'uq_column_order'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_extra_column'): ('different', "expression ('c',) to ('a', 'b')"),
    ('mysql', 'uq_other_name'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_unnamed'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_deferrable'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_nulls_not_distinct'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_nulls_not_distinct_reflected'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('mysql', 'uq_columns_and_nulls_not_distinct'): ('different', "expression ('c',) to ('a',)"),
    ('mysql', 'ck_equal'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ck_other_value'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ck_text_spacing'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ck_other_name'): ('equal', 'The two constraints are equal'),
    ('mysql', 'ck_other_column'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_equal'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_other_column'): ('different', "expression ('b',) to ('a',)"),
    ('sqlite', 'ix_column_order'): ('different', "expression ('b', 'a') to ('a', 'b')"),
    ('sqlite', 'ix_extra_column'): ('different', "expression ('a', 'b') to ('a',)"),
    ('sqlite', 'ix_made_unique'): ('different', 'unique=False to unique=True'),
    ('sqlite', 'ix_made_not_unique'): ('different', 'unique=True to unique=False'),
    ('sqlite', 'ix_unique_none_vs_false'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_unique_and_columns'): ('different', "unique=False to unique=True, expression ('b',) to ('a',)"),
    ('sqlite', 'ix_other_name'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_same_function'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_other_function'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_function_vs_text'): ('different', "expression () to ('b',)"),
    ('sqlite', 'ix_function_vs_pg_cast_text'): ('different', "expression () to ('b',)"),
    ('sqlite', 'ix_function_vs_pg_paren_cast'): ('different', "expression () to ('b',)"),
    ('sqlite', 'ix_function_and_column'): ('different', "expression ('a',) to ('b', 'a')"),
    ('sqlite', 'ix_cast_vs_pg_cast'): ('different', "expression () to ('a',)"),
    ('sqlite', 'ix_sum_vs_parenthesized'): ('different', "expression () to ('a',)"),
    ('sqlite', 'ix_desc_vs_plain'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_desc_both'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_desc_nulls_last'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_collate'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_bound_value'): ('different', "expression () to ('b',)"),
    ('sqlite', 'ix_text_equal'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_other'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_case_quotes_spaces'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_table_prefix'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_outer_parens'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_two_groups'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_inner_parens'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_casts'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_cast_then_paren'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_multiword_cast'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_unknown_multiword'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_array_cast'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_cast_keeps_desc'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_sql_cast'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_sql_cast_inside'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_sql_cast_vs_pg_cast'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_asc'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_nulls_last'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_nulls_first'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_desc_nulls_first'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_paren_desc'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_tab'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_text_count'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_no_expressions'): ('different', "expression ('a',) to ()"),
    ('sqlite', 'ix_where_differs'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_using'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_include'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_mysql_length'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_nulls_not_distinct'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_nulls_not_distinct_reflected'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ix_columns_and_nulls_not_distinct'): ('different', "expression ('b',) to ('a',)"),
    ('sqlite', 'ix_count_and_nulls_not_distinct'): ('different', "expression ('a',) to ('a', 'b')"),
    ('sqlite', 'uq_equal'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_other_column'): ('different', "expression ('b',) to ('a',)"),
    ('sqlite', 'uq_column_order'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_extra_column'): ('different', "expression ('c',) to ('a', 'b')"),
    ('sqlite', 'uq_other_name'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_unnamed'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_deferrable'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_nulls_not_distinct'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_nulls_not_distinct_reflected'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_nulls_not_distinct_false'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'uq_columns_and_nulls_not_distinct'): ('different', "expression ('c',) to ('a',)"),
    ('sqlite', 'ck_equal'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ck_other_value'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ck_text_spacing'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ck_other_name'): ('equal', 'The two constraints are equal'),
    ('sqlite', 'ck_other_column'): ('equal', 'The two constraints are equal'),
}


def test_every_case_has_an_expected_answer():
    assert sorted(EXPECTED) == sorted(
        (dialect_name, case_id) for dialect_name in CASES.DIALECTS for case_id in CASES.CASES
    )


@pytest.mark.parametrize(("dialect_name", "case_id"), sorted(EXPECTED))
def test_hook_answers_as_alembic(dialect_name, case_id):
    assert CASES.answer(dialect_name, case_id) == EXPECTED[dialect_name, case_id]


def test_comparison_result_shape():
    """From the reference: a NamedTuple ``(status, message)`` defined in
    ``alembic.ddl._autogen``; ``Equal()`` is ``('equal', 'The two
    constraints are equal')``, ``Different``/``Skip`` take one reason or a
    sequence joined by ``', '``; ``Different()`` without a reason raises
    ``TypeError``."""
    assert ComparisonResult is _autogen.ComparisonResult
    assert ComparisonResult._fields == ("status", "message")
    equal = ComparisonResult.Equal()
    assert repr(equal) == "ComparisonResult(status='equal', message='The two constraints are equal')"
    assert (equal.is_equal, equal.is_different, equal.is_skip) == (True, False, False)
    different = ComparisonResult.Different(["a", "b"])
    assert repr(different) == "ComparisonResult(status='different', message='a, b')"
    assert (different.is_equal, different.is_different, different.is_skip) == (False, True, False)
    skip = ComparisonResult.Skip("m")
    assert tuple(skip) == ("skip", "m")
    assert (skip.is_equal, skip.is_different, skip.is_skip) == (False, False, True)
    with pytest.raises(TypeError):
        ComparisonResult.Different()


def test_check_constraint_hook_takes_anything():
    """From the reference: ``compare_check_constraint(None, None)`` on the
    PostgreSQL impl is ``('equal', 'The two constraints are equal')``."""
    assert tuple(CASES.make_impl("postgresql").compare_check_constraint(None, None)) == (
        "equal",
        "The two constraints are equal",
    )
