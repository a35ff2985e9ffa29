"""The checks types alone cannot make: ids unique, citations and references resolve, dates
possible and in order, grades that fit the framework, councils that took over others.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

import yaml

from ..errors import ErrorLog, did_you_mean, display_path
from ..files import COUNCIL_FILE, read_text
from ..model import (
    FRAMEWORK_GRADE_WORDING,
    JUDGEMENT_AREAS,
    Council,
    Framework,
    Grade,
    Inspection,
    PartialDate,
    Position,
    Profile,
    SendInspection,
    SendOutcome,
    Source,
    VisitType,
    slug_for,
)
from .narrative import HEADING_ID_PREFIX
from .to_model import Converter
from .yaml_nodes import parse_yaml


def at(log: ErrorLog, pos: Position, message: str) -> None:
    log.add(pos.path, pos.line, pos.column, message)


def check_record(record: object, log: ErrorLog, today: datetime.date, valid: list[object] | None = None) -> None:
    """Checks one valid record as soon as it is read, so errors elsewhere do not hide it;
    `valid` gathers the records for checks that need more than one (see check_reported_sources)."""
    check_not_future(record, today, log)
    if isinstance(record, Inspection):
        check_inspection(record, log)
    if isinstance(record, SendInspection):
        check_send_inspection(record, log)
    if valid is not None:
        valid.append(record)


def check_reported_sources(records: list[object], log: ErrorLog) -> None:
    """A reported date names a source that is not Ofsted's (Ofsted's own date is `published`)
    and that the inspection cites. Checked over every valid record, so errors elsewhere in the
    file do not hide these."""
    publishers = {record.id: record.publisher for record in records if isinstance(record, Source)}
    for inspection in records:
        if not isinstance(inspection, Inspection) or inspection.reported is None:
            continue
        ref = inspection.reported.source
        pos = inspection.reported.positions["source"]
        if ref not in publishers:
            continue  # an unknown id is reported by check_references
        if is_ofsted(publishers[ref]):
            at(
                log,
                pos,
                f"'{ref}' is published by Ofsted, so its date is Ofsted's own: write it as 'published', "
                "not under 'reported' (which is for the date another publication reported the visit)",
            )
        if ref not in inspection.sources:
            at(
                log,
                pos,
                f"the reported date comes from '{ref}', which inspection '{inspection.id}' does not cite: "
                f"add '{ref}' to its sources",
            )


# Ofsted by any of its names: the short one, the full one, with or without "the" or "(Ofsted)".
OFSTED_NAMES = re.compile(
    r"(?:the )?(?:ofsted|office for standards in education,? children[’']?s services,? and skills(?: \(ofsted\))?)"
)


def is_ofsted(publisher: str) -> bool:
    return OFSTED_NAMES.fullmatch(" ".join(publisher.split()).casefold()) is not None


def check_takeovers(council: Council, slug: str, log: ErrorLog) -> None:
    """A council cannot replace itself, nor be inspected before it took over from another: its
    own inspection before the takeover's date means one of the two dates is wrong."""
    # An inspection with no date at all is reported by check_inspection.
    own = [i for i in council.inspections if i.start or i.end or i.published or i.reported]
    for predecessor in council.predecessors:
        if predecessor.council == slug:
            at(log, predecessor.positions["council"], f"'{slug}' is this council: a council cannot replace itself")
        earlier = [inspection for inspection in own if not precedes(predecessor.date, inspection.date)]
        if earlier:
            first = min(earlier, key=lambda inspection: inspection.date.sort_key)
            at(
                log,
                predecessor.positions["date"],
                f"the takeover on {predecessor.date.iso} is after this council's own inspection '{first.id}' "
                f"({first.date.iso}, line {first.positions[''].line}): a council is inspected only once it "
                "exists, so one of the two dates is wrong",
            )


def check_mutual_takeovers(profiles: list[Profile], content_dir: Path, log: ErrorLog) -> None:
    """Two councils each replacing the other is a journey that cannot have happened: reported in
    each file. Positions do not come back from the workers that loaded the files, so a file with
    such a takeover is read again here for its lines (only then: it is rare)."""
    replaced = {p.slug: {pred.council for pred in p.council.predecessors if pred.council} for p in profiles}
    for profile in profiles:
        others = sorted(other for other in replaced[profile.slug] if profile.slug in replaced.get(other, ()))
        if not others:
            continue
        path = content_dir.parent / profile.council_path
        shown = display_path(path)
        scratch = ErrorLog()
        text = read_text(path, scratch, content_dir)
        node = parse_yaml(text, shown, scratch) if text is not None else None
        council = Converter(shown, scratch).convert(node, Council, COUNCIL_FILE) if node is not None else None
        predecessors = council.predecessors if isinstance(council, Council) else []
        for predecessor in predecessors:
            if predecessor.council in others:
                at(
                    log,
                    predecessor.positions["council"],
                    f"'{predecessor.council}' is recorded as replaced by this council, and its own file records it "
                    "replacing this one: two councils cannot each replace the other; keep the takeover that happened",
                )


def check_references(converter: Converter, log: ErrorLog) -> None:
    """Ids are unique and every citation resolves, read from the whole file as written."""
    source_ids = unique_ids(converter.ids.get("Source", []), "source", log)
    inspection_ids = unique_ids(converter.ids.get("Inspection", []), "inspection", log)
    milestone_ids = converter.ids.get("Milestone", [])
    unique_ids(milestone_ids, "milestone", log)
    send_ids = converter.ids.get("SendInspection", [])
    unique_ids(send_ids, "area SEND inspection", log)
    inspection_lines = {value: pos.line for value, pos in converter.ids.get("Inspection", [])}
    milestone_lines = {value: pos.line for value, pos in milestone_ids}
    # Inspections, milestones and area SEND inspections share one timeline: their ids are anchors on one page.
    for entries, others in ((milestone_ids, inspection_lines), (send_ids, {**milestone_lines, **inspection_lines})):
        for value, pos in entries:
            if value in others:
                at(
                    log,
                    pos,
                    f"the id '{value}' is also used on the timeline at line {others[value]}: inspections, "
                    "milestones and area SEND inspections share one timeline, so their ids must differ",
                )
    check_anchors(converter, log)
    for ref, pos in converter.source_refs:
        if ref not in source_ids:
            at(
                log,
                pos,
                f"no source has the id '{ref}'.{did_you_mean(ref, source_ids)} Add it under sources, or correct the id",
            )
    for ref, pos in converter.inspection_refs:
        if ref not in inspection_ids:
            at(log, pos, f"no inspection has the id '{ref}'.{did_you_mean(ref, inspection_ids)}")


def check_one_folder_per_council(profiles: list[Profile], content_dir: Path, log: ErrorLog) -> None:
    """Two folders for one council (the same Ofsted URN, or the same name however spaced, cased or
    punctuated) would publish it twice, with two addresses: each is reported, naming the other."""
    claims: dict[tuple[str, str], list[Profile]] = {}
    for profile in profiles:
        council = profile.council
        if council.ofsted_urn is not None:
            claims.setdefault(("ofsted_urn", str(council.ofsted_urn)), []).append(profile)
        name = name_key(council.name)
        if name:
            claims.setdefault(("name", name), []).append(profile)
    for (key, _), holders in sorted(claims.items()):
        if len(holders) < 2:
            continue
        places = {holder.slug: key_position(content_dir, holder, key) for holder in holders}
        for holder in holders:
            others = ", ".join(f"{pos.path}:{pos.line}" for slug, pos in places.items() if slug != holder.slug)
            value = holder.council.ofsted_urn if key == "ofsted_urn" else holder.council.name
            at(
                log,
                places[holder.slug],
                f"another council folder has this {'Ofsted URN' if key == 'ofsted_urn' else 'name'} "
                f"({value}), at {others}: one council has one folder, so merge the two and delete one",
            )


def name_key(name: str) -> str:
    """A council's name as compared for duplicates: `St. Helens`, `st helens`, `ST  HELENS` and
    `St Hélens` are one (accents, invisible characters and punctuation do not count)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return slug_for("".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf")))


def key_position(content_dir: Path, profile: Profile, key: str) -> Position:
    """Where a top-level key of a council's council.yaml stands, read again: records in memory may
    have lost their positions (a parallel load and the cache keep none), and this is needed only
    on a clash."""
    path = content_dir.parent / profile.council_path
    shown = display_path(path)
    text = read_text(path, ErrorLog(), content_dir)
    node = parse_yaml(text, shown, ErrorLog()) if text is not None else None
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return Position(shown, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return Position(shown, 1, 1)


# The ids a council page gives its own parts (templates/council.html and base.html;
# a test checks this list against a built page). A timeline entry's id is its permalink, so it
# must not be one of them: `#sources` or `#main` would lead to the page's part instead.
PAGE_IDS = frozenset(
    {
        "main",
        "contents-title",
        "not-written",
        "present",
        "present-title",
        "grades",
        "timeline",
        "journey",
        "figures",
        "quotes",
        "neighbours",
        "sources",
    }
)


def check_anchors(converter: Converter, log: ErrorLog) -> None:
    """Each timeline entry (inspection or milestone) is an element with its id, and its heading one
    with the id and `-title`; each source is `source-` and its id. None may be another's."""
    taken = {name: "one of the page's own parts" for name in PAGE_IDS}
    for value, _ in converter.ids.get("Source", []):
        taken.setdefault(f"source-{value}", f"the anchor of the source '{value}'")
    entries = converter.ids.get("Inspection", []) + converter.ids.get("Milestone", [])
    entries += converter.ids.get("SendInspection", [])
    for value, pos in entries:
        taken.setdefault(f"{value}-title", f"the heading of the timeline entry '{value}' (line {pos.line})")
    for value, pos in entries:
        clash = taken.get(value)
        if value.startswith(HEADING_ID_PREFIX):
            clash = "the ids of the narrative's headings, which all start 'narrative-'"
        if clash is None:
            continue
        at(
            log,
            pos,
            f"the id '{value}' is the address of this entry on the council page (#{value}), and would clash "
            f"with {clash}: choose another id. The page's own are: {', '.join(sorted(PAGE_IDS))}",
        )


def check_council_references(refs: list[tuple[str, Position]], slugs: set[str], log: ErrorLog) -> None:
    """Every council named as a neighbour has a folder of its own."""
    for ref, pos in refs:
        if ref not in slugs:
            at(log, pos, f"there is no council folder '{ref}' in content/councils/.{did_you_mean(ref, sorted(slugs))}")


def unique_ids(ids: list[tuple[str, Position]], kind: str, log: ErrorLog) -> set[str]:
    """The set of ids given, logging each repeat at the repeat's position."""
    seen: dict[str, Position] = {}
    for value, pos in ids:
        if value in seen:
            at(
                log,
                pos,
                f"the {kind} id '{value}' is already used at line {seen[value].line}: "
                "ids must be unique within a council",
            )
        else:
            seen[value] = pos
    return set(seen)


DATE_FIELDS = ("date", "start", "end", "published")


def check_not_future(record: object, today: datetime.date, log: ErrorLog) -> None:
    now = PartialDate(today.year, today.month, today.day)
    for name in DATE_FIELDS:
        if name not in record.positions:  # not given (Inspection.date is derived, not written)
            continue
        value = getattr(record, name, None)
        if isinstance(value, PartialDate) and value.sort_key > now.sort_key:
            at(log, record.positions[name], f"'{name}' {value.iso} is in the future: record only what has happened")


def precedes(earlier: PartialDate, later: PartialDate) -> bool:
    """Whether `earlier` can be on or before `later`, comparing only the precision both have."""
    a, b = earlier.sort_key, later.sort_key
    depth = (
        1
        + (earlier.month is not None and later.month is not None)
        + (earlier.day is not None and later.day is not None)
    )
    return a[:depth] <= b[:depth]


def check_inspection(inspection: Inspection, log: ErrorLog) -> None:
    whole = inspection.positions[""]
    if not (inspection.start or inspection.end or inspection.published or inspection.reported):
        at(
            log,
            whole,
            f"inspection '{inspection.id}' has no date: give start, end, published or reported "
            "(as precisely as the source says: 2019, 2019-08 or 2019-08-14)",
        )
    if inspection.start and inspection.end and not precedes(inspection.start, inspection.end):
        at(log, inspection.positions["end"], f"the end {inspection.end.iso} is before the start {inspection.start.iso}")
    first = inspection.start or inspection.end
    if first and inspection.published and not precedes(first, inspection.published):
        at(
            log,
            inspection.positions["published"],
            f"published {inspection.published.iso} is before the visit ({first.iso})",
        )
    if first and inspection.reported and not precedes(first, inspection.reported.date):
        at(
            log,
            inspection.reported.positions["date"],
            f"reported {inspection.reported.date.iso} is before the visit ({first.iso}): "
            "a visit cannot be reported before it happens; check both dates",
        )
    extract = inspection.from_report
    if extract is not None:
        check_report_source(log, extract.source, extract.positions["source"], inspection.sources)
        if not (extract.headline or extract.summary or extract.improvements):
            at(
                log,
                inspection.positions["from_report"],
                "'from_report' quotes nothing: give a headline, a summary or improvements, or remove it",
            )
        given = len(extract.improvements)
        if extract.improvements_in_report is not None and extract.improvements_in_report <= given:
            at(
                log,
                extract.positions["improvements_in_report"],
                f"improvements_in_report says the report gives {extract.improvements_in_report} items, but "
                f"{given} are quoted: give it only where the list quoted is shorter than the report's",
            )
    third = [
        area
        for area in JUDGEMENT_AREAS
        if inspection.judgements is not None
        and (grade := getattr(inspection.judgements, area)) is not None
        and grade.rank == 3
    ]
    if inspection.grade_wording is not None and not third:
        at(
            log,
            inspection.positions["grade_wording"],
            "grade_wording says how the report words 'requires improvement', but no grade here is that one: remove it",
        )
    if inspection.leadership_title is not None and (
        inspection.judgements is None or inspection.judgements.leadership is None
    ):
        at(
            log,
            inspection.positions["leadership_title"],
            "leadership_title titles a leadership grade: give one or remove it",
        )
    if inspection.number is not None and inspection.type is not VisitType.MONITORING_VISIT:
        at(log, inspection.positions["number"], "only monitoring visits are numbered: remove 'number'")
    if inspection.judgements is None:
        return
    if not inspection.type.graded:
        at(
            log,
            inspection.positions["judgements"],
            f"a {inspection.type.label.lower()} is not graded: remove 'judgements' "
            "and describe the findings under strengths and areas_to_improve",
        )
        return
    check_judgements(inspection, log)


def check_report_source(log: ErrorLog, source: str, position: Position, sources: list[str]) -> None:
    """A report's words are quoted from one of the inspection's own sources."""
    if source not in sources:
        at(
            log,
            position,
            f"the report quoted, '{source}', is not one of this inspection's sources: "
            "add it to the inspection's sources, or correct the id",
        )


def check_send_inspection(inspection: SendInspection, log: ErrorLog) -> None:
    """An area SEND inspection has a date, its dates in order, and quotes only a report it cites."""
    if not (inspection.start or inspection.end or inspection.published):
        at(
            log,
            inspection.positions[""],
            f"area SEND inspection '{inspection.id}' has no date: give start, end or published",
        )
    first = inspection.start or inspection.end
    if inspection.start and inspection.end and not precedes(inspection.start, inspection.end):
        at(log, inspection.positions["end"], f"the end {inspection.end.iso} is before the start {inspection.start.iso}")
    if first and inspection.published and not precedes(first, inspection.published):
        at(
            log,
            inspection.positions["published"],
            f"published {inspection.published.iso} is before the inspection ({first.iso})",
        )
    if first and inspection.previous_inspection and not precedes(inspection.previous_inspection, first):
        at(
            log,
            inspection.positions["previous_inspection"],
            f"the previous inspection {inspection.previous_inspection.iso} is after this one ({first.iso})",
        )
    if first and inspection.next_due and not precedes(first, inspection.next_due):
        at(
            log,
            inspection.positions["next_due"],
            f"the next inspection ({inspection.next_due.iso}) is due before this one",
        )
    extract = inspection.from_report
    if extract is not None:
        check_report_source(log, extract.source, extract.positions["source"], inspection.sources)
        if not (extract.outcome or extract.priority_actions or extract.improvements):
            at(
                log,
                inspection.positions["from_report"],
                "'from_report' quotes nothing: give the outcome, priority actions or improvements, or remove it",
            )
        if extract.priority_actions and inspection.outcome not in (None, SendOutcome.SYSTEMIC_FAILINGS):
            at(
                log,
                extract.positions["priority_actions"],
                "only an inspection finding widespread and/or systemic failings sets areas for priority action: "
                "check the outcome",
            )
    monitoring = inspection.monitoring
    if monitoring is not None and inspection.outcome not in (None, SendOutcome.SYSTEMIC_FAILINGS):
        at(
            log,
            inspection.positions["monitoring"],
            "a monitoring inspection follows only the outcome 'widespread and/or systemic failings': check the outcome",
        )


def check_judgements(inspection: Inspection, log: ErrorLog) -> None:
    judgements = inspection.judgements
    assert judgements is not None
    framework = inspection.type.framework
    wording = FRAMEWORK_GRADE_WORDING[framework]
    given = {area: getattr(judgements, area) for area in JUDGEMENT_AREAS if getattr(judgements, area)}
    if not given:
        at(log, inspection.positions["judgements"], "'judgements' is empty: give at least one grade or remove it")
    for area, grade in given.items():
        pos = judgements.positions[area]
        if grade in (Grade.REQUIRES_IMPROVEMENT, Grade.REQUIRES_IMPROVEMENT_TO_BE_GOOD) and grade is not wording:
            at(log, pos, f"under the {framework.value} this grade is worded '{wording.value}', not '{grade.value}'")
    if "overall_effectiveness" in given and not inspection.gives_overall_grade:
        at(
            log,
            judgements.positions["overall_effectiveness"],
            "Ofsted gives no overall grade for inspections from April 2026, when this one's fieldwork began: "
            "remove overall_effectiveness and give the four area grades",
        )
    if framework is Framework.SIF and "children_in_care_and_care_leavers" in given:
        at(
            log,
            judgements.positions["children_in_care_and_care_leavers"],
            "the SIF judged children looked after and care leavers separately: use children_in_care and care_leavers",
        )
    if framework is Framework.ILACS:
        if "adoption" in given:
            at(log, judgements.positions["adoption"], "ILACS does not grade adoption separately: remove it")
        if "children_in_care_and_care_leavers" in given:
            for area in ("children_in_care", "care_leavers"):
                if area in given:
                    at(
                        log,
                        judgements.positions[area],
                        f"give either children_in_care_and_care_leavers (before 2023) or "
                        f"children_in_care and care_leavers (from 2023), not both: remove '{area}'",
                    )
