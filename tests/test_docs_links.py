"""Every relative link of README.md and of the user guide (docs/*.md) resolves: the file it names
exists, and its ``#anchor`` is the slug of a heading of that file, as GitHub makes them.

Links are read with a regular expression, not a Markdown parser (none is installed): inline links and
images ``[text](target "title")`` outside fenced code blocks and inline code spans. Links with a
scheme (``https:``, ``mailto:``) are not followed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# [text](target) or ![alt](target), the text holding at most one level of brackets, an optional title
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^\s()<>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    page: Path
    line: int
    target: str

    def __str__(self) -> str:
        name = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page.name
        return f"{name}:{self.line}: {self.target}"


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines outside fenced code blocks."""
    lines, fence = [], ""
    for number, line in enumerate(text.splitlines(), 1):
        opened = FENCE.match(line)
        if fence:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened[1]
            continue
        lines.append((number, line))
    return lines


def links(page: Path) -> list[Link]:
    found = []
    for number, line in prose_lines(page.read_text(encoding="utf-8")):
        found += [Link(page, number, match[1]) for match in LINK.finditer(CODE_SPAN.sub("", line))]
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the rendered text (code marks, emphasis and link targets gone),
    lower-cased, every character but letters, digits, ``_``, ``-`` and spaces dropped, spaces as ``-``."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"(?<!\w)_+|_+(?!\w)", "", text)
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of a page's headings; a repeated heading gets -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    found = set()
    for _, line in prose_lines(page.read_text(encoding="utf-8")):
        heading = HEADING.match(line)
        if heading is None:
            continue
        base = slug(heading[1])
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken(link: Link) -> str | None:
    """Why the link does not resolve, or None."""
    path, _, anchor = link.target.partition("#")
    target = (link.page.parent / path).resolve() if path else link.page
    if not target.exists():
        return f"{link}: no such file"
    if anchor:
        if target.suffix != ".md" or target.is_dir():
            return f"{link}: an anchor into a file that is not Markdown"
        if anchor not in anchors(target):
            return f"{link}: no heading of {target.name} has the anchor #{anchor}"
    return None


def relative(page_links: list[Link]) -> list[Link]:
    return [link for link in page_links if not SCHEME.match(link.target)]


def pages() -> list[Path]:
    """The project's Markdown: README.md, CHANGELOG.md, the guide and every folder's README (not
    dist/, the virtual environment or other hidden folders)."""
    found = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
    for folder in sorted(path for path in ROOT.iterdir() if path.is_dir()):
        if folder.name not in {"docs", "dist"} and not folder.name.startswith("."):
            found += sorted(folder.rglob("README.md"))
    return found


def test_every_relative_link_resolves() -> None:
    read = pages()
    checked = [link for page in read for link in relative(links(page))]
    assert [problem for link in checked if (problem := broken(link))] == []
    assert {ROOT / "docs" / "cli.md", ROOT / "queries" / "README.md"} <= set(read)
    assert len(checked) >= 60, len(checked)  # 67 when written, 17 of them with an anchor
    assert sum("#" in link.target for link in checked) >= 10


def test_the_front_page_and_the_index_link_every_page_of_the_guide() -> None:
    guide = sorted(path.name for path in (ROOT / "docs").glob("*.md") if path.name != "README.md")
    assert len(guide) == 9
    for index in (ROOT / "README.md", ROOT / "docs" / "README.md"):
        named = {(index.parent / link.target.partition("#")[0]).resolve() for link in relative(links(index))}
        assert [name for name in guide if (ROOT / "docs" / name).resolve() not in named] == [], index.name


def test_the_checker_finds_a_missing_file_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## A local SPARQL endpoint (`vkg serve`)\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[fine](other.md#a-local-sparql-endpoint-vkg-serve) and [self](#page)\n"
        "[gone](missing.md) and [no anchor](other.md#nowhere), ![picture](missing.png)\n"
        "`[in code](missing.md)`\n\n"
        "```\n[in a block](missing.md)\n```\n\n"
        '[web](https://example.org/x.md#y) [titled](other.md "Other")\n',
        encoding="utf-8",
    )
    found = relative(links(page))
    assert [link.target for link in found] == [
        "other.md#a-local-sparql-endpoint-vkg-serve",
        "#page",
        "missing.md",
        "other.md#nowhere",
        "missing.png",
        "other.md",
    ]
    problems = [problem for link in found if (problem := broken(link))]
    assert len(problems) == 3
    assert "missing.md: no such file" in problems[0] and "no heading of other.md has the anchor #nowhere" in problems[1]
    assert "missing.png: no such file" in problems[2]


def test_slugs_are_githubs() -> None:
    cases = {
        "A local SPARQL endpoint (`vkg serve`)": "a-local-sparql-endpoint-vkg-serve",
        "At a server (`vkg assess --endpoint URL`)": "at-a-server-vkg-assess---endpoint-url",
        "Querying Virtuoso 7.2.5": "querying-virtuoso-725",
        "Set-up: two commands": "set-up-two-commands",
        "A first SPARQL query over `dist/`": "a-first-sparql-query-over-dist",
        "rules/ — case-record rules": "rules--case-record-rules",
        "The **full** release": "the-full-release",
    }
    assert {heading: slug(heading) for heading in cases} == cases
    assert len(cases) == 7


def test_a_repeated_heading_gets_a_number(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Notes\n\n## Notes\n\n```\n# Notes\n```\n\n### Notes\n", encoding="utf-8")
    assert anchors(page) == {"notes", "notes-1", "notes-2"}
