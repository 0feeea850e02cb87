"""Reliability through the CLI: bad input, killed runs, concurrent runs, fuzzed text, bad models.

Every test drives ``crosscheck`` the way a user does (typer's CliRunner, or a subprocess where a
process must die or two must race) and checks what the user sees: the exit code, one line on
stderr, the report's "Skipped inputs", and an index that is always readable. The fake embedder
stands in for the model everywhere the model is not the point, so the whole file runs in seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from click.testing import Result
from fakes import FakeEmbedder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import crosscheck.index as index_module
from crosscheck import ingest
from crosscheck.cli import app
from crosscheck.extract import extract
from crosscheck.index import INDEX_FORMAT, open_index
from crosscheck.schema import Document, Source
from crosscheck.segment import segment

TESTS = Path(__file__).resolve().parent
GOOD = "WASHINGTON, May 3, 2013 (Reuters) - The army sent 500 troops to the border on Monday.\n"
OTHER = "The army sent 600 troops to the border on Monday, May 6, 2013, officials said.\n"

# A crosscheck process with the fake embedder, for tests that kill or race real processes.
# CC_SLOW makes each batch take that many seconds; CC_MARKER is touched when embedding starts.
FAKE_CLI = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, sys.argv.pop(1))
    from fakes import FakeEmbedder
    import crosscheck.pipeline

    class Slow(FakeEmbedder):
        def embed_batch(self, texts):
            if os.environ.get("CC_MARKER"):
                open(os.environ["CC_MARKER"], "a").close()
            time.sleep(float(os.environ.get("CC_SLOW", "0")))
            return super().embed_batch(texts)

    crosscheck.pipeline.load_embedder = lambda model=None, purpose="index": Slow()

    def peak_memory():
        with open("/proc/self/status") as status, open(os.environ["CC_HWM"], "w") as out:
            out.write(next(line for line in status if line.startswith("VmHWM")))

    if os.environ.get("CC_HWM"):
        import atexit
        atexit.register(peak_memory)
    from crosscheck.cli import main
    main()
    """
)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run crosscheck in ``tmp_path`` with the fake embedder; stderr kept apart from stdout."""
    monkeypatch.setattr(
        "crosscheck.pipeline.load_embedder", lambda model=None, purpose="index": FakeEmbedder()
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def one_error_line(result: Result) -> str:
    """The single stderr line of a refused run: exit 2, no traceback, no partial output."""
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("crosscheck: error:")]
    assert result.exit_code == 2, result.output
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    return errors[0]


def stored_ids(index_dir: Path) -> list[str]:
    index = open_index(index_dir)
    assert index is not None
    return [source.id for source in index.sources]


# --- input -------------------------------------------------------------------------------------

BAD_FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"  \n\t\r\n ",
    "binary.txt": b"PK\x03\x04\x00\x00\x08\x00binary",
    "ambiguous.txt": "首相は水曜日、兵士を派遣すると述べた。".encode("shift_jis"),
    "script.html": b"<html><head><script>var x = 1;</script></head><body><div></div></body></html>",
    "feed.jsonl": (
        b'{"text": "On May 3, 2013, 100 people came.", "published": "2013-05-03"}\n'
        b"{not json\n"
        b'{"text": "Then 200 people came.", "published": "2024-02-30"}\n'
        b'{"title": "no text"}\n'
        b'{"text": "bad \\ud800 half of a pair, 5 people."}\n'
    ),
    "dated.md": b"---\ntitle: T\npublished: 2024-02-30\n---\nThe army sent 500 troops on Monday.\n",
}
EXPECTED_SKIPS = {
    ("manifest.csv", 3): "manifest names 'ghost.txt', which does not exist",
    ("ambiguous.txt", None): "undecodable text: not UTF-8 and its encoding is ambiguous",
    ("binary.txt", None): "binary file (contains NUL bytes)",
    ("blank.txt", None): "empty file",
    ("empty.txt", None): "empty file",
    ("feed.jsonl", 2): "invalid JSON",
    ("feed.jsonl", 4): "no 'text' field",
    ("feed.jsonl", 5): "invalid JSON string",
    ("script.html", None): "no article text found in the HTML",
}


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    write(corpus / "good.txt", GOOD)
    write(corpus / "other.txt", OTHER)
    write(corpus / "sub" / "good.md", OTHER)
    for name, content in BAD_FILES.items():
        write(corpus / name, content)
    write(corpus / "manifest.csv", "file,outlet,published\ngood.txt,AP,2013-05-03\nghost.txt,X,\n")
    return corpus


def test_bad_files_are_skipped_listed_and_warned_once(
    cli: Callable[..., Result], messy: Path
) -> None:
    result = cli("report", "corpus", "--format", "json", "--out", "out/r.json")
    assert result.exit_code == 0, result.output
    report = json.loads(Path("out/r.json").read_text())
    skipped = {
        (s["path"].removeprefix("corpus/"), s["line"]): s["reason"] for s in report["skipped"]
    }
    assert skipped.keys() == EXPECTED_SKIPS.keys()
    for key, reason in EXPECTED_SKIPS.items():
        assert skipped[key].startswith(reason), (key, skipped[key])
    assert report["counts"]["skipped"] == len(EXPECTED_SKIPS)
    ids = [d["id"] for d in report["documents"]]
    assert ids == [
        "corpus/dated.md",
        "corpus/feed.jsonl:1",
        "corpus/feed.jsonl:3",
        "corpus/good.txt",
        "corpus/other.txt",
        "corpus/sub/good.md",  # as unique as its path: no "duplicate id" for good.txt
    ]
    warnings = result.stderr.splitlines()
    assert all(line.startswith("crosscheck: warning: ") for line in warnings), warnings
    for (name, line), _ in EXPECTED_SKIPS.items():
        where = f"corpus/{name}" + (f":{line}" if line else "")
        assert sum(f"skipped {where}: " in w for w in warnings) == 1, where
    # an impossible metadata date is ignored (the article is kept) and said where it was
    assert any(
        "corpus/dated.md:3: ignored the front matter date '2024-02-30'" in w for w in warnings
    )
    assert any("corpus/feed.jsonl:3: ignored the jsonl date '2024-02-30'" in w for w in warnings)
    assert not any("discarding data" in w for w in warnings)  # no library chatter


def test_markdown_report_lists_skipped_inputs(cli: Callable[..., Result], messy: Path) -> None:
    assert cli("report", "corpus", "--out", "r.md", "-q").exit_code == 0
    markdown = Path("r.md").read_text()
    section = markdown.split(f"## Skipped inputs ({len(EXPECTED_SKIPS)})\n\n", 1)[1]
    items = section.split("\n\n", 1)[0].splitlines()
    assert len(items) == len(EXPECTED_SKIPS)
    assert (
        "- `corpus/feed.jsonl` line 2: invalid JSON: Expecting property name enclosed in "
        "double quotes" in items
    )
    assert "- `corpus/binary.txt`: binary file (contains NUL bytes)" in items
    assert f"- {len(EXPECTED_SKIPS)} inputs skipped" in markdown


def test_legacy_encodings_are_decoded_or_refused_clearly(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    french = "Le café a coûté 3 euros le 5 mai 2013, a déclaré le maire à 40 personnes."
    write(tmp_path / "c" / "latin1.txt", french.encode("latin-1"))
    write(tmp_path / "c" / "utf16.txt", ("\ufeff" + french).encode("utf-16"))
    russian = "Президент заявил в среду, что 500 солдат будут отправлены на границу за 24 года."
    write(tmp_path / "c" / "cp1251.txt", russian.encode("cp1251"))
    page = (
        f"<html><head><meta charset='iso-8859-15'></head><body><article><p>{french} "
        f"Le maire a salué une très bonne nouvelle pour le quartier.</p></article></body></html>"
    )
    write(tmp_path / "c" / "declared.html", page.encode("iso-8859-15"))
    result = cli("report", "c", "--format", "json", "--out", "r.json")
    assert result.exit_code == 0, result.output
    report = json.loads(Path("r.json").read_text())
    assert report["skipped"] == []
    assert "crosscheck: warning: c/latin1.txt: not UTF-8; read as cp1252 (guessed)" in result.stderr
    assert "c/cp1251.txt: not UTF-8; read as cp1251 (guessed)" in result.stderr
    assert "c/declared.html: not UTF-8; read as iso-8859-15 (declared)" in result.stderr
    # decoded right: the indexed sentences read as written (values in these languages are
    # not read, so they are no claims of the report: see test_language.py)
    index = open_index(Path(".crosscheck"))
    assert index is not None
    texts = {s.text for s in index.sentences}
    assert any("café a coûté" in t for t in texts)
    assert any("Президент заявил" in t for t in texts)
    languages = {d["path"]: d.get("language") for d in report["documents"]}
    assert languages["c/latin1.txt"] == "fr" and languages["c/cp1251.txt"] == "ru"


def test_nothing_usable_is_exit_2_with_what_was_skipped(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "c" / "empty.txt", b"")
    write(tmp_path / "c" / "bin.txt", b"\x00\x01")
    line = one_error_line(cli("index", "c"))
    assert line.startswith("crosscheck: error: no articles found in c: 2 skipped: c/bin.txt (bin")
    assert not Path(".crosscheck").exists()  # nothing was written


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("file,published\ngood.txt,2024-02-30\n", "c/manifest.csv:2: published '2024-02-30' is"),
        ("file,published\ngood.txt,\ngood.txt,\n", "c/manifest.csv:3: 'good.txt' is listed twice"),
        ("file,date\ngood.txt,2024-01-01\n", "c/manifest.csv:1: unknown manifest column"),
    ],
)
def test_a_malformed_manifest_stops_the_run(
    cli: Callable[..., Result], tmp_path: Path, manifest: str, message: str
) -> None:
    """A manifest dates every file it lists, so one bad cell would mis-date silently: exit 2."""
    write(tmp_path / "c" / "good.txt", GOOD)
    write(tmp_path / "c" / "manifest.csv", manifest)
    assert message in one_error_line(cli("report", "c"))
    assert not Path("reports").exists()


def _run_measured(args: list[str], cwd: Path, **env: str) -> tuple[int, float, int, str]:
    """(exit code, seconds, peak RSS in MiB, stderr) of one crosscheck process with the fake.

    The peak is the child's own VmHWM: ``ru_maxrss`` would also count the test process's memory
    that a forked child carries until it execs (hundreds of MiB once the real model is loaded).
    """
    err, hwm = cwd / "stderr.txt", cwd / "hwm.txt"
    started = time.perf_counter()
    with open(err, "wb") as stderr:
        process = subprocess.run(
            [sys.executable, "-c", FAKE_CLI, str(TESTS), *args],
            check=False,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=os.environ | env | {"CC_HWM": str(hwm)},
        )
    seconds = time.perf_counter() - started
    peak_kib = int(hwm.read_text().split()[1])
    return process.returncode, seconds, peak_kib // 1024, err.read_text()


def test_a_50_mb_article_is_skipped_unread(tmp_path: Path) -> None:
    """Over the documented limit, an article is skipped before it is read: fast, little memory."""
    big = tmp_path / "c" / "huge.txt"
    write(tmp_path / "c" / "good.txt", GOOD)
    block = "".join(
        f"On May 3, 2013, the army said it sent {i} troops to post {i * 7}.\n"
        for i in range(16_000)
    ).encode()
    with open(big, "wb") as handle:
        for _ in range(50 * 2**20 // len(block) + 1):  # 50 MiB, written a block at a time
            handle.write(block)
    assert big.stat().st_size >= 50 * 2**20
    code, seconds, peak_mib, stderr = _run_measured(["index", "c"], tmp_path)
    assert code == 0, stderr
    assert "skipped c/huge.txt: too large: " in stderr and "MiB limit for one article" in stderr
    assert seconds < 20 and peak_mib < 400, (seconds, peak_mib)
    assert stored_ids(tmp_path / ".crosscheck") == ["c/good.txt"]


def test_a_1_mb_single_line_is_segmented_in_reasonable_time(tmp_path: Path) -> None:
    """pysbd is quadratic in its input; long lines are fed to it in windows, offsets exact."""
    parts = [
        f"On May {i % 28 + 1}, 2013, the army sent {i} troops to post {i * 7}. "
        for i in range(15_000)
    ]
    text = "".join(parts)[: 2**20]
    doc = Document(source=Source(id="big", path="big.txt", format="txt", sha256=""), text=text)
    started = time.perf_counter()
    sentences = segment(doc)
    seconds = time.perf_counter() - started
    assert seconds < 30, seconds
    assert len(sentences) > 10_000
    assert all(text[s.start : s.end] == s.text and s.line == 1 for s in sentences)
    assert sentences[1].text == parts[1].strip()


def test_a_too_large_jsonl_record_is_skipped_and_the_others_kept(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    huge = json.dumps({"text": "x " * (ingest.MAX_ARTICLE_BYTES // 2 + 1)})
    write(tmp_path / "c" / "feed.jsonl", "\n".join([json.dumps({"text": GOOD}), huge, ""]))
    result = cli("index", "c")
    assert result.exit_code == 0, result.output
    assert "skipped c/feed.jsonl:2: too large: 2.0 MiB, over the 2.0 MiB limit" in result.stderr
    assert stored_ids(Path(".crosscheck")) == ["c/feed.jsonl:1"]


# --- crashes -----------------------------------------------------------------------------------


class _Crash(BaseException):
    """Stands for SIGKILL: nothing in crosscheck catches it, and no cleanup beyond `finally`."""


_IO_STEPS = ("_write_durable", "_sync_and_hash", "_fsync_dir", "_remove")


@pytest.fixture
def two_corpora(tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """A corpus indexed once, then changed: one article edited, one removed, two added."""
    corpus = tmp_path / "c"
    for i in range(4):
        write(corpus / f"a{i}.txt", f"Report {i}: the army sent {100 + i} troops on May 3, 2013.")
    before = [f"c/a{i}.txt" for i in range(4)]
    return corpus, before, ["c/a0.txt", "c/a1.txt", "c/a2.txt", "c/b0.txt", "c/b1.txt"]


def _change(corpus: Path) -> None:
    write(corpus / "a2.txt", "Report 2 changed: the army sent 900 troops on May 4, 2013.")
    (corpus / "a3.txt").unlink()
    for i in range(2):
        write(corpus / f"b{i}.txt", f"New {i}: police counted {50 + i} protesters on June 1.")


def _crash_at(monkeypatch: pytest.MonkeyPatch, step: int, torn: bool) -> None:
    """Make the ``step``-th file operation of the index crash (a torn write, if asked)."""
    seen = {"n": 0}
    for name in _IO_STEPS:
        real = getattr(index_module, name)

        def wrapper(
            *args: object, _real: Callable[..., object] = real, _name: str = name
        ) -> object:
            seen["n"] += 1
            if seen["n"] == step:
                if torn and _name == "_write_durable":
                    path, data = args
                    Path(str(path)).write_bytes(bytes(data)[: len(data) // 2])  # type: ignore[arg-type]
                raise _Crash(f"{_name} #{step}")
            return _real(*args)

        monkeypatch.setattr(index_module, name, wrapper)


def _assert_clean(index_dir: Path) -> None:
    names = sorted(p.name for p in index_dir.iterdir())
    assert names[:1] == ["CURRENT"] and names[1:2] == ["cache"], names
    assert len([n for n in names if n.startswith("gen-")]) == 1 and "lock" in names
    assert not [p for p in index_dir.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("torn", [False, True], ids=["clean-crash", "torn-write"])
@pytest.mark.parametrize("rebuild", [False, True], ids=["update", "rebuild"])
def test_a_crash_at_any_step_leaves_an_index_and_the_next_run_completes(
    cli: Callable[..., Result],
    two_corpora: tuple[Path, list[str], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    torn: bool,
    rebuild: bool,
) -> None:
    corpus, before, after = two_corpora
    assert cli("index", "c").exit_code == 0
    index_dir, snapshot = Path(".crosscheck"), Path("snapshot")
    shutil.copytree(index_dir, snapshot)
    _change(corpus)
    flags = ["--rebuild"] if rebuild else ["--prune"]
    step, crashed_at = 0, []
    while True:
        step += 1
        with monkeypatch.context() as patch:
            _crash_at(patch, step, torn)
            try:
                result = cli("index", "c", *flags)
            except _Crash:
                crashed_at.append(step)
            else:
                assert result.exit_code == 0, result.output
                break
        # what a reader sees after the crash: the previous index, or the complete new one
        assert stored_ids(index_dir) in (before, after), step
        result = cli("index", "c", *flags)  # the next run completes the update
        assert result.exit_code == 0, result.output
        assert stored_ids(index_dir) == after
        _assert_clean(index_dir)
        shutil.rmtree(index_dir)  # back to the first index, to crash the same update later on
        shutil.copytree(snapshot, index_dir)
    assert len(crashed_at) >= 10  # every write, fsync and removal of a run was a crash point
    assert stored_ids(index_dir) == after


def _start(args: list[str], cwd: Path, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", FAKE_CLI, str(TESTS), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | env,
    )


def _wait_for(path: Path, process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never reached the point to kill it at"
        time.sleep(0.01)


def test_sigkill_while_embedding_keeps_the_previous_index(
    cli: Callable[..., Result],
    two_corpora: tuple[Path, list[str], list[str]],
    tmp_path: Path,
) -> None:
    corpus, before, after = two_corpora
    assert cli("index", "c").exit_code == 0
    _change(corpus)
    marker = tmp_path / "embedding"
    process = _start(["index", "c"], tmp_path, CC_SLOW="30", CC_MARKER=str(marker))
    _wait_for(marker, process)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    assert stored_ids(tmp_path / ".crosscheck") == before
    result = cli("index", "c", "--prune")  # the dead process's lock does not block this run
    assert result.exit_code == 0, result.output
    assert "2 added, 1 changed, 1 removed, 2 unchanged" in result.stdout
    assert stored_ids(tmp_path / ".crosscheck") == after


def test_sigkill_at_spread_moments_never_breaks_the_index(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """Kill a rebuild at moments spread over a measured run: embedding, writing, switching."""
    corpus = tmp_path / "c"
    for i in range(30):
        write(
            corpus / f"d{i:02d}.txt",
            " ".join(f"Item {i}.{s}: {s * i} troops came." for s in range(40)),
        )
    assert cli("index", "c").exit_code == 0
    marker = tmp_path / "embedding"
    timed = _start(["index", "c", "--rebuild"], tmp_path, CC_SLOW="0.02", CC_MARKER=str(marker))
    _wait_for(marker, timed)
    started = time.monotonic()
    assert timed.wait(timeout=60) == 0
    duration = time.monotonic() - started
    for fraction in (0.3, 0.8, 0.95, 0.99):
        marker.unlink()
        process = _start(
            ["index", "c", "--rebuild"], tmp_path, CC_SLOW="0.02", CC_MARKER=str(marker)
        )
        _wait_for(marker, process)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert len(stored_ids(tmp_path / ".crosscheck")) == 30, fraction
    result = cli("index", "c")
    assert result.exit_code == 0, result.output
    assert len(stored_ids(tmp_path / ".crosscheck")) == 30
    _assert_clean(tmp_path / ".crosscheck")


def _damage(index_dir: Path, how: str) -> None:
    generation = next(index_dir.glob("gen-*"))
    if how == "flipped byte":
        vectors = generation / "vectors.npy"
        data = bytearray(vectors.read_bytes())
        data[-1] ^= 0xFF
        vectors.write_bytes(bytes(data))
    elif how == "missing file":
        (generation / "vectors.npy").unlink()
    elif how == "garbage pointer":
        (index_dir / "CURRENT").write_text("hello\n")
    elif how == "future format":
        manifest = generation / "manifest.json"
        data = json.loads(manifest.read_text()) | {"format": 99}
        manifest.write_text(json.dumps(data))
        digest = index_module.hashlib.sha256(manifest.read_bytes()).hexdigest()
        (index_dir / "CURRENT").write_text(f"{generation.name} {digest}\n")


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("flipped byte", r"is corrupt \(gen-000001: vectors.npy does not match its checksum\)"),
        ("missing file", r"is corrupt \(missing vectors.npy\)"),
        ("garbage pointer", r"is corrupt \(CURRENT does not name a generation\)"),
        ("future format", rf"has format 99, this crosscheck reads format {INDEX_FORMAT}"),
    ],
)
def test_a_corrupt_index_is_refused_then_rebuilt_on_request(
    cli: Callable[..., Result], tmp_path: Path, how: str, message: str
) -> None:
    write(tmp_path / "c" / "a.txt", GOOD)
    write(tmp_path / "c" / "b.txt", OTHER)
    assert cli("index", "c").exit_code == 0
    _damage(tmp_path / ".crosscheck", how)
    for args in (["index", "c"], ["report", "c"], ["query", "500 troops"]):
        line = one_error_line(cli(*args))
        # query has no --rebuild: the hint names the command that has it
        assert re.search(message, line)
        assert line.endswith("rebuild it with `crosscheck index PATH... --rebuild`")
    assert not Path("reports").exists()
    result = cli("index", "c", "--rebuild")
    assert result.exit_code == 0, result.output
    assert stored_ids(Path(".crosscheck")) == ["c/a.txt", "c/b.txt"]
    _assert_clean(Path(".crosscheck"))
    assert cli("query", "500 troops", "--format", "json").exit_code == 0


def test_a_foreign_or_file_index_path_is_refused(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "c" / "a.txt", GOOD)
    write(tmp_path / "notes" / "todo.txt", "mine")
    line = one_error_line(cli("index", "c", "--index", "notes"))
    assert "notes is not a crosscheck index (it holds 'todo.txt')" in line
    write(tmp_path / "afile", "x")
    assert "index afile is not a folder" in one_error_line(cli("index", "c", "--index", "afile"))
    assert (tmp_path / "notes" / "todo.txt").read_text() == "mine"


# --- concurrency -------------------------------------------------------------------------------


def test_two_runs_at_once_take_turns_and_leave_a_valid_index(tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path / "c" / f"a{i}.txt", f"Report {i}: the army sent {i} troops on May 3, 2013.")
    marker = tmp_path / "embedding"
    first = _start(["index", "c"], tmp_path, CC_SLOW="4", CC_MARKER=str(marker))
    _wait_for(marker, first)  # the first run holds the lock while it embeds
    second = _start(["index", "c"], tmp_path)
    out1, err1 = first.communicate(timeout=60)
    out2, err2 = second.communicate(timeout=60)
    assert (first.returncode, second.returncode) == (0, 0), (err1, err2)
    assert b"3 added" in out1 and b"3 unchanged" in out2  # the second saw the first's result
    assert b"is in use by another crosscheck run; waiting" in err2
    assert stored_ids(tmp_path / ".crosscheck") == ["c/a0.txt", "c/a1.txt", "c/a2.txt"]
    _assert_clean(tmp_path / ".crosscheck")


def test_a_run_that_waits_too_long_for_the_lock_fails_clearly(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    write(tmp_path / "c" / "a.txt", GOOD)
    assert cli("index", "c").exit_code == 0
    update = partial(index_module.update_index, lock_timeout=0.2)
    monkeypatch.setattr("crosscheck.pipeline.update_index", update)
    write(tmp_path / "c" / "b.txt", GOOD.replace("army", "navy"))  # an update, so it must lock
    with FileLock(tmp_path / ".crosscheck" / "lock"):
        line = one_error_line(cli("index", "c"))
    assert line == (
        "crosscheck: error: index .crosscheck is locked by another crosscheck run (waited 0.2 s)"
    )
    assert stored_ids(tmp_path / ".crosscheck") == ["c/a.txt"]


# --- fuzzing -----------------------------------------------------------------------------------

_WORDS = [
    "on",
    "in",
    "since",
    "the",
    "of",
    "last",
    "next",
    "this",
    "first",
    "time",
    "years",
    "year",
    "months",
    "weeks",
    "days",
    "ago",
    "later",
    "anniversary",
    "76th",
    "72nd",
    "1st",
    "Monday",
    "Thursday",
    "(Sept.",
    "9)",
    "June",
    "May",
    "Dec.",
    "31",
    "2024",
    "1948",
    "0001",
    "9999",
    "24",
    "1,500",
    "1.5",
    "million",
    "billion",
    "$",
    "USD",
    "€",
    "%",
    "percent",
    "about",
    "over",
    "more",
    "than",
    "at",
    "least",
    "up",
    "to",
    "between",
    "and",
    "-",
    "–",
    "to",
    "troops",
    "km",
    "a.m.",
    "p.m.",
    "9:30",
    "noon",
    "quarter",
    "decade",
    "1990s",
    "century",
    "21st",
    "Q3",
    "week",
    "today",
    "yesterday",
    "tomorrow",
    "eight",
    "twenty-four",
    "half",
    "dozen",
    "No.",
    "\n",
    ".",
    ",",
    '"',
    "“",
    "”",
    "'s",
    "…",
    "\u00a0",
    "\u200b",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "٣",
    "½",
]
# The edges of what ingest accepts as a publication date (ingest.PUBLISHED_RANGE), leap days and
# a century turn; 0001-01-01 and 9999-12-31 are refused by ingest (see the tests below).
_EDGE_DATES = [
    *ingest.PUBLISHED_RANGE,
    dt.date(1900, 1, 1),
    dt.date(2100, 12, 31),
    dt.date(2024, 2, 29),
    dt.date(2000, 2, 29),
    dt.date(1999, 12, 31),
]
_texts = st.one_of(
    st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(_WORDS), max_size=30).map("".join),
    st.text(max_size=80),
)
_published = st.one_of(
    st.none(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.sampled_from(_EDGE_DATES),
)
_FUZZ = settings(
    derandomize=True,
    max_examples=3000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_FUZZ
@given(text=_texts, published=_published)
def test_extract_never_raises_and_its_spans_index_the_input(
    text: str, published: dt.date | None
) -> None:
    for mention in extract(text, published):
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.text, mention


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("999999999 days ago", dt.date(2024, 1, 1)),  # any article can say this
        ("yesterday", dt.date(1, 1, 1)),
        ("Thursday", dt.date(1, 1, 1)),
        ("tomorrow", dt.date(9999, 12, 31)),
        ("next week", dt.date(9999, 12, 31)),
    ],
)
def test_extract_survives_dates_off_the_calendar(text: str, published: dt.date) -> None:
    """Minimal inputs on which extract raises; a value off the calendar should stay unresolved."""
    for mention in extract(text, published):
        assert text[mention.start : mention.end] == mention.text


def test_an_absurd_offset_in_an_article_does_not_crash_the_report(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "c" / "a.txt", "SEOUL, May 3, 2013 (UPI) - It began 999999999 days ago.\n")
    write(tmp_path / "c" / "b.txt", OTHER)
    assert cli("report", "c").exit_code == 0


def test_placeholder_publication_dates_are_not_used(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """0001-01-01 / 9999-12-31 are database placeholders: ignored in metadata, an error in a
    manifest (which is strict), never handed to date arithmetic."""
    write(tmp_path / "c" / "a.md", "---\npublished: 0001-01-01\n---\nIt rained yesterday, 5 mm.\n")
    write(tmp_path / "c" / "b.jsonl", json.dumps({"text": OTHER, "published": "9999-12-31"}))
    result = cli("report", "c", "--format", "json", "--out", "r.json")
    assert result.exit_code == 0, result.output
    assert "c/a.md:2: ignored the front matter date '0001-01-01'" in result.stderr
    assert "c/b.jsonl:1: ignored the jsonl date '9999-12-31'" in result.stderr
    report = json.loads(Path("r.json").read_text())
    assert {d["id"]: d["published"] for d in report["documents"]} == {
        "c/a.md": None,
        "c/b.jsonl:1": None,
    }
    write(tmp_path / "c" / "manifest.csv", "file,published\na.md,9999-12-31\n")
    line = one_error_line(cli("report", "c"))
    assert (
        "c/manifest.csv:2: published '9999-12-31' is not a valid date: outside the years "
        "1800-2199" in line
    )


_lines = st.lists(
    st.one_of(
        _texts,
        st.sampled_from(
            [
                "",
                "  ",
                "Advertisement",
                "<p>Hi.</p>",
                "# Title",
                "Related stories",
                "Updated: 2021-09-27 19:13",
            ]
        ),
    ),
    max_size=8,
).map("\n".join)


@settings(_FUZZ, max_examples=500)
@given(text=_lines, jsonl=st.booleans(), offset=st.integers(0, 3))
def test_segment_spans_and_lines_are_exact(text: str, jsonl: bool, offset: int) -> None:
    source = Source(
        id="d", path="d.txt", format="jsonl" if jsonl else "txt", sha256="", line_offset=offset
    )
    sentences = segment(Document(source=source, text=text))
    previous_end = 0
    for i, s in enumerate(sentences):
        assert (s.index, s.text) == (i, text[s.start : s.end]) and s.text.strip() == s.text
        assert s.start >= previous_end and s.text
        expected_line = offset + 1 + (0 if jsonl else text.count("\n", 0, s.start))
        assert s.line == expected_line
        previous_end = s.end


@settings(_FUZZ, max_examples=300)
@given(raw=st.binary(max_size=200), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_ingest_reads_or_skips_any_bytes(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    write(folder / f"x{suffix}", raw)
    write(folder / "good.txt", GOOD)
    corpus = ingest.load_corpus([folder], root=folder)
    ids = [corpus.documents[0].source.id, corpus.documents[-1].source.id]
    assert "good.txt" in ids
    for skipped in corpus.skipped:
        assert skipped.path == f"x{suffix}" and "\n" not in skipped.reason and skipped.reason
    for doc in corpus.documents:
        doc.text.encode("utf-8")  # whatever is kept can be hashed, embedded and reported


# --- model -------------------------------------------------------------------------------------


def test_a_missing_model_folder_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "c" / "a.txt", GOOD)
    (tmp_path / "empty").mkdir()
    runner = CliRunner()
    result = runner.invoke(app, ["index", "c", "--model", "nowhere"])
    assert one_error_line(result) == (
        "crosscheck: error: model folder nowhere (from --model) does not exist"
    )
    result = runner.invoke(app, ["report", "c", "--model", "empty"])
    assert one_error_line(result) == (
        "crosscheck: error: empty (from --model) is not a sentence-transformers model folder: "
        "it has no modules.json or config.json"
    )
    assert not (tmp_path / "reports").exists()


def test_a_partial_model_folder_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that looks like a model but has no weights fails when loaded (imports torch)."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "c" / "a.txt", GOOD)
    write(tmp_path / "partial" / "config.json", "{}")
    write(tmp_path / "partial" / "modules.json", "[]")
    result = CliRunner().invoke(app, ["index", "c", "--model", "partial", "-q"])
    line = one_error_line(result)
    assert line.startswith(
        f"crosscheck: error: cannot load the embedding model in {tmp_path / 'partial'}: "
    )
    assert open_index(tmp_path / ".crosscheck") is None  # nothing half-built became current


class _WrongDim(FakeEmbedder):
    """A model that says 64 dimensions and returns 32: it must never reach the index."""

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        return super().embed_batch(texts)[:, :32]


def test_a_model_returning_the_wrong_dimension_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "crosscheck.pipeline.load_embedder", lambda model=None, purpose="index": _WrongDim()
    )
    write(tmp_path / "c" / "a.txt", GOOD)
    line = one_error_line(CliRunner().invoke(app, ["index", "c"]))
    assert line == (
        "crosscheck: error: embedding model fake-64 returned vectors of shape (1, 32), "
        "expected (n, 64)"
    )
    assert open_index(tmp_path / ".crosscheck") is None


def test_an_index_of_another_model_is_not_queried(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "c" / "a.txt", GOOD)
    assert cli("index", "c").exit_code == 0
    monkeypatch.setattr(
        "crosscheck.pipeline.load_embedder",
        lambda model=None, purpose="index": FakeEmbedder(dim=32),
    )
    line = one_error_line(cli("query", "500 troops"))
    assert "was built with fake-64, not fake-32" in line and "--rebuild" in line


# --- paths and files written --------------------------------------------------------------------


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_reports_hold_relative_paths_and_nothing_is_written_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "crosscheck.pipeline.load_embedder", lambda model=None, purpose="index": FakeEmbedder()
    )
    data, work = tmp_path / "data", tmp_path / "work"
    write(data / "corpus" / "a.txt", GOOD)
    write(data / "corpus" / "b.txt", OTHER)
    write(data / "corpus" / "empty.txt", "")
    work.mkdir()
    monkeypatch.chdir(work)
    before_data = _files(data)
    runner = CliRunner()
    for fmt in ("json", "markdown"):
        result = runner.invoke(app, ["report", str(data / "corpus"), "--format", fmt, "-q"])
        assert result.exit_code == 0, result.output
    assert _files(data) == before_data
    created = _files(work)
    assert {f for f in created if not f.startswith(".crosscheck/")} == {
        "reports/consistency.json",
        "reports/consistency.md",
    }
    for name in ("reports/consistency.json", "reports/consistency.md"):
        content = (work / name).read_text()
        assert str(tmp_path) not in content and "corpus/a.txt" in content
    report = json.loads((work / "reports/consistency.json").read_text())
    assert [d["path"] for d in report["documents"]] == ["corpus/a.txt", "corpus/b.txt"]
    assert [s["path"] for s in report["skipped"]] == ["corpus/empty.txt"]


# --- CLI usage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["index", "c", "--frobnicate"], "No such option: --frobnicate"),
        (["query", "x", "--as-of", "notadate"], "--as-of must be a date like 2024-09-09"),
        (["query", "x", "--as-of", "2024-02-30"], "--as-of must be a date like 2024-09-09"),
        (["report", "c", "--top-k", "0"], "--top-k"),
        (["report", "c", "--min-similarity", "2"], "--min-similarity"),
        (["query", "   "], "the claim is empty"),
        (["extract", "nope.txt"], "nope.txt: No such file or directory"),
        (["index", "missing"], "missing: no such file or folder"),
        (["index"], "Missing argument"),
    ],
)
def test_bad_usage_is_exit_2_without_a_traceback(
    cli: Callable[..., Result], tmp_path: Path, args: list[str], fragment: str
) -> None:
    write(tmp_path / "c" / "a.txt", GOOD)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not Path(".crosscheck").exists() and not Path("reports").exists()


@pytest.mark.parametrize(
    "args", [["index", "c", "--frobnicate"], ["report", "c", "--top-k", "0"], ["index"]]
)
def test_usage_errors_are_one_line(
    cli: Callable[..., Result], tmp_path: Path, args: list[str]
) -> None:
    write(tmp_path / "c" / "a.txt", GOOD)
    one_error_line(CliRunner().invoke(app, args))
    assert len(CliRunner().invoke(app, args).stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("data", "fragment"),
    [(b"caf\xe9 on May 3", "-: not UTF-8 text (byte 3)"), (b"a\x00b", "-: binary file")],
)
def test_extract_refuses_undecodable_stdin_in_one_line(data: bytes, fragment: str) -> None:
    process = subprocess.run(
        [sys.executable, "-c", "from crosscheck.cli import main; main()", "extract", "-"],
        input=data,
        capture_output=True,
        timeout=30,
    )
    assert process.returncode == 2
    assert process.stderr.decode().strip() == f"crosscheck: error: {fragment}" or (
        fragment in process.stderr.decode() and len(process.stderr.splitlines()) == 1
    )
