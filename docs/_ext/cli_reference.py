"""A Sphinx directive that writes the CLI reference from the real argparse parser.

``.. alembic-cli::`` (or ```` ```{alembic-cli} ```` in Markdown) renders the
top-level ``alembic --help`` and, for each subcommand, a section with its
one-line summary and its full ``--help`` text.  The text comes from
:class:`alembic.config.CommandLine`, the same parser the console command uses,
so the reference cannot drift from the program.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

HELP_WIDTH = 88


def _help(parser: argparse.ArgumentParser) -> str:
    """``parser``'s help text at a fixed width, whatever the build terminal is."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(HELP_WIDTH + 2)
    try:
        return parser.format_help()
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


def command_helps() -> tuple[str, list[tuple[str, str, str]]]:
    """The top-level help and ``(name, summary, help)`` for every subcommand."""
    from alembic.config import CommandLine

    cli = CommandLine(prog="alembic")
    summaries = {a.dest: a.help or "" for a in cli.subparsers._choices_actions}
    commands = [
        (name, summaries.get(name, ""), _help(sub))
        for name, sub in sorted(cli.subparsers.choices.items())
    ]
    return _help(cli.parser), commands


class AlembicCli(SphinxDirective):
    """Renders the reference; takes no arguments."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        top, commands = command_helps()
        out: list[nodes.Node] = [nodes.literal_block(top, top, language="text")]
        for name, summary, text in commands:
            section = nodes.section(ids=[f"command-{name}"], names=[f"alembic {name}"])
            section += nodes.title(text=f"alembic {name}")
            if summary:
                section += nodes.paragraph(text=summary)
            section += nodes.literal_block(text, text, language="text")
            out.append(section)
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("alembic-cli", AlembicCli)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
