"""``vkg query`` reuses the reasoned release while no input has changed, and never serves a stale one."""

from __future__ import annotations

import os
import threading
import time
import zlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import vertebroplasty_kg.release.cache as release_cache
from support.project_copies import copy_project, release_fifo, vkg
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.project import CACHE_DIR, Project
from vertebroplasty_kg.release import assembly
from vertebroplasty_kg.release.assembly import ReleaseGraph
from vertebroplasty_kg.release.cache import release_key
from vertebroplasty_kg.release.cached_release import release_store, release_triples

ROOT = Path(__file__).resolve().parents[1]
TRIPLE = ox.Triple(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.Literal("c"))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.at(copy_project(ROOT, tmp_path / "project"))


def test_the_second_call_reads_the_cache(project: Project) -> None:
    calls: list[int] = []

    def assemble() -> list[ox.Triple]:
        calls.append(1)
        return [TRIPLE, ox.Triple(ox.BlankNode("b0"), TRIPLE.predicate, TRIPLE.object)]

    first = release_triples(project, assemble)
    second = release_triples(project, assemble)
    assert calls == [1]
    assert second == first  # blank-node labels included
    assert [path.name for path in (project.root / CACHE_DIR).iterdir()] == [f"release-{release_key(project)}.nt"]


@pytest.mark.parametrize(
    "change",
    ["edit", "add", "remove", "rename"],
)
def test_any_change_of_an_input_changes_the_key(project: Project, change: str) -> None:
    before = release_key(project)
    claims = project.root / "ontology" / "claims.ttl"
    if change == "edit":
        claims.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "add":
        (project.root / "evidence" / "notes.txt").write_text("new\n", encoding="utf-8")
    elif change == "remove":
        next((project.root / "sources").glob("*.txt")).unlink()
    else:
        claims.rename(claims.with_name("claims-renamed.ttl"))
    assert release_key(project) != before


def test_a_change_of_the_code_changes_the_key(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "rules.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(release_cache, "_PACKAGE", package)
    before = release_key(project)
    (package / "rules.py").write_text("A = 2\n", encoding="utf-8")
    assert release_key(project) != before


def test_the_code_after_the_release_stage_is_not_in_the_key(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing the command line or the stores cannot change the release: no reasoning again for it."""
    package = tmp_path / "package"
    for folder in ("checks", "cli", "stores"):
        (package / folder).mkdir(parents=True)
        (package / folder / "code.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(release_cache, "_PACKAGE", package)
    before = release_key(project)
    for folder in ("cli", "stores"):
        (package / folder / "code.py").write_text("A = 2\n", encoding="utf-8")
    assert release_key(project) == before
    (package / "checks" / "code.py").write_text("A = 2\n", encoding="utf-8")
    assert release_key(project) != before


OTHER = ox.Triple(TRIPLE.subject, TRIPLE.predicate, ox.Literal("d"))


@pytest.mark.parametrize("damage", ["syntax", "cut at a line's end", "a triple changed", "no checksum"])
def test_a_damaged_cache_is_assembled_again_and_replaced(project: Project, damage: str) -> None:
    """A release file that is not exactly as written is never read: not even one that still parses
    (cut short after a whole line, a triple edited by hand); its CRC-32 tells."""
    release_triples(project, lambda: [TRIPLE, OTHER])
    path = release_cache.cache_path(project, release_key(project))
    written = path.read_bytes()
    header, body = written.split(b"\n", 1)
    assert header.startswith(b"# ") and ox.parse(body, format=ox.RdfFormat.N_TRIPLES)  # a comment, then N-Triples
    damaged = {
        "syntax": written + b"<broken",
        "cut at a line's end": written[: written.index(b"\n", len(header) + 1) + 1],
        "a triple changed": written.replace(b'"d"', b'"e"'),
        "no checksum": body,
    }[damage]
    path.write_bytes(damaged)
    calls: list[int] = []

    def assemble() -> list[ox.Triple]:
        calls.append(1)
        return [TRIPLE, OTHER]

    for read in (release_triples, release_store):
        path.write_bytes(damaged)
        assert len(read(project, assemble)) == 2
        assert path.read_bytes() == written
    assert calls == [1, 1]


def test_an_unwritable_cache_is_not_an_error(project: Project) -> None:
    (project.root / CACHE_DIR).write_text("a file where the folder would be\n", encoding="utf-8")
    assert release_triples(project, lambda: [TRIPLE]) == [TRIPLE]


@pytest.mark.slow
def test_vkg_query_answers_from_the_edited_project(project: Project) -> None:
    """A new answer after an edit: the release cached for the old inputs is not used."""
    args = ("--root", str(project.root), "query", "claims-quoting-words", "-p", "words=respite", "-f", "tsv")
    label = "vertebroplasty is done with the main aim of providing respite to the condition of the patient"
    first = vkg(*args)
    assert first.returncode == 0, first.stderr
    assert label in first.stdout
    assert len(list((project.root / CACHE_DIR).glob("release-*.nt"))) == 1
    claims = project.root / "ontology" / "claims.ttl"
    text = claims.read_text(encoding="utf-8")
    assert text.count(f'"{label}"@en') == 1
    claims.write_text(text.replace(f'"{label}"@en', '"an edited statement"@en'), encoding="utf-8")
    second = vkg(*args)
    assert second.returncode == 0, second.stderr
    assert "an edited statement" in second.stdout and label not in second.stdout
    assert len(list((project.root / CACHE_DIR).glob("release-*.nt"))) == 1  # the old one replaced


def test_an_input_edited_while_the_release_is_made_is_not_cached(project: Project) -> None:
    """The key is taken before the inputs are read; when it has changed by the end, the release made
    from a mix of old and new inputs is returned but not kept under either key."""
    claims = project.root / "ontology" / "claims.ttl"

    def assemble_while_edited() -> list[ox.Triple]:
        claims.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return [TRIPLE]

    assert release_triples(project, assemble_while_edited) == [TRIPLE]
    assert not (project.root / CACHE_DIR).exists()
    assert release_triples(project, lambda: [TRIPLE]) == [TRIPLE]  # the next call caches as usual
    assert (project.root / CACHE_DIR / f"release-{release_key(project)}.nt").is_file()


@pytest.mark.slow
def test_vkg_query_after_vkg_build_does_not_reason_again(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vkg build` keeps the release it built in the cache, as `vkg query` would have made it; a
    build of another version (other IRIs) keeps nothing."""
    runner = CliRunner()
    versioned = runner.invoke(
        main, ["--root", str(project.root), "build", "--no-docs", "--version", "9.9.9", "-o", str(tmp_path / "v")]
    )
    assert versioned.exit_code == 0, versioned.output
    assert not (project.root / CACHE_DIR).exists()
    built = runner.invoke(main, ["--root", str(project.root), "build", "--no-docs", "-o", str(tmp_path / "dist")])
    assert built.exit_code == 0, built.output
    kept = release_cache.cached(project, release_key(project))
    assert kept is not None
    header, *lines = kept.read_bytes().splitlines()
    assert header.startswith(b"# ")
    assert sorted(lines) == (tmp_path / "dist" / "vertebroplasty-kg.nt").read_bytes().splitlines()

    def never(project: object) -> None:
        raise AssertionError("vkg query reasoned again after vkg build")

    monkeypatch.setattr(assembly, "reasoned_release", never)
    answer = runner.invoke(main, ["--root", str(project.root), "query", "hedged-claims", "-f", "tsv"])
    assert answer.exit_code == 0, answer.output
    assert len(answer.stdout.splitlines()) > 5


@pytest.mark.reasoner
def test_the_release_vkg_query_reasons_is_the_one_vkg_build_assembles(release: ReleaseGraph) -> None:
    """``reasoned_release`` (what the cache holds) reasons on its own; ``vkg build`` and the session's
    ``release`` fixture use the validation's HermiT run: the same triples either way."""
    alone = assembly.reasoned_release(Project.at(ROOT))
    assert len(alone.inferred) > 10
    assert alone.triples == release.triples


def test_an_input_edited_and_put_back_while_the_release_is_made_is_not_cached(project: Project) -> None:
    """Same contents before and after (an edit undone, a branch switched and back), but the release may
    have been made from the other contents: the stamp's times tell, and nothing is kept."""
    claims = project.root / "ontology" / "claims.ttl"
    original = claims.read_bytes()

    def assemble_while_edited_and_restored() -> list[ox.Triple]:
        claims.write_bytes(original + b"\n")
        time.sleep(0.05)  # past the file system's clock tick
        claims.write_bytes(original)
        return [TRIPLE]

    before = release_key(project)
    assert release_triples(project, assemble_while_edited_and_restored) == [TRIPLE]
    assert release_key(project) == before
    assert not (project.root / CACHE_DIR).exists()


def test_an_unreadable_input_gives_a_key_not_an_error(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validation reports an unreadable input file (as root, chmod cannot make one, so reading fails here
    on purpose); the key is still computed, and differs from the readable file's."""
    readable = release_key(project)
    claims = project.root / "ontology" / "claims.ttl"
    claims.chmod(0)  # what makes a file unreadable changes its ctime: the index cannot speak for it
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == claims:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert release_key(project) != readable


def test_the_key_covers_the_reasoner_installed(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engines = release_cache._engine_files()
    assert [name for name, _ in engines] == ["engine/owlready2/__init__.py", "engine/owlready2/hermit/HermiT.jar"]
    assert all(path.is_file() for _, path in engines)
    jar = tmp_path / "HermiT.jar"
    jar.write_bytes(b"one version")
    monkeypatch.setattr(release_cache, "_engine_files", lambda: [("engine/owlready2/hermit/HermiT.jar", jar)])
    before = release_key(project)
    jar.write_bytes(b"another version")
    assert release_key(project) != before


def test_a_named_pipe_among_the_inputs_is_not_read(project: Project) -> None:
    """Reading a FIFO would wait for a writer for ever; the key names it without reading it."""
    before = release_key(project)
    pipe = project.root / "sources" / "a-pipe"
    os.mkfifo(pipe)
    keys: list[str] = []
    worker = threading.Thread(target=lambda: keys.append(release_key(project)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    release_fifo(pipe)
    assert keys and keys[0] != before


def test_an_editor_s_leftovers_do_not_change_the_key(project: Project) -> None:
    """An open editor rewrites its swap and backup files every few seconds; no input reads them."""
    before = release_key(project)
    ontology = project.root / "ontology"
    for name in ("claims.ttl~", ".claims.ttl.swp", "#claims.ttl#", ".DS_Store", "._claims.ttl", "x.kate-swp"):
        (ontology / name).write_bytes(b"an editor's copy\n")
    (ontology / ".#claims.ttl").symlink_to("user@host.4242:1700000000")  # emacs's lock: a link to nowhere
    (project.root / "evidence" / ".~lock.publications.tsv#").write_text("LibreOffice's lock\n", encoding="utf-8")
    assert release_key(project) == before
    (ontology / "claims-notes.ttl").write_bytes(b"# an input: every *.ttl here is read\n")
    assert release_key(project) != before


def test_a_linked_folder_is_followed_once_even_in_a_loop(project: Project) -> None:
    """A source kept in a linked folder counts; a link back up (a loop) is walked once, not for ever."""
    before = release_key(project)
    elsewhere = project.root.parent / "shared-sources"
    elsewhere.mkdir()
    (elsewhere / "scan.txt").write_text("a source kept elsewhere\n", encoding="utf-8")
    (project.root / "sources" / "linked").symlink_to(elsewhere, target_is_directory=True)
    (project.root / "sources" / "loop").symlink_to("..", target_is_directory=True)
    keys: list[str] = []
    worker = threading.Thread(target=lambda: keys.extend([release_key(project), release_key(project)]), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert len(keys) == 2 and keys[0] == keys[1] != before
    (elsewhere / "scan.txt").write_text("edited where it is kept\n", encoding="utf-8")
    assert release_key(project) != keys[0]
    calls: list[int] = []

    def assemble() -> list[ox.Triple]:
        calls.append(1)
        return [TRIPLE]

    release_triples(project, assemble)
    release_triples(project, assemble)
    assert calls == [1]  # the link up leaves the project, and the cache written, out of the key


def test_a_file_name_that_is_not_utf_8_is_part_of_the_key(project: Project) -> None:
    before = release_key(project)
    (project.root / "sources" / os.fsdecode(b"scan-\xff.txt")).write_text("a scan\n", encoding="utf-8")
    assert release_key(project) != before


def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count files changed 20 ms ago as settled, and wait longer than that: what the test just copied or
    changed can then be indexed. (A settling time of 0 did not do: a file changed in the same tick of
    the file system's clock as the index was written is rightly not settled.)"""
    monkeypatch.setattr(release_cache, "SETTLED_NS", 20_000_000)
    time.sleep(0.1)


def test_the_index_gives_the_key_of_files_left_alone_without_reading_them(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(monkeypatch)
    key = release_key(project)
    index = project.root / CACHE_DIR / release_cache.INDEX
    assert index.read_text(encoding="utf-8").splitlines()[1] == key
    claims = project.root / "ontology" / "claims.ttl"
    read: list[Path] = []
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        read.append(path)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert release_key(project) == key
    assert read == []
    claims.write_bytes(real(claims) + b"\n")  # an edit: new times, so every file is read again
    edited = release_key(project)
    assert edited != key and claims in read
    time.sleep(0.1)
    assert release_key(project) == edited  # the edit has settled: the index is written again for it
    read.clear()
    assert release_key(project) == edited and read == []


def test_files_changed_within_the_settling_time_are_not_indexed(project: Project) -> None:
    """A file changed in the same tick of the clock as it was read could keep its times: until every
    file has been left alone for SETTLED_NS, the key is computed from the bytes each time."""
    (project.root / "ontology" / "claims.ttl").touch()
    release_key(project)
    assert not (project.root / CACHE_DIR).exists()


@pytest.mark.parametrize("damage", ["key", "crc", "truncated", "binary", "not a key"])
def test_a_damaged_index_is_never_trusted(project: Project, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    settle(monkeypatch)
    key = release_key(project)
    index = project.root / CACHE_DIR / release_cache.INDEX
    text = index.read_text(encoding="utf-8")
    other = ("0" if key[0] != "0" else "1") + key[1:]
    damaged = {
        "key": text.replace(key, other).encode(),
        "crc": (f"{int(text[:8], 16) ^ 1:08x}" + text[8:]).encode(),
        "truncated": text[: len(text) // 2].encode(),
        "binary": b"\xff\xfe" + text.encode(),
        "not a key": _with_crc(text.split("\n", 1)[1].replace(key, key[:-1] + "g")),
    }[damage]
    index.write_bytes(damaged)
    assert release_key(project) == key
    assert index.read_text(encoding="utf-8") == text  # written again, as it was


def test_an_index_of_other_files_is_not_used(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index copied from another project (same names and contents, other inodes and times), even
    one that names a wrong key with a right CRC-32, gives no key here: the files are read."""
    other = Project.at(copy_project(ROOT, project.root.parent / "other"))
    settle(monkeypatch)
    key = release_key(project)
    wrong = ("0" if key[0] != "0" else "1") + key[1:]
    text = (project.root / CACHE_DIR / release_cache.INDEX).read_text(encoding="utf-8")
    content = text.split("\n", 1)[1].replace(key, wrong)
    (other.root / CACHE_DIR).mkdir()
    index = other.root / CACHE_DIR / release_cache.INDEX
    index.write_text(f"{zlib.crc32(content.encode()):08x}\n{content}", encoding="utf-8")
    assert release_key(other) == key
    assert index.read_text(encoding="utf-8").splitlines()[1] == key  # written again, for these files


def _with_crc(content: str) -> bytes:
    """An index's ``content`` under its right CRC-32: damage that the checksum alone cannot tell."""
    return f"{zlib.crc32(content.encode()):08x}\n{content}".encode()


@pytest.mark.parametrize("change", ["same size, mtime put back", "renamed over, same size and mtime"])
def test_the_index_is_not_fooled_by_a_change_that_keeps_size_and_mtime(
    project: Project, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """What ``cp -p``, ``touch -r`` or a tool that restores times leaves: the same size and mtime, other
    bytes. The ctime (and, for a rename, the inode) tells; size and mtime alone would serve the old key."""
    settle(monkeypatch)
    claims = project.root / "ontology" / "claims.ttl"
    before = claims.stat()
    key = release_key(project)
    assert (project.root / CACHE_DIR / release_cache.INDEX).is_file()
    edited = claims.read_bytes().replace(b"respite", b"Respite", 1)
    assert len(edited) == before.st_size and edited != claims.read_bytes()
    if change.startswith("same size"):
        claims.write_bytes(edited)
    else:
        other = claims.with_name("claims.ttl.new")
        other.write_bytes(edited)
        os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
        other.replace(claims)
    os.utime(claims, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (claims.stat().st_size, claims.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert release_key(project) != key


def test_a_file_dated_ahead_does_not_keep_the_index_from_being_written(project: Project) -> None:
    """An mtime in the future (an archive made on a machine whose clock runs ahead) is no change that
    is still settling; the ctime, which the kernel sets, is."""
    future = time.time_ns() + 3600 * 10**9
    files = [path for path in project.root.rglob("*") if path.is_file()]
    for path in files:
        os.utime(path, ns=(future, future))
    release_key(project)
    assert not (project.root / CACHE_DIR).exists()  # the utime calls themselves are less than 2 s old
    time.sleep(release_cache.SETTLED_NS / 1e9 + 0.1)
    key = release_key(project)
    assert (project.root / CACHE_DIR / release_cache.INDEX).read_text(encoding="utf-8").splitlines()[1] == key


def test_temporary_files_of_a_killed_writer_are_removed_and_a_writer_s_own_kept(project: Project) -> None:
    """A ``vkg`` killed while writing leaves its temporary file; the next release written removes such
    files once they are an hour old, never one that another process may still be writing."""
    release_triples(project, lambda: [TRIPLE])
    cache = project.root / CACHE_DIR
    abandoned, writing = cache / ".release-old.nt-x1.tmp", cache / ".stamp-y2.tmp"
    for temporary in (abandoned, writing):
        temporary.write_bytes(b"half a file")
    hours_ago = time.time_ns() - 2 * release_cache.ABANDONED_NS
    os.utime(abandoned, ns=(hours_ago, hours_ago))
    claims = project.root / "ontology" / "claims.ttl"
    claims.write_bytes(claims.read_bytes() + b"\n")
    release_triples(project, lambda: [TRIPLE])  # another key: a release is written
    assert not abandoned.exists() and writing.exists()
