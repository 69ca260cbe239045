"""Writing a new revision file: ``ScriptDirectory.generate_revision``.

Split from :mod:`alembic.script.base` to keep that module readable.  The
steps are: resolve the heads the new revision sits on, pick its version
location, work out the file name, check the branch safeguards, render
``script.py.mako``, run post-write hooks, then load the new file back as a
:class:`~alembic.script.base.Script` and add it to the revision map.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..util.exc import CommandError
from . import revision as revision_mod

if TYPE_CHECKING:
    from .base import Script, ScriptDirectory

__all__ = ["generate_revision", "render_template"]

_MULTIPLE_HEADS_FOR_NEW = (
    "Multiple heads are present; please specify the head "
    "revision on which the new revision should be based, "
    "or perform a merge."
)


def generate_revision(
    script_dir: ScriptDirectory,
    revid: str,
    message: str | None,
    head: Any = None,
    splice: bool | None = False,
    branch_labels: Any = None,
    version_path: Any = None,
    file_template: str | None = None,
    depends_on: Any = None,
    **kw: Any,
) -> Script | None:
    """Write a revision file and return its :class:`Script` (see the base method)."""
    from .base import Script, _format_as_comma, _to_tuple

    _verify_rev_id(revid)
    _check_id_is_new(script_dir, revid)
    heads = _resolve_heads(script_dir, "head" if head is None else head)
    create_date = script_dir._generate_create_date()
    version_path = _choose_version_path(script_dir, heads, version_path)
    path = _new_file_path(
        script_dir, version_path, revid, message, create_date, file_template
    )
    if not splice:
        _check_heads_are_heads(heads)
    script_dir._generate_template(
        Path(script_dir.dir, "script.py.mako"),
        path,
        up_revision=str(revid),
        down_revision=_scalar(
            tuple(h.revision if h is not None else None for h in heads)
        ),
        branch_labels=_to_tuple(branch_labels, default=None),
        depends_on=_scalar(_resolve_depends_on(script_dir, depends_on)),
        create_date=create_date,
        comma=_format_as_comma,
        message=message if message is not None else "empty message",
        **kw,
    )
    script_dir._run_post_write_hooks(path)
    try:
        script = Script._from_path(script_dir, path)
    except revision_mod.RevisionError as err:
        raise CommandError(err.args[0]) from err
    if script is None:
        return None
    _check_branch_labels_written(script, branch_labels)
    script_dir.revision_map.add_revision(script)
    return script


def render_template(template_file: str, **kw: Any) -> str:
    """Render a Mako template file to text (imports Mako only now)."""
    from mako.template import Template

    return Template(filename=template_file).render_unicode(**kw)


def _verify_rev_id(revid: str) -> None:
    try:
        revision_mod.Revision.verify_rev_id(revid)
    except revision_mod.RevisionError as err:
        raise CommandError(err.args[0]) from err


def _check_id_is_new(script_dir: ScriptDirectory, revid: str) -> None:
    """Refuse an id an existing revision file already declares."""
    with script_dir._catch_revision_errors():
        existing = script_dir.revision_map._revision_map.get(revid)
    if existing is not None and existing.revision == revid:
        where = getattr(existing, "path", revid)
        raise CommandError(
            f"Revision id {revid} is already used by {where}; choose another --rev-id"
        )


def _resolve_heads(script_dir: ScriptDirectory, head: Any) -> tuple[Any, ...]:
    """The scripts the new revision will sit on; ``(None,)`` means base."""
    with script_dir._catch_revision_errors(multiple_heads=_MULTIPLE_HEADS_FOR_NEW):
        heads = tuple(script_dir.revision_map.get_revisions(head))
    if not heads:
        heads = (None,)
    if len(set(heads)) != len(heads):
        raise CommandError("Duplicate head revisions specified")
    return heads


def _choose_version_path(
    script_dir: ScriptDirectory, heads: Sequence[Any], version_path: Any
) -> str:
    """The version location for the new file, validated against the configured ones."""
    if version_path is None:
        locations = script_dir._version_locations
        if len(locations) > 1:
            version_path = _head_location(heads, locations)
        else:
            version_path = locations[0]
    version_path = os.fspath(version_path)
    wanted = os.path.normpath(os.path.abspath(version_path))
    if not any(
        os.path.normpath(loc) == wanted for loc in script_dir._version_locations
    ):
        raise CommandError(
            f"Path {version_path} is not represented in current version locations"
        )
    if script_dir.version_locations:
        script_dir._ensure_directory(version_path)
    return version_path


def _head_location(heads: Sequence[Any], locations: Sequence[str]) -> str:
    """With several version locations, follow the first head's own directory.

    That directory when it is a configured location (also when it lies inside
    another one, as with per-release folders under ``versions/``); when it is
    a plain subdirectory of one (``recursive_version_locations``), the
    innermost configured location holding it, where Alembic 1.20.1 stops with
    "Path ... is not represented in current version locations".
    """
    for head in heads:
        if head is None:
            continue
        head_dir = os.path.normpath(os.path.dirname(os.path.abspath(head.path)))
        holding = [
            loc
            for loc in locations
            if head_dir == os.path.normpath(loc)
            or head_dir.startswith(os.path.normpath(loc) + os.sep)
        ]
        if not holding:
            return head_dir
        return max(holding, key=lambda loc: len(os.path.normpath(loc)))
    raise CommandError(
        "Multiple version locations present, please specify --version-path"
    )


def _new_file_path(
    script_dir: ScriptDirectory,
    version_path: str,
    revid: str,
    message: str | None,
    create_date: Any,
    file_template: str | None,
) -> Path:
    """Apply ``file_template``; create template subdirectories when needed."""
    saved = script_dir.file_template
    if file_template is not None:
        script_dir.file_template = file_template
    try:
        path = script_dir._rev_path(version_path, revid, message, create_date)
    finally:
        script_dir.file_template = saved
    parent = path.parent
    if os.path.normpath(parent) != os.path.normpath(version_path):
        if not script_dir.recursive_version_locations:
            raise CommandError(
                f"file_template {file_template or saved!r} puts revision files in "
                f"subdirectories ({parent}); set recursive_version_locations = true "
                "so that they are found again"
            )
        script_dir._ensure_directory(parent)
    if path.exists():
        raise CommandError(
            f"Revision file {path} already exists; choose another --rev-id or "
            "message, or remove the file"
        )
    return path


def _check_heads_are_heads(heads: Sequence[Any]) -> None:
    for head in heads:
        if head is not None and not head.is_head:
            raise CommandError(
                f"Revision {head.revision} is not a head revision; please specify "
                "--splice to create a new branch from this revision"
            )


def _resolve_depends_on(
    script_dir: ScriptDirectory, depends_on: Any
) -> list[str] | None:
    """Full revision ids for ``depends_on``; branch labels are kept as given."""
    if not depends_on:
        return None
    items = [depends_on] if isinstance(depends_on, str) else list(depends_on)
    resolved = []
    for dep in items:
        with script_dir._catch_revision_errors():
            rev = script_dir.revision_map.get_revision(dep)
        if rev is None:
            raise CommandError(
                f"Can't locate revision identified by '{dep}'"
                "; run 'alembic history' to list the revisions"
            )
        resolved.append(dep if dep in rev.branch_labels else rev.revision)
    return resolved


def _scalar(value: Sequence[Any] | None) -> Any:
    """``None`` for empty, the item for a 1-tuple, else the tuple itself."""
    if not value:
        return None
    if len(value) == 1:
        return value[0]
    return tuple(value)


def _check_branch_labels_written(script: Script, branch_labels: Any) -> None:
    if branch_labels and not script.branch_labels:
        raise CommandError(
            f"Version {script.revision} specified branch_labels {branch_labels}, "
            f"however the migration file {script.path} does not have them; have "
            "you upgraded your script.py.mako to include the "
            "'branch_labels' section?"
        )
