"""Writing new revision files: ScriptDirectory.generate_revision and friends."""

from __future__ import annotations

import datetime
import os
import warnings
from pathlib import Path

import pytest

from alembic.script import Script, ScriptDirectory
from alembic.script.headers import read_headers
from alembic.util.exc import CommandError

ALL_VARS_TEMPLATE = '''"""${message}"""
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}
# revises: ${down_revision | comma,n}
# created: ${create_date.isoformat()}
# config: ${config["name"]}
# extra: ${extra_value}
${imports if imports else "# no imports"}

def upgrade():
    ${upgrades if upgrades else "pass"}

def downgrade():
    ${downgrades if downgrades else "pass"}
'''


def test_generic_template_output(env_dir) -> None:
    script_dir = ScriptDirectory(str(env_dir))
    first = script_dir.generate_revision("aaaa11112222", "create users table")
    second = script_dir.generate_revision("bbbb33334444", None)
    path = Path(second.path)
    assert path.name == "bbbb33334444_.py"
    assert Path(first.path).name == "aaaa11112222_create_users_table.py"
    text = path.read_text()
    created = text.split("Create Date: ", 1)[1].split("\n", 1)[0]
    datetime.datetime.fromisoformat(created)  # a real timestamp
    assert text == (
        '"""empty message\n\n'
        "Revision ID: bbbb33334444\n"
        "Revises: aaaa11112222\n"
        f"Create Date: {created}\n\n"
        '"""\n'
        "from typing import Sequence, Union\n\n"
        "from alembic import op\n"
        "import sqlalchemy as sa\n\n\n"
        "# revision identifiers, used by Alembic.\n"
        "revision: str = 'bbbb33334444'\n"
        "down_revision: Union[str, Sequence[str], None] = 'aaaa11112222'\n"
        "branch_labels: Union[str, Sequence[str], None] = None\n"
        "depends_on: Union[str, Sequence[str], None] = None\n\n\n"
        "def upgrade() -> None:\n"
        '    """Upgrade schema."""\n'
        "    pass\n\n\n"
        "def downgrade() -> None:\n"
        '    """Downgrade schema."""\n'
        "    pass\n"
    )
    assert "Revises: \n" in Path(first.path).read_text()
    assert script_dir.get_heads() == ["bbbb33334444"]
    assert ScriptDirectory(str(env_dir)).get_current_head() == "bbbb33334444"
    compile(text, str(path), "exec")


def test_every_template_variable(env_dir) -> None:
    (env_dir / "script.py.mako").write_text(ALL_VARS_TEMPLATE)
    script_dir = ScriptDirectory(str(env_dir))
    common = {"config": {"name": "cfg-value"}, "extra_value": 42}
    script_dir.generate_revision("aaaa1", "one", **common)
    script_dir.generate_revision(
        "bbbb2", "two", head="base", splice=True, branch_labels=["side"], **common
    )
    script = script_dir.generate_revision(
        "cccc3",
        "merge them",
        head=["aaaa1", "bbbb2"],
        depends_on=["side", "aaaa"],
        **common,
        imports="import json",
        upgrades="op.execute('SELECT 1')",
        downgrades="op.execute('SELECT 2')",
    )
    text = Path(script.path).read_text()
    assert '"""merge them"""' in text
    assert "revision = 'cccc3'\n" in text
    assert "down_revision = ('aaaa1', 'bbbb2')\n" in text
    assert "branch_labels = None\n" in text
    assert "depends_on = ('side', 'aaaa1')\n" in text
    assert "# revises: aaaa1, bbbb2\n" in text
    assert "# config: cfg-value\n# extra: 42\nimport json\n" in text
    assert (
        "    op.execute('SELECT 1')\n" in text
        and "    op.execute('SELECT 2')\n" in text
    )
    created = text.split("# created: ")[1].split("\n")[0]
    assert abs(
        datetime.datetime.fromisoformat(created) - datetime.datetime.now()
    ) < datetime.timedelta(minutes=5)
    labelled = Path(script_dir.get_revision("bbbb2").path).read_text()
    assert "branch_labels = ('side',)\n" in labelled
    assert script.down_revision == ("aaaa1", "bbbb2") and script.is_merge_point
    assert script_dir.get_heads() == ["cccc3"]


def test_file_template_tokens(env_dir) -> None:
    script_dir = ScriptDirectory(
        str(env_dir),
        file_template="%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d%(second).2d-%(epoch)s-%(rev)s_%(slug)s",
    )
    when = datetime.datetime(2012, 7, 25, 15, 8, 5)
    path = script_dir._rev_path(script_dir.versions, "12345", "this is a message", when)
    assert isinstance(path, Path)
    assert str(path) == os.path.join(
        str(env_dir / "versions"),
        f"2012_07_25_150805-{int(when.timestamp())}-12345_this_is_a_message.py",
    )


def test_slug_rules_and_truncation(env_dir) -> None:
    when = datetime.datetime(2024, 1, 2)
    short = ScriptDirectory(str(env_dir), truncate_slug_length=20)
    message = "Add a very long column name; and more words!"
    name = short._rev_path("/v", "abc", message, when).name
    assert name == "abc_add_a_very_long_.py"  # cut at the last "_" within 20 chars
    default = ScriptDirectory(str(env_dir))
    assert default.truncate_slug_length == 40
    assert (
        default._rev_path("/v", "abc", "Ünïcode & sym-bols", when).name
        == "abc_ünïcode_sym_bols.py"
    )
    assert (
        default._rev_path("/v", "abc", "x" * 50, when).name
        == "abc_" + "x" * 40 + "_.py"
    )
    assert (
        default._rev_path("/v", "abc", "x" * 40, when).name == "abc_" + "x" * 40 + ".py"
    )


def test_slug_without_underscore_is_cut_hard(env_dir) -> None:
    when = datetime.datetime(2024, 1, 2)
    script_dir = ScriptDirectory(str(env_dir), truncate_slug_length=10)
    assert (
        script_dir._rev_path("/v", "abc", "abcdefghijklmnop", when).name
        == "abc_abcdefghij_.py"
    )


def test_bad_file_template_names_the_option(env_dir) -> None:
    script_dir = ScriptDirectory(str(env_dir), file_template="%(rev)s_%(nope)s")
    with pytest.raises(CommandError, match="file_template '%\\(rev\\)s_%\\(nope\\)s'"):
        script_dir.generate_revision("abcd1", "x")


def test_file_template_subdirectories(env_dir) -> None:
    template = "%(year)d/%(month).2d/%(rev)s_%(slug)s"
    flat = ScriptDirectory(str(env_dir), file_template=template)
    with pytest.raises(CommandError, match="recursive_version_locations"):
        flat.generate_revision("abcd1", "in a folder")
    deep = ScriptDirectory(
        str(env_dir), file_template=template, recursive_version_locations=True
    )
    script = deep.generate_revision("abcd1", "in a folder")
    now = datetime.datetime.now()
    expected = (
        env_dir
        / "versions"
        / f"{now.year}"
        / f"{now.month:02d}"
        / "abcd1_in_a_folder.py"
    )
    assert script.path == str(expected)
    reloaded = ScriptDirectory(str(env_dir), recursive_version_locations=True)
    assert reloaded.get_heads() == ["abcd1"]
    other = deep.generate_revision("bcde2", "next", file_template="%(rev)s")
    assert other.path == str(env_dir / "versions" / "bcde2.py")


def test_timezone(env_dir) -> None:
    utc = ScriptDirectory(str(env_dir), timezone="UTC")._generate_create_date()
    assert utc.utcoffset() == datetime.timedelta(0)
    assert abs(utc - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(
        minutes=1
    )
    tokyo = ScriptDirectory(str(env_dir), timezone="Asia/Tokyo")._generate_create_date()
    assert tokyo.utcoffset() == datetime.timedelta(hours=9)
    lower = ScriptDirectory(str(env_dir), timezone="utc")._generate_create_date()
    assert lower.utcoffset() == datetime.timedelta(0)
    naive = ScriptDirectory(str(env_dir))._generate_create_date()
    assert naive.tzinfo is None
    with pytest.raises(CommandError, match="^Can't locate timezone: Not/AZone$"):
        ScriptDirectory(str(env_dir), timezone="Not/AZone")._generate_create_date()
    script = ScriptDirectory(str(env_dir), timezone="Asia/Tokyo").generate_revision(
        "abcd1", "tz"
    )
    assert (
        "+09:00"
        in Path(script.path).read_text().split("Create Date: ")[1].split("\n")[0]
    )


def test_multiple_version_locations(env_dir, tmp_path) -> None:
    main = env_dir / "versions"
    other = tmp_path / "other_versions"
    script_dir = ScriptDirectory(
        str(env_dir), version_locations=[str(main), str(other)]
    )
    with pytest.raises(
        CommandError,
        match="^Multiple version locations present, please specify --version-path$",
    ):
        script_dir.generate_revision("aaaa1", "first")
    first = script_dir.generate_revision("aaaa1", "first", version_path=str(other))
    assert first.path == str(other / "aaaa1_first.py")  # the directory was created
    follows = script_dir.generate_revision("bbbb2", "follows its head")
    assert os.path.dirname(follows.path) == str(other)
    with pytest.raises(CommandError) as info:
        script_dir.generate_revision(
            "cccc3", "nowhere", version_path=str(tmp_path / "nowhere")
        )
    assert (
        str(info.value)
        == f"Path {tmp_path / 'nowhere'} is not represented in current version locations"
    )
    assert not (tmp_path / "nowhere").exists()


def test_splice_required_for_non_head(env_dir) -> None:
    script_dir = ScriptDirectory(str(env_dir))
    script_dir.generate_revision("aaaa1", "one")
    script_dir.generate_revision("bbbb2", "two")
    with pytest.raises(CommandError) as info:
        script_dir.generate_revision("cccc3", "branch", head="aaaa1")
    assert str(info.value) == (
        "Revision aaaa1 is not a head revision; please specify --splice "
        "to create a new branch from this revision"
    )
    assert not list((env_dir / "versions").glob("cccc3*"))
    script_dir.generate_revision("cccc3", "branch", head="aaaa1", splice=True)
    assert sorted(script_dir.get_heads()) == ["bbbb2", "cccc3"]
    with pytest.raises(CommandError) as info:
        script_dir.generate_revision("dddd4", "which head?")
    assert str(info.value) == (
        "Multiple heads are present; please specify the head revision on which "
        "the new revision should be based, or perform a merge."
    )
    merged = script_dir.generate_revision("dddd4", "merge", head="heads")
    assert sorted(merged.down_revision) == ["bbbb2", "cccc3"]


def test_branch_label_needs_template_support(env_dir) -> None:
    (env_dir / "script.py.mako").write_text(
        "revision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n"
    )
    script_dir = ScriptDirectory(str(env_dir))
    with pytest.raises(CommandError) as info:
        script_dir.generate_revision("aaaa1", "labelled", branch_labels="feature")
    path = env_dir / "versions" / "aaaa1_labelled.py"
    assert str(info.value) == (
        f"Version aaaa1 specified branch_labels feature, however the migration file {path} "
        "does not have them; have you upgraded your script.py.mako to include the "
        "'branch_labels' section?"
    )


def test_bad_revision_ids(env_dir) -> None:
    script_dir = ScriptDirectory(str(env_dir))
    with pytest.raises(
        CommandError,
        match="Character\\(s\\) '-' not allowed in revision identifier 'ab-cd'",
    ):
        script_dir.generate_revision("ab-cd", "x")
    script_dir.generate_revision("abcd1", "x")
    with pytest.raises(
        CommandError, match="^Revision id abcd1 is already used by .*abcd1_x.py"
    ):
        script_dir.generate_revision("abcd1", "x")
    # another message gives another file name: the id itself is what is taken
    with pytest.raises(CommandError, match="choose another --rev-id$"):
        script_dir.generate_revision("abcd1", "other message")
    assert not (env_dir / "versions" / "abcd1_other_message.py").exists()


def test_unknown_head_and_dependency(env_dir) -> None:
    script_dir = ScriptDirectory(str(env_dir))
    script_dir.generate_revision("aaaa1", "x")
    with pytest.raises(
        CommandError, match="Can't locate revision identified by 'zzzz9'"
    ):
        script_dir.generate_revision("bbbb2", "x", head="zzzz9")
    with pytest.raises(CommandError, match="zzzz9"):
        script_dir.generate_revision("bbbb2", "x", depends_on="zzzz9")


def test_duplicate_and_missing_revisions_in_directory(env_dir, write_rev) -> None:
    versions = env_dir / "versions"
    write_rev(versions, "aaaa1", None)
    write_rev(versions, "aaaa1", None, filename="again_aaaa1.py")
    with pytest.raises(CommandError) as dup:
        ScriptDirectory(str(env_dir)).get_heads()
    assert str(dup.value) == (
        f"Revision aaaa1 is declared by two files, {versions / 'aaaa1_.py'} and "
        f"{versions / 'again_aaaa1.py'}; give one of them a new revision id"
    )
    (versions / "again_aaaa1.py").unlink()
    write_rev(versions, "bbbb2", "gone0")
    with pytest.raises(CommandError) as info:
        ScriptDirectory(str(env_dir)).get_heads()
    assert "Revision gone0 referenced from bbbb2 is not present" in str(info.value)


def test_new_script_is_in_the_map_and_file_reads_back(env_dir) -> None:
    script_dir = ScriptDirectory(str(env_dir))
    script = script_dir.generate_revision("aaaa1", "hello world", branch_labels="main")
    assert isinstance(script, Script)
    assert script_dir.get_revision("main@head") is script
    headers = read_headers(script.path)
    assert headers.get("branch_labels") == ("main",)
    assert headers.doc.startswith("hello world\n\nRevision ID: aaaa1\n")
    assert script.doc == "hello world"


def test_generate_template_and_copy_helpers_used_by_init(
    env_dir, tmp_path, capsys
) -> None:
    script_dir = ScriptDirectory(str(env_dir))
    src = tmp_path / "x.mako"
    src.write_text("location = ${script_location}\n")
    dest = tmp_path / "out.ini"
    script_dir._generate_template(src, dest, script_location="%(here)s/env")
    assert dest.read_text() == "location = %(here)s/env\n"
    toml = tmp_path / "pyproject.toml"
    toml.write_text("[project]\nname = 'x'\n")
    script_dir._append_template(src, toml, script_location="here")
    assert toml.read_text() == "[project]\nname = 'x'\n\nlocation = here\n"
    script_dir._copy_file(src, tmp_path / "copy.mako")
    assert (tmp_path / "copy.mako").read_text() == src.read_text()
    script_dir._ensure_directory(tmp_path / "new" / "dir")
    assert (tmp_path / "new" / "dir").is_dir()
    out = capsys.readouterr().out
    assert f"Generating {dest} ...  done" in out
    assert f"Appending to existing {toml} ...  done" in out
    assert f"Creating directory {tmp_path / 'new' / 'dir'} ...  done" in out


# -- issue 11 item 5: nested version locations ---------------------------------


def _nested_locations(env_dir, write_rev) -> tuple[ScriptDirectory, Path]:
    """``versions/`` holding the configured locations ``r1/expand``,
    ``r1/contract`` and ``r2`` (per-release and expand/contract folders)."""
    versions = env_dir / "versions"
    nested = [versions / "r1" / "expand", versions / "r1" / "contract", versions / "r2"]
    write_rev(versions, "base0001")
    write_rev(nested[0], "exp00001", "base0001", labels="expand")
    write_rev(nested[1], "con00001", "base0001", labels="contract")
    write_rev(nested[2], "r2a00001", "exp00001")
    script_dir = ScriptDirectory(
        str(env_dir),
        version_locations=[str(versions)] + [str(p) for p in nested],
        recursive_version_locations=True,
    )
    return script_dir, versions


def test_nested_locations_follow_the_head_file(env_dir, write_rev) -> None:
    """Expected directories observed from Alembic 1.20.1 (the same layout,
    ``alembic revision --head ...`` and ``alembic merge``): the new file goes
    where the (first) head revision's file is, not into the outer
    ``versions/`` that also contains it."""
    script_dir, versions = _nested_locations(env_dir, write_rev)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "loaded twice": versions/ is recursive
        on_exp = script_dir.generate_revision("new00001", "on exp", head="r2a00001")
        on_con = script_dir.generate_revision(
            "new00002", "on con", head="contract@head"
        )
        spliced = script_dir.generate_revision(
            "new00003", "on con2", head="con00001", splice=True
        )
        merged = script_dir.generate_revision(
            "mrg00001", "mrg", head=["new00001", "new00002"]
        )
        merged_heads = script_dir.generate_revision("mrg00002", "mrg2", head="heads")
        plain = script_dir.generate_revision("new00004", "plain")
    where = {
        s.revision: Path(s.path).parent.relative_to(versions).as_posix()
        for s in (on_exp, on_con, spliced, merged, merged_heads, plain)
    }
    assert where == {
        "new00001": "r2",
        "new00002": "r1/contract",
        "new00003": "r1/contract",
        "mrg00001": "r2",
        "mrg00002": "r1/contract",
        "new00004": "r1/contract",
    }


def test_head_in_plain_subdirectory_goes_to_its_location(env_dir, write_rev) -> None:
    """Ours: a head whose file sits in a subdirectory that is not itself a
    location (``versions/sub`` with ``recursive_version_locations``) puts the
    new file in the innermost location holding it; Alembic 1.20.1 fails
    with "Path .../versions/sub is not represented in current version
    locations"."""
    other = env_dir.parent / "other"
    write_rev(env_dir / "versions", "base0001")
    write_rev(env_dir / "versions" / "sub", "sub00001", "base0001")
    script_dir = ScriptDirectory(
        str(env_dir),
        version_locations=[str(env_dir / "versions"), str(other)],
        recursive_version_locations=True,
    )
    new = script_dir.generate_revision("nxt00001", "next")
    assert Path(new.path).parent == env_dir / "versions"
