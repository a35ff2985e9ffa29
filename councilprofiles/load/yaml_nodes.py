"""YAML text → nodes, and a syntax error explained where the editor must fix it.

PyYAML reports where reading failed, which for an unclosed quotation mark is the next one in
the file (a hundred lines on), for a misaligned key the line after it, and for a pasted
non-breaking space or control character a parser's words or position 1:1. Each is found and
reported at the character to change, with what to do; Rust's compiler does the same for an
unterminated string, and Hugo (go-yaml) does not.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from ..errors import ErrorLog

YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
UNRESOLVED_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class NodeLoader(YamlLoader):  # type: ignore[misc, valid-type] - whichever of the two PyYAML has
    """Composes nodes without PyYAML's tag resolution (YAML 1.1's patterns, tried in Python on
    every plain value: a quarter of composing a council's file). Nothing reads a node's tag: the
    converter reads each value as YAML 1.2 does (`convert.yaml12_kind`)."""

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        return UNRESOLVED_TAGS[kind]


def parse_yaml(text: str, path: str, log: ErrorLog) -> yaml.Node | None:
    """Compose YAML text into nodes, logging a syntax error where the editor must fix it, with a hint."""
    try:
        if "&" in text and has_alias(text, path, log):
            return None
        return yaml.compose(text, Loader=NodeLoader)
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
