"""alembic.util helpers: messaging, langhelpers, pyfiles, interpolation."""

from __future__ import annotations

import io
import os
import pickle
import py_compile
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alembic import util
from alembic.util import messaging
from alembic.util.exc import CommandError
from alembic.util.interpolation import interpolate
from alembic.util.langhelpers import Dispatcher


def test_rev_id_shape():
    ids = {util.rev_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 12 and int(i, 16) >= 0 for i in ids)


def test_immutabledict():
    d = util.immutabledict({"a": 1})
    with pytest.raises(TypeError):
        d["b"] = 2
    with pytest.raises(TypeError):
        d.update(b=2)
    with pytest.raises(TypeError):
        del d["a"]
    assert d.union({"b": 2}) == {"a": 1, "b": 2} and d == {"a": 1}
    assert isinstance(d.union({}), util.immutabledict)
    assert d.merge_with({"c": 3}, None, {"a": 0}) == {"a": 0, "c": 3}
    assert pickle.loads(pickle.dumps(d)) == d
    assert hash(frozenset(util.EMPTY_DICT)) == hash(frozenset())


def test_list_helpers():
    assert util.to_list(None) is None
    assert util.to_list("ab") == ["ab"]
    assert util.to_list(("a", "b")) == ["a", "b"]
    assert util.to_tuple("ab") == ("ab",)
    assert util.to_tuple(None, default=()) == ()
    assert util.dedupe_tuple(["a", "b", "a"]) == ("a", "b")
    assert util.asbool("true") and util.asbool("1") and not util.asbool("false")
    assert not util.asbool(None)
    with pytest.raises(ValueError):
        util.asbool("maybe")


def test_dispatcher_walks_mro_and_qualifiers():
    dispatcher = Dispatcher()

    class Base:
        pass

    class Child(Base):
        pass

    @dispatcher.dispatch_for(Base)
    def base_fn(obj):
        return "base"

    @dispatcher.dispatch_for(Child, qualifier="postgresql")
    def child_pg(obj):
        return "child-pg"

    assert dispatcher.dispatch(Child())(None) == "base"
    assert dispatcher.dispatch(Child(), qualifier="postgresql")(None) == "child-pg"
    assert dispatcher.dispatch(Base, qualifier="postgresql")(None) == "base"
    with pytest.raises(ValueError):
        dispatcher.dispatch(object())
    with pytest.raises(ValueError):
        dispatcher.dispatch_for(Base)(base_fn)
    branch = dispatcher.branch()
    branch.dispatch_for(Base, replace=True)(lambda obj: "replaced")
    assert dispatcher.dispatch(Base())(None) == "base"
    assert branch.dispatch(Base())(None) == "replaced"


# -- messaging --------------------------------------------------------------------


def test_status_and_msg_go_to_redirected_stream():
    buf = io.StringIO()
    with messaging.redirect(buf):
        with util.status("Generating /x/y.py"):
            pass
        util.msg("hello")
        util.msg("silent", quiet=True)
        assert util.status("Adding z", lambda a, b: a + b, 1, 2) == 3
    assert buf.getvalue() == "Generating /x/y.py ...  done\nhello\nAdding z ...  done\n"


def test_status_reports_failure():
    buf = io.StringIO()
    with messaging.redirect(buf), pytest.raises(RuntimeError):
        with util.status("Working"):
            raise RuntimeError("boom")
    assert buf.getvalue() == "Working ...  FAILED\n"


def test_write_outstream_replaces_unencodable():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    util.write_outstream(stream, "caf\u00e9", "\n")
    stream.flush()
    assert raw.getvalue() == b"caf?\n"


def test_format_as_comma():
    assert util.format_as_comma(None) == ""
    assert util.format_as_comma("a") == "a"
    assert util.format_as_comma(("a", "b")) == "a, b"


def test_warn():
    with pytest.warns(UserWarning, match="careful"):
        util.warn("careful")


# -- pyfiles ----------------------------------------------------------------------


def test_template_to_file(tmp_path):
    template = tmp_path / "t.mako"
    template.write_text("name=${name}\n% for i in items:\n- ${i}\n% endfor\n")
    dest = tmp_path / "out.txt"
    util.template_to_file(template, dest, "utf-8", name="caf\u00e9", items=[1, 2])
    assert dest.read_text(encoding="utf-8") == "name=caf\u00e9\n- 1\n- 2\n"
    util.template_to_file(template, dest, "utf-8", append=True, name="x", items=[])
    assert dest.read_text(encoding="utf-8").endswith("name=x\n")


def test_template_error_points_to_a_traceback_file(tmp_path):
    template = tmp_path / "bad.mako"
    template.write_text("${undefined_function()}\n")
    with pytest.raises(CommandError) as err:
        util.template_to_file(template, tmp_path / "o", "utf-8")
    message = str(err.value)
    assert "bad.mako" in message
    path = message.split(" see ")[1].split(" for ")[0]
    assert os.path.exists(path)
    os.unlink(path)


def test_load_python_file_and_pyc(tmp_path):
    (tmp_path / "mod.py").write_text("VALUE = 42\n")
    assert util.load_python_file(str(tmp_path), "mod.py").VALUE == 42
    py_compile.compile(str(tmp_path / "mod.py"))
    compiled = util.pyc_file_from_path(str(tmp_path / "mod.py"))
    assert compiled and "__pycache__" in compiled
    (tmp_path / "mod.py").unlink()
    # sourceless: the compiled file is used when the source is gone
    assert util.load_python_file(str(tmp_path), "mod.py").VALUE == 42
    assert util.pyc_file_from_path(str(tmp_path / "nothing.py")) is None
    with pytest.raises(ImportError):
        util.load_python_file(str(tmp_path), "nothing.py")


def test_load_module_supports_dataclasses(tmp_path):
    (tmp_path / "dc.py").write_text(
        "from __future__ import annotations\nimport dataclasses\n\n"
        "@dataclasses.dataclass\nclass P:\n    x: int\n"
    )
    module = util.load_module_py("h2_dc_module", tmp_path / "dc.py")
    assert module.P(1).x == 1
    assert "h2_dc_module" not in sys.modules


def test_load_python_file_syntax_error(tmp_path):
    (tmp_path / "env.py").write_text("x = 1\ndef broken(:\n")
    with pytest.raises(CommandError) as err:
        util.load_python_file(str(tmp_path), "env.py")
    assert f"{tmp_path / 'env.py'}:2" in str(err.value)


def test_coerce_resource_to_filename():
    path = util.coerce_resource_to_filename("alembic:templates/generic")
    assert os.path.isdir(path) and path.endswith(os.path.join("templates", "generic"))
    assert util.coerce_resource_to_filename("/abs/path") == "/abs/path"
    assert util.coerce_resource_to_filename("relative/dir") == "relative/dir"
    with pytest.raises(CommandError, match="no_such_pkg_h2"):
        util.coerce_resource_to_filename("no_such_pkg_h2:dir")


# -- interpolation ----------------------------------------------------------------

_plain = st.text(alphabet=st.characters(blacklist_characters="%$"), max_size=40)


@given(_plain)
def test_plain_text_is_unchanged(text):
    assert interpolate(text, {}.get, "x", environ={}) == text


@given(st.text(max_size=40))
def test_doubling_every_percent_and_dollar_brace_round_trips(text):
    escaped = text.replace("%", "%%").replace("${", "$${")
    assert interpolate(escaped, {}.get, "x", environ={}) == text


@given(
    st.text(alphabet="abc%@/:", max_size=30).filter(
        lambda t: "%(" not in t and "%%" not in t
    )
)
def test_lone_percent_signs_are_kept(text):
    assert interpolate(text, {}.get, "x", environ={}) == text


def test_references_and_env():
    values = {"here": "/srv", "base": "%(here)s/db"}
    env = {"USER_URL": "pg://u:p%25@h/d"}
    assert interpolate("%(base)s/x", values.get, "x", environ={}) == "/srv/db/x"
    assert interpolate("${USER_URL}", values.get, "x", environ=env) == "pg://u:p%25@h/d"
    assert (
        interpolate("${NOPE:-%(here)s/${ALSO:-n}}", values.get, "x", environ={})
        == "/srv/n"
    )
    with pytest.raises(CommandError, match="loop"):
        interpolate("%(a)s", {"a": "%(a)s"}.get, "x", environ={})
    with pytest.raises(CommandError, match="Unclosed"):
        interpolate("${OPEN", values.get, "x", environ={})


def test_logging_format_strings_need_doubling_as_in_alembic():
    assert interpolate("%%(levelname)-5.5s [%%(name)s]", {}.get, "x", environ={}) == (
        "%(levelname)-5.5s [%(name)s]"
    )
    with pytest.raises(CommandError, match="Bad '%\\(' reference"):
        interpolate("%(levelname)-5.5s [%(name)s]", {"name": "n"}.get, "x", environ={})
