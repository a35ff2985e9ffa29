"""The JSON Schema editors' tools use, and the validator, agree: one definition, two readers."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from support import FIXTURE_CONTENT, ROOT, run_cli

from councilprofiles.schema import SCHEMA_FILE, schema_text


class PlainLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text (YAML 1.2 has no timestamps)."""


PlainLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

VALIDATOR = jsonschema.Draft7Validator(json.loads(schema_text()))
GOOD = sorted((FIXTURE_CONTENT / "councils").glob("*/council.yaml")) + [
    ROOT / "content/councils/wandsworth/council.yaml",
    ROOT / "content/councils/wokingham/council.yaml",
    ROOT / "content/councils/nottingham/council.yaml",
]
NORTHBY = (FIXTURE_CONTENT / "councils/northby/council.yaml").read_text(encoding="utf-8")

# Each change breaks the fixture council in one way both readers must reject.
BAD = {
    "unknown key": ("website:", "webiste:"),
    "misspelt grade": ("overall_effectiveness: inadequate", "overall_effectiveness: inadequet"),
    "unknown visit type": ("type: sif\n", "type: sif-inspection\n"),
    "impossible month": ("start: 2015-11\n", "start: 2015-13\n"),
    "not a date": ("published: 2016-02-16\n", "published: 16/02/2016\n"),
    "number as text": ("recommendations: 17", "recommendations: seventeen"),
    "region outside England": ("region: North East", "region: Wales"),
    "web address without scheme": ("url: https://example.org/ofsted/2016", "url: example.org/ofsted/2016"),
    "missing required key": ("name: Northby\n", ""),
    "id with capitals": ("id: sif-2015", "id: SIF-2015"),
    "empty list of sources": ("sources: [ofsted-2016]\n  - id: monitoring-3", "sources: []\n  - id: monitoring-3"),
    "unknown top-level key": ("ofsted_urn: 99001", "ofsted_urn: 99001\nsources_note: x"),
    "reported date without its source": ("      source: news-2017\n", ""),
    "title_is_ours not true or false": ("    title_is_ours: true", "    title_is_ours: ours"),
}


def test_committed_schema_is_up_to_date_with_the_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run: python -m councilprofiles.schema"


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.parent.name)
def test_good_documents_pass_both(path: Path) -> None:
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=PlainLoader)
    assert list(VALIDATOR.iter_errors(document)) == []


def test_good_content_passes_the_validator() -> None:
    assert run_cli("check", "--content", str(FIXTURE_CONTENT)).returncode == 0


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_documents_fail_both(case: str, content: Path) -> None:
    old, new = BAD[case]
    assert old in NORTHBY
    text = NORTHBY.replace(old, new, 1)
    (content / "councils/northby/council.yaml").write_text(text, encoding="utf-8")
    assert run_cli("check", "--content", str(content)).returncode == 1
    assert list(VALIDATOR.iter_errors(yaml.load(text, Loader=PlainLoader))) != []


def test_schema_is_published_with_the_site_and_named_in_scaffolded_files(site: Path) -> None:
    assert (site / "schema/council.schema.json").read_text(encoding="utf-8") == schema_text()
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schema/council.schema.json"] == "content/councils/*/council.yaml"


def test_editors_tools_find_the_schema_in_every_council_file() -> None:
    """The first line names the schema, so any editor with the YAML language server (not only
    VS Code with this folder's settings) checks the file; VS Code offers that extension."""
    schema = json.loads(schema_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"  # what the language server supports
    extensions = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
    missing = [
        path.parent.name
        for path in sorted((ROOT / "content/councils").glob("*/council.yaml"))
        if not path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../../schema/council.schema.json\n"
        )
    ]
    assert missing == []
