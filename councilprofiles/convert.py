"""Read YAML into the content model, keeping every value's position for errors.

The model's type hints drive everything here, so a field added to a dataclass is
validated with no change to this module. YAML is composed into nodes (not
constructed into Python values) so that we see duplicate keys, aliases and each
scalar's exact text: `2019-08` stays a partial date and `yes` stays a word.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any

import yaml

from .errors import ErrorLog, did_you_mean
from .model import (
    SLUG_PATTERN,
    URL_PATTERN,
    CouncilRef,
    InspectionRef,
    PartialDate,
    Position,
    Slug,
    SourceRef,
    Url,
    is_blank,
)

YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

INVALID: Any = object()
"""Stands for a value that failed validation; its error is already logged."""

KIND_NAMES = {
    "Grade": "grade",
    "VisitType": "inspection type",
    "Region": "region",
}


def parse_yaml(text: str, path: str, log: ErrorLog) -> yaml.Node | None:
    """Compose YAML text into nodes, logging a syntax error where the editor must fix it, with a hint."""
    try:
        if "&" in text and has_alias(text, path, log):
            return None
        return yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as error:
        log.add(path, *diagnose(text, error))
    except RecursionError:
        log.add(path, 1, 1, "the YAML is nested too deeply to read; flatten the structure")
    except yaml.YAMLError as error:  # a character YAML does not allow anywhere: reported where it stands
        log.add(path, *unreadable_character(text, error))
    return None


# Characters YAML allows in a file (YAML 1.1, section 5.1), and the invisible ones that are
# allowed but break a file's layout when pasted where YAML expects a space or a line break.
NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ODD_SPACES = "\xa0\u2007\u202f\u3000\u2002\u2003\u2009"
MISPLACED_SPACE = re.compile(f"^[ \\t]*[{ODD_SPACES}]|(?<=:)[{ODD_SPACES}]|^[ \\t]*-[{ODD_SPACES}]", re.MULTILINE)
ODD_LINE_BREAKS = re.compile("[\\x85\\u2028\\u2029]")
CHARACTER_NAMES = {
    "\xa0": "a non-breaking space (U+00A0)",
    "\x85": "an invisible line-break character (U+0085, NEXT LINE)",
    "\u2028": "an invisible line-break character (U+2028, LINE SEPARATOR)",
    "\u2029": "an invisible line-break character (U+2029, PARAGRAPH SEPARATOR)",
    "\ufeff": "an invisible byte order mark (U+FEFF)",
}


def character_name(character: str) -> str:
    import unicodedata

    name = CHARACTER_NAMES.get(character)
    if name:
        return name
    code = f"U+{ord(character):04X}"
    if unicodedata.category(character) == "Zs":
        return f"an unusual space ({code}, {unicodedata.name(character, 'SPACE')})"
    return f"an invisible control character ({code})"


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character, counting lines as editors do (PyYAML also
    counts U+0085, U+2028 and U+2029 as line breaks; editors do not)."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def unreadable_character(text: str, error: yaml.YAMLError) -> tuple[int, int, str]:
    found = NOT_PRINTABLE.search(text)
    if found is None:
        return 1, 1, f"YAML could not be read: {error}"
    line, column = line_and_column(text, found.start())
    return (
        line,
        column,
        f"{character_name(found.group())} stands here, unseen: YAML does not allow it. "
        "Delete it (it usually comes with text copied from a PDF or a web page)",
    )


def diagnose(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a syntax error must be fixed, and how: PyYAML reports where reading failed,
    which for a missing quotation mark or a pasted space can be far from the mistake."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return 1, 1, describe_yaml_error(error)
    # A pasted character is looked for from the line before the one where the failed construct
    # began to the end of the line where reading failed.
    first = min(mark.index, error.context_mark.index if error.context_mark is not None else mark.index)
    line_start = text.rfind("\n", 0, first) + 1
    region_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1 if line_start else 0
    region_end = text.find("\n", mark.index)
    region_end = len(text) if region_end == -1 else region_end
    for pattern, what in ((MISPLACED_SPACE, "space"), (ODD_LINE_BREAKS, "break")):
        found = pattern.search(text, region_start, region_end)
        if found:
            index = found.end() - 1 if what == "space" else found.start()
            line, column = line_and_column(text, index)
            character = text[index]
            needed = "an ordinary space" if what == "space" else "nothing"
            return (
                line,
                column,
                f"YAML syntax error: {character_name(character)} stands here, where YAML needs {needed}. "
                "It usually comes with text copied from a web page or a Word document: delete it"
                + (" and type a space" if what == "space" else ""),
            )
    quote = unclosed_quote(text, mark.index)
    if quote is not None:
        return quote
    line, column = line_and_column(text, mark.index)
    if "mapping values are not allowed" in (error.problem or ""):
        indented = over_indented(text, mark.index)
        if indented is not None:
            return indented
    if any(words in (error.problem or "") for words in LAYOUT_PROBLEMS):
        found = misaligned(text, mark.index)
        if found is not None:
            return found
    if error.context_mark and "end of stream" in (error.problem or "") and "quoted" in (error.context or ""):
        line, column = line_and_column(text, error.context_mark.index)
        opener = text[error.context_mark.index]
        return (
            line,
            column,
            f"YAML syntax error: the quotation mark ({opener}) opened here is never closed: "
            f"add the closing {opener} at the end of the value",
        )
    return line, column, describe_yaml_error(error)


def unclosed_quote(text: str, index: int) -> tuple[int, int, str] | None:
    """A quoted value that runs on past the end of its line and up to the error: its quotation
    mark was not closed where it should have been, and a later one closed it."""
    last = None
    try:
        for token in yaml.scan(text, Loader=YamlLoader):
            if token.start_mark.index >= index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if not isinstance(last, yaml.ScalarToken) or last.style not in ('"', "'"):
        return None
    opened, closed = last.start_mark, last.end_mark
    if closed.line == opened.line:
        if text.count("\n", closed.index, index) == 0:  # `name: "Northby" Council`
            line, column = line_and_column(text, index)
            return (
                line,
                column,
                "YAML syntax error: text follows the closing quotation mark: put the whole value inside the quotes",
            )
        return None
    if not re.search(r"\n[ \t]*(?:- |[A-Za-z_][\w-]*:)", text[opened.index : closed.index]):
        return None  # a long quotation over several lines, not keys swallowed by a quote
    line, column = line_and_column(text, opened.index)
    quote = text[opened.index]
    closing_line = line_and_column(text, closed.index - 1)[0]
    other = "'" if quote == '"' else '"'
    return (
        line,
        column,
        f"YAML syntax error: the quotation mark ({quote}) opened here is not closed on this line, so "
        f"everything up to the next {quote} (line {closing_line}) was read as this one value. Close it "
        f"with {quote} at the end of the value (to write a {quote} inside the text, put {other} around it instead)",
    )


LAYOUT_PROBLEMS = ("expected <block end>", "expected '-' indicator", "expected key", "could not find expected ':'")


def key_columns(line: str) -> list[tuple[int, bool]]:
    """The 0-based columns a line's structure stands at, each marked True for a list item's
    dash: `  - id: x` gives (2, True) for the item and (4, False) for its key."""
    columns = []
    position = len(line) - len(line.lstrip(" "))
    while line.startswith("- ", position) or line[position:] == "-":
        columns.append((position, True))
        position += 1
        position += len(line[position:]) - len(line[position:].lstrip(" "))
    if position < len(line):
        columns.append((position, False))
    return columns


def misaligned(text: str, index: int) -> tuple[int, int, str] | None:
    """The line at (or just before) the error whose indentation lines it up with nothing above it."""
    lines = text.split("\n")
    error_line = text.count("\n", 0, index)
    for number in range(max(0, error_line - 1), min(len(lines), error_line + 1)):
        own = lines[number]
        if not own.strip() or own.lstrip().startswith("#"):
            continue
        indent = len(own) - len(own.lstrip(" "))
        is_item = own.lstrip(" ").startswith("-")
        # The columns a line here may start at: those of the lines that enclose it, found by
        # walking up and keeping each column left of every one seen so far.
        allowed: list[tuple[int, bool, int, str]] = []
        limit = len(own) + 1
        for above in range(number - 1, -1, -1):
            line = lines[above]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if limit > len(own) and re.search(r"(?::|^[ -]*-|:[ \t]*[|>][-+0-9]*)[ \t]*(?:#.*)?$", line):
                # The line above opens a block (`judgements:`): anything deeper than it begins one.
                if indent > key_columns(line)[-1][0]:
                    break
            for column, dash in reversed(key_columns(line)):
                if column < limit:
                    allowed.append((column, dash, above + 1, line[column:].lstrip("- ").split(":")[0].strip()))
                    limit = column
            if limit == 0:
                break
        if not allowed or indent in {entry[0] for entry in allowed} or limit > len(own):
            continue
        column, dash, at, key = min(allowed, key=lambda e: (abs(e[0] - indent), e[1] != is_item, -e[0]))
        target = f"the '-' of the item on line {at}" if dash else f"'{key}' on line {at}"
        direction = "more" if indent > column else "less"
        return (
            number + 1,
            indent + 1,
            f"YAML syntax error: this line is indented {direction} than it should be, so it lines up with "
            f"nothing above it. Line it up under {target} (column {column + 1}): "
            "the keys of one item start in the same column, and the items of one list too",
        )
    return None


def over_indented(text: str, index: int) -> tuple[int, int, str] | None:
    """`key: value` on a line indented deeper than the line above: YAML reads it as more of the
    value above, and PyYAML's message ('mapping values are not allowed') points nowhere useful."""
    line_start = text.rfind("\n", 0, index) + 1
    own = text[line_start:index]
    if ": " in own or not re.fullmatch(r"[ \t]*(?:- )?[^\s:#][^:]*", own):
        return None  # the colon at fault is in the middle of a value: the usual hint fits
    indent = len(own) - len(own.lstrip(" -"))
    above = [
        (number, line)
        for number, line in enumerate(text[:line_start].split("\n"), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not above:
        return None
    number, previous = above[-1]
    key = re.match(r"([ \t]*(?:- )*)([^\s:#][^:]*):", previous)
    if key is None:
        return None
    column = len(key.group(1))
    if indent <= column:
        return None
    name = own.strip(" -")
    line = text.count("\n", 0, index) + 1
    return (
        line,
        len(own) - len(own.lstrip(" ")) + 1,
        f"YAML syntax error: this line is indented more than line {number} above it, so YAML reads it as "
        f"part of '{key.group(2)}'. If '{name}' is a key of its own, line it up under '{key.group(2)}' "
        f"(column {column + 1}); if it is more of the text, put the whole value in quotes",
    )


def has_alias(text: str, path: str, log: ErrorLog) -> bool:
    """Refuse anchors and aliases before composing: they confuse editors and make
    'billion laughs' bombs. One message per file, at the first, says how many there are."""
    marks = [
        event.start_mark
        for event in yaml.parse(text, Loader=YamlLoader)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
    ]
    if marks:
        more = f" ({len(marks) - 1} more in this file)" if len(marks) > 1 else ""
        log.add(
            path,
            marks[0].line + 1,
            marks[0].column + 1,
            f"anchors and aliases (& and *) are not allowed: write the value out in full{more}",
        )
    return bool(marks)


def describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    """Turn PyYAML's wording into a sentence an editor can act on."""
    problem = error.problem or "this is not valid YAML"
    message = f"YAML syntax error: {problem}"
    if error.context and error.context_mark and error.context_mark is not error.problem_mark:
        message += f" ({error.context} that began at line {error.context_mark.line + 1})"
    if "tab" in problem:
        message += ". Indent with spaces, never tabs"
    elif "end of stream" in problem and error.context and "quoted" in error.context:
        message += ". A quotation mark was opened and never closed"
    elif "mapping values are not allowed" in problem:
        message += ". If the text contains ': ', put the whole value in quotes"
    elif "expected <block end>" in problem or "could not find expected ':'" in problem:
        message += ". Check the indentation: keys of one item line up under each other"
    elif "maximum nesting depth" in problem:
        message = "the YAML is nested too deeply to read; flatten the structure"
    return message


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


def yaml12_kind(node: yaml.ScalarNode) -> str:
    """What YAML 1.2 reads a scalar as: 'null', 'bool', 'int', 'float' or 'str'."""
    if not is_plain(node):
        return "str"
    for kind, pattern in (("null", YAML12_NULL), ("bool", YAML12_BOOL), ("int", YAML12_INT), ("float", YAML12_FLOAT)):
        if pattern.fullmatch(node.value):
            return kind
    return "str"


def position(path: str, node: yaml.Node) -> Position:
    return Position(path, node.start_mark.line + 1, node.start_mark.column + 1)


@cache
def field_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def public_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields editors write, leaving out internal bookkeeping such as positions."""
    return tuple(f for f in dataclasses.fields(cls) if not f.metadata.get("internal"))


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@cache
def optional_inner(hint: Any) -> Any | None:
    """For `X | None` give X; for anything else None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return None


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

    def convert(self, node: yaml.Node, hint: Any, name: str, meta: Any = None) -> Any:
        """Convert `node` to the type `hint`; `name` says what it is in error messages."""
        if id(node) in self.seen:
            return self.error(node, "anchors and aliases (& and *) are not allowed: write the value out in full")
        self.seen.add(id(node))
        kind, hint = shape(hint)
        if kind == "record":
            return self.record(node, hint, name)
        if kind == "list":
            return self.sequence(node, hint, name, meta or {})
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a set of keys"
            return self.error(node, f"'{name}' should be a single value, not {kind}")
        return self.scalar(node, hint, name, meta or {})

    def record(self, node: yaml.Node, cls: type, name: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self.error(
                node, f"'{name}' should be a set of keys (key: value lines), not a single value or a list"
            )
        fields = {f.name: f for f in public_fields(cls)}
        hints = field_hints(cls)
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
            if key not in fields:
                allowed = ", ".join(fields)
                self.error(
                    key_node,
                    f"unknown key '{key}' in {name}.{did_you_mean(key, fields)} Allowed keys: {allowed}",
                )
                failed = True
                continue
            # A scalar is pointed at where it stands; a block (list or keys) at its key's line.
            located = value_node if isinstance(value_node, yaml.ScalarNode) else key_node
            positions[key] = position(self.path, located)
            if is_null(value_node):
                if is_required(fields[key]):
                    self.error(value_node, f"'{key}' is empty: give it a value")
                    failed = True
                continue
            value = self.convert(value_node, hints[key], key, fields[key].metadata)
            if value is INVALID:
                failed = True
                continue
            values[key] = value
            if key == "id":
                self.ids.setdefault(cls.__name__, []).append((value, positions[key]))
        for key, f in fields.items():
            if is_required(f) and key not in first_seen:
                self.error(node, f"{name} is missing the required key '{key}': {f.metadata.get('doc', '')}")
                failed = True
        if failed:
            return INVALID
        record = cls(**values, positions=positions)
        if self.check_record is not None:
            self.check_record(record)
        return record

    def sequence(self, node: yaml.Node, item_hint: Any, name: str, meta: dict[str, Any]) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.error(node, f"'{name}' should be a list: put each item on its own line after '- '")
        minimum = meta.get("min_items", 0)
        if len(node.value) < minimum:
            return self.error(node, f"'{name}' needs at least {minimum} item(s)")
        items = [self.convert(item, item_hint, f"{name} item") for item in node.value]
        return INVALID if any(item is INVALID for item in items) else items

    def scalar(self, node: yaml.ScalarNode, hint: Any, name: str, meta: dict[str, Any]) -> Any:
        text = node.value
        kind = yaml12_kind(node)
        if hint is bool:
            if kind != "bool":
                hint_words = " (YAML reads yes and no as words)" if text.lower() in ("yes", "no", "on", "off") else ""
                return self.error(node, f"'{name}' should be true or false, not '{text}'{hint_words}")
            return text.lower() == "true"
        if hint is int:
            if kind != "int" or not text.isdigit():
                return self.error(node, f"'{name}' should be a whole number, not '{text}'")
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
            if not URL_PATTERN.fullmatch(text):
                return self.error(
                    node, f"'{name}' should be a web address starting with https:// (or http://), not '{text}'"
                )
            return text
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
        for member in enum:
            if member.value == node.value:
                return member
        values = [m.value for m in enum]
        kind = KIND_NAMES.get(enum.__name__, name)
        listed = ", ".join(f"'{v}'" for v in values)
        return self.error(
            node,
            f"'{node.value}' is not a known {kind}.{did_you_mean(node.value, values)} Use one of: {listed}",
        )


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and yaml12_kind(node) == "null"
