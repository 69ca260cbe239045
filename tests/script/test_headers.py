"""Reading revision headers from source, without running the file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alembic.script.headers import (
    RevisionFileSyntaxError,
    ScriptHeaders,
    headers_from_module,
    headers_from_source,
    read_headers,
)
from alembic.util.exc import CommandError

TEMPLATE_STYLE = b'''"""add account table

Revision ID: 1975ea83b712
Revises: 
Create Date: 2011-11-08 11:40:27.089406

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1975ea83b712'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
'''


def _exec_values(source: bytes) -> ScriptHeaders:
    """What Python itself sees when the file runs (the reference)."""
    namespace: dict = {}
    exec(compile(source, "<rev>", "exec"), namespace)  # noqa: S102 - the reference
    module = type("M", (), {})()
    for key, value in namespace.items():
        setattr(module, key, value)
    module.__doc__ = namespace.get("__doc__")
    return headers_from_module(module)


def test_template_style_annotated_headers() -> None:
    headers = headers_from_source(TEMPLATE_STYLE)
    assert headers is not None
    assert headers.values == {
        "revision": "1975ea83b712",
        "down_revision": None,
        "branch_labels": None,
        "depends_on": None,
    }
    assert headers.doc.startswith("add account table\n\nRevision ID: 1975ea83b712\n")
    assert headers == _exec_values(TEMPLATE_STYLE)


def test_plain_assignments_tuples_lists_and_comments() -> None:
    src = (
        b"'''merge heads'''\n"
        b'revision = "m1"  # the id\n'
        b"down_revision = ('a1', 'b1')\n"
        b"branch_labels = ['x', 'y']  # labels\n"
        b"depends_on = 'c#3'\n"
    )
    headers = headers_from_source(src)
    assert headers.values == {
        "revision": "m1",
        "down_revision": ("a1", "b1"),
        "branch_labels": ["x", "y"],
        "depends_on": "c#3",
    }
    assert headers.doc == "merge heads"


def test_multiline_tuple_and_escaped_docstring_use_careful_parser() -> None:
    src = (
        b'"""tab\\there"""\n'
        b"revision = 'r2'\n"
        b"down_revision = (\n    'a',\n    'b',\n)\n"
    )
    headers = headers_from_source(src)
    assert headers.values == {"revision": "r2", "down_revision": ("a", "b")}
    assert headers.doc == "tab\there"


def test_header_assigned_after_functions_is_seen() -> None:
    src = b"revision = 'r1'\ndef upgrade():\n    pass\ndown_revision = 'r0'\n"
    headers = headers_from_source(src)
    assert headers.values == {"revision": "r1", "down_revision": "r0"}


def test_lookalike_line_inside_a_string_is_not_a_header() -> None:
    src = (
        b"revision = 'real'\ndown_revision = None\n"
        b"def upgrade():\n    op.execute('''\nrevision = 'fake'\n''')\n"
    )
    assert headers_from_source(src).get("revision") == "real"


def test_missing_docstring_and_missing_headers() -> None:
    headers = headers_from_source(b"import os\nrevision = 'abc'\n")
    assert headers.doc is None
    assert headers.has("revision") and not headers.has("down_revision")
    assert headers.get("depends_on", "dflt") == "dflt"


@pytest.mark.parametrize(
    "src",
    [
        b"revision = 'a'\ndown_revision = compute()\n",
        b"revision = 'a'\nif True:\n    down_revision = None\n",
        b"from .common import down_revision\nrevision = 'a'\n",
        b"revision = 'a' + 'b'\n",
        b"revision, down_revision = 'a', None\n",
        b"import os\nrevision = os.environ.get('R', 'x')\n",
    ],
)
def test_non_literal_headers_ask_for_import(src: bytes) -> None:
    assert headers_from_source(src) is None


def test_syntax_error_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "abc_broken.py"
    path.write_text(
        "revision = 'abc'\ndown_revision = None\n\ndef upgrade(:\n    pass\n"
    )
    # the literal headers are fine; the body is only compiled on import
    assert read_headers(str(path)).get("revision") == "abc"
    path.write_text("revision = 'abc\ndown_revision = None\n")
    with pytest.raises(RevisionFileSyntaxError) as info:
        read_headers(str(path))
    message = str(info.value)
    assert isinstance(info.value, CommandError)
    assert str(path) in message and "line 1" in message
    assert "\n" not in message
    assert info.value.lineno == 1


def test_crlf_bom_and_latin1_cookie() -> None:
    crlf = b'\xef\xbb\xbf"""doc\r\n\r\nmore"""\r\nrevision = "r"\r\n'
    headers = headers_from_source(crlf)
    assert headers.values == {"revision": "r"} and headers.doc == "doc\n\nmore"
    latin = '# -*- coding: latin-1 -*-\n"""caf\xe9"""\nrevision = \'r\'\n'.encode(
        "latin-1"
    )
    headers = headers_from_source(latin)
    assert headers.doc == "caf\xe9" and headers.get("revision") == "r"


_ids = st.text(alphabet="0123456789abcdef", min_size=4, max_size=12)
_value = st.one_of(
    st.none(),
    _ids,
    st.tuples(_ids, _ids),
    st.lists(_ids, min_size=1, max_size=3),
)
_doc = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(
    down=_value,
    labels=_value,
    deps=_value,
    doc=_doc,
    annotated=st.booleans(),
    comment=st.booleans(),
    body_first=st.booleans(),
)
def test_reader_agrees_with_python(
    down, labels, deps, doc, annotated, comment, body_first
) -> None:
    ann = ": Union[str, Sequence[str], None]" if annotated else ""
    tail = "  # note" if comment else ""
    lines = [
        f"down_revision{ann} = {down!r}{tail}",
        f"branch_labels{ann} = {labels!r}",
        f"depends_on{ann} = {deps!r}",
    ]
    body = "def upgrade():\n    pass\n"
    text = f"{doc!r}\nfrom typing import Sequence, Union\nrevision = 'abcd'\n"
    text += (
        (body + "\n".join(lines) + "\n")
        if body_first
        else ("\n".join(lines) + "\n" + body)
    )
    source = text.encode("utf-8")
    assert headers_from_source(source) == _exec_values(source)


def test_hash_inside_a_string_does_not_hide_code() -> None:
    src = b'revision = "r1"\nx = "#"; down_revision = compute()\n'
    assert headers_from_source(src) is None
    src = b'revision = "r1"  # the id\nimport os  # mentions revision in a comment\n'
    assert headers_from_source(src).values == {"revision": "r1"}


_LINES = st.sampled_from(
    [
        "# revision identifiers, used by Alembic.",
        "import os  # revision helpers",
        "x = '#'; down_revision = 'zz99'",
        "revision = 'r1'",
        "revision: str = 'r2'  # comment",
        "down_revision = None",
        "down_revision = ('a1', 'b2')",
        "down_revision = 'a1' if True else None",
        "branch_labels = ['x']",
        "depends_on = 'dep'",
        'depends_on = "with # hash"',
        "if True:\n    depends_on = 'cond'",
        "revision = down_revision = 'chain'",
        "revision += 'x'",
        "y = revision",
        "s = '''\nrevision = 'in string'\n'''",
        "def upgrade():\n    pass",
        "class K:\n    revision = 'inner'",
        "@decorator\ndef f():\n    pass",
        "",
        # for the string-search scanner: look-alikes, rebinding, odd spacing
        "my_revision = 'not a header'",
        "down_revisions = ['x']",
        "import os as revision",
        "os.revision = 'attr'",
        "revision ='tight'",
        "revision\t=\t'tabs'",
        "depends_on: 'str' = 'annotated string'",
        "branch_labels = None  # revision in a trailing comment",
        "revision = 'revision'",
        "down_revision = \"depends_on\"",
        "del revision",
        "for revision in ['loop']: pass",
        "try:\n    revision = 'tried'\nexcept Exception:\n    pass",
        "with open(__file__) as revision: pass",
        "revision == 'compared'",
        "   # indented comment: down_revision = 'x'",
        "iffy = 1",
        "x = [\nrevision]",
        "f = dict(\nrevision='keyword'\n)",
        "g = dict(\ndown_revision: 1\n)",
        "x = 'a\\\nrevision = \"b\" #'",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    doc=st.sampled_from(['"""doc"""', "'single'", 'r"""raw\\x"""', "", '"""a\\tb"""']),
    lines=st.lists(_LINES, max_size=8),
)
def test_reader_is_never_wrong(doc, lines) -> None:
    source = (
        doc + "\n" + "decorator = lambda f: f\n" + "\n".join(lines) + "\n"
    ).encode()
    try:
        expected = _exec_values(source)
    except Exception:
        return  # not a runnable file; nothing to compare with
    found = headers_from_source(source)
    if found is not None:  # None means "import it": always safe
        assert found == expected


@pytest.mark.parametrize(
    "src",
    [
        b'"""d"""\nf = dict(\nrevision="keyword"\n)\n',
        b'"""d"""\nx = \'a\\\nrevision = "b" #\'\n',
    ],
    ids=["keyword-argument-at-column-0", "continued-string"],
)
def test_a_header_name_starting_a_line_inside_a_call_or_string_is_not_read(src) -> None:
    """A name at the start of a line is an assignment only outside brackets
    and strings; the fast reader once took both of these for headers."""
    found = headers_from_source(src)
    assert found is None or found == _exec_values(src)
    assert _exec_values(src).values == {}
