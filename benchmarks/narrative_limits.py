"""What each narrative limit (councilprofiles/load/narrative_limits.py) costs and saves.

    python -m benchmarks.narrative_limits

For each construct whose cost in Python-Markdown grows faster than its size, it times:
the largest narrative the limit lets through, rendered as a build renders it; the
same construct past the limit, given straight to Python-Markdown (as it was before the
limits), stopped after TIMEOUT seconds; and the check that refuses it. The real in-depth
narratives are timed too, to show what a narrative needs. Each timing runs in a forked
process of its own, on one core; the figures are noisy on a busy machine.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path

from councilprofiles.errors import ErrorLog
from councilprofiles.load.narrative import NarrativeRenderer
from councilprofiles.load.narrative_limits import (
    MAX_ABBREVIATIONS,
    MAX_BRACKET_DEPTH,
    MAX_EMPHASIS_MARKS,
    MAX_HEADINGS,
    MAX_NARRATIVE_BYTES,
    MAX_NESTING,
    within_limits,
)

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0
PROSE = "The council's children's services were judged inadequate, then improved under new leaders. "


def fill(unit: str, size: int = MAX_NARRATIVE_BYTES - 1024) -> str:
    return unit * (size // len(unit.encode("utf-8")))


def abbreviations(count: int) -> str:
    return "".join(f"*[W{i}]: word {i}\n" for i in range(count)) + "\n"


def nested_list(depth: int) -> str:
    return "".join("    " * level + "- item\n" for level in range(depth))


# (construct, the largest narrative the limits pass, the same construct past them)
CONSTRUCTS: list[tuple[str, Callable[[], str], Callable[[], str]]] = [
    ("size: prose", lambda: fill(PROSE * 5 + "\n\n"), lambda: fill(PROSE * 5 + "\n\n", 2 * 1024 * 1024)),
    ("size: one-line list items", lambda: fill("- item\n"), lambda: fill("- item\n", 2 * 1024 * 1024)),
    ("size: table cells", lambda: "| a | b |\n|---|---|\n" + fill("| x | y |\n"), lambda: ""),
    (
        f"nesting: lists {MAX_NESTING} deep",
        lambda: fill(nested_list(MAX_NESTING) + "\n"),
        lambda: nested_list(300),
    ),
    ("nesting: quotations on one line", lambda: fill("> " * MAX_NESTING + "x\n\n"), lambda: "> " * 3000 + "x\n"),
    (
        f"brackets {MAX_BRACKET_DEPTH} deep",
        lambda: fill("[" * MAX_BRACKET_DEPTH + "a" + "](b)" * MAX_BRACKET_DEPTH + "\n\n"),
        lambda: "[" * 24000,
    ),
    (
        "unclosed brackets (scan limit)",
        lambda: "".join("[[ " + PROSE * 20 + "\n\n" for _ in range(50)),
        lambda: "[\n" * 4000,
    ),
    ("unclosed link addresses", lambda: "", lambda: "[a](" * 4000),
    ("HTML tags, all closed / unclosed", lambda: fill("a <b>b</b> "), lambda: "<b " * 4000),
    ("unclosed tags across paragraphs", lambda: "", lambda: "x <b \n\n" * 4000),
    (
        f"emphasis: {MAX_EMPHASIS_MARKS} marks a paragraph",
        lambda: fill("*a _" * (MAX_EMPHASIS_MARKS // 4) + "b" + "_ *" * (MAX_EMPHASIS_MARKS // 4) + "\n\n"),
        lambda: "*a _" * 3000 + "b" + "_ *" * 3000,
    ),
    (
        f"headings: {MAX_HEADINGS}",
        lambda: "## a\n\n" * MAX_HEADINGS + fill(PROSE + "\n\n", MAX_NARRATIVE_BYTES - 4096),
        lambda: "## a\n\n" * 20000,
    ),
    (
        f"abbreviations: {MAX_ABBREVIATIONS}",
        lambda: abbreviations(MAX_ABBREVIATIONS) + fill("W1 and W2. " * 8 + "\n\n", MAX_NARRATIVE_BYTES - 4096),
        lambda: abbreviations(4000) + "text\n",
    ),
]


def timed(work: Callable[[], object]) -> float | None:
    """Seconds `work` takes in a forked process, or None if it takes over TIMEOUT (or fails)."""
    receive, send = multiprocessing.Pipe(duplex=False)

    def run() -> None:
        started = time.perf_counter()
        try:
            work()
        except RecursionError:
            send.send(-1.0)
            return
        send.send(time.perf_counter() - started)

    child = multiprocessing.get_context("fork").Process(target=run)
    child.start()
    child.join(TIMEOUT)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return receive.recv() if receive.poll() else None


def shown(seconds: float | None) -> str:
    if seconds is None:
        return f"> {TIMEOUT:.0f} s"
    if seconds < 0:
        return "RecursionError"
    return f"{seconds:.2f} s"


RENDERER = NarrativeRenderer()  # made once, before the timed processes fork, as a build does


def render(text: str) -> Callable[[], object]:
    """As a build renders a narrative: the limits, then Markdown and the sanitiser."""
    return lambda: RENDERER.render(text, "profile.md", ErrorLog())


def unlimited(text: str) -> Callable[[], object]:
    """Straight to Python-Markdown, as before the limits."""
    return lambda: RENDERER.markdown(text).convert(text)


def check(text: str) -> Callable[[], object]:
    return lambda: within_limits(text, "profile.md", ErrorLog())


def main() -> None:
    print("| narrative | size | time |")
    print("|---|---|---|")
    for path in sorted((ROOT / "content" / "councils").glob("*/profile.md")):
        text = path.read_text(encoding="utf-8")
        print(f"| {path.parent.name} (real) | {len(text.encode()) / 1024:.1f} KB | {shown(timed(render(text)))} |")
    print()
    print("| construct | at the limit: size, build's time | past it: size, Markdown alone | the check refusing it |")
    print("|---|---|---|---|")
    for name, passing, failing in CONSTRUCTS:
        allowed, refused = passing(), failing()
        if allowed:
            log = ErrorLog()
            assert within_limits(allowed, "profile.md", log), (name, log.errors[:1])
        cells = [name]
        cells.append(f"{len(allowed.encode()) / 1024:.0f} KB, {shown(timed(render(allowed)))}" if allowed else "")
        if refused:
            cells.append(f"{len(refused.encode()) / 1024:.0f} KB, {shown(timed(unlimited(refused)))}")
            cells.append(shown(timed(check(refused))))
        else:
            cells += ["", ""]
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
