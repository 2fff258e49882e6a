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
from .querying import QueryRequest, perform
from .release import assemble, write_release
from .result_formats import FORMATS

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
    """Merge ontology/ into a release: Turtle, RDF/XML, sorted N-Triples and JSON-LD."""
    project = obj.project()
    release = assemble(project)
    written = write_release(release, output or project.default_dist)
    for path in written:
        click.echo(f"wrote {project.relative(path)}")
    click.echo(f"{len(release)} triples from {len(release.inputs)} files")


@main.command()
@click.argument("query", required=False, metavar="[NAME|FILE]")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter: an IRI as <...> or prefix:local, a string, or an integer (repeatable).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="table",
    show_default=True,
    help="table (for people), or SPARQL 1.1 results as tsv, csv or json.",
)
@click.option("--list", "list_questions", is_flag=True, help="List the competency questions from their headers.")
@click.option("--all", "all_questions", is_flag=True, help="Answer every competency question, as tables.")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Query this RDF file (e.g. dist/vertebroplasty-kg.nt) instead of the release assembled from ontology/.",
)
@click.pass_obj
@reports_errors
def query(
    obj: Context,
    query: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_questions: bool,
    all_questions: bool,
    data: Path | None,
) -> None:
    """Answer a competency question (queries/cq/NAME.rq) or a SPARQL SELECT FILE on the embedded store."""
    request = QueryRequest(query, params, fmt, list_questions, all_questions, data)
    for text in perform(request, obj.project):
        click.echo(text, nl=False)
