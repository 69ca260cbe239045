"""The SERIAL default test of the PostgreSQL profile, without per-column regexes.

``_is_own_sequence_default`` replaced a regular expression compiled for each
column; it must accept exactly what that expression accepted.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from alembic.autogenerate.compare.dialects import _is_own_sequence_default


def _by_pattern(text: str, sequence: str) -> bool:
    expected = re.escape(sequence)
    pattern = rf"nextval\('(\S+\.)?\"?{expected}\"?'::regclass\)"
    return re.fullmatch(pattern, text) is not None


SEQ = "t_id_seq"
PIECES = st.sampled_from(
    [
        "nextval('",
        "'::regclass)",
        '"',
        ".",
        "public",
        " ",
        SEQ,
        "x",
        "'",
        "t_id",
        "_seq",
        "\n",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=8))
def test_same_verdict_as_the_pattern(parts):
    text = "".join(parts)
    assert _is_own_sequence_default(text, SEQ) == _by_pattern(text, SEQ)


def test_known_forms():
    for text in [
        "nextval('t_id_seq'::regclass)",
        "nextval('public.t_id_seq'::regclass)",
        "nextval('\"t_id_seq\"'::regclass)",
        "nextval('my schema.t_id_seq'::regclass)",
        "nextval('other_seq'::regclass)",
        "nextval('.t_id_seq'::regclass)",
        "",
    ]:
        assert _is_own_sequence_default(text, SEQ) == _by_pattern(text, SEQ), text
    assert _is_own_sequence_default("nextval('public.t_id_seq'::regclass)", SEQ)
    assert not _is_own_sequence_default("nextval('other_seq'::regclass)", SEQ)
