"""Where a project's inputs and outputs live.

A project root is a directory holding ``ontology/`` and ``sources/``. The command line finds it
from ``--root``, else by walking up from the working directory, so ``vkg`` works from any
sub-directory of a checkout.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from .errors import InputError

# Every path of a project, relative to its root (the modules import them from here).
ONTOLOGY_DIR = "ontology"
CLAIMS_FILE = "ontology/claims.ttl"
SOURCES_DIR = "sources"
MAPPINGS_DIR = "mappings"
MAPPING_SET_SUFFIX = ".sssom.tsv"
EVIDENCE_DIR = "evidence"
SHAPES_DIR = Path("shapes")
CASE_SHAPES = "shapes/case-records.ttl"
QUESTIONS_DIR = "queries/cq"
QC_DIR = Path("queries") / "qc"
RULES_DIR = "queries/rules"
DIST_DIR = "dist"
DOCS_DIR = "docs"
"""The HTML documentation's folder inside a release folder (``dist/docs/``)."""
CACHE_DIR = ".vkg-cache"
INPUT_DIRS = (ONTOLOGY_DIR, MAPPINGS_DIR, EVIDENCE_DIR, SOURCES_DIR)
"""The folders whose files make the release (the key of the release cache)."""


EDITOR_LEFTOVERS = re.compile(
    r"(\.#.*|.*~|#.*#|\..*\.sw[a-p]|.*\.kate-swp|.*___jb_(tmp|old)___|\.~lock\..*#|\._.*|\.DS_Store)"
)
"""What editors and systems leave beside the files they edit: emacs's lock files (``.#claims.ttl``,
a link to nowhere while a buffer has unsaved edits) and auto-saves (``#claims.ttl#``), backups
(``claims.ttl~``), the swap files of vim (``.claims.ttl.swp``) and Kate (``claims.ttl.kate-swp``),
JetBrains' safe-write copies (``claims.ttl___jb_tmp___``), LibreOffice's locks
(``.~lock.publications.tsv#``), and macOS's folder files and AppleDouble copies (``.DS_Store``,
``._claims.ttl``, which archives and network shares make). Never an input, though ``*.ttl`` matches
some; an open editor rewrites them every few seconds."""


def folder_files(folder: Path, pattern: str) -> list[Path]:
    """The files in ``folder`` whose names match ``pattern``, sorted, but editors' leftovers: how every
    input folder is read (none when the folder does not exist)."""
    return sorted(path for path in folder.glob(pattern) if not EDITOR_LEFTOVERS.fullmatch(path.name))


class Project(NamedTuple):
    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike[str]) -> Project:
        """The project at ``root`` (a path or a string); raise :class:`InputError` if it is not one."""
        root = Path(root).resolve()
        if not (root / ONTOLOGY_DIR).is_dir():
            raise InputError(
                root,
                f"not a vertebroplasty-kg project: no {ONTOLOGY_DIR}/ directory here",
                hint="run vkg inside a checkout, or pass --root DIR",
            )
        return cls(root)

    @classmethod
    def find(cls, start: str | os.PathLike[str] | None = None) -> Project:
        """The nearest project at or above ``start`` (default: the working directory)."""
        here = (Path(start) if start is not None else Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / ONTOLOGY_DIR).is_dir() and (candidate / SOURCES_DIR).is_dir():
                return cls(candidate)
        raise InputError(
            here,
            "no vertebroplasty-kg project here or in any parent directory",
            hint="run vkg inside a checkout, or pass --root DIR",
        )

    @property
    def ontology_dir(self) -> Path:
        return self.root / ONTOLOGY_DIR

    @property
    def default_dist(self) -> Path:
        return self.root / DIST_DIR

    def ontology_files(self) -> list[Path]:
        """The hand-edited Turtle files that make up the ontology and knowledge graph, sorted."""
        files = folder_files(self.ontology_dir, "*.ttl")
        if not files:
            raise InputError(self.ontology_dir, "no .ttl files", hint="restore ontology/ from git")
        return files

    @property
    def mappings_dir(self) -> Path:
        return self.root / MAPPINGS_DIR

    def mapping_files(self) -> list[Path]:
        """The SSSOM mapping sets directly under ``mappings/``, sorted (none is fine)."""
        return folder_files(self.mappings_dir, f"*{MAPPING_SET_SUFFIX}")

    def relative(self, path: Path) -> str:
        """``path`` relative to the root when it lies inside it, for messages."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)
