"""Read YAML into the content model, keeping every value's position for errors.

The model's type hints drive everything here, so a field added to a dataclass is
validated with no change to this module. YAML is composed into nodes (not
constructed into Python values) so that we see duplicate keys, aliases and each
scalar's exact text: `2019-08` stays a partial date and `yes` stays a word.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from typing import Any

import yaml

from ..characters import forbidden_character, invisible_in_name
from ..errors import ErrorLog, did_you_mean
from ..model import (
    SLUG_PATTERN,
    CouncilRef,
    InspectionRef,
    PartialDate,
    Position,
    Slug,
    SourceRef,
    Url,
    is_blank,
    web_address_problem,
)
from ..model_fields import LARGEST_NUMBER, field_hints, is_required, optional_inner, public_fields, required_fields

INVALID: Any = object()
"""Stands for a value that failed validation; its error is already logged."""

KIND_NAMES = {
    "Grade": "grade",
    "VisitType": "inspection type",
    "Region": "region",
    "SendOutcome": "area SEND outcome",
}


# How YAML 1.2's core schema reads a plain (unquoted) scalar. Editors' tools (VS Code's YAML
# extension) read YAML 1.2, where `yes`, `on` and `no` are words, not true and false as in
# PyYAML's YAML 1.1; `check` reads values as they do, so the two never disagree.
YAML12_NULL = re.compile(r"~|null|Null|NULL|")
YAML12_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
YAML12_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
YAML12_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def is_plain(node: yaml.ScalarNode) -> bool:
    """Unquoted: PyYAML's Python reader says style None, its C reader ''."""
    return node.style in (None, "")


# By a plain value's first character, the kinds other than a string it can be: only these
# patterns are tried (most values are words, which start otherwise and are strings at once).
NUMBERS = (("int", YAML12_INT), ("float", YAML12_FLOAT))
CANDIDATE_KINDS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "": (("null", YAML12_NULL),),
    **dict.fromkeys("~nN", (("null", YAML12_NULL),)),
    **dict.fromkeys("tTfF", (("bool", YAML12_BOOL),)),
    **dict.fromkeys("-+0123456789", NUMBERS),
    ".": (("float", YAML12_FLOAT),),
}


def yaml12_kind(node: yaml.ScalarNode) -> str:
    """What YAML 1.2 reads a scalar as: 'null', 'bool', 'int', 'float' or 'str'."""
    if not is_plain(node):
        return "str"
    for kind, pattern in CANDIDATE_KINDS.get(node.value[:1], ()):
        if pattern.fullmatch(node.value):
            return kind
    return "str"


def position(path: str, node: yaml.Node) -> Position:
    return Position(path, node.start_mark.line + 1, node.start_mark.column + 1)


@cache
def members_by_value(enum: type[Enum]) -> dict[Any, Enum]:
    return {member.value: member for member in enum}


@cache
def shape(hint: Any) -> tuple[str, Any]:
    """What a type hint asks for: ("record", cls), ("list", item hint) or ("scalar", hint).
    Worked out once per hint: the converter asks for every value it reads."""
    inner = optional_inner(hint)
    if inner is not None:
        hint = inner
    if dataclasses.is_dataclass(hint) and hint is not PartialDate:
        return "record", hint
    if typing.get_origin(hint) is list:
        return "list", typing.get_args(hint)[0]
    return "scalar", hint


@dataclasses.dataclass(frozen=True, slots=True)
class FieldPlan:
    """How to read one field of a record type, worked out once from its type hint: what its
    hint asks for (see `shape`), its limits and whether it must be given."""

    wanted: str
    hint: Any
    meta: Mapping[str, Any]
    required: bool


@cache
def field_plans(cls: type) -> dict[str, FieldPlan]:
    """The fields editors write, by name, each with how to read it."""
    hints = field_hints(cls)
    return {f.name: FieldPlan(*shape(hints[f.name]), f.metadata, is_required(f)) for f in public_fields(cls)}


class Converter:
    """Converts one file's nodes into model objects, logging every problem it meets."""

    def __init__(self, path: str, log: ErrorLog, check_record: Callable[[Any], None] | None = None) -> None:
        self.path = path
        self.log = log
        self.check_record = check_record
        self.seen: set[int] = set()
        # Ids and references are gathered even from records that fail, so that a
        # mistake in one place does not hide a broken citation in another.
        self.ids: dict[str, list[tuple[str, Position]]] = {}
        self.source_refs: list[tuple[str, Position]] = []
        self.inspection_refs: list[tuple[str, Position]] = []
        self.council_refs: list[tuple[str, Position]] = []

    def error(self, node: yaml.Node, message: str) -> Any:
        pos = position(self.path, node)
        self.log.add(pos.path, pos.line, pos.column, message)
        return INVALID

    def error_at(self, node: yaml.ScalarNode, index: int, message: str) -> Any:
        """An error at the `index`th character of a scalar's value: exact where the value is written
        as it reads (plain, on one line); else at the value's start (escapes and folded lines
        make the two differ)."""
        pos = position(self.path, node)
        if not node.style and "\n" not in node.value and node.start_mark.line == node.end_mark.line:
            pos = Position(pos.path, pos.line, pos.column + index)
        self.log.add(pos.path, pos.line, pos.column, message)
        return INVALID

    def convert(self, node: yaml.Node, hint: Any, name: str, meta: Any = None, kind: str | None = None) -> Any:
        """Convert `node` to the type `hint`; `name` says what it is in error messages; `kind`:
        what YAML 1.2 reads a scalar node as, when the caller knows already."""
        wanted, hint = shape(hint)
        return self.convert_as(node, wanted, hint, name, meta or {}, kind)

    def convert_as(
        self, node: yaml.Node, wanted: str, hint: Any, name: str, meta: Mapping[str, Any], kind: str | None
    ) -> Any:
        """`convert`, given what the hint asks for (its `shape`)."""
        if id(node) in self.seen:
            return self.error(node, "anchors and aliases (& and *) are not allowed: write the value out in full")
        self.seen.add(id(node))
        if wanted == "record":
            return self.record(node, hint, name)
        if wanted == "list":
            return self.sequence(node, hint, name, meta)
        if not isinstance(node, yaml.ScalarNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else "a set of keys"
            return self.error(node, f"'{name}' should be a single value, not {found}")
        return self.scalar(node, hint, name, meta, kind or yaml12_kind(node))

    def record(self, node: yaml.Node, cls: type, name: str) -> Any:
        shorthand = getattr(cls, "SHORTHAND", None)
        if shorthand is not None and isinstance(node, yaml.ScalarNode):
            # A record with one field worth giving alone (a list item with no sub-list) is written as that field.
            value = self.scalar(node, str, name, {}, yaml12_kind(node))
            if value is INVALID:
                return INVALID
            record = cls(
                **{shorthand: value}, positions={"": position(self.path, node), shorthand: position(self.path, node)}
            )
            if self.check_record is not None:
                self.check_record(record)
            return record
        if not isinstance(node, yaml.MappingNode):
            return self.error(
                node, f"'{name}' should be a set of keys (key: value lines), not a single value or a list"
            )
        plans = field_plans(cls)
        values: dict[str, Any] = {}
        positions: dict[str, Position] = {"": position(self.path, node)}
        first_seen: dict[str, int] = {}
        failed = False
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "a key must be a plain word such as 'title'")
                failed = True
                continue
            key = key_node.value
            if key in first_seen:
                self.error(
                    key_node,
                    f"duplicate key '{key}' (first given at line {first_seen[key]}): keep one and delete the other",
                )
                failed = True
                continue
            first_seen[key] = key_node.start_mark.line + 1
            plan = plans.get(key)
            if plan is None:
                allowed = ", ".join(plans)
                self.error(
                    key_node,
                    f"unknown key '{key}' in {name}.{did_you_mean(key, plans)} Allowed keys: {allowed}",
                )
                failed = True
                continue
            # A scalar is pointed at where it stands; a block (list or keys) at its key's line.
            located = value_node if isinstance(value_node, yaml.ScalarNode) else key_node
            positions[key] = position(self.path, located)
            kind = yaml12_kind(value_node) if isinstance(value_node, yaml.ScalarNode) else None
            if kind == "null":
                if plan.required:
                    self.error(value_node, f"'{key}' is empty: give it a value")
                    failed = True
                continue
            value = self.convert_as(value_node, plan.wanted, plan.hint, key, plan.meta, kind)
            if value is INVALID:
                failed = True
                continue
            values[key] = value
            if key == "id":
                self.ids.setdefault(cls.__name__, []).append((value, positions[key]))
        for key in required_fields(cls):
            if key not in first_seen:
                doc = plans[key].meta.get("doc", "")
                self.error(node, f"{name} is missing the required key '{key}': {doc}")
                failed = True
        if failed:
            return INVALID
        record = cls(**values, positions=positions)
        if self.check_record is not None:
            self.check_record(record)
        return record

    def sequence(self, node: yaml.Node, item_hint: Any, name: str, meta: Mapping[str, Any]) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.error(node, f"'{name}' should be a list: put each item on its own line after '- '")
        minimum = meta.get("min_items", 0)
        if len(node.value) < minimum:
            return self.error(node, f"'{name}' needs at least {minimum} item(s)")
        wanted, hint = shape(item_hint)
        item_name = f"{name} item"
        items = [self.convert_as(item, wanted, hint, item_name, {}, None) for item in node.value]
        return INVALID if any(item is INVALID for item in items) else items

    def scalar(self, node: yaml.ScalarNode, hint: Any, name: str, meta: Mapping[str, Any], kind: str) -> Any:
        text = node.value
        found = forbidden_character(text)
        if found is None and name == "name" and hint is str:
            found = invisible_in_name(text)
        if found is not None:
            index, why = found
            return self.error_at(node, index, f"'{name}' holds {why}")
        if hint is bool:
            if kind != "bool":
                hint_words = " (YAML reads yes and no as words)" if text.lower() in ("yes", "no", "on", "off") else ""
                return self.error(node, f"'{name}' should be true or false, not '{text}'{hint_words}")
            return text.lower() == "true"
        if hint is int:
            if kind != "int" or not text.isdigit():
                return self.error(node, f"'{name}' should be a whole number, not '{text}'")
            if len(text) > len(str(LARGEST_NUMBER)) or int(text) > LARGEST_NUMBER:
                return self.error(node, f"'{name}' is too large a number to publish: check it")
            number = int(text)
            if number < meta.get("minimum", 0):
                return self.error(node, f"'{name}' should be at least {meta.get('minimum', 0)}")
            return number
        if kind == "null" or is_blank(text):
            return self.error(node, f"'{name}' is empty: give it a value")
        if hint is PartialDate:
            try:
                return PartialDate.parse(text)
            except ValueError as problem:
                return self.error(node, f"'{name}': {problem}")
        if isinstance(hint, type) and issubclass(hint, Enum):
            return self.choice(node, hint, name)
        if hint is Url:
            problem = web_address_problem(text.strip())
            if problem is not None:
                return self.error(node, f"'{name}' {problem}, not '{text}'")
            return text.strip()
        if hint in (Slug, SourceRef, InspectionRef, CouncilRef):
            if kind not in ("str", "int") or not SLUG_PATTERN.fullmatch(text):
                return self.error(
                    node,
                    f"'{name}' should be lowercase letters, digits and hyphens (such as 'sif-2015'), not '{text}'",
                )
            if hint is SourceRef:
                self.source_refs.append((text, position(self.path, node)))
            elif hint is InspectionRef:
                self.inspection_refs.append((text, position(self.path, node)))
            elif hint is CouncilRef:
                self.council_refs.append((text, position(self.path, node)))
            return text
        if hint is str:
            return text.strip()
        raise TypeError(f"the model uses a type the reader does not know: {hint!r}")

    def choice(self, node: yaml.ScalarNode, enum: type[Enum], name: str) -> Any:
        member = members_by_value(enum).get(node.value)
        if member is not None:
            return member
        values = [m.value for m in enum]
        kind = KIND_NAMES.get(enum.__name__, name)
        listed = ", ".join(f"'{v}'" for v in values)
        return self.error(
            node,
            f"'{node.value}' is not a known {kind}.{did_you_mean(node.value, values)} Use one of: {listed}",
        )
