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
from enum import Enum
from pathlib import Path
from typing import Any

from .convert import LARGEST_NUMBER, field_hints, is_required, optional_inner, public_fields
from .model import SLUG_PATTERN, URL_PATTERN, Council, CouncilRef, InspectionRef, PartialDate, Slug, SourceRef, Url

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "council.schema.json"
SCHEMA_ID = "council.schema.json"
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
SLUG_TYPES = (Slug, SourceRef, InspectionRef, CouncilRef)


def scalar_schema(hint: Any, meta: dict[str, Any]) -> dict[str, Any]:
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": meta.get("minimum", 0), "maximum": LARGEST_NUMBER}
    if hint is PartialDate:
        # A year alone (`2019`) is a number to YAML; month and day precision are text.
        return {"anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer", "minimum": 1900}]}
    if hint is Url:
        # The checker's own pattern (no user name or password before '@', no backslash), whose
        # scheme is matched ignoring case, as JSON Schema's patterns cannot say.
        pattern = URL_PATTERN.pattern.removesuffix(r"\Z").replace("https?", "[hH][tT][tT][pP][sS]?", 1)
        return {"type": "string", "pattern": f"^{pattern}$"}
    if hint in SLUG_TYPES:
        return {"type": "string", "pattern": SLUG_PATTERN.pattern}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [member.value for member in hint]}
    if hint is str:
        return {"type": "string", "minLength": 1, "pattern": r"\S"}
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
        return {"$ref": f"#/$defs/{name}"}
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
    return record


def council_schema() -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    root = record_schema(Council, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "council.yaml: the facts of one council's improvement profile",
        **root,
        "$defs": dict(sorted(definitions.items())),
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
