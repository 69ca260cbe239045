"""The documentation site builds with Sphinx, warnings as errors, and its links resolve.

The build is the same command a contributor runs
(``python -m sphinx -W --keep-going -b html docs <out>``).  After it, every
relative link in the generated HTML must point at a page that exists and, when it
names an anchor, at an id on that page; and the CLI reference must have a section
for every command the real parser knows.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if tag == "a" and name == "href" and value:
                self.hrefs.append(value)


def _parse(page: Path) -> _Links:
    links = _Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def broken_links(site: Path) -> list[str]:
    """Relative links in ``site``'s pages whose target page or anchor is missing."""
    pages = {p: _parse(p) for p in site.rglob("*.html") if "_static" not in p.parts}
    problems = []
    for page, links in pages.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.name}: {href} (no such page)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.name}: {href} (no such anchor)")
    return problems


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    ran = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert ran.returncode == 0, f"the documentation build failed:\n{ran.stdout}\n{ran.stderr}"
    return out


def test_every_relative_link_resolves(site):
    assert broken_links(site) == []


def test_the_link_check_finds_a_broken_link(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#there">x</a><a href="a.html#here">y</a>')
    (tmp_path / "b.html").write_text('<p id="elsewhere"></p>')
    assert broken_links(tmp_path) == [
        "a.html: b.html#there (no such anchor)",
        "a.html: a.html#here (no such anchor)",
    ]


def test_cli_reference_has_every_command(site):
    from alembic.config import CommandLine

    commands = set(CommandLine(prog="alembic").subparsers.choices)
    html = (site / "cli.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="command-([a-z_]+)"', html))
    assert commands and documented == commands


@pytest.mark.parametrize(
    "page", ["install", "tutorial", "coming-from-alembic", "features", "configuration", "cli", "api"]
)
def test_user_pages_are_in_the_site(site, page):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{page}.html"' in index
