"""Time perflint against the floor (a bare Python start) and a peer (htmlhint), side by side in one run.

Three parts, each printed as a Markdown table with ratios, then one line per speed target saying met or not met:

1. Hook latency: `perflint check` as a whole process on a typical commit (an HTML page, a Markdown page, a
   stylesheet, a 1200x800 JPEG and a 400x300 PNG), with a warm and a cold cache, against `python -c pass` on the
   same interpreter and htmlhint on the HTML page; and `perflint --version`. The commands take turns, run by run,
   so that a burst of load elsewhere on the machine hits them all alike; medians are reported.
2. Site throughput on real HTML: Debian's Python and PostgreSQL manuals and the shared HTML corpus, checked by
   perflint (all rules, and only the HTML and META rules) and by htmlhint (its defaults plus alt-require).
3. Scaling: generated sites of 1,000 and 10,000 pages (bench/generate_site.py), checked cold; the bigger one
   also with a cache filled by a first run and reused by a second.

Wall times are of whole processes, start-up included, as a user waits for them. perflint spreads runs of 200 files
or more over every core (`--jobs`); where it has that option, rows with `--jobs 1` show the cost per core. Peak
memory is given twice: the largest single process (RSS, from GNU time), and the sum over the process and its
workers (PSS, sampled from /proc), which is what the machine must hold.

Run from the repository root, with perflint installed in the venv and node on the PATH (htmlhint is installed into
bench/node_modules on first use); `--workdir` keeps the copies and generated sites for the next run:

    .venv/bin/python bench/speed.py [--quick] [--json OUT] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generate_site import Counts, drawing, generate, html_page, markdown_page, photo, stylesheet

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PERFLINT = ROOT / ".venv" / "bin" / "perflint"
HTMLHINT = BENCH / "node_modules" / ".bin" / "htmlhint"
GNU_TIME = Path("/usr/bin/time")
MB = 1_000_000
CACHE_DIR = ".perflint_cache"  # perflint's default, under the folder it runs in when --no-config is given
BUG_MARK = "this is a bug in perflint"  # how perflint words a finding that hides one of its own exceptions
HTML_SUFFIXES = (".html", ".htm")
SAMPLE_SECONDS = 0.1  # how often the memory of a process tree is read: often enough, yet cheap on 2 cores
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Corpus:
    """A folder of real HTML pages, and how to get it when it is missing."""

    name: str
    source: Path
    install: str | None  # the command that provides it; None for a folder the benchmark cannot install


CORPORA = (
    Corpus(
        "python3.11-doc",
        Path("/usr/share/doc/python3.11/html"),
        "apt-get update && apt-get install -y python3.11-doc",
    ),
    Corpus(
        "postgresql-doc-15",
        Path("/usr/share/doc/postgresql-doc-15/html"),
        "apt-get update && apt-get install -y postgresql-doc-15",
    ),
    Corpus("shared corpus", Path("/work/shared/corpus/html"), None),
)


@dataclass(frozen=True)
class Plan:
    """How much of each part to run: the full run, or a short one that still exercises every code path."""

    hook_runs: int
    hook_warmups: int
    site_rounds: int
    corpora: tuple[Corpus, ...]
    site_sizes: tuple[int, int]  # the small and the big generated site, in pages


FULL = Plan(hook_runs=15, hook_warmups=2, site_rounds=2, corpora=CORPORA, site_sizes=(1_000, 10_000))
QUICK = Plan(hook_runs=5, hook_warmups=1, site_rounds=1, corpora=CORPORA[2:], site_sizes=(100, 1_000))


# ---- running processes -------------------------------------------------------------------------------------------


@dataclass
class Measured:
    """One process's wall time, peak memory and outcome; its output is kept in a file for parsing afterwards."""

    seconds: float
    peak_rss_mb: float | None  # the largest single process
    peak_tree_mb: float | None  # the process and its descendants together (PSS), sampled
    exit_code: int
    stdout: Path
    stderr: str


# Without GNU time, a small parent process reads its child's peak RSS from getrusage (kilobytes on Linux).
RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def interpreter() -> Path:
    """Return the Python that runs perflint, from its script's first line, so the floor is the same interpreter."""
    first = PERFLINT.read_text().splitlines()[0]
    return Path(first[2:].strip()) if first.startswith("#!") else Path(sys.executable)


def with_rss(command: Sequence[str], rss_file: Path) -> list[str]:
    """Wrap a command so that its peak RSS lands in `rss_file`, in kilobytes."""
    if GNU_TIME.exists():
        return [str(GNU_TIME), "-f", "%M", "-o", str(rss_file), *command]
    return [sys.executable, "-c", RUSAGE_WRAPPER, str(rss_file), *command]


def read_rss(rss_file: Path) -> float | None:
    """Read the peak RSS written by the wrapper, in MB; GNU time puts an exit-status line before it."""
    try:
        lines = [line for line in rss_file.read_text().splitlines() if line.strip()]
        return int(lines[-1]) * 1024 / MB
    except (OSError, ValueError, IndexError):
        return None


def process_memory(pid: int) -> int:
    """Return a process's proportional set size (PSS) in bytes, or its RSS where the kernel gives no PSS.

    PSS splits shared pages (the interpreter, numpy, Pillow) among the processes sharing them, so that summing
    over a process and its workers gives the memory they hold together, not that memory counted once per worker.
    """
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    return 0


def tree_memory(root: int) -> int:
    """Return the summed memory, in bytes, of a process and all its descendants, from /proc (0 without /proc)."""
    children: dict[int, list[int]] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if entry.name.isdigit():
                    parent = int(Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[1])
                    children.setdefault(parent, []).append(int(entry.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        total += process_memory(pid)
    return total


class TreeSampler(threading.Thread):
    """Keep the highest summed memory of a process tree while it runs.

    GNU time and getrusage report the largest single process, and miss workers that a pool's own server process
    starts; with worker processes, the sum is what counts. Sampling can miss a short peak: a lower bound.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.finished = threading.Event()

    def run(self) -> None:
        while True:
            self.peak = max(self.peak, tree_memory(self.pid))
            if self.finished.wait(SAMPLE_SECONDS):
                return


def measure(command: Sequence[str], cwd: Path, stdout: Path) -> Measured:
    """Run one command to completion, keeping its output in files rather than in memory or a pipe."""
    rss_file, stderr_file = stdout.with_suffix(".rss"), stdout.with_suffix(".stderr")
    with stdout.open("wb") as out, stderr_file.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(with_rss(command, rss_file), cwd=cwd, stdout=out, stderr=err)
        sampler = TreeSampler(process.pid)
        sampler.start()
        exit_code = process.wait()
        seconds = time.perf_counter() - start
    sampler.finished.set()
    sampler.join()
    tree_mb = sampler.peak / MB if sampler.peak else None
    stderr = stderr_file.read_text(errors="replace")
    return Measured(seconds, read_rss(rss_file), tree_mb, exit_code, stdout, stderr)


def wall_time(command: Sequence[str], cwd: Path) -> tuple[float, int]:
    """Time one run of a short command, output discarded, with nothing between it and the clock."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.returncode


def perflint_has_jobs() -> bool:
    """Tell whether this perflint's `check` takes --jobs, so that the one-process rows are only added when it does."""
    done = subprocess.run([str(PERFLINT), "check", "--help"], capture_output=True, text=True)
    return "--jobs" in done.stdout


def prime_file_cache(folder: Path) -> None:
    """Read every file once, so that the first tool timed does not pay for the disk and the others for nothing."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.read_bytes()


def version(command: Sequence[str]) -> str:
    """Return the first line a `--version` command prints, or "?" when it prints nothing."""
    done = subprocess.run(command, capture_output=True, text=True)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


# ---- htmlhint ----------------------------------------------------------------------------------------------------


def ensure_htmlhint() -> None:
    """Install the pinned htmlhint (and sharp, its neighbour in package.json) into bench/node_modules once."""
    if HTMLHINT.exists():
        return
    print("installing htmlhint: npm install in bench/", file=sys.stderr)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=BENCH, check=True, stdout=sys.stderr)


def htmlhint_rules() -> dict[str, object]:
    """Return htmlhint's own default rule set, read from the installed package, plus alt-require.

    A config file replaces the defaults rather than adding to them, so they are copied in; alt-require is the
    check closest to perflint's img-alt, which perflint always runs.
    """
    script = "console.log(JSON.stringify(require('htmlhint').HTMLHint.defaultRuleset))"
    done = subprocess.run(["node", "-e", script], cwd=BENCH, capture_output=True, text=True, check=True)
    rules: dict[str, object] = json.loads(done.stdout)
    return {**rules, "alt-require": True}


def write_htmlhintrc(folder: Path) -> Path:
    path = folder / ".htmlhintrc"
    path.write_text(json.dumps(htmlhint_rules(), indent=2) + "\n")
    return path


def htmlhint_scanned(output: Path) -> int | None:
    """Read how many files htmlhint says it checked, from its closing 'Scanned N files' line."""
    match = re.search(r"Scanned (\d+) files", output.read_text(errors="replace"))
    return int(match.group(1)) if match else None


# ---- part 1: hook latency ----------------------------------------------------------------------------------------


@dataclass
class Series:
    """One command of the hook part, timed run after run; `prepare` runs before each run, outside the clock."""

    label: str
    command: list[str]
    prepare: Callable[[], None] | None = None
    seconds: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.seconds)


COMMIT_FILES = ("page.html", "content/post.md", "css/style.css", "img/photo.jpg", "img/logo.png")


def write_commit(folder: Path) -> None:
    """Write a typical content commit: a 5 KB page loading a stylesheet and two images, and a blog post."""
    rng = random.Random("commit")
    (folder / "img").mkdir(parents=True, exist_ok=True)
    photo(rng, (1200, 800)).save(folder / "img" / "photo.jpg", "JPEG", quality=85)
    drawing(rng, (400, 300)).save(folder / "img" / "logo.png", "PNG")
    for name, text in (
        ("page.html", html_page(1, "css/style.css", ["img/photo.jpg", "img/logo.png"])),
        ("content/post.md", markdown_page(1, "/img/photo.jpg", ["../img/logo.png"])),
        ("css/style.css", stylesheet(1)),
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def hook_series(commit: Path, htmlhintrc: Path) -> list[Series]:
    """List the commands of the hook part, the floor first; the cold run gets a fresh cache each time."""
    check = [str(PERFLINT), "check", "--no-config"]
    return [
        Series("python -c pass", [str(interpreter()), "-c", "pass"]),
        Series("perflint --version", [str(PERFLINT), "--version"]),
        Series("perflint check, warm cache (5 files)", [*check, *COMMIT_FILES]),
        Series(
            "perflint check, cold cache (5 files)",
            [*check, *COMMIT_FILES],
            prepare=lambda: shutil.rmtree(commit / CACHE_DIR, ignore_errors=True),
        ),
        Series("perflint check page.html, warm cache", [*check, "page.html"]),
        Series("htmlhint page.html", [str(HTMLHINT), "--config", str(htmlhintrc), "--nocolor", "page.html"]),
    ]


def run_hook(work: Path, plan: Plan) -> list[Series]:
    """Run the hook commands in turn (A B C A B C ...), dropping the warm-up rounds."""
    commit = work / "commit"
    shutil.rmtree(commit, ignore_errors=True)
    write_commit(commit)
    series = hook_series(commit, write_htmlhintrc(work))
    for round_number in range(plan.hook_warmups + plan.hook_runs):
        for item in series:
            if item.prepare:
                item.prepare()
            seconds, code = wall_time(item.command, commit)
            if round_number >= plan.hook_warmups:
                item.seconds.append(seconds)
                item.exit_codes.append(code)
        print(f"  hook round {round_number + 1}/{plan.hook_warmups + plan.hook_runs}", file=sys.stderr)
    return series


# ---- part 2: site throughput on real HTML ------------------------------------------------------------------------


@dataclass
class SiteRun:
    """One tool over one corpus, possibly several rounds: the numbers a row of the throughput table needs."""

    corpus: str
    tool: str
    html_files: int
    html_bytes: int
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    peak_tree_mb: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    files_reported: int | None = None  # the tool's own count of the files it checked
    notes: list[str] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def files_per_second(self) -> float:
        return self.html_files / self.median_seconds

    @property
    def mb_per_second(self) -> float:
        return self.html_bytes / MB / self.median_seconds


def html_files(folder: Path) -> list[Path]:
    """List the pages as htmlhint's folder walk finds them: *.html and *.htm, no dot-folders, no node_modules."""
    return [
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in HTML_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") or part == "node_modules" for part in path.relative_to(folder).parts)
    ]


def copy_corpus(corpus: Corpus, work: Path) -> Path | None:
    """Copy a corpus into the work folder once (the sources are read-only); None, with a message, if it is missing."""
    if not corpus.source.is_dir():
        how = f"install it with: {corpus.install}" if corpus.install else "it is not on this machine"
        print(f"skipping {corpus.name}: {corpus.source} is missing; {how}", file=sys.stderr)
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", corpus.name.lower()).strip("-")
    target, done = work / "real" / slug, work / "real" / f"{slug}.done"
    if not done.exists():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(corpus.source, target, symlinks=True)
        done.write_text(str(corpus.source))
    return target


ALL_RULES, HTML_RULES = "perflint (all rules)", "perflint --select HTML,META"


def site_tools(folder: Path, htmlhintrc: Path, jobs: bool) -> dict[str, list[str]]:
    """The commands of the throughput part, each given the same folder; htmlhint runs in one process."""
    check = [str(PERFLINT), "check", "--no-config", "--no-cache", "--format", "json"]
    tools = {
        ALL_RULES: [*check, folder.name],
        HTML_RULES: [*check, "--select", "HTML,META", folder.name],
    }
    if jobs:
        tools[f"{ALL_RULES}, --jobs 1"] = [*check, "--jobs", "1", folder.name]
        tools[f"{HTML_RULES}, --jobs 1"] = [*check, "--jobs", "1", "--select", "HTML,META", folder.name]
    tools["htmlhint (defaults + alt-require)"] = [str(HTMLHINT), "--config", str(htmlhintrc), "--nocolor", folder.name]
    return tools


def record(run: SiteRun, measured: Measured) -> None:
    """Add one round's numbers to a row, with the tool's own file count and anything that went wrong."""
    run.seconds.append(measured.seconds)
    run.exit_codes.append(measured.exit_code)
    if measured.peak_rss_mb is not None:
        run.peak_rss_mb.append(measured.peak_rss_mb)
    if measured.peak_tree_mb is not None:
        run.peak_tree_mb.append(measured.peak_tree_mb)
    if run.tool.startswith("perflint"):
        summary, problems = read_perflint_json(measured)
        run.files_reported = summary.get("files") if summary else None
    else:
        run.files_reported = htmlhint_scanned(measured.stdout)
        problems = [f"exit status {measured.exit_code}"] if measured.exit_code not in (0, 1) else []
        if run.files_reported != run.html_files:
            problems.append(f"htmlhint scanned {run.files_reported} files, but the folder holds {run.html_files}")
    run.notes += [note for note in problems if note not in run.notes]


def run_sites(work: Path, plan: Plan) -> list[SiteRun]:
    """Run every tool over every available corpus, the tools taking turns within each round."""
    htmlhintrc, jobs = write_htmlhintrc(work), perflint_has_jobs()
    runs: list[SiteRun] = []
    for corpus in plan.corpora:
        folder = copy_corpus(corpus, work)
        if folder is None:
            continue
        pages = html_files(folder)
        size = sum(page.stat().st_size for page in pages)
        prime_file_cache(folder)
        rows = {tool: SiteRun(corpus.name, tool, len(pages), size) for tool in site_tools(folder, htmlhintrc, jobs)}
        for round_number in range(plan.site_rounds):
            for number, (tool, command) in enumerate(site_tools(folder, htmlhintrc, jobs).items()):
                print(f"  {corpus.name}: {tool}, round {round_number + 1}", file=sys.stderr)
                out = work / "out" / f"{folder.name}-tool{number}.txt"  # the last round's output is kept
                record(rows[tool], measure(command, folder.parent, out))
        runs += rows.values()
    return runs


def totals(runs: Sequence[SiteRun]) -> list[SiteRun]:
    """Add up each tool's rows over the corpora: files and bytes, median seconds, and the highest peak memory."""
    result = []
    for tool in dict.fromkeys(run.tool for run in runs):
        rows = [run for run in runs if run.tool == tool]
        total = SiteRun("all corpora", tool, sum(r.html_files for r in rows), sum(r.html_bytes for r in rows))
        total.seconds = [sum(r.median_seconds for r in rows)]
        total.peak_rss_mb = [max(max(r.peak_rss_mb, default=0.0) for r in rows)]
        total.peak_tree_mb = [max(max(r.peak_tree_mb, default=0.0) for r in rows)]
        total.exit_codes = [code for r in rows for code in r.exit_codes]
        result.append(total)
    return result


# ---- part 3: scaling on generated sites --------------------------------------------------------------------------


@dataclass
class ScaleRun:
    """One perflint run over a generated site."""

    pages: int
    mode: str
    files: int
    seconds: float
    peak_rss_mb: float | None
    peak_tree_mb: float | None
    exit_code: int
    notes: list[str] = field(default_factory=list)

    @property
    def ms_per_file(self) -> float:
        return 1000 * self.seconds / self.files if self.files else float("nan")


COLD, ONE_JOB = "cold, --no-cache", "cold, --no-cache, --jobs 1"
FILL, WARM = "cache filled (first run)", "warm (cache reused)"
MODE_OPTIONS = {COLD: ["--no-cache"], ONE_JOB: ["--no-cache", "--jobs", "1"], FILL: [], WARM: []}
MODE_FILES = {COLD: "cold", ONE_JOB: "cold-1job", FILL: "fill", WARM: "warm"}


def generator_stamp() -> str:
    """Fingerprint the generator, so that a site kept in --workdir is rebuilt when the generator changes."""
    return hashlib.sha256((BENCH / "generate_site.py").read_bytes()).hexdigest()[:16]


def ensure_site(work: Path, pages: int) -> Path:
    """Return the generated site for `pages`, reusing a finished one from an earlier run."""
    site, done = work / f"site-{pages}", work / f"site-{pages}.done"
    if done.exists() and done.read_text() == generator_stamp():
        return site
    shutil.rmtree(site, ignore_errors=True)
    done.unlink(missing_ok=True)
    start = time.perf_counter()
    counts = generate(pages, site)
    print(f"  generated {site} ({counts.files} files) in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    done.write_text(generator_stamp())
    return site


def check_site(site: Path, pages: int, mode: str, work: Path) -> ScaleRun:
    """Run perflint over a whole generated site from inside it, so its cache (when used) lands in the site."""
    command = [str(PERFLINT), "check", "--no-config", *MODE_OPTIONS[mode], "--format", "json", "."]
    if mode == FILL:
        shutil.rmtree(site / CACHE_DIR, ignore_errors=True)
    print(f"  site-{pages}: {mode}", file=sys.stderr)
    measured = measure(command, site, work / "out" / f"site-{pages}-{MODE_FILES[mode]}.json")
    summary, problems = read_perflint_json(measured)
    files = int(summary.get("files", 0)) if summary else 0
    memory = (measured.peak_rss_mb, measured.peak_tree_mb)
    return ScaleRun(pages, mode, files, measured.seconds, *memory, measured.exit_code, problems)


def run_scaling(work: Path, plan: Plan) -> list[ScaleRun]:
    """Check the small and the big site cold (and in one process); then fill a cache on the big one and reuse it."""
    small, big = plan.site_sizes
    sites = {pages: ensure_site(work, pages) for pages in (small, big)}
    modes = [COLD, ONE_JOB] if perflint_has_jobs() else [COLD]
    runs = []
    for pages, site in sites.items():
        prime_file_cache(site)
        runs += [check_site(site, pages, mode, work) for mode in modes]
    runs.append(check_site(sites[big], big, FILL, work))
    runs.append(check_site(sites[big], big, WARM, work))
    return runs


# ---- perflint's own output ---------------------------------------------------------------------------------------


def read_perflint_json(measured: Measured) -> tuple[dict[str, int] | None, list[str]]:
    """Return the summary of a `--format json` run, and what went wrong: exit status, stderr, bugs it reported."""
    problems = [f"exit status {measured.exit_code}"] if measured.exit_code not in (0, 1) else []
    problems += [f"stderr: {line}" for line in measured.stderr.splitlines() if line.strip()]
    try:
        report = json.loads(measured.stdout.read_text())
    except (OSError, ValueError) as error:
        return None, [*problems, f"unreadable JSON output: {error}"]
    findings = report.get("findings", [])
    bugs = [f for f in findings if BUG_MARK in f.get("message", "")]
    problems += [f"{f['path']}: {f['code']} {f['message']}" for f in bugs[:5]]
    if len(bugs) > 5:
        problems.append(f"... and {len(bugs) - 5} more findings that report a bug in perflint")
    return report.get("summary"), problems


# ---- targets -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A speed goal, whether this run met it, and the numbers that say so."""

    goal: str
    met: bool | None  # None: that part was not measured in this run
    detail: str


def hook_targets(series: Sequence[Series]) -> list[Target]:
    by_label = {s.label: s for s in series}
    floor, hint = by_label["python -c pass"].median_ms, by_label["htmlhint page.html"].median_ms
    warm = by_label["perflint check, warm cache (5 files)"].median_ms
    cold = by_label["perflint check, cold cache (5 files)"].median_ms
    version_ms = by_label["perflint --version"].median_ms
    return [
        Target(
            "hook latency <= 0.8x htmlhint on one file",
            warm <= 0.8 * hint,
            f"perflint check (5 files, warm) {warm:.0f} ms = {warm / hint:.2f}x htmlhint {hint:.0f} ms; "
            f"cold cache {cold:.0f} ms = {cold / hint:.2f}x",
        ),
        Target(
            "perflint --version <= 3x python -c pass",
            version_ms <= 3 * floor,
            f"{version_ms:.0f} ms = {version_ms / floor:.2f}x python -c pass {floor:.0f} ms",
        ),
    ]


def throughput_targets(total_rows: Sequence[SiteRun]) -> list[Target]:
    by_tool = {row.tool: row for row in total_rows}
    hint = next((row for tool, row in by_tool.items() if tool.startswith("htmlhint")), None)
    if hint is None:
        return [Target("site check >= 5x htmlhint throughput per HTML file", None, "no corpus was available")]
    targets = []
    for tool in (HTML_RULES, ALL_RULES):
        ratio = by_tool[tool].files_per_second / hint.files_per_second
        detail = f"{by_tool[tool].files_per_second:.1f} vs {hint.files_per_second:.1f} HTML files/s = {ratio:.2f}x"
        one_job = by_tool.get(f"{tool}, --jobs 1")
        if one_job:
            detail += f"; in one process {one_job.files_per_second / hint.files_per_second:.2f}x"
        targets.append(Target(f"site check >= 5x htmlhint throughput per HTML file ({tool})", ratio >= 5, detail))
    return targets


def scaling_targets(runs: Sequence[ScaleRun]) -> list[Target]:
    cold = [run for run in runs if run.mode == COLD]
    small, big = cold[0], cold[-1]
    warm = next(run for run in runs if run.mode == WARM)
    speedup = big.seconds / warm.seconds
    per_file = big.ms_per_file / small.ms_per_file
    big_runs = [run for run in runs if run.pages == big.pages]
    tree = max((run.peak_tree_mb or 0.0) for run in big_runs)
    single = max((run.peak_rss_mb or 0.0) for run in big_runs)
    return [
        Target(
            f"warm run >= 10x faster than cold ({big.pages:,} pages)",
            speedup >= 10,
            f"cold {big.seconds:.1f} s / warm {warm.seconds:.1f} s = {speedup:.1f}x",
        ),
        Target(
            f"peak memory < 300 MB on {big.pages:,} pages",
            max(tree, single) < 300,
            f"highest peak over the {big.pages:,}-page runs: {tree:.0f} MB summed over perflint and its workers "
            f"(PSS), {single:.0f} MB RSS in the largest single process",
        ),
        Target(
            f"cost per file, {small.pages:,} vs {big.pages:,} pages, within 20 %",
            abs(per_file - 1) <= 0.2,
            f"{big.ms_per_file:.2f} ms / {small.ms_per_file:.2f} ms per file = {per_file:.2f}x",
        ),
    ]


# ---- printing ----------------------------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Iterable[Sequence[str]], labels: int = 1) -> None:
    """Print a Markdown table, the first `labels` columns left-aligned and the numbers right-aligned."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i < labels else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def print_environment(environment: dict[str, object]) -> None:
    print("# perflint speed benchmark\n")
    for key, value in environment.items():
        print(f"- {key}: {value}")
    print(
        "- note: wall times of whole processes on a shared machine; other work may be running on the same cores, "
        "so compare numbers within this run rather than with other runs"
    )


def print_hook(series: Sequence[Series]) -> None:
    floor = series[0].median_ms
    hint = next(s for s in series if s.label.startswith("htmlhint")).median_ms
    print(f"\n## 1. Hook latency (median of {len(series[0].seconds)} alternating runs each)\n")
    rows = [
        [
            f"`{s.label}`",
            f"{s.median_ms:.0f}",
            f"{1000 * min(s.seconds):.0f}",
            f"{1000 * max(s.seconds):.0f}",
            f"{s.median_ms / floor:.2f}x",
            f"{s.median_ms / hint:.2f}x",
            ",".join(sorted({str(code) for code in s.exit_codes})),
        ]
        for s in series
    ]
    table(["command", "median ms", "min ms", "max ms", "/ python -c pass", "/ htmlhint", "exit"], rows)
    print(
        "\nThe commit: page.html (5 KB), content/post.md, css/style.css, img/photo.jpg (1200x800), img/logo.png "
        "(400x300). Cold: the .perflint_cache folder is deleted before each run. htmlhint runs its node_modules/.bin "
        "script directly, as a hook manager does (npx would add its own start-up)."
    )


def print_sites(runs: Sequence[SiteRun], rounds: int) -> None:
    print(f"\n## 2. Site throughput on real HTML (median of {rounds} round(s); files/s and MB/s per HTML file)\n")
    if not runs:
        print("No corpus was available: nothing measured.")
        return
    rows = [
        [
            run.corpus,
            run.tool,
            f"{run.html_files:,}",
            "-" if run.files_reported is None else f"{run.files_reported:,}",
            f"{run.html_bytes / MB:.1f}",
            f"{run.median_seconds:.1f}",
            f"{run.files_per_second:.1f}",
            f"{run.mb_per_second:.2f}",
            f"{max(run.peak_rss_mb):.0f}" if run.peak_rss_mb else "-",
            f"{max(run.peak_tree_mb):.0f}" if run.peak_tree_mb else "-",
            ",".join(sorted({str(code) for code in run.exit_codes})),
        ]
        for run in [*runs, *totals(runs)]
    ]
    header = ["corpus", "tool", "HTML files", "tool's count", "HTML MB", "wall s", "files/s", "MB/s"]
    table([*header, "peak MB, largest", "peak MB, sum (PSS)", "exit"], rows, labels=2)
    print(
        "\n`tool's count` is the number of files the tool says it checked: perflint counts every file it knows "
        "(images and stylesheets too, which --select HTML,META counts but does not parse), htmlhint only pages. "
        "Throughput is over the HTML files for both. Peak memory: the largest single process as GNU time sees it "
        "(RSS; it misses pool workers), and the sum over the process and all its descendants (PSS, sampled every "
        "0.1 s). perflint exits 1 when it has findings, "
        "htmlhint when it has errors."
    )
    print("\nRatios, perflint / htmlhint (HTML files per second; above 1 means perflint is faster):\n")
    hint = next(t for t in totals(runs) if t.tool.startswith("htmlhint"))
    for total in totals(runs):
        if total.tool.startswith("perflint"):
            print(f"- {total.tool}: {total.files_per_second / hint.files_per_second:.2f}x")


def print_scaling(runs: Sequence[ScaleRun]) -> None:
    print("\n## 3. Scaling on generated sites (perflint check --no-config over the whole site)\n")
    rows = [
        [
            f"{run.pages:,} pages",
            run.mode,
            f"{run.files:,}",
            f"{run.seconds:.1f}",
            f"{run.files / run.seconds:.1f}",
            f"{run.ms_per_file:.2f}",
            "-" if run.peak_rss_mb is None else f"{run.peak_rss_mb:.0f}",
            "-" if run.peak_tree_mb is None else f"{run.peak_tree_mb:.0f}",
            str(run.exit_code),
        ]
        for run in runs
    ]
    header = ["site", "run", "files", "wall s", "files/s", "ms/file", "peak MB, largest", "peak MB, sum (PSS)", "exit"]
    table(header, rows, labels=2)
    counts = [Counts.for_pages(pages) for pages in dict.fromkeys(run.pages for run in runs)]
    print(
        "\nSites: "
        + "; ".join(
            f"{c.pages:,} HTML, {c.images:,} images, {c.stylesheets} CSS, {c.markdown:,} Markdown" for c in counts
        )
    )
    small, big = (run for run in runs if run.mode == COLD)
    fill, warm = (next(run for run in runs if run.mode == mode) for mode in (FILL, WARM))
    print("\nRatios:\n")
    print(f"- ms per file, {big.pages:,} / {small.pages:,} pages: {big.ms_per_file / small.ms_per_file:.2f}x")
    print(f"- cold (--no-cache) / warm: {big.seconds / warm.seconds:.1f}x faster warm")
    print(f"- cache-filling first run / warm: {fill.seconds / warm.seconds:.1f}x faster warm")
    for one in (run for run in runs if run.mode == ONE_JOB):
        default = next(run for run in runs if run.mode == COLD and run.pages == one.pages)
        print(f"- {one.pages:,} pages, --jobs 1 / default --jobs: {one.seconds / default.seconds:.2f}x the wall time")


def print_targets(targets: Sequence[Target]) -> None:
    print("\n## Targets\n")
    for target in targets:
        verdict = "not measured" if target.met is None else ("met" if target.met else "not met")
        print(f"- {target.goal}: **{verdict}** ({target.detail})")


def problems(series: Sequence[Series], sites: Sequence[SiteRun], scaling: Sequence[ScaleRun]) -> list[str]:
    """Gather what needs a look: perflint errors and bugs it reported, and htmlhint runs that went wrong."""
    lines = [
        f"hook: {s.label}: exit status {code}"
        for s in series
        for code in sorted(set(s.exit_codes))
        if code not in (0, 1)
    ]
    lines += [f"{run.corpus}, {run.tool}: {note}" for run in sites for note in run.notes]
    lines += [f"site-{run.pages}, {run.mode}: {note}" for run in scaling for note in run.notes]
    return lines


def print_problems(lines: Sequence[str]) -> None:
    print("\n## Problems and notes\n")
    print("\n".join(f"- {line}" for line in lines) if lines else "- none")


# ---- main --------------------------------------------------------------------------------------------------------


def environment(plan: Plan) -> dict[str, object]:
    """Describe the machine and the tools, so that a result can be read against what produced it."""
    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}",
        "perflint": version([str(PERFLINT), "--version"]),
        "python": version([str(interpreter()), "--version"]),
        "htmlhint": version([str(HTMLHINT), "--version"]),
        "node": version(["node", "--version"]),
        "peak memory from": str(GNU_TIME) + " -f %M" if GNU_TIME.exists() else "getrusage(RUSAGE_CHILDREN)",
        "plan": f"{plan.hook_runs} hook runs after {plan.hook_warmups} warm-up(s), {plan.site_rounds} throughput "
        f"round(s), generated sites of {plan.site_sizes[0]:,} and {plan.site_sizes[1]:,} pages",
    }


def write_json(path: Path, results: dict[str, object]) -> None:
    """Write every raw number: each timed run, not only the medians."""

    def plain(value: object) -> object:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "prepare"}
            derived = {
                name: getattr(value, name) for name, kind in vars(type(value)).items() if isinstance(kind, property)
            }
            return {name: plain(item) for name, item in {**fields, **derived}.items()}
        if isinstance(value, (list, tuple)):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return str(value) if isinstance(value, Path) else value

    path.write_text(json.dumps(plain(results), indent=1) + "\n")


def run_all(work: Path, plan: Plan, parts: Sequence[str]) -> dict[str, object]:
    """Run the chosen parts in order and return their raw results, printing progress to stderr."""
    (work / "out").mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {"environment": environment(plan)}
    if "hook" in parts:
        print("hook latency ...", file=sys.stderr)
        results["hook"] = run_hook(work, plan)
    if "site" in parts:
        print("site throughput ...", file=sys.stderr)
        results["site"] = run_sites(work, plan)
    if "scale" in parts:
        print("scaling ...", file=sys.stderr)
        results["scaling"] = run_scaling(work, plan)
    return results


def report(results: dict[str, object], plan: Plan, seconds: float) -> list[Target]:
    """Print every part that ran, then the targets and the problems; return the targets."""
    series: list[Series] = results.get("hook", [])  # type: ignore[assignment]
    sites: list[SiteRun] = results.get("site", [])  # type: ignore[assignment]
    scaling: list[ScaleRun] = results.get("scaling", [])  # type: ignore[assignment]
    print_environment(results["environment"])  # type: ignore[arg-type]
    targets: list[Target] = []
    if series:
        print_hook(series)
        targets += hook_targets(series)
    if "site" in results:
        print_sites(sites, plan.site_rounds)
        targets += throughput_targets(totals(sites))
    if scaling:
        print_scaling(scaling)
        targets += scaling_targets(scaling)
    print_targets(targets)
    print_problems(problems(series, sites, scaling))
    print(f"\nTotal wall time: {seconds / 60:.1f} min; load average at the end: {os.getloadavg()[0]:.2f}")
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run: fewer runs, smaller sites, one corpus")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every raw number to OUT")
    parser.add_argument("--workdir", type=Path, metavar="DIR", help="keep copies and generated sites here, to reuse")
    parser.add_argument("--only", action="append", choices=("hook", "site", "scale"), help="run only this part")
    args = parser.parse_args(argv)
    if not PERFLINT.exists():
        sys.exit(f"perflint is not installed at {PERFLINT}: create the venv first (see README)")
    ensure_htmlhint()
    plan = QUICK if args.quick else FULL
    start = time.perf_counter()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        results = run_all(args.workdir.resolve(), plan, args.only or ("hook", "site", "scale"))
    else:
        with tempfile.TemporaryDirectory(prefix="perflint-speed-") as work:
            results = run_all(Path(work), plan, args.only or ("hook", "site", "scale"))
    targets = report(results, plan, time.perf_counter() - start)
    if args.json:
        write_json(args.json, {**results, "targets": targets})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
