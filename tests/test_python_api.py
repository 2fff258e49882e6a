"""The examples of docs/python-api.md run as written and give the output shown there."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import vertebroplasty_kg

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "python-api.md"


@pytest.mark.slow
def test_the_examples_of_the_api_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(PAGE), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0
    assert result.attempted >= 20


def test_every_public_name_is_documented_and_importable() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in vertebroplasty_kg.__all__:
        assert getattr(vertebroplasty_kg, name) is not None
        assert name in text, f"{name} is public but docs/python-api.md does not show it"
    with pytest.raises(AttributeError):
        vertebroplasty_kg.no_such_name  # noqa: B018


def test_paths_may_be_strings(root: Path, embedded_store: Path) -> None:
    """Every function that takes a path takes a string too, as ``open`` does."""
    from vertebroplasty_kg import Project, ask_store

    assert Project.at(str(root)).root == root.resolve()
    assert Project.find(str(root / "ontology")).root == root.resolve()
    answer = ask_store(str(embedded_store), "counts-by-type", project=Project.at(str(root)))
    assert len(answer.rows) > 5


def test_a_missing_project_is_a_vkg_error_not_a_crash(tmp_path: Path) -> None:
    from vertebroplasty_kg import Project, VkgError

    with pytest.raises(VkgError, match="not a vertebroplasty-kg project"):
        Project.at(str(tmp_path))
