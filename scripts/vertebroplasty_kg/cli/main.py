"""The ``vkg`` command line. It parses arguments, calls the pipeline and maps errors to exit codes.

Exit codes: 0 success; 1 findings (quality problems in the data); 2 bad input or environment
(usage errors included); 70 an unexpected failure (a bug); 130 interrupted (Ctrl-C), as shells use.
Errors print ``error:`` and ``hint:`` lines on stderr, with any URL's password masked; ``-v`` adds
the traceback.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..cases import ASSESSMENT_FORMATS, REGISTRY_FORMATS
from ..errors import VkgError
from ..findings import summary
from ..project import Project
from ..query.parameters import iri_argument
from ..size_limits import DEFAULT_JAVA_HEAP_MB, DEFAULT_TRIPLE_LIMIT, JAVA_HEAP_VARIABLE, TRIPLE_LIMIT_VARIABLE
from ..stores import DEFAULT_PORT
from .exits import cannot_write, interrupted, reader_gone, report, unexpected, write_failed
from .findings_text import render_table, render_tsv
from .result_formats import FORMATS

if TYPE_CHECKING:
    from ..checks.validation import ValidationReport

# The commands import what they run when they run it: `vkg query` on an unchanged project needs
# neither the reasoner nor SHACL nor rdflib, and starts in a fraction of the time it would take
# to load them all.

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    def __init__(self, root: Path | None, verbose: bool) -> None:
        self._root = root
        self.verbose = verbose

    def project(self) -> Project:
        return Project.at(self._root) if self._root else Project.find()


def reports_errors(command: F) -> F:
    """Turn a :class:`VkgError` into ``error:``/``hint:`` lines and its exit code; anything else
    unexpected into the same lines, exit 70, and the traceback with ``-v``."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except VkgError as error:
            if _verbose():
                traceback.print_exc()
            report(error.message, error.hint, error.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            reader_gone()
        except Exception as error:  # the last resort: a bug must still not end in a bare traceback
            if _verbose():
                traceback.print_exc()
            if cannot_write(error):  # a full disk: the environment, not a bug
                write_failed(error)
            unexpected(error)

    return wrapper  # type: ignore[return-value]


def _verbose() -> bool:
    context = click.get_current_context(silent=True)
    obj = context.find_object(Context) if context is not None else None
    return obj is not None and obj.verbose


class VkgGroup(click.Group):
    """The command group: usage errors as ``error:`` + ``hint:`` (exit 2), Ctrl-C as exit 130."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except (KeyboardInterrupt, click.exceptions.Abort):
            interrupted()
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx is not None else "vkg"
            report(error.format_message(), f"see `{command} --help`", 2)
        except click.ClickException as error:
            report(error.format_message(), None, error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


_HELP = f"""Build, check and query the vertebroplasty ontology and knowledge graph.

\b
Exit codes: 0 success, 1 findings at ERROR level, 2 bad input or environment,
70 a bug in vkg, 130 interrupted (Ctrl-C), 141 the reader of the output
closed it early (| head).
\b
Environment:
  {TRIPLE_LIMIT_VARIABLE}   triples the project may hold before it is refused (default {DEFAULT_TRIPLE_LIMIT})
  {JAVA_HEAP_VARIABLE}     HermiT's Java heap, e.g. 1500m or 4g (default {DEFAULT_JAVA_HEAP_MB}m)
  SOURCE_DATE_EPOCH the release date, in seconds since 1970 (vkg build)
"""


@click.group(cls=VkgGroup, help=_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vertebroplasty-kg", prog_name="vkg")
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


def _show_timings(report: ValidationReport) -> None:
    from ..checks.validation import STAGES

    for stage in STAGES:
        if stage in report.seconds:
            click.echo(f"{stage}: {report.seconds[stage]:.2f} s", err=True)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Release directory (default: dist/ under the project root). Replaced atomically.",
)
@click.option(
    "--version",
    "version",
    metavar="X",
    help="Release version (e.g. 0.2.0): sets owl:versionInfo and owl:versionIRI in every file. "
    "Default: the ontology header's.",
)
@click.option("--no-docs", is_flag=True, help="Leave out the HTML documentation (docs/), which needs Graphviz.")
@click.pass_obj
@reports_errors
def build(obj: Context, output: Path | None, version: str | None, no_docs: bool) -> None:
    """Validate ontology/ and mappings/, then write the release: Turtle, RDF/XML, sorted N-Triples,
    JSON-LD, the inferred links, the SSSOM mapping set, void.ttl, which describes them, and the HTML
    documentation (docs/).

    Refuses to write (exit 1) when validation finds anything at ERROR level; exit 2, before any
    work, when Graphviz's dot (needed for the documentation's diagrams) is missing. The release is
    dated only by SOURCE_DATE_EPOCH (seconds since 1970), so rebuilds give the same bytes.
    """
    from ..release.assembly import ReleaseRefused
    from ..release.assembly import build as build_release

    project = obj.project()
    from ..release.version import checked_version, release_date

    chosen = checked_version(version) if version is not None else None
    issued = release_date(os.environ)
    try:
        built = build_release(project, output or project.default_dist, version=chosen, issued=issued, docs=not no_docs)
    except ReleaseRefused as refused:
        click.echo(render_table(refused.findings), err=True, nl=False)
        raise
    if built.report.findings:
        click.echo(render_table(built.report.findings), err=True, nl=False)
    for path in built.written:
        if path.is_dir():
            pages = sum(1 for page in path.rglob("*.html"))
            click.echo(f"wrote {project.relative(path)}/ ({pages} HTML pages; open index.html)")
        else:
            click.echo(f"wrote {project.relative(path)}")
    release = built.release
    click.echo(
        f"{len(release)} triples from {len(release.inputs)} files, "
        f"{len(release.inferred)} inferred subclass links; {summary(built.report.findings)}"
    )
    if release.mapping_sets:
        mappings = sum(len(mapping_set) for mapping_set in release.mapping_sets)
        click.echo(f"{mappings} mappings from {len(release.mapping_sets)} SSSOM file(s), as SKOS triples")


@main.command()
@click.argument("data", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "tsv"]),
    default="table",
    show_default=True,
    help="How to print the findings.",
)
@click.option("--timings", is_flag=True, help="Print the time each stage took on stderr.")
@click.pass_obj
@reports_errors
def validate(obj: Context, data: tuple[Path, ...], output_format: str, timings: bool) -> None:
    """Check the project: its input files, that a claim quotes every sentence of the sources not
    listed as claim-free, SHACL shapes, SPARQL QC checks and the HermiT reasoner.

    With DATA files (Turtle), check those against the shapes instead. Exit code 1 when a finding is
    at ERROR level; warnings are shown but do not fail.
    """
    from ..checks.validation import validate_files
    from ..release.assembly import read_and_validate

    project = obj.project()
    report = validate_files(project, data) if data else read_and_validate(project)[1]
    if report.findings or output_format == "tsv":
        render = render_tsv if output_format == "tsv" else render_table
        click.echo(render(report.findings), nl=False)
    if timings:
        _show_timings(report)
    click.echo(summary(report.findings), err=output_format == "tsv")
    if report.has_errors:
        sys.exit(1)


@main.command()
@click.argument("cases", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--endpoint",
    metavar="URL",
    help="Instead of CASES: run the shapes and rules on this SPARQL 1.1 server, which holds the registry "
    "and the release (records must state vpo:hasFractureAgeInDays there).",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: a graph to query as part of the default graph (repeatable; default: the server's).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date to measure a fracture's age at when the record has no procedure date (YYYY-MM-DD).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(ASSESSMENT_FORMATS),
    default="table",
    show_default=True,
    help="table (for people), tsv, json, or ttl: RDF with PROV links from each finding to its claim and case.",
)
@click.option(
    "--rules",
    "rule_folders",
    multiple=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Also run the rule files (.rq) of this folder (repeatable); queries/rules/ always runs.",
)
@click.pass_obj
@reports_errors
def assess(
    obj: Context,
    cases: tuple[Path, ...],
    endpoint: str | None,
    graphs: tuple[str, ...],
    as_of: Any,
    fmt: str,
    rule_folders: tuple[Path, ...],
) -> None:
    """Validate case records (RDF: .ttl, .nt, ...; FHIR R4: .json Bundle, .ndjson) and say, case by case,
    which statements of the source bear on them.

    An invalid record is reported (case, field, what is wrong) and skipped; the valid ones are assessed
    with the rules of queries/rules/, in batches, and printed as they are assessed. Not a
    recommendation: each finding is a statement, its holder and how sure the holder is. Exit code 1
    when a record or resource is invalid, 2 for a malformed file.

    Credentials for --endpoint come from VKG_ENDPOINT_USER and VKG_ENDPOINT_PASSWORD, or, when those are
    unset, from a netrc file: the one NETRC names, else ~/.netrc.
    """
    from ..cases.assess import open_assessment
    from ..cases.store import check_case_files
    from ..project import CASE_SHAPES, RULES_DIR
    from ..release.cached_release import release_triples
    from ..stores.release_load import version_iri

    if bool(cases) == (endpoint is not None):
        raise click.UsageError("give case files (CASES) or --endpoint URL, not both and not neither")
    if graphs and endpoint is None:
        raise click.UsageError("--graph goes with --endpoint")
    for graph in graphs:
        iri_argument(graph, "--graph")
    project = obj.project()
    if endpoint is not None:
        _assess_endpoint(project, endpoint, graphs, fmt, rule_folders, as_of is not None)
        return
    check_case_files(cases)  # a missing or misnamed file is reported before the release is read
    release = release_triples(project)
    with open_assessment(
        release,
        cases,
        shapes_path=project.root / CASE_SHAPES,
        rule_folders=[project.root / RULES_DIR, *rule_folders],
        as_of=as_of.date() if as_of is not None else None,
    ) as (result, batches):
        out = sys.stdout
        from ..cases.output import AssessmentWriter

        writer = AssessmentWriter(out, fmt, release=version_iri(release))
        writer.start(result)
        for findings in batches:
            writer.findings(findings)
        writer.finish(result)
        out.flush()
    click.echo(result.summary(), err=True)
    if result.problems:
        sys.exit(1)


def _assess_endpoint(
    project: Project, url: str, graphs: tuple[str, ...], fmt: str, rule_folders: tuple[Path, ...], as_of: bool
) -> None:
    from ..cases.remote import assess_endpoint
    from ..project import CASE_SHAPES, RULES_DIR
    from ..stores.remote.endpoint import RemoteEndpoint

    if as_of:
        raise click.UsageError("--as-of needs case files: on a server, records state their fractures' ages")
    endpoint = RemoteEndpoint.connect(url, graph=graphs)
    result, findings = assess_endpoint(
        endpoint,
        shapes_path=project.root / CASE_SHAPES,
        rule_folders=[project.root / RULES_DIR, *rule_folders],
        root=project.root,
    )
    from ..cases.output import AssessmentWriter

    writer = AssessmentWriter(sys.stdout, fmt, release=None)
    writer.start(result)
    writer.findings(findings)
    writer.finish(result)
    sys.stdout.flush()
    click.echo(result.summary(), err=True)
    if result.problems:
        sys.exit(1)


@main.command()
@click.option("--cases", "count", type=click.IntRange(min=0), required=True, help="Number of case records.")
@click.option("--seed", type=int, required=True, help="Seed of the random draws: same arguments, same bytes.")
@click.option(
    "--invalid-share",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of records made invalid on purpose; exactly round(cases x share) are.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REGISTRY_FORMATS),
    default="ttl",
    show_default=True,
    help="ttl: case records in Turtle; fhir: FHIR R4 resources as NDJSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (replaced only when complete); default: standard output.",
)
@reports_errors
def synth(count: int, seed: int, invalid_share: float, fmt: str, output: Path | None) -> None:
    """Write a synthetic registry of vertebral-fracture cases, for tests and benchmarks.

    Not real patients: distributions (causes, ages, levels, fracture ages, comorbidities, procedures)
    are documented in docs/case-records.md. The counts go to stderr.
    """
    from ..cases.synthetic import draw_registry
    from ..cases.synthetic_output import write_registry, write_registry_file

    cases = draw_registry(count, seed, invalid_share, fmt)
    report = write_registry(cases, fmt, sys.stdout) if output is None else write_registry_file(cases, fmt, output)
    click.echo(f"wrote {report.summary()}" + (f" to {output}" if output else ""), err=True)


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
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="Query the embedded on-disk store that `vkg load --store DIR` filled.",
)
@click.option("--endpoint", metavar="URL", help="Query a SPARQL 1.1 server (its query URL) that `vkg load` filled.")
@click.option(
    "--graph",
    metavar="IRI",
    help="With --store or --endpoint: the named graph to query (default: the store's union of graphs; "
    "on a server, the graph that holds the release, where `vkg load` put it, with its evidence graph, "
    "or the server's default graph when no graph holds it).",
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
    store: Path | None,
    endpoint: str | None,
    graph: str | None,
) -> None:
    """Answer a competency question (queries/cq/NAME.rq) or a SPARQL SELECT FILE on the embedded store.

    Credentials for --endpoint come from VKG_ENDPOINT_USER and VKG_ENDPOINT_PASSWORD, or, when those are
    unset, from a netrc file: the one NETRC names, else ~/.netrc.
    """
    from .query_command import QueryRequest, perform

    request = QueryRequest(query, params, fmt, list_questions, all_questions, data, store, endpoint, graph)
    for text in perform(request, obj.project, note=lambda text: click.echo(text, err=True)):
        try:
            click.echo(text, nl=False, color=True)  # answers are data: no escape sequence is taken out
        except OSError as error:
            if cannot_write(error):
                write_failed(error, "the output")
            raise


@main.command()
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="Embedded store: an Oxigraph database directory (created if new).",
)
@click.option("--endpoint", metavar="URL", help="Remote server: its SPARQL query URL.")
@click.option("--update-url", metavar="URL", help="Its SPARQL Update URL (default: the query URL).")
@click.option(
    "--graph-store-url",
    metavar="URL",
    help="Its Graph Store HTTP Protocol URL; without it, data goes in by SPARQL Update.",
)
@click.option("--graph", metavar="IRI", help="Named graph to replace (default: the release's owl:versionIRI).")
@click.option(
    "--file",
    "source",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Load this RDF file (.ttl .nt .owl .rdf .jsonld) instead of the release assembled from ontology/.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Triples per request or bulk-load step.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=120.0,
    show_default=True,
    help="Seconds a request may take, answer included; a timed-out request is not resent.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=4,
    show_default=True,
    help="Retries after a 5xx answer or a lost connection, waiting 0.5, 1, 2, 4... s.",
)
@click.pass_obj
@reports_errors
def load(
    obj: Context,
    store: Path | None,
    endpoint: str | None,
    update_url: str | None,
    graph_store_url: str | None,
    graph: str | None,
    source: Path | None,
    chunk_size: int,
    timeout: float,
    retries: int,
) -> None:
    """Load the release into a named graph of the embedded store or a SPARQL 1.1 server, replacing it.

    Credentials for a server come from VKG_ENDPOINT_USER and VKG_ENDPOINT_PASSWORD, or, when those are
    unset, from a netrc file: the one NETRC names, else ~/.netrc.
    """
    from ..stores import release_load
    from ..stores.remote.endpoint import RemoteEndpoint

    if (store is None) == (endpoint is None):
        raise click.UsageError("give exactly one of --store DIR and --endpoint URL")
    if graph is not None:
        iri_argument(graph, "--graph")
    if store is not None and (update_url or graph_store_url):
        raise click.UsageError("--update-url and --graph-store-url go with --endpoint")
    remote = None
    if endpoint is not None:
        remote = RemoteEndpoint.connect(
            endpoint, update_url=update_url, graph_store_url=graph_store_url, timeout=timeout, retries=retries
        )
    project = obj.project() if source is None else None
    report = release_load.load(
        project, store=store, endpoint=remote, graph=graph, source=source, chunk_size=chunk_size, progress=_progress
    )
    where = str(store) if store is not None else endpoint
    click.echo(f"loaded {report.triples} triples into <{report.graph}> at {where} by {report.method}")
    click.echo(f"replaced {report.previous} triples" if report.previous else "the graph was new")
    if report.evidence is not None:
        click.echo(f"loaded {report.evidence.triples} triples of the evidence layer into <{report.evidence.graph}>")


PROGRESS_FROM = 50_000
"""Loads of fewer triples show no progress bar."""


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    if total < PROGRESS_FROM:
        yield lambda _: None
        return
    with click.progressbar(length=total, label=f"loading {total} triples", file=sys.stderr) as bar:
        yield bar.update


@main.command()
@click.option(
    "--data",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Serve this RDF file (.ttl .nt .owl .rdf .jsonld) instead of the release assembled from ontology/.",
)
@click.option(
    "--bind",
    "host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDRESS",
    help="Address to listen on; anything but loopback lets other machines query the release.",
)
@click.option(
    "--port",
    type=int,
    default=DEFAULT_PORT,
    show_default=True,
    help="TCP port; 0 picks a free one.",
)
@click.pass_obj
@reports_errors
def serve(obj: Context, data: Path | None, host: str, port: int) -> None:
    """Serve the release on a local, read-only SPARQL 1.1 endpoint with a query page in the browser.

    Open the printed address for Oxigraph's query page; send SPARQL 1.1 protocol requests to /query.
    The release is the default graph, so the questions of queries/cq/ run unchanged. Ctrl-C stops it.
    """
    from ..release.cached_release import release_triples
    from ..stores.release_load import read_triples
    from ..stores.serve import check_bind, find_oxigraph
    from ..stores.serve import serve as serve_release

    check_bind(host, port)
    find_oxigraph()
    triples = read_triples(data) if data is not None else release_triples(obj.project())
    sys.exit(serve_release(triples, host=host, port=port, say=lambda text: click.echo(text, err=False)))
