"""The content model: the one definition of what a council profile holds.

The loader validates against these dataclasses, the JSON Schema for editors is
generated from them, and `docs/content-format.md` describes them. Field
metadata carries the editor-facing description (`doc`) and constraints.
"""

from __future__ import annotations

import calendar
import functools
import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, NewType
from urllib.parse import urlsplit

Url = NewType("Url", str)
"""An absolute http(s) address."""

Slug = NewType("Slug", str)
"""Lowercase letters, digits and single hyphens: `sif-2015`."""

SourceRef = NewType("SourceRef", str)
"""The id of a source listed in the same council's `sources`."""

InspectionRef = NewType("InspectionRef", str)
"""The id of an inspection listed in the same council's `inspections`."""

CouncilRef = NewType("CouncilRef", str)
"""The folder name (slug) of another council in `content/councils/`."""

IMPORTED_DOC = (
    "Written by `import-ofsted` from Ofsted's published data: a re-import may update this record. "
    "Delete the line to make the record yours; the importer then leaves it alone."
)

# Every character that Python's str.isspace() or JavaScript's \s counts as space (they differ
# on U+001C–U+001F, U+0085 and U+FEFF). Text made only of these is empty. The patterns below
# are written in the part of regular-expression syntax that Python and JavaScript read alike
# (no \s, no \d, no flags), because editors' YAML tools run them as JavaScript, through the
# JSON Schema; the loader runs them with `fullmatch`, which is what JavaScript's `^…$` means.
BLANK_CHARACTERS = (
    "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
BLANK_CLASS = "".join(f"\\u{ord(c):04x}" for c in BLANK_CHARACTERS)
NOT_BLANK_PATTERN = f"[^{BLANK_CLASS}]"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An http(s) address (its scheme in any case) whose host part holds no user name or password
# (`@`) and no backslash (which browsers read as `/`, so that they and a checker would
# disagree on the host).
URL_PATTERN = re.compile(
    f"^[hH][tT][tT][pP][sS]?://[^{BLANK_CLASS}/$.?#@\\\\][^{BLANK_CLASS}/?#@\\\\]*(?:[/?#][^{BLANK_CLASS}\\\\]*)?$"
)


def is_blank(text: str) -> bool:
    """Whether text holds nothing but space, as both Python and editors' tools see space."""
    return not text.strip(BLANK_CHARACTERS)


def web_address_problem(text: str) -> str | None:
    """Why `text` is not an address the site may link to, for an editor; None if it is one."""
    if not re.match(r"https?://", text, re.IGNORECASE) or any(c in BLANK_CHARACTERS for c in text):
        return "should be a web address starting with https:// (or http://)"
    if "\\" in text:
        return "holds a backslash (\\), which browsers read as '/': write '/' or remove it"
    parts = urlsplit(text)
    if "@" in parts.netloc:
        return (
            f"holds a user name or password before '@', so it leads to {parts.hostname or 'another site'}, "
            "whatever comes before: write the address without it"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "has a port after ':' that is not a number: remove it"
    if not URL_PATTERN.fullmatch(text):
        return "should be a web address starting with https:// (or http://) and a site's name"
    return None


# Where the site is published: every page's canonical link, the feeds, the sitemap and the 404
# page's links start with it, and the preview serves the site under its path. So only a host
# name, an optional port and a path of plain segments (RFC 3986's "unreserved" characters, never
# `.` or `..` alone), which stand as they are in an attribute, a feed, robots.txt and a URL path
# alike, and which the preview matches as they are written (a `%XX` escape would be decoded).
BASE_URL_PATTERN = re.compile(
    r"[hH][tT][tT][pP][sS]?://"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?"
    r"/(?:(?!\.\.?/)[A-Za-z0-9._~-]+/)*"
)
BASE_URL_EXAMPLE = "https://example.org/profiles/"


def base_url_problem(text: str) -> str | None:
    """Why `text` (a web address, ending in '/') cannot be where the site is published; None if it can.
    Said for an editor: what is wrong, and what to write instead."""
    if BASE_URL_PATTERN.fullmatch(text):
        return None
    parts = urlsplit(text)
    if parts.query or parts.fragment or "?" in text or "#" in text:
        return (
            "may not hold '?' or '#': pages' addresses are added after it; "
            f"write only the folder, such as {BASE_URL_EXAMPLE}"
        )
    host = parts.netloc.rpartition(":")[0] if re.search(r":[0-9]*$", parts.netloc) else parts.netloc
    if not re.fullmatch(r"[A-Za-z0-9.-]+", host) or ".." in host or host.startswith((".", "-")):
        return (
            f"has a host name '{host}' that is not letters, digits, '-' and '.': write a name such as example.org "
            "(a name in another script in its xn-- form)"
        )
    for segment in parts.path.split("/")[1:-1]:
        if segment in ("", ".", ".."):
            return (
                "has a path with '//', '/./' or '/../', which browsers read as another folder: "
                f"write one such as {BASE_URL_EXAMPLE}"
            )
        unusual = re.search(r"[^A-Za-z0-9._~-]", segment)
        if unusual:
            return (
                f"has {unusual.group()!r} in its path, which cannot stand in a page's links as it is: use only "
                f"letters, digits and - . _ ~ between the slashes, such as {BASE_URL_EXAMPLE}"
            )
    return f"should be http(s)://, a host name and a folder ending in '/', such as {BASE_URL_EXAMPLE}"


def slug_for(name: str) -> str:
    """A council's folder name from its name: `St. Helens` → `st-helens`, `Bristol, City of` → `bristol`,
    `Bénédicte` → `benedicte` (accents dropped, not the letters)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", " ", plain.removesuffix(", City of").lower().replace("&", " and ")).split()
    return "-".join(words)


def doc(text: str, **constraints: object) -> dict[str, object]:
    """Field metadata: the description editors read, plus constraints."""
    return {"doc": text, **constraints}


# English month names whatever the machine's locale (calendar.month_name follows it, through a
# strftime call for each date shown: some 100 a council page).
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date known to a year, a month or a day; never more precise than the source."""

    year: int
    month: int | None = None
    day: int | None = None

    PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
    FIRST_YEAR = 1900
    LAST_YEAR = 2100

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError saying why not."""
        match = cls.PATTERN.fullmatch(text)
        if not match:
            raise ValueError(
                f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (for example 2019, 2019-08 or 2019-08-14)"
            )
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if year < cls.FIRST_YEAR or year > cls.LAST_YEAR:
            raise ValueError(f"the year {year} is out of range")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}: months run from 01 to 12")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"'{text}' is not a real date: {MONTH_NAMES[month]} {year} has {last} days")
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        """The date as written in content and in `<time datetime>`."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def display(self) -> str:
        """The date for readers, at exactly its precision: `14 August 2019`, `August 2019`, `2019`."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Order by what is known; a month-only date sorts before days in that month."""
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        return self.iso

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int | None, int | None]]:
        """Pickled as its three numbers: a council holds dozens of dates, and the dataclass's own
        way looks up its fields for each one."""
        return PartialDate, (self.year, self.month, self.day)


class Region(StrEnum):
    """England's nine regions."""

    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    YORKSHIRE_AND_THE_HUMBER = "Yorkshire and the Humber"
    EAST_MIDLANDS = "East Midlands"
    WEST_MIDLANDS = "West Midlands"
    EAST_OF_ENGLAND = "East of England"
    LONDON = "London"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"

    @property
    def slug(self) -> str:
        return self.value.lower().replace(" ", "-")


class Framework(StrEnum):
    """The inspection framework a visit belongs to; decides grade wording."""

    EARLIER = "earlier frameworks"
    SIF = "SIF"
    ILACS = "ILACS"
    JOINT = "JTAI"


class VisitType(StrEnum):
    """Kinds of inspection and visit, written in content by their value."""

    EARLIER = "earlier-framework"
    SIF = "sif"
    SIF_REINSPECTION = "sif-reinspection"
    ILACS = "ilacs"
    ILACS_STANDARD = "ilacs-standard"
    ILACS_SHORT = "ilacs-short"
    FOCUSED_VISIT = "focused-visit"
    MONITORING_VISIT = "monitoring-visit"
    JTAI = "jtai"
    LSCB_REVIEW = "lscb-review"

    @property
    def label(self) -> str:
        return VISIT_LABELS[self]

    @property
    def explanation(self) -> str:
        return VISIT_EXPLANATIONS[self]

    @property
    def graded(self) -> bool:
        return self in GRADED_VISITS

    @property
    def grading_note(self) -> str:
        """What a reader should know when this kind of visit shows no grades."""
        if self is VisitType.EARLIER:
            return "Grades from inspections before the SIF are not shown: they used other frameworks and scales."
        if self is VisitType.LSCB_REVIEW:
            return "It judged the board, not the council's services: the council's grades are its inspections'."
        if self.graded:
            return "Its grades are not recorded here yet: see the Ofsted report in the sources."
        return f"{self.label}s are not graded."

    @property
    def framework(self) -> Framework:
        if self in (VisitType.SIF, VisitType.SIF_REINSPECTION, VisitType.LSCB_REVIEW):
            return Framework.SIF
        if self is VisitType.JTAI:
            return Framework.JOINT
        if self is VisitType.EARLIER:
            return Framework.EARLIER
        return Framework.ILACS


VISIT_LABELS = {
    VisitType.EARLIER: "Inspection under an earlier framework",
    VisitType.SIF: "SIF inspection",
    VisitType.SIF_REINSPECTION: "SIF re-inspection",
    VisitType.ILACS: "ILACS inspection",
    VisitType.ILACS_STANDARD: "ILACS standard inspection",
    VisitType.ILACS_SHORT: "ILACS short inspection",
    VisitType.FOCUSED_VISIT: "Focused visit",
    VisitType.MONITORING_VISIT: "Monitoring visit",
    VisitType.JTAI: "Joint targeted area inspection",
    VisitType.LSCB_REVIEW: "Review of the Local Safeguarding Children Board",
}

VISIT_EXPLANATIONS = {
    VisitType.EARLIER: (
        "An Ofsted inspection from before the single inspection framework began in November 2013, "
        "such as an inspection of child protection or of safeguarding and looked after children. "
        "Its grades used other scales, so they are not compared here."
    ),
    VisitType.SIF: (
        "A full inspection under Ofsted's single inspection framework (SIF), used from "
        "November 2013 until ILACS replaced it in 2018. Graded."
    ),
    VisitType.SIF_REINSPECTION: ("A second full SIF inspection of a council previously judged inadequate. Graded."),
    VisitType.ILACS: ("An ILACS inspection whose kind (standard or short) the published records do not say. Graded."),
    VisitType.ILACS_STANDARD: (
        "A two-week inspection under the inspection of local authority children's services "
        "(ILACS) framework, in use since January 2018. Graded."
    ),
    VisitType.ILACS_SHORT: ("A one-week ILACS inspection for councils previously judged good or outstanding. Graded."),
    VisitType.FOCUSED_VISIT: (
        "A short ILACS visit looking at one area of practice. Published as a letter; not graded."
    ),
    VisitType.MONITORING_VISIT: (
        "A visit to a council judged inadequate, usually quarterly, to check progress. "
        "Published as a letter; not graded."
    ),
    VisitType.JTAI: (
        "A joint targeted area inspection by Ofsted with other inspectorates, looking at how "
        "agencies work together on one theme. Not graded."
    ),
    VisitType.LSCB_REVIEW: (
        "A review by Ofsted, under the SIF, of the Local Safeguarding Children Board alone: the board of the "
        "council and its partners that oversaw safeguarding until 2019. It judged the board, not the council's "
        "services, so it never counts as the council's grade."
    ),
}

# Inspections whose fieldwork began from April 2026 grade four areas and give no overall grade.
NO_OVERALL_GRADE_FROM = PartialDate(2026, 4)

GRADED_VISITS = frozenset(
    {VisitType.SIF, VisitType.SIF_REINSPECTION, VisitType.ILACS, VisitType.ILACS_STANDARD, VisitType.ILACS_SHORT}
)


class Grade(StrEnum):
    """Ofsted's four-point scale, in Ofsted's own wording for each framework."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT_TO_BE_GOOD = "requires improvement to be good"
    REQUIRES_IMPROVEMENT = "requires improvement"
    INADEQUATE = "inadequate"

    @property
    def rank(self) -> int:
        """Ofsted's grade number: 1 is outstanding, 4 is inadequate."""
        return GRADE_RANKS[self]

    @property
    def label(self) -> str:
        return self.value[0].upper() + self.value[1:]


GRADE_RANKS = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.REQUIRES_IMPROVEMENT_TO_BE_GOOD: 3,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.INADEQUATE: 4,
}

GRADE_EXPLANATIONS = {
    1: "Outstanding: the highest grade.",
    2: "Good: children receive a good standard of help, care and protection.",
    3: ("Requires improvement to be good (under the SIF, 'requires improvement'): not inadequate, but not yet good."),
    4: "Inadequate: widespread or serious failures; the lowest grade.",
}


class GradeWording(StrEnum):
    """The two wordings of Ofsted's third grade, for a report that prints the other framework's."""

    REQUIRES_IMPROVEMENT = Grade.REQUIRES_IMPROVEMENT.value
    REQUIRES_IMPROVEMENT_TO_BE_GOOD = Grade.REQUIRES_IMPROVEMENT_TO_BE_GOOD.value


# Under the SIF the third grade is "requires improvement"; ILACS says "to be good".
FRAMEWORK_GRADE_WORDING = {
    Framework.SIF: Grade.REQUIRES_IMPROVEMENT,
    Framework.ILACS: Grade.REQUIRES_IMPROVEMENT_TO_BE_GOOD,
}


@dataclass(slots=True)
class Position:
    """Where a value stands in a content file, for error messages."""

    path: str
    line: int
    column: int


class Located:
    """A record read from a content file. Its positions are for errors found while loading;
    they stay in the process that loaded it (a parallel load sends records back without them,
    and the cache keeps records without them). Records have slots, not a `__dict__`: a large
    build holds hundreds of thousands of them."""

    __slots__ = ()

    # As a tuple of values, in the order of the fields: a build pickles every council twice
    # (into the cache, and back from a worker) and reads it back twice.
    def __getstate__(self) -> tuple[Any, ...]:
        return pickled_values(type(self))(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(pickled_fields(type(self)), state, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "positions", NO_POSITIONS)


NO_POSITIONS: dict[str, Position] = MappingProxyType({})  # type: ignore[assignment] - read-only, shared


@functools.cache
def field_names(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(cls))


@functools.cache
def pickled_fields(cls: type) -> tuple[str, ...]:
    return tuple(name for name in field_names(cls) if name != "positions")


@functools.cache
def pickled_values(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """Reads a record's pickled fields into a tuple (attrgetter of one name gives no tuple)."""
    names = pickled_fields(cls)
    if len(names) == 1:
        return lambda record: (getattr(record, names[0]),)
    return operator.attrgetter(*names)


def positions_field() -> dict[str, Position]:
    """Source positions kept beside each record; internal, never published."""
    return field(default_factory=dict, repr=False, compare=False, metadata={"internal": True})


@dataclass(slots=True)
class Source(Located):
    """A document that facts are taken from; cited by its id."""

    id: Slug = field(metadata=doc("A short name for this source, used to cite it: `cc-2018-reinspection`."))
    title: str = field(
        metadata=doc("The title as published; for a document with none, a description of it (see `title_is_ours`).")
    )
    publisher: str = field(metadata=doc("Who published it: `Ofsted`, `Community Care`."))
    date: PartialDate | None = field(
        default=None,
        metadata=doc("When it was published, only as precisely as the source itself says. Leave out if not printed."),
    )
    author: str | None = field(default=None, metadata=doc("The author, where the source names one."))
    url: Url | None = field(default=None, metadata=doc("Its web address. Leave out rather than guess one."))
    note: str | None = field(
        default=None, metadata=doc("Anything a reader should know about this source, such as why no date is given.")
    )
    title_is_ours: bool = field(
        default=False,
        metadata=doc(
            "`true` when the document has no title of its own and `title` is a description we "
            "wrote: the sources list shows it in [square brackets] and says the title is ours."
        ),
    )
    imported: bool = field(default=False, metadata=doc(IMPORTED_DOC))
    positions: dict[str, Position] = positions_field()

    @property
    def shown_title(self) -> str:
        """The title as readers see it: one we wrote is in square brackets, as a catalogue marks a title it supplied."""
        return f"[{self.title}]" if self.title_is_ours else self.title


@dataclass(slots=True)
class ReportedDate(Located):
    """The date another publication (a newspaper, the council) reported a visit: never shown as Ofsted's own."""

    date: PartialDate = field(metadata=doc("When the source reported it, as precisely as the source says."))
    source: SourceRef = field(
        metadata=doc("The id of the source that reported it, whose publisher the page names; not an Ofsted source.")
    )
    positions: dict[str, Position] = positions_field()


class DateKind(StrEnum):
    """What kind of date places an event on the timeline; pages, feeds and data say which."""

    FIELDWORK = "fieldwork"
    PUBLISHED = "published"
    REPORTED = "reported"
    HAPPENED = "happened"  # a milestone's own date


@dataclass(slots=True)
class Judgements(Located):
    """Graded judgements of one inspection, by area, in Ofsted's wording for its framework."""

    overall_effectiveness: Grade | None = field(default=None, metadata=doc("Overall effectiveness."))
    leadership: Grade | None = field(
        default=None,
        metadata=doc(
            "SIF: leadership, management and governance. ILACS: the impact of leaders on "
            "social work practice with children and families."
        ),
    )
    help_and_protection: Grade | None = field(
        default=None,
        metadata=doc("The experiences and progress of children who need help and protection."),
    )
    children_in_care: Grade | None = field(
        default=None,
        metadata=doc(
            "SIF: children looked after and achieving permanence. ILACS from 2023: the "
            "experiences and progress of children in care."
        ),
    )
    care_leavers: Grade | None = field(
        default=None,
        metadata=doc(
            "SIF: the experiences and progress of care leavers. ILACS from 2023: the "
            "experiences and progress of care leavers."
        ),
    )
    children_in_care_and_care_leavers: Grade | None = field(
        default=None,
        metadata=doc("ILACS before 2023: children in care and care leavers, judged together."),
    )
    adoption: Grade | None = field(default=None, metadata=doc("SIF only: adoption performance."))
    positions: dict[str, Position] = positions_field()


JUDGEMENT_AREAS = (
    "overall_effectiveness",
    "leadership",
    "help_and_protection",
    "children_in_care",
    "children_in_care_and_care_leavers",
    "care_leavers",
    "adoption",
)

# Each area in a few words, for sentences: "good for leaders, inadequate for help and protection".
AREA_SHORT_LABELS = {
    "overall_effectiveness": "overall effectiveness",
    "leadership": "leaders",
    "help_and_protection": "help and protection",
    "children_in_care": "children in care",
    "children_in_care_and_care_leavers": "children in care and care leavers",
    "care_leavers": "care leavers",
    "adoption": "adoption",
}

AREA_LABELS = {
    Framework.SIF: {
        "overall_effectiveness": "Overall effectiveness",
        "leadership": "Leadership, management and governance",
        "help_and_protection": "Children who need help and protection",
        "children_in_care": "Children looked after and achieving permanence",
        "care_leavers": "Experiences and progress of care leavers",
        "adoption": "Adoption performance",
    },
    Framework.ILACS: {
        "overall_effectiveness": "Overall effectiveness",
        "leadership": "The impact of leaders on social work practice with children and families",
        "help_and_protection": "The experiences and progress of children who need help and protection",
        "children_in_care": "The experiences and progress of children in care",
        "children_in_care_and_care_leavers": "The experiences and progress of children in care and care leavers",
        "care_leavers": "The experiences and progress of care leavers",
    },
}


@dataclass(slots=True)
class ListItem(Located):
    """One item of a list quoted from a report, with the sub-list it introduces, if any. Written
    as plain text where it has none."""

    SHORTHAND: ClassVar[str] = "text"
    """The field that an item written as plain text fills."""

    text: str = field(metadata=doc("The item's words, exactly as printed."))
    items: list[str] = field(
        default_factory=list, metadata=doc("The sub-list the item introduces, each sub-item exactly as printed.")
    )
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class ReportExtract(Located):
    """Ofsted's own words from the inspection's report, quoted exactly and cited."""

    source: SourceRef = field(
        metadata=doc("The id of the source (the Ofsted report) these words are quoted from, exactly as printed.")
    )
    headline: str | None = field(
        default=None,
        metadata=doc(
            "The report's headline judgement sentence, exactly as printed: `Children's services in X are good`."
        ),
    )
    summary: str | None = field(
        default=None,
        metadata=doc("The opening of the report's summary or headline findings, exactly as printed. Never alter it."),
    )
    improvements: list[ListItem] = field(
        default_factory=list,
        metadata=doc(
            "What the report says needs to improve, each item exactly as printed, in the report's order: "
            "every item, or say how many there are under `improvements_in_report`."
        ),
    )
    improvements_in_report: int | None = field(
        default=None,
        metadata=doc(
            "How many items the report's list gives, where fewer are quoted here: the page says so and links "
            "to the report.",
            minimum=1,
        ),
    )
    imported: bool = field(
        default=False,
        metadata=doc(
            "`true` when `import-ofsted` wrote these words into an editor's inspection record, which left them "
            "out: a re-import refreshes them. Delete it to make the words yours."
        ),
    )
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class Inspection(Located):
    """One inspection or visit by Ofsted, graded or not."""

    id: Slug = field(metadata=doc("A short name, unique in this council, used for its permalink: `sif-2015`."))
    type: VisitType = field(metadata=doc("What kind of inspection or visit it was."))
    sources: list[SourceRef] = field(metadata=doc("The ids of the sources for this inspection's facts.", min_items=1))
    start: PartialDate | None = field(
        default=None, metadata=doc("When the fieldwork began (or took place), as precisely as known.")
    )
    end: PartialDate | None = field(default=None, metadata=doc("When the fieldwork ended, as precisely as known."))
    published: PartialDate | None = field(default=None, metadata=doc("When Ofsted published the report or letter."))
    reported: ReportedDate | None = field(
        default=None,
        metadata=doc(
            "When another publication reported the inspection or visit, and which source did: "
            "`{date: 2017-04-06, source: cypn-2017-04}`. For when Ofsted's own publication date "
            "is not known: it is shown as 'reported by' its publisher, never as published."
        ),
    )
    date_note: str | None = field(
        default=None,
        metadata=doc("A note on the dates, where they are partial or come from one source only."),
    )
    number: int | None = field(
        default=None, metadata=doc("Monitoring visits only: which visit this was (1 for the first).", minimum=1)
    )
    theme: str | None = field(
        default=None,
        metadata=doc("What the visit looked at, for focused and monitoring visits and JTAIs."),
    )
    lead_inspector: str | None = field(default=None, metadata=doc("The lead inspector, as named in the report."))
    grade_wording: GradeWording | None = field(
        default=None,
        metadata=doc(
            "Where the report words its 'requires improvement' grades as the other framework does (some SIF "
            "reports of 2017–18 print 'requires improvement to be good', some ILACS reports of 2018–20 "
            "'requires improvement'): the words it prints, shown in place of the framework's. The grades "
            "themselves stay in the framework's wording."
        ),
    )
    leadership_title: str | None = field(
        default=None,
        metadata=doc(
            "The leaders' judgement as the report's table titles it, where that differs from the framework's "
            "usual title: `The impact of leaders on practice with children and families`."
        ),
    )
    judgements: Judgements | None = field(
        default=None, metadata=doc("Graded inspections only: the grades by area, only those the sources give.")
    )
    recommendations: int | None = field(
        default=None, metadata=doc("How many recommendations the report made.", minimum=0)
    )
    summary: str | None = field(default=None, metadata=doc("A short summary, in our own words."))
    strengths: list[str] = field(
        default_factory=list, metadata=doc("Key findings: what the inspectors found working well, in our own words.")
    )
    areas_to_improve: list[str] = field(
        default_factory=list, metadata=doc("Key findings: what the inspectors said must improve, in our own words.")
    )
    from_report: ReportExtract | None = field(
        default=None,
        metadata=doc(
            "Graded inspections: Ofsted's own words from the report (headline, opening summary, what needs to "
            "improve), quoted exactly. Written by `import-ofsted`; an editor may add it from the report by hand."
        ),
    )
    imported: bool = field(default=False, metadata=doc(IMPORTED_DOC))
    positions: dict[str, Position] = positions_field()

    @property
    def gives_overall_grade(self) -> bool:
        """Whether this inspection's framework gives an overall grade: every graded inspection but those
        whose fieldwork began from April 2026 (where fieldwork is not known, it is assumed to)."""
        began = self.start or self.end
        if not self.type.graded:
            return False
        return began is None or began.sort_key < NO_OVERALL_GRADE_FROM.sort_key

    @property
    def date(self) -> PartialDate:
        """Where the event stands on the timeline: its fieldwork if known, else Ofsted's
        publication, else the date another publication reported it."""
        date = self.start or self.end or self.published or (self.reported.date if self.reported else None)
        assert date is not None, "the loader requires one of start, end, published or reported"
        return date

    @property
    def date_kind(self) -> DateKind:
        """What kind of date `date` is, so that no reader takes a reported date for Ofsted's."""
        if self.start or self.end:
            return DateKind.FIELDWORK
        return DateKind.PUBLISHED if self.published else DateKind.REPORTED


@dataclass(slots=True)
class Milestone(Located):
    """A dated event on the improvement journey that is not an inspection."""

    id: Slug = field(metadata=doc("A short name, unique in this council, for its permalink."))
    date: PartialDate = field(metadata=doc("When it happened, as precisely as the source says."))
    title: str = field(metadata=doc("What happened, in a few words."))
    sources: list[SourceRef] = field(metadata=doc("The ids of the sources.", min_items=1))
    description: str | None = field(default=None, metadata=doc("More detail, in our own words."))
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class FigureValue(Located):
    """One reading of a figure."""

    value: str = field(metadata=doc("The value as the source gives it: `44%`, `13`."))
    date: PartialDate | None = field(default=None, metadata=doc("When it was measured, if the source says."))
    note: str | None = field(default=None, metadata=doc("What the reading refers to, if not a date."))
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class Figure(Located):
    """A measure of the service, with its readings over time."""

    label: str = field(metadata=doc("What is measured."))
    values: list[FigureValue] = field(metadata=doc("The readings, oldest first.", min_items=1))
    sources: list[SourceRef] = field(metadata=doc("The ids of the sources.", min_items=1))
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class Quote(Located):
    """Words someone said or wrote, verbatim, attributed and cited."""

    text: str = field(metadata=doc("The words exactly as the source prints them. Never alter a quote."))
    speaker: str = field(metadata=doc("Who said it: a person, or a body such as `Ofsted`."))
    role: str = field(metadata=doc("Their role when they said it."))
    source: SourceRef = field(metadata=doc("The id of the source the quote is taken from."))
    date: PartialDate | None = field(default=None, metadata=doc("When it was said, if known."))
    inspection: InspectionRef | None = field(
        default=None, metadata=doc("The id of the inspection the quote is about, if any.")
    )
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class Predecessor(Located):
    """A council this one replaced: its services passed to this council, whose record continues it."""

    name: str = field(metadata=doc("The council as it was named: `Cumbria County Council`."))
    date: PartialDate = field(
        metadata=doc("When this council took over from it, as precisely as the source says: `2023-04-01`.")
    )
    sources: list[SourceRef] = field(
        metadata=doc("The ids of the sources for the change, such as the order that made it.", min_items=1)
    )
    council: CouncilRef | None = field(
        default=None, metadata=doc("Its folder name, if it has a profile of its own in `content/councils/`.")
    )
    positions: dict[str, Position] = positions_field()


class SendOutcome(StrEnum):
    """The three outcomes of an area SEND inspection (Ofsted and CQC, framework of January 2023),
    each in the words of Ofsted's fixed outcome sentence. An outcome, not a grade: it judges the
    council and its NHS integrated care board together, on another scale from ILACS."""

    POSITIVE = "typically positive experiences and outcomes"
    INCONSISTENT = "inconsistent experiences and outcomes"
    SYSTEMIC_FAILINGS = "widespread and/or systemic failings"

    @property
    def number(self) -> int:
        """Ofsted's own number for the outcome (1, 2 or 3), for counting and sorting: never a grade."""
        return SEND_OUTCOME_NUMBERS[self]

    @property
    def place(self) -> str:
        """Where the outcome stands among the three, in words: Ofsted numbers them, but they are not grades."""
        return SEND_OUTCOME_PLACES[self]

    @property
    def label(self) -> str:
        """The outcome in Ofsted's words, as a label starting a line: `Inconsistent experiences and outcomes`."""
        return self.value[0].upper() + self.value[1:]


SEND_OUTCOME_NUMBERS = {
    SendOutcome.POSITIVE: 1,
    SendOutcome.INCONSISTENT: 2,
    SendOutcome.SYSTEMIC_FAILINGS: 3,
}

# Ofsted's reports word each outcome's sentence slightly differently ("disability", "disabilities"),
# so the site quotes a sentence only from the council's own report, never a standard one.
SEND_OUTCOME_PLACES = {
    SendOutcome.POSITIVE: "the best of Ofsted's three outcomes",
    SendOutcome.INCONSISTENT: "the middle one of Ofsted's three outcomes",
    SendOutcome.SYSTEMIC_FAILINGS: "the most serious of Ofsted's three outcomes",
}

SEND_IMPORTED_DOC = (
    "Written by `import-send` from Ofsted's published record of area SEND inspections: a re-import may update "
    "this record. Delete the line to make the record yours; the importer then leaves it alone."
)

# When the area SEND framework whose outcomes these are came into force.
SEND_FRAMEWORK_BEGAN = PartialDate(2023, 1)


@dataclass(slots=True)
class SendPoint(Located):
    """One area for priority action or for improvement, as printed: its words and, where they lead
    into a list, the list's points apart, each in the report's order."""

    text: str = field(metadata=doc("The point's words, exactly as printed (a lead-in ends before its list)."))
    sub_points: list[str] = field(
        default_factory=list,
        metadata=doc("The points of the list the words lead into, each exactly as printed, in the report's order."),
    )
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class SendReportExtract(Located):
    """Ofsted's own words from an area SEND inspection's report, quoted exactly and cited."""

    source: SourceRef = field(
        metadata=doc("The id of the source (the Ofsted report) these words are quoted from, exactly as printed.")
    )
    outcome: str | None = field(
        default=None,
        metadata=doc(
            "The report's 'Inspection outcome' section, exactly as printed: the outcome's sentence and what "
            "follows it (when the next inspection is due, any priority action plan). Never alter it."
        ),
    )
    priority_actions: list[SendPoint] = field(
        default_factory=list,
        metadata=doc("The areas for priority action (outcome 3), each exactly as printed, in the report's order."),
    )
    improvements: list[SendPoint] = field(
        default_factory=list,
        metadata=doc("The areas for improvement, each exactly as printed, in the report's order."),
    )
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class SendMonitoring(Located):
    """A monitoring inspection after an area SEND inspection found widespread or systemic failings."""

    sources: list[SourceRef] = field(metadata=doc("The ids of the sources (the monitoring letter).", min_items=1))
    findings: str = field(
        metadata=doc("What the monitoring inspection found, quoted exactly from its letter, or in our own words.")
    )
    start: PartialDate | None = field(default=None, metadata=doc("When its fieldwork began."))
    end: PartialDate | None = field(default=None, metadata=doc("When its fieldwork ended."))
    published: PartialDate | None = field(default=None, metadata=doc("When Ofsted published its letter."))
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class SendInspection(Located):
    """An area SEND inspection by Ofsted and the CQC of the local area partnership (the council with its
    NHS integrated care board) for children and young people with special educational needs and/or
    disabilities, under the framework in force since January 2023. Its outcome is not a grade."""

    id: Slug = field(metadata=doc("A short name, unique in this council, used for its permalink: `send-2023-05`."))
    sources: list[SourceRef] = field(metadata=doc("The ids of the sources for this inspection's facts.", min_items=1))
    partnership: str | None = field(
        default=None,
        metadata=doc(
            "The partnership as the report names it: `Nottinghamshire County Council and NHS Nottingham and "
            "Nottinghamshire Integrated Care Board (ICB)`."
        ),
    )
    start: PartialDate | None = field(default=None, metadata=doc("When the fieldwork began."))
    end: PartialDate | None = field(default=None, metadata=doc("When the fieldwork ended."))
    published: PartialDate | None = field(default=None, metadata=doc("When Ofsted published the report."))
    outcome: SendOutcome | None = field(
        default=None,
        metadata=doc("Which of the framework's three outcomes the report gives, in Ofsted's words. Omit if not known."),
    )
    previous_inspection: PartialDate | None = field(
        default=None,
        metadata=doc("When the fieldwork of the partnership's previous area SEND inspection (any framework) ended."),
    )
    next_due: PartialDate | None = field(
        default=None,
        metadata=doc(
            "Roughly when the next inspection is due, to the month: a monitoring inspection after outcome 3, "
            "else the next full inspection, by the interval the outcome sets (about 18 months, 3 or 5 years)."
        ),
    )
    from_report: SendReportExtract | None = field(
        default=None,
        metadata=doc(
            "Ofsted's own words from the report (the inspection outcome, the areas for priority action and for "
            "improvement), quoted exactly. Written by `import-send`; an editor may add it from the report by hand."
        ),
    )
    monitoring: SendMonitoring | None = field(
        default=None, metadata=doc("The monitoring inspection that followed it, where there was one.")
    )
    imported: bool = field(default=False, metadata=doc(SEND_IMPORTED_DOC))
    positions: dict[str, Position] = positions_field()

    @property
    def date(self) -> PartialDate:
        """Where it stands on the timeline and in the present: its publication, else its fieldwork."""
        date = self.published or self.start or self.end
        assert date is not None, "the loader requires one of start, end or published"
        return date


@dataclass(slots=True)
class Council(Located):
    """The facts of one council's profile: `content/councils/<slug>/council.yaml`."""

    name: str = field(metadata=doc("The council's name: `Wandsworth`."))
    region: Region = field(metadata=doc("One of England's nine regions."))
    website: Url = field(metadata=doc("The council's website."))
    sources: list[Source] = field(metadata=doc("Every source the profile's facts come from.", min_items=1))
    summary: str | None = field(default=None, metadata=doc("One paragraph, in our own words."))
    ofsted_reports: Url | None = field(default=None, metadata=doc("The council's page of Ofsted reports."))
    ofsted_urn: int | None = field(
        default=None, metadata=doc("Ofsted's unique reference number for the council.", minimum=1)
    )
    dfe_code: int | None = field(
        default=None, metadata=doc("The Department for Education's three-digit local authority code.", minimum=1)
    )
    statistical_neighbours: list[CouncilRef] = field(
        default_factory=list,
        metadata=doc(
            "The DfE's statistical neighbours: councils most like this one, by folder name, most similar first."
        ),
    )
    inspections: list[Inspection] = field(default_factory=list, metadata=doc("Inspections and visits, in any order."))
    milestones: list[Milestone] = field(default_factory=list, metadata=doc("Other dated events, in any order."))
    figures: list[Figure] = field(default_factory=list, metadata=doc("Measures of the service over time."))
    quotes: list[Quote] = field(default_factory=list, metadata=doc("What leaders, inspectors and young people said."))
    predecessors: list[Predecessor] = field(
        default_factory=list,
        metadata=doc(
            "Councils this one replaced, whose record it continues, each with the date and a source. "
            "Written here only: the council it replaced, and any other council that took over from it, "
            "link back by themselves."
        ),
    )
    send_inspections: list[SendInspection] = field(
        default_factory=list,
        metadata=doc(
            "Area SEND inspections (Ofsted and CQC, from January 2023) of the partnership of this council "
            "and its NHS integrated care board, in any order. A record of their own: never ILACS grades."
        ),
    )
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class Site(Located):
    """Settings for the whole site: `content/site.yaml`."""

    title: str = field(metadata=doc("The site's name, shown on every page."))
    description: str = field(metadata=doc("One sentence saying what the site is."))
    base_url: Url = field(
        metadata=doc(
            "Where the site is published, ending in `/`; may include a path: `https://example.org/profiles/`. "
            "A host name and folders of letters, digits and `-._~` only: no quotes, `<`, `%`, `?`, `#` or `//`."
        )
    )
    repository: Url | None = field(default=None, metadata=doc("The source repository's web address."))
    edit_url: Url | None = field(
        default=None,
        metadata=doc(
            "The address that a content path is appended to for an 'Edit this page' link. "
            "By default made from `repository` and the branch."
        ),
    )
    branch: str | None = field(
        default=None,
        metadata=doc(
            "The branch that edits are proposed against. By default git's: the remote's default "
            "branch (origin/HEAD), else the branch checked out, else `main`."
        ),
    )
    positions: dict[str, Position] = positions_field()


@dataclass(slots=True)
class Profile:
    """A council as published: its facts and its narrative (empty until an editor writes one)."""

    slug: str
    council: Council
    narrative_html: str
    narrative_path: str
    council_path: str
    digest: str = ""  # of the council's files as read: unchanged files, unchanged pages
    narrative_exists: bool = False  # profile.md is there (it may hold only a comment so far)


@dataclass(frozen=True, slots=True)
class Revision:
    """When a council's folder last changed in git: by an editor, and by an import of
    Ofsted's record (see git.py)."""

    edited: PartialDate | None = None
    imported: PartialDate | None = None

    def __str__(self) -> str:
        return f"edited {self.edited or '-'}, imported {self.imported or '-'}"


@dataclass(slots=True)
class Content:
    """Everything the site is built from, validated."""

    site: Site
    profiles: list[Profile]
    last_updated: dict[str, Revision] = field(default_factory=dict)
    preview: str | None = None  # what a preview build shows ("pull request 42"); None for the site itself


# A new council's profile.md, as `build.py new` writes it and as a page's "create the narrative"
# link offers it: a comment saying what the file is for, published nowhere.
NARRATIVE_STARTER = """\
<!--
The story of this council's improvement journey, in your own words (never copied from an
article): what happened, in order, and why it mattered. Use `## ` for section headings.
Facts belong in council.yaml with their sources; this is where they are explained.
Nothing in this comment is published.
-->
"""
