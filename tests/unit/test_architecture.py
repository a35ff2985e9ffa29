"""The house's one rule, held: data flows one way, load → render → write, and what the stages
share never reaches into a stage (docs/architecture.md). A module that imports a later stage,
or a shared module that imports any stage, fails here with the import named."""

from __future__ import annotations

import ast
from pathlib import Path

import councilprofiles

PACKAGE = Path(councilprofiles.__file__).parent
STAGES = ("load", "render", "write")
BESIDE = ("serve", "editors", "review", "ofsted")  # tools beside the pipeline, over its stages
DRIVERS = ("pipeline", "cli")  # the pipeline itself, and the command line over everything

# What each part may import from the package, besides itself and the shared modules. A stage
# may name a later stage's types (for type checking only), never call it.
ALLOWED = {
    "load": set(),
    "render": set(),
    "write": set(),
    "ofsted": set(),
    "editors": {"ofsted"},
    "review": {"load", "render"},
    "serve": {"load", "render", "write", "pipeline"},
    "pipeline": {"load", "render", "write"},
    "cli": {"load", "serve", "editors", "review", "ofsted", "pipeline"},
    "shared": set(),
}


def part_of(module: str) -> str:
    """The part of the house a module belongs to: a stage, a tool beside it, a driver, or shared."""
    first = module.split(".")[1] if "." in module else ""
    return first if first in (*STAGES, *BESIDE, *DRIVERS) else "shared"


def imports() -> list[tuple[str, str, bool]]:
    """Every import inside the package: (importer, imported, for type checking only)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                found.append((module, ".".join(base + ([node.module] if node.module else [])), id(node) in typing_only))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("councilprofiles"):
                found.append((module, node.module or "", id(node) in typing_only))
            elif isinstance(node, ast.Import):
                found += [
                    (module, alias.name, id(node) in typing_only)
                    for alias in node.names
                    if alias.name.startswith("councilprofiles")
                ]
    return found


def test_every_import_flows_one_way() -> None:
    wrong = []
    for importer, imported, typing_only in imports():
        here, there = part_of(importer), part_of(imported)
        if here == there or there == "shared" or there in ALLOWED[here]:
            continue
        if typing_only and here in STAGES and there in STAGES and STAGES.index(there) < STAGES.index(here):
            continue  # write names render's Output type
        wrong.append(f"{importer} imports {imported} ({here} → {there})")
    assert wrong == []


def test_the_walk_sees_the_imports_it_judges() -> None:
    """The rule above could pass by reading nothing: it sees the pipeline driving all three stages."""
    driven = {part_of(imported) for importer, imported, _ in imports() if importer == "councilprofiles.pipeline"}
    assert set(STAGES) <= driven
