"""The ``vkg`` command line. It parses arguments, calls the pipeline and maps errors to exit codes.

Exit codes: 0 success; 1 findings (quality problems in the data); 2 bad input or environment.
Errors print ``error:`` and ``hint:`` lines on stderr; ``-v`` adds the traceback.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import VkgError
from .project import Project
from .release import assemble, write_release

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    def __init__(self, root: Path | None, verbose: bool) -> None:
        self._root = root
        self.verbose = verbose

    def project(self) -> Project:
        return Project.at(self._root) if self._root else Project.find()


def reports_errors(command: F) -> F:
    """Turn a :class:`VkgError` into ``error:``/``hint:`` lines and its exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except VkgError as error:
            context = click.get_current_context().find_object(Context)
            if context is not None and context.verbose:
                traceback.print_exc()
            click.echo(f"error: {error.message}", err=True)
            if error.hint:
                click.echo(f"hint: {error.hint}", err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vkg")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project root (default: the nearest directory at or above here with ontology/ and sources/).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks with errors.")
@click.pass_context
def main(ctx: click.Context, root: Path | None, verbose: bool) -> None:
    """Build, check and query the vertebroplasty ontology and knowledge graph."""
    ctx.obj = Context(root, verbose)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Release directory (default: dist/ under the project root). Replaced atomically.",
)
@click.pass_obj
@reports_errors
def build(obj: Context, output: Path | None) -> None:
    """Merge ontology/ and mappings/ into a release: Turtle, RDF/XML, sorted N-Triples, JSON-LD and SSSOM."""
    project = obj.project()
    release = assemble(project)
    written = write_release(release, output or project.default_dist)
    for path in written:
        click.echo(f"wrote {project.relative(path)}")
    click.echo(f"{len(release)} triples from {len(release.inputs)} files")
    if release.mapping_sets:
        mappings = sum(len(mapping_set) for mapping_set in release.mapping_sets)
        click.echo(f"{mappings} mappings from {len(release.mapping_sets)} SSSOM file(s), as SKOS triples")
