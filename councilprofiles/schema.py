"""The JSON Schema for council.yaml, written from the model itself.

Editors' YAML support (VS Code's YAML extension and others that speak the
yaml-language-server protocol) checks a file against it as they type. The loader
is the final word: it also checks what a schema cannot say (ids resolve, dates are
in order, grades fit the framework). Run `python -m councilprofiles.schema` after
changing `model.py`; a test fails while the committed schema is stale.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
import typing
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from .model import (
    FRAMEWORK_GRADE_WORDING,
    JUDGEMENT_AREAS,
    NOT_BLANK_PATTERN,
    SLUG_PATTERN,
    URL_PATTERN,
    Council,
    CouncilRef,
    Framework,
    InspectionRef,
    PartialDate,
    Slug,
    SourceRef,
    Url,
    VisitType,
)
from .model_fields import LARGEST_NUMBER, field_hints, is_required, optional_inner, public_fields

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "council.schema.json"
SCHEMA_ID = "council.schema.json"
# Draft-07: the newest draft that the YAML language server (VS Code's YAML extension) supports.
DRAFT = "http://json-schema.org/draft-07/schema#"
SLUG_TYPES = (Slug, SourceRef, InspectionRef, CouncilRef)


def date_pattern(first: int, last: int) -> str:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` for real dates from `first` to `last` only, as one
    regular expression: a schema cannot call code, so February's 29th is spelt out by year."""
    assert first % 100 == 0 and last % 100 == 0 and last - first == 200, "the pattern is written for two centuries"
    century = first // 100
    month = "(0[1-9]|1[0-2])"
    days = "(0[1-9]|1[0-9]|2[0-8])"
    long_day = "(29|30)"
    years = f"({century}[0-9]{{2}}|{century + 1}[0-9]{{2}}|{last})"
    # Leap years: every fourth, except the first and last year of the range (1900 and 2100),
    # but including the one in between (2000), which is divisible by 400.
    leap = f"({century}(0[48]|[2468][048]|[13579][26])|{century + 1}([02468][048]|[13579][26]))"
    return f"^({years}(-({month}(-{days})?|(0[13-9]|1[0-2])-{long_day}|(0[13578]|1[02])-31))?|{leap}-02-29)$"


def scalar_schema(hint: Any, meta: dict[str, Any]) -> dict[str, Any]:
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": meta.get("minimum", 0), "maximum": LARGEST_NUMBER}
    if hint is PartialDate:
        # A year alone (`2019`) is a number to YAML; month and day precision are text.
        return {
            "anyOf": [
                {"type": "string", "pattern": date_pattern(PartialDate.FIRST_YEAR, PartialDate.LAST_YEAR)},
                {"type": "integer", "minimum": PartialDate.FIRST_YEAR, "maximum": PartialDate.LAST_YEAR},
            ]
        }
    if hint is Url:
        return {"type": "string", "pattern": URL_PATTERN.pattern}
    if hint in SLUG_TYPES:
        # An id of digits alone (`2019`) is a number to YAML, and a fine id.
        return {"type": ["string", "integer"], "pattern": SLUG_PATTERN.pattern, "minimum": 0}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [member.value for member in hint]}
    if hint is str:
        # Text may be written as a number or true/false (`value: 13`): the loader reads its words.
        return {"type": ["string", "number", "boolean"], "pattern": NOT_BLANK_PATTERN}
    raise TypeError(f"no JSON Schema for {hint!r}")


def type_schema(hint: Any, meta: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    inner = optional_inner(hint)
    if inner is not None:
        hint = inner
    if typing.get_origin(hint) is list:
        items = type_schema(typing.get_args(hint)[0], {}, definitions)
        schema: dict[str, Any] = {"type": "array", "items": items}
        if meta.get("min_items"):
            schema["minItems"] = meta["min_items"]
        return schema
    if dataclasses.is_dataclass(hint) and hint is not PartialDate:
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder, so a record that refers to itself terminates
            definitions[name] = record_schema(hint, definitions)
        if getattr(hint, "SHORTHAND", None) is not None:
            return {"anyOf": [scalar_schema(str, {}), {"$ref": f"#/definitions/{name}"}]}
        return {"$ref": f"#/definitions/{name}"}
    return scalar_schema(hint, meta)


def record_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties = {}
    required = []
    hints = field_hints(cls)
    for f in public_fields(cls):
        meta = dict(f.metadata)
        schema = type_schema(hints[f.name], meta, definitions)
        if meta.get("doc"):
            schema = {"description": meta["doc"], **schema}
        if is_required(f):
            required.append(f.name)
        else:
            schema = (
                {"anyOf": [schema, {"type": "null"}]}
                if "description" not in schema
                else {
                    "description": schema.pop("description"),
                    "anyOf": [schema, {"type": "null"}],
                }
            )
        properties[f.name] = schema
    record: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        record["required"] = required
    rules = RECORD_RULES.get(cls.__name__)
    if rules:
        record["allOf"] = rules()
    return record


def present(key: str) -> dict[str, Any]:
    """The key is given a value (YAML's empty value is null, which counts as not given)."""
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def absent(key: str) -> dict[str, Any]:
    return {"not": present(key)}


def of_types(types: Iterable[VisitType]) -> dict[str, Any]:
    return {"required": ["type"], "properties": {"type": {"enum": [kind.value for kind in types]}}}


def judgements_are(rule: dict[str, Any]) -> dict[str, Any]:
    """`rule` holds for the judgements, where there are any."""
    return {"properties": {"judgements": {"anyOf": [{"type": "null"}, rule]}}}


def inspection_rules() -> list[dict[str, Any]]:
    """The rules `check` applies across an inspection's keys that a schema can say too, so that
    an editor's YAML tool shows them as they type: a date to place it, a number only on a
    monitoring visit, grades only where Ofsted grades and in its wording for the framework.
    (What needs other records or today's date stays with `check`.)"""
    ungraded = [kind for kind in VisitType if not kind.graded]
    rules: list[dict[str, Any]] = [
        {"anyOf": [present("start"), present("end"), present("published"), present("reported")]},
        {"if": of_types([VisitType.MONITORING_VISIT]), "else": absent("number")},
        {"if": of_types(ungraded), "then": absent("judgements")},
        judgements_are({"anyOf": [present(area) for area in JUDGEMENT_AREAS]}),
    ]
    for framework, wording in FRAMEWORK_GRADE_WORDING.items():
        kinds = [kind for kind in VisitType if kind.graded and kind.framework is framework]
        other = [grade.value for grade in FRAMEWORK_GRADE_WORDING.values() if grade is not wording]
        grades: dict[str, Any] = {"additionalProperties": {"not": {"enum": other}}}
        if framework is Framework.SIF:
            grades = {"allOf": [grades, absent("children_in_care_and_care_leavers")]}
        else:
            together = {
                "allOf": [
                    present("children_in_care_and_care_leavers"),
                    {"anyOf": [present("children_in_care"), present("care_leavers")]},
                ]
            }
            grades = {"allOf": [grades, absent("adoption"), {"not": together}]}
        rules.append({"if": of_types(kinds), "then": judgements_are(grades)})
    return rules


def send_inspection_rules() -> list[dict[str, Any]]:
    """An area SEND inspection needs a date to stand on the timeline."""
    return [{"anyOf": [present("start"), present("end"), present("published")]}]


RECORD_RULES = {"Inspection": inspection_rules, "SendInspection": send_inspection_rules}


def council_schema() -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    root = record_schema(Council, definitions)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "council.yaml: the facts of one council's improvement profile",
        **root,
        "definitions": dict(sorted(definitions.items())),
    }


@functools.cache
def schema_text() -> str:
    return json.dumps(council_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    SCHEMA_FILE.parent.mkdir(exist_ok=True)
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {SCHEMA_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
