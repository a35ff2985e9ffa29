"""Where a cold build's time goes: processor time by process and over time, and by function.

    python -m benchmarks.profile 1530            # both reports, on the benchmark's councils
    python -m benchmarks.profile 153 --runs 3    # medians of three builds

Two measurements of the same cold build (no site, no cache; `build.py build`, one worker per
core as a user runs it):

- **Processes over time.** Every process of the build (the main one, its forked workers,
  Pagefind, git) is sampled from /proc every 20 ms: its processor time and whether it is
  running or waiting for a core. From that: processor seconds by kind of process, and how
  long the build had fewer processes ready to run than the machine has cores, the time in
  which a core was left idle by the build (on a shared machine, other work may have used
  it; the count does not depend on that). A timeline shows which processes ran when.
- **Functions.** py-spy samples every process's Python stack (`--subprocesses
  --nonblocking`, so the build is not paused); each sample is put in one bucket by the
  innermost frame that names one (Markdown, Jinja, YAML, the council's JSON, ...), and the
  buckets are scaled to the processor seconds measured for that kind of process.
  Pagefind is a compiled program: its time comes from the process sampling.

py-spy is in the `bench` extra (`pip install py-spy`). Figures on a busy machine are slower
than on a quiet one; the shares and the counts of ready processes change less.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bytecode import compile_project
from benchmarks.disk import clear_and_settle
from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


@dataclass
class Sample:
    at: float
    cpu: dict[int, float]  # pid -> processor seconds so far
    kinds: dict[int, str]
    ready: int  # threads of the build running or waiting for a core


@dataclass
class Timeline:
    wall: float
    samples: list[Sample] = field(default_factory=list)

    def cpu_by_kind(self) -> dict[str, float]:
        last: dict[int, tuple[str, float]] = {}
        for sample in self.samples:
            for pid, seconds in sample.cpu.items():
                last[pid] = (sample.kinds[pid], seconds)
        totals: dict[str, float] = collections.Counter()
        for kind, seconds in last.values():
            totals[kind] += seconds
        return dict(totals)

    def ready_time(self) -> dict[int, float]:
        """Seconds during which 0, 1, 2, ... of the build's processes were ready to run."""
        spent: dict[int, float] = collections.Counter()
        for before, after in zip(self.samples, self.samples[1:], strict=False):
            spent[min(before.ready, CORES)] += after.at - before.at
        return dict(spent)

    def phases(self) -> dict[str, tuple[float, float, float]]:
        """For each phase of the build (the main process alone, its worker pools, Pagefind): seconds,
        mean threads ready, and core-seconds left idle by the build (cores less threads ready)."""
        found: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
        for before, after in zip(self.samples, self.samples[1:], strict=False):
            kinds = set(before.kinds[pid] for pid in before.cpu)
            phase = "Pagefind" if "pagefind" in kinds else "worker pools" if "workers" in kinds else "main alone"
            width = after.at - before.at
            found[phase][0] += width
            found[phase][1] += width * before.ready
            found[phase][2] += width * max(0, CORES - before.ready)
        return {phase: (spent, ready / spent, idle) for phase, (spent, ready, idle) in found.items() if spent}

    def buckets(self, count: int = 24) -> list[tuple[float, dict[str, float], float]]:
        """(start, cores used by each kind, mean ready processes) for `count` equal spans of the build."""
        span = self.wall / count
        rows = []
        for index in range(count):
            start, end = index * span, (index + 1) * span
            inside = [sample for sample in self.samples if start <= sample.at <= end]
            used: dict[str, float] = collections.Counter()
            if len(inside) >= 2:
                first, last = inside[0], inside[-1]
                for pid, seconds in last.cpu.items():
                    used[last.kinds[pid]] += seconds - first.cpu.get(pid, 0.0)
                width = last.at - first.at or span
                used = {kind: value / width for kind, value in used.items()}
                ready = statistics.mean(sample.ready for sample in inside)
            else:
                ready = 0.0
            rows.append((start, dict(used), ready))
        return rows


def descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def process_state(pid: int) -> tuple[str, int, float, int] | None:
    """(command name, threads ready to run, processor seconds, parent pid) of a process, or None
    once it has gone. Pagefind works in threads, so each thread's state is read."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
        ready = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            thread = (task / "stat").read_text()
            ready += thread[thread.rindex(")") + 2] == "R"
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return name, ready, (int(fields[11]) + int(fields[12])) / TICK, int(fields[1])


def kind_of(pid: int, root: int, name: str, parent: int) -> str:
    if pid == root:
        return "main"
    if name.startswith("pagefind"):
        return "pagefind"
    if name.startswith("python") and parent == root:
        return "workers"
    return name


def sampled(command: list[str], cwd: Path, interval: float = 0.02) -> Timeline:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = []
    kinds: dict[int, str] = {}
    while process.poll() is None:
        at = time.perf_counter() - started
        cpu, ready = {}, 0
        for pid in descendants(process.pid):
            state = process_state(pid)
            if state is None:
                continue
            name, threads, seconds, parent = state
            kinds.setdefault(pid, kind_of(pid, process.pid, name, parent))
            cpu[pid] = seconds
            ready += threads
        samples.append(Sample(at, cpu, dict(kinds), ready))
        time.sleep(interval)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read()}")
    # What the main process used in all, children included once they were waited for, as its last sample.
    return Timeline(wall, samples)


# Frames where a process waits (for its workers, Pagefind or git) rather than computes: py-spy
# cannot always tell a waiting process from a busy one without pausing it, so these are named.
WAITING = re.compile(
    r"^(_?wait|select|poll|_?recv(_bytes)?|_?communicate|sleep|acquire|_wait_for_tstate_lock|join|read) \("
)

BUCKETS = [
    # (bucket, pattern matched against one frame "function (file:line)"), innermost frame first.
    ("Pagefind: scratch links", r"^(derive|link_file) \("),
    ("YAML: alias pass", r"^has_alias \("),
    ("YAML: compose", r"\(yaml/"),
    ("Python-Markdown", r"\(markdown/"),
    ("nh3 + heading check", r"^(NarrativeRenderer\.render|check_headings) \("),
    ("council.json", r"^(council_json|plain|empty) \((councilprofiles/)?opendata\.py"),
    ("CSV", r"^inspections_csv \("),
    ("feeds", r"\(councilprofiles/feeds\.py"),
    ("sitemap", r"^sitemap \("),
    ("charts", r"\(councilprofiles/charts\.py"),
    ("views", r"\(councilprofiles/views\.py"),
    ("Jinja: compile templates", r"^(check_templates|Environment\.compile|Environment\._parse) \("),
    ("Jinja: render", r"\((jinja2/|markupsafe/|templates/|<template>)|^render_page \("),
    ("cache: read back", r"^(stored_profile|read_entry|read_cached) \("),
    ("cache: write", r"^write_cached \("),
    ("validation + conversion", r"\(councilprofiles/(convert|load|model|errors)\.py"),
    ("output keys + manifest", r"^(Output\.key|Keys\.|Manifest\.|search_index|indexed_key)"),
    ("inputs digest", r"^(folder_digest|code_version|folder_key) \("),
    ("git history", r"^last_updated \("),
    ("mkdir", r"^(Path\.mkdir|mkdir) \("),
    ("file writes", r"^(Path\.write_bytes|make_range) \("),
    ("links + swap + remove", r"^(swap_in|write_site|rmtree|_rmtree_safe_fd|clear_leftovers) \("),
    ("worker pools", r"\(multiprocessing/"),
    ("imports", r"^<module> \(|\(<frozen importlib"),
]


def bucket_of(frames: list[str]) -> str:
    if frames and WAITING.search(frames[-1]):
        return "waiting"
    for frame in reversed(frames):
        for name, pattern in BUCKETS:
            if re.search(pattern, frame):
                return name
    return "other"


def function_profile(command: list[str], cwd: Path, rate: int = 200) -> dict[str, collections.Counter]:
    """py-spy's samples of every Python process of the build, by kind of process, then bucket."""
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "raw.txt"
        spy = shutil.which("py-spy") or "py-spy"
        subprocess.run(
            [spy, "record", "--format", "raw", "--subprocesses", "--nonblocking", "-r", str(rate), "-o", str(raw)]
            + ["--", *command],
            cwd=cwd,
            check=True,
            capture_output=True,
        )
        found: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        unplaced: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for line in raw.read_text().splitlines():
            matched = re.fullmatch(r"(.*) (\d+)", line)
            if matched is None:
                continue  # a stack py-spy could not finish reading
            stack, count = matched.groups()
            frames = stack.split(";")
            processes = [frame for frame in frames if frame.startswith("process ")]
            kind = "main" if len(processes) <= 1 else "workers"
            frames = [frame for frame in frames if not frame.startswith("process ")]
            bucket = bucket_of(frames)
            if bucket == "other":  # shown by its innermost frame, to name a bucket it should go in
                unplaced[kind][frames[-1] if frames else "no Python frame (start, exit, native)"] += int(count)
            else:
                found[kind][bucket] += int(count)
        for kind, leaves in unplaced.items():
            commonest = leaves.most_common(3)
            for frame, number in commonest:
                found[kind][f"other: {frame}"] += number
            found[kind]["other: the rest"] += sum(leaves.values()) - sum(number for _, number in commonest)
        return found


def build_command(content: Path, site: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(site)]


def report(count: int, work: Path, runs: int) -> str:
    content = work / "content"
    if not content.exists():
        generate(count, content)
    command = build_command(content, work / "site")
    timelines = []
    for _ in range(runs):
        clear_and_settle([work / "site", work / ".build-cache"])  # see benchmarks/disk.py
        timelines.append(sampled(command, ROOT))
    timeline = sorted(timelines, key=lambda item: item.wall)[len(timelines) // 2]  # the median run
    cpu = timeline.cpu_by_kind()
    ready = timeline.ready_time()
    lines = [
        f"## Cold build at {count:,} councils",
        "",
        f"Load average before: {', '.join(f'{value:.2f}' for value in os.getloadavg())}. "
        f"Wall time of {runs} run(s): {', '.join(f'{item.wall:.2f}' for item in timelines)} s; the median run:",
        "",
        "| process | processor seconds |",
        "|---|---:|",
        *(f"| {kind} | {seconds:.2f} |" for kind, seconds in sorted(cpu.items(), key=lambda item: -item[1])),
        f"| all | {sum(cpu.values()):.2f} (of {CORES} × {timeline.wall:.2f} = {CORES * timeline.wall:.2f} available) |",
        "",
        "Threads of the build ready to run (running or waiting for a core), seconds of the build:",
        "",
        "| ready | seconds | share |",
        "|---:|---:|---:|",
        *(
            f"| {'≥ ' if number == CORES else ''}{number} | {seconds:.2f} | {seconds / timeline.wall:.0%} |"
            for number, seconds in sorted(ready.items())
        ),
        "",
        "By phase (which of the build's processes were alive): seconds, mean threads ready, and core-seconds "
        "the build left idle (cores less threads ready):",
        "",
        "| phase | seconds | share | threads ready | core-seconds idle |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {phase} | {spent:.2f} | {spent / timeline.wall:.0%} | {ready:.2f} | {idle:.2f} |"
            for phase, (spent, ready, idle) in timeline.phases().items()
        ),
        "",
        "Over time (cores used by each kind of process, in equal spans of the build):",
        "",
        "| from | main | workers | pagefind | other | ready (mean) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for start, used, mean_ready in timeline.buckets():
        other = sum(value for kind, value in used.items() if kind not in ("main", "workers", "pagefind"))
        lines.append(
            f"| {start:.2f} s | {used.get('main', 0):.2f} | {used.get('workers', 0):.2f} "
            f"| {used.get('pagefind', 0):.2f} | {other:.2f} | {mean_ready:.1f} |"
        )
    if shutil.which("py-spy"):
        clear_and_settle([work / "site", work / ".build-cache"])
        profile = function_profile(command, ROOT)
        for kind in ("main", "workers"):
            samples = profile.get(kind)
            if not samples:
                continue
            waiting = samples.pop("waiting", 0)
            total = sum(samples.values())
            lines += [
                "",
                f"Python time of the {kind} process{'es' if kind == 'workers' else ''} by what it was doing "
                f"({total:,} py-spy samples, scaled to its {cpu.get(kind, 0):.2f} processor seconds above; "
                f"{waiting:,} more samples found it waiting for other processes):",
                "",
                "| doing | share | seconds |",
                "|---|---:|---:|",
                *(
                    f"| {name} | {number / total:.0%} | {cpu.get(kind, 0) * number / total:.2f} |"
                    for name, number in samples.most_common()
                ),
            ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--runs", type=int, default=1, help="builds sampled for the process timeline (median shown)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "council-profiles-profile")
    arguments = parser.parse_args()
    compile_project()
    for count in arguments.sizes:
        print(report(count, arguments.work / str(count), arguments.runs))
        print()


if __name__ == "__main__":
    main()
