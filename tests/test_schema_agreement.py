"""The JSON Schema and `check` give the same verdict on every document the schema can judge.

VS Code's YAML extension checks council.yaml against the schema as an editor types; CI runs
`check`. Where they disagree, an editor sees no problem and CI fails (or the reverse). So
council documents are generated — empty and null values, wrong types, unknown keys, bad
dates, slugs and web addresses, words YAML 1.1 took for true and false — and each is read
twice: as the language server reads it (YAML 1.2, patterns as JavaScript regular
expressions) and validated with the schema, and by the loader's converter.

What the schema cannot judge is left out of the generated documents, and named here:
- checks across records or files (ids unique, citations resolve, neighbours that exist), of
  two dates' order, or against today's date: those messages are set aside (BEYOND_A_SCHEMA);
  the rules within one record (a date to place an inspection, grades only where Ofsted
  grades, in the framework's wording) are in the schema, and compared;
- a number's spelling: YAML reads `5.0`, `+5`, `0x5` and `5` as one number, which is all the
  schema sees; `check` asks for whole numbers written plainly. Generated numbers are plain;
- control characters, which `check` refuses at the boundary (issue "Hostile input").
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import string
from dataclasses import dataclass
from typing import Any

import jsonschema
import regress
import yaml
from hypothesis import HealthCheck, example, find, given, settings
from hypothesis import strategies as st
from support import FIXTURE_CONTENT, ROOT

from councilprofiles.errors import ErrorLog
from councilprofiles.load.checks import check_record
from councilprofiles.load.to_model import Converter
from councilprofiles.load.yaml_nodes import parse_yaml
from councilprofiles.model import (
    JUDGEMENT_AREAS,
    Council,
    Figure,
    FigureValue,
    Grade,
    Inspection,
    Judgements,
    Milestone,
    Quote,
    Source,
    VisitType,
)
from councilprofiles.model_fields import public_fields
from councilprofiles.schema import schema_text


def ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """`pattern` as JSON Schema defines it: an ECMA-262 regular expression, as editors' tools run it."""
    if validator.is_type(instance, "string") and regress.Regex(pattern).find(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


EditorsValidator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": ecma_pattern})
VALIDATOR = EditorsValidator(json.loads(schema_text()))


class Unreadable(Exception):
    """YAML the language server reports as an error itself (a duplicate key), before any schema."""


# YAML 1.2's core schema, as the language server reads plain scalars.
CORE = [
    ("null", re.compile(r"~|null|Null|NULL|")),
    ("bool", re.compile(r"true|True|TRUE|false|False|FALSE")),
    ("int", re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    ("float", re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")),
]


def language_server_reading(text: str) -> Any:
    """The document as VS Code's YAML extension reads it: YAML 1.2 core schema, no timestamps."""
    return plain_value(yaml.compose(text, Loader=yaml.SafeLoader))


def plain_value(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        values: dict[str, Any] = {}
        for key, value in node.value:
            name = str(plain_value(key))
            if name in values:
                raise Unreadable(f"duplicate key {name}")
            values[name] = plain_value(value)
        return values
    if isinstance(node, yaml.SequenceNode):
        return [plain_value(item) for item in node.value]
    if node.style is not None:
        return node.value
    for kind, pattern in CORE:
        if pattern.fullmatch(node.value):
            if kind == "null":
                return None
            if kind == "bool":
                return node.value.lower() == "true"
            if kind == "int":
                return int(node.value, 0) if node.value[:2] in ("0o", "0x") else int(node.value)
            spelling = node.value.lower()
            return float(spelling.replace(".inf", "inf").replace(".nan", "nan"))
    return node.value


def schema_accepts(text: str) -> tuple[bool, list[str]]:
    try:
        document = language_server_reading(text)
    except (Unreadable, yaml.YAMLError) as problem:
        return False, [str(problem)]
    errors = [error.message for error in VALIDATOR.iter_errors(document)]
    return not errors, errors


# What `check` says that no schema can: it needs other records, the order of two dates, or
# today's date. (Which ids exist is checked after the converter, and is not run here.)
# Rules across fields a JSON Schema cannot relate: two dates' order, the year's framework, and
# that the report quoted is one of the inspection's own sources (a value found in another list).
BEYOND_A_SCHEMA = (
    "is before the start",
    "is before the visit",
    "Ofsted gives no overall grade for inspections from",
    "is not one of this inspection's sources",
)
FAR_FUTURE = datetime.date(2100, 12, 31)  # so that no date is in the future


def loader_accepts(text: str) -> tuple[bool, list[str]]:
    """The loader's verdict on the structure, every value and each record's own rules, as a
    schema could give it."""
    log = ErrorLog()
    node = parse_yaml(text, "council.yaml", log)
    if node is not None:
        Converter("council.yaml", log, lambda record: check_record(record, log, FAR_FUTURE)).convert(
            node, Council, "council.yaml"
        )
    errors = [str(error) for error in log.errors if not any(words in error.message for words in BEYOND_A_SCHEMA)]
    return not errors, errors


@dataclass(frozen=True)
class Raw:
    """A scalar written exactly so, unquoted."""

    text: str


def scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return quoted(value)


def quoted(text: str) -> str:
    """A double-quoted YAML scalar; every character outside printable ASCII escaped."""
    out = []
    for character in text:
        code = ord(character)
        if character in '"\\':
            out.append("\\" + character)
        elif 0x20 <= code < 0x7F:
            out.append(character)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def emit(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML, as editors write it."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines.extend(emit(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {inline(item)}")
    else:
        for item in value:
            if isinstance(item, dict | list) and item:
                inner = emit(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {inline(item)}")
    return lines


def inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def document(value: Any) -> str:
    return "\n".join(emit(value)) + "\n"


BASES = [
    language_server_reading(path.read_text(encoding="utf-8"))
    for path in [
        *sorted((FIXTURE_CONTENT / "councils").glob("*/council.yaml")),
        ROOT / "content/councils/wokingham/council.yaml",
        ROOT / "content/councils/nottingham/council.yaml",
    ]
]

# Spellings an editor might type, unquoted: empties, YAML 1.1's words for true and false,
# numbers, real and impossible dates, and near-misses of every kind of value.
PLAIN = [
    "", "~", "null", "NULL", "yes", "no", "on", "off", "y", "true", "False", "TRUE",
    "0", "1", "7", "-3", "007", "1.5", "1e3x", "2019", "1899", "1900", "2100", "2101",
    "2019-08", "2019-8", "2019-13", "2019-00", "2019-04-31", "2019-04-30", "2019-02-29", "2020-02-29",
    "1900-02-29", "2000-02-29", "2100-02-29", "2019-08-14T10:00:00", "2019/08/14",
    "https://x.example/", "http://x", "https:///x", "HTTPS://X.EXAMPLE/", "example.org", "https://",
    "sif-2015", "SIF-2015", "a--b", "-a", "a-", "a_b", "ofsted-2016", "ofsted-2022", "news-2017",
    "good", "Good", "inadequate", "requires improvement", "requires improvement to be good",
    "London", "london", "Wales", "sif", "sif-reinspection", "ilacs-standard", "ilacs-short", "ilacs",
    "monitoring-visit", "focused-visit", "focussed-visit", "jtai", "outstanding", "x", "Words with spaces",
]  # fmt: skip
# Characters for quoted text: letters of many scripts, and every kind of space both readers know.
SPACES = "\t\n \xa0\u1680\u2003\u200a\u2028\u2029\u202f\u205f\u3000"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPACES + string.ascii_letters + string.digits + ":-#'\"\\/&*!%@`|>{}[],?"),
        st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn")),
    ),
    max_size=12,
)
SCALARS = st.one_of(
    st.sampled_from(PLAIN).map(Raw),
    TEXT,
    st.integers(min_value=-5, max_value=2200),
    st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda f: not f.is_integer()),
    st.booleans(),
    st.none(),
    st.from_regex(r"\A[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?\Z"),
    st.from_regex(r"\A[a-zA-Z0-9-]{0,6}\Z"),
    st.from_regex(r"\A(https?|ftp)://[a-z. /$?#]{0,6}\Z"),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=2),
    st.dictionaries(st.sampled_from(["id", "title", "region", "nonsense"]), SCALARS, max_size=2),
)
RECORDS = (Council, Source, Inspection, Judgements, Milestone, Figure, FigureValue, Quote)
GRADES = st.dictionaries(
    st.sampled_from(list(JUDGEMENT_AREAS)),
    st.one_of(st.none(), st.sampled_from([grade.value for grade in Grade])),
    min_size=1,
    max_size=3,
)
KEYS = sorted({f.name for record in RECORDS for f in public_fields(record)}) + ["publised", "Name", "sources_note"]


def places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a document, to change one."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found.extend(places(item))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found.extend(places(item))
    return found


@st.composite
def variants(draw: st.DrawFn) -> str:
    """A real council document with one to three changes an editor could make."""
    council = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        container, key = draw(st.sampled_from(places(council)))
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add", "inspection", "inspection"]))
        listed = council.get("inspections")
        inspections = [item for item in listed if isinstance(item, dict)] if isinstance(listed, list) else []
        if action == "inspection" and inspections:
            # The rules within one inspection: its kind, number, dates and grades against each other.
            inspection = draw(st.sampled_from(inspections))
            field, value = draw(
                st.one_of(
                    st.tuples(st.just("type"), st.sampled_from([kind.value for kind in VisitType])),
                    st.tuples(st.just("number"), st.one_of(st.none(), st.integers(1, 3))),
                    st.tuples(st.sampled_from(["start", "end", "published"]), st.sampled_from([None, "2019-05"])),
                    st.tuples(st.just("judgements"), st.one_of(st.none(), st.just({}), GRADES)),
                )
            )
            if value is None and draw(st.booleans()):
                inspection.pop(field, None)
            else:
                inspection[field] = value
            continue
        if action == "delete":
            del container[key]
        elif action in ("add", "inspection") and isinstance(container, dict):
            container[draw(st.sampled_from(KEYS))] = draw(VALUES)
        elif action in ("add", "inspection"):
            container.append(draw(VALUES))
        else:
            container[key] = draw(VALUES)
    return document(council)


NORTHBY = (FIXTURE_CONTENT / "councils/northby/council.yaml").read_text(encoding="utf-8")


@settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(variants())
@example(NORTHBY.replace("published: 2017-04", "published:"))  # the empty value VS Code accepted and check refused
@example(NORTHBY.replace("    type: sif\n", "    type: sif\n    imported: yes\n"))
@example(NORTHBY.replace("id: sif-2015", "id: 2015"))
@example(NORTHBY.replace("title: Northby makes progress", 'title: "\\ufeff"'))
@example(NORTHBY.replace("start: 2015-11", 'start: "2015-11\\n"'))
@example(NORTHBY.replace("start: 2015-11", "start: 2019-02-29"))
@example(NORTHBY.replace("value: 44%", "value: 13"))
def test_schema_and_check_agree(text: str) -> None:
    by_schema, schema_errors = schema_accepts(text)
    by_loader, loader_errors = loader_accepts(text)
    assert by_schema == by_loader, f"{text}\nschema says: {schema_errors}\ncheck says: {loader_errors}"


def test_generated_documents_are_not_all_alike() -> None:
    """The generator reaches both verdicts: a test that only ever sees valid (or invalid)
    documents would pass whatever the schema said."""
    find(variants(), lambda text: loader_accepts(text)[0], settings=settings(database=None))
    find(variants(), lambda text: not loader_accepts(text)[0], settings=settings(database=None))
