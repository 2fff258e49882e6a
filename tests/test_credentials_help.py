"""``--help`` and the user guide say the same about where credentials come from, and it is what the code
does: the environment, else the netrc file that ``NETRC`` names, else ``~/.netrc``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.stores.remote.auth import NETRC_VARIABLE, PASSWORD_VARIABLE, USER_VARIABLE, credentials_for

COMMANDS = ("query", "load", "assess")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_the_variables_and_both_netrc_files(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for said in (USER_VARIABLE, PASSWORD_VARIABLE, f"the one {NETRC_VARIABLE} names, else ~/.netrc"):
        assert said in text, f"vkg {command} --help does not say {said!r}"
    assert len(COMMANDS) == 3


def test_the_guide_says_the_same(root: Path) -> None:
    """The command line's page (docs/cli.md, *Credentials*) and the operator's page of the triple
    stores (docs/triple-stores.md); no page names ~/.netrc alone."""
    cli = " ".join((root / "docs" / "cli.md").read_text(encoding="utf-8").split())
    stores = " ".join((root / "docs" / "triple-stores.md").read_text(encoding="utf-8").split())
    assert f"from a netrc file (`${NETRC_VARIABLE}`, else `~/.netrc`)" in cli
    assert f"# or a line in ~/.netrc (or in the file ${NETRC_VARIABLE} names)" in stores
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    assert len(pages) >= 10
    for page in pages:
        assert "or a line in ~/.netrc\n" not in page.read_text(encoding="utf-8"), page.name


def test_the_code_reads_the_file_netrc_names_before_the_home_one(tmp_path: Path) -> None:
    named = tmp_path / "named-netrc"
    named.write_text("machine db.example.org login reader password secret\n")
    found = credentials_for("http://db.example.org/sparql", {NETRC_VARIABLE: str(named)})
    assert found is not None and (found.user, found.origin) == ("reader", str(named))
