"""Seeded synthetic content in the real format, for the benchmark: N councils, each with
about 8 graded inspections with findings, 5 quotes, 6 sources, 3 milestones and a
600-word Markdown narrative. The same seed gives the same files.

    python -m benchmarks.generate 1530 /tmp/bench/content
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from councilprofiles.model import Region

WORDS = (
    "council children services inspection social workers leaders practice families support care leavers "
    "improvement progress report visit managers quality oversight planning partners health education "
    "placements assessment protection early help workforce caseloads stability outcomes young people"
).split()
GRADES = ["outstanding", "good", "requires improvement to be good", "inadequate"]


def sentence(chance: random.Random, words: int = 12) -> str:
    text = " ".join(chance.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def narrative(chance: random.Random) -> str:
    parts = []
    for section in range(4):
        parts.append(f"## Part {section + 1}: {sentence(chance, 4)[:-1]}\n")
        parts.append(" ".join(sentence(chance, 15) for _ in range(6)) + "\n")
        parts.append("\n".join(f"- {sentence(chance, 8)}" for _ in range(3)) + "\n")
        parts.append(f"See [the report](https://example.org/report/{section}) for more.\n")
        parts.append(f"> {sentence(chance, 14)}\n")
    return "\n".join(parts)


def council_yaml(index: int, chance: random.Random) -> str:
    regions = list(Region)
    lines = [
        f"name: Council {index:05d}",
        f"region: {regions[index % len(regions)].value}",
        f"website: https://council-{index:05d}.example.org/",
        f"summary: {sentence(chance, 30)}",
        "sources:",
    ]
    for number in range(6):
        lines += [
            f"  - id: source-{number}",
            f"    title: Report {number} on council {index}",
            "    publisher: Ofsted",
            f"    date: {2012 + number * 2}-0{1 + number}-1{number}",
            f"    url: https://example.org/c{index}/s{number}",
        ]
    lines.append("inspections:")
    for number in range(8):
        year = 2012 + number * 2 if number < 7 else 2025
        lines += [
            f"  - id: inspection-{number}",
            "    type: ilacs-standard",
            f"    start: {year}-03-0{1 + number}",
            f"    end: {year}-03-1{1 + number}",
            f"    published: {year}-05-0{1 + number}",
            "    judgements:",
            f"      overall_effectiveness: {chance.choice(GRADES)}",
            f"      leadership: {chance.choice(GRADES)}",
            f"      help_and_protection: {chance.choice(GRADES)}",
            f"      children_in_care_and_care_leavers: {chance.choice(GRADES)}",
            f"    recommendations: {chance.randint(0, 12)}",
            f"    summary: {sentence(chance, 20)}",
            "    strengths:",
            *(f"      - {sentence(chance, 10)}" for _ in range(3)),
            "    areas_to_improve:",
            *(f"      - {sentence(chance, 10)}" for _ in range(3)),
            f"    sources: [source-{number % 6}]",
        ]
    lines.append("milestones:")
    for number in range(3):
        lines += [
            f"  - id: milestone-{number}",
            f"    date: {2014 + number * 3}",
            f"    title: {sentence(chance, 5)[:-1]}",
            f"    description: {sentence(chance, 15)}",
            f"    sources: [source-{number}]",
        ]
    lines.append("quotes:")
    for number in range(5):
        lines += [
            f'  - text: "{sentence(chance, 18)}"',
            f"    speaker: Person {number}",
            "    role: director of children's services",
            f"    source: source-{number}",
            f"    inspection: inspection-{number}",
        ]
    return "\n".join(lines) + "\n"


def generate(count: int, content: Path, seed: int = 153) -> None:
    chance = random.Random(seed)
    (content / "councils").mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text(
        "title: Benchmark\ndescription: Synthetic councils for the benchmark.\nbase_url: https://example.org/bench/\n",
        encoding="utf-8",
    )
    for index in range(count):
        folder = content / "councils" / f"council-{index:05d}"
        folder.mkdir(exist_ok=True)
        (folder / "council.yaml").write_text(council_yaml(index, chance), encoding="utf-8")
        (folder / "profile.md").write_text(narrative(chance), encoding="utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
