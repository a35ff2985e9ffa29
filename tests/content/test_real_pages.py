"""The real site's pages say what the committed content says, and nothing its sources do not:
the two in-depth profiles' facts (Wandsworth's and Wokingham's, checked against Ofsted's reports in
the fact-check of issue 17), every quotation character for character, and the national counts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from markupsafe import escape
from support import ROOT, page, text_of


@pytest.mark.parametrize(
    "fact",
    [
        "Inadequate",
        "Fieldwork 24 November 2015 to 17 December 2015",  # report 2760524, page 1
        "16 February 2016: SIF inspection",  # headed by its publication
        "Lead inspector Carolyn Spray",
        # The 2015 grade for children looked after, page 1 of the report (was 'not found').
        "Children looked after and achieving permanence Requires improvement Experiences and progress of care "
        "leavers Inadequate",
        "Reported 6 April 2017: Monitoring visit 3",  # a newspaper's date, not Ofsted's
        "Reported 6 April 2017, by Children & Young People Now",
        "December 2017: Monitoring visit 6",
        "Reported 15 January 2018, by Children & Young People Now",
        "44%",
        "61%",
        "97%",
        "Care leavers service brought in house",
        "some looked-after children who went missing or were at high risk of sexual exploitation",
        "Fieldwork 8 May 2018 to 31 May 2018",  # report 50005142, page 1
        "20 July 2018: SIF re-inspection",
        "Lead inspector Louise Warren",
        "inadequate → requires improvement",
        "Experiences and progress of care leavers Good",
        "Reported 26 August 2021: Focused visit",
        "Reported 26 August 2021, by a children's services provider's news page",
        "managers gave priority to their attending training",
        "7 November 2022 to 18 November 2022",
        "Amanda Maxwell",
        "2 March 2026 to 6 March 2026",
        "Monique Lindsay",
        "We can’t clone them.",
        "Cllr Sarah McDermott",
        "https://files.ofsted.gov.uk/v1/file/2760524",
        "https://files.ofsted.gov.uk/v1/file/50301929",
    ],
)
def test_wandsworth_page_shows_its_facts(real_site: Path, fact: str) -> None:
    assert fact in text_of(real_site, "councils/wandsworth/index.html") + page(
        real_site, "councils/wandsworth/index.html"
    )


@pytest.mark.parametrize(
    "fact",
    [
        "Published 6 April 2017",
        "Published 26 August 2021",
        "Published by Ofsted 6 April 2017",
        "Published by Ofsted 26 August 2021",
        "back in house",
        "taken back",
        "most exposed to sexual exploitation",
        "access to training",
        "has not been found in the sources",
    ],
)
def test_wandsworth_page_no_longer_says_what_its_sources_do_not(real_site: Path, fact: str) -> None:
    """Each phrase was on the page before the fact-check of issue 17 (and is in no source)."""
    assert fact not in text_of(real_site, "councils/wandsworth/index.html")


@pytest.mark.parametrize(
    "fact",
    [
        "Fieldwork 12 October 2015 to 5 November 2015",  # report 2756032, page 1
        "5 January 2016: SIF inspection",
        "Lead inspector Linda Steele",
        # The 2015 sub-grades, page 1 of the report (were 'not found').
        "Leadership, management and governance Requires improvement Children who need help and protection "
        "Requires improvement Children looked after and achieving permanence Requires improvement Experiences "
        "and progress of care leavers Requires improvement Adoption performance Good",
        "not inadequate, but not yet good",
        "first good judgement since its adoption performance was rated good in 2015",
        "the council said the decline was over",
        "October 2018: Focused visit",
        "November 2018: Carol Cammiss appointed director of children's services",
        "3 June 2019 to 14 June 2019",
        "Nigel Parkes",
        "The experiences and progress of children in care and care leavers Requires improvement to be good",
        "Ofsted’s focused visit in October 2018.",  # the report's spelling, not the press release's
        "6 March 2023 to 17 March 2023",
        "Tom Anthony",
        "The experiences and progress of children in care Good",
        "Our relentless focus must be on improving outcomes",
        "Cllr Ullakarin Clark",
        "[Press release on the 2019 inspection]. Wokingham Borough Council.",
        "The title in square brackets is ours",
        "https://files.ofsted.gov.uk/v1/file/50215917",
    ],
)
def test_wokingham_page_shows_its_facts(real_site: Path, fact: str) -> None:
    assert fact in text_of(real_site, "councils/wokingham/index.html") + page(
        real_site, "councils/wokingham/index.html"
    )


@pytest.mark.parametrize(
    "fact",
    [
        "not failing children",
        "For the first time, one area was judged good",
        "turned round by a new leadership team",
        "focussed",
        "(press release)",
        "have not been found in the sources",
    ],
)
def test_wokingham_page_no_longer_says_what_its_sources_do_not(real_site: Path, fact: str) -> None:
    """Each phrase was on the page before the fact-check of issue 17 (and is in no source)."""
    assert fact not in text_of(real_site, "councils/wokingham/index.html")


FIRST_FINDING_NOTE = "Quoted as far as the first of the summary's findings; the report gives them all."


def test_a_summary_quoted_to_its_first_finding_says_the_report_gives_them_all(real_site: Path) -> None:
    """Enfield's 2015 summary opens "... are good because:" and is quoted to its first finding: a
    reader must not take that one for Ofsted's whole case. Its 2019 and 2024 summaries are whole
    paragraphs and say nothing of the kind."""
    enfield = text_of(real_site, "councils/enfield/index.html")
    assert "Children’s services in Enfield are good because: Leadership, management and governance" in enfield
    assert enfield.count(FIRST_FINDING_NOTE) == 1
    assert FIRST_FINDING_NOTE not in text_of(real_site, "councils/wandsworth/index.html")
    quoted_so = sum(
        text_of(real_site, f"councils/{slug.name}/index.html").count(FIRST_FINDING_NOTE)
        for slug in sorted((real_site / "councils").iterdir())
        if (slug / "index.html").is_file()
    )
    assert quoted_so == 55  # every SIF summary quoted from "because:" to its first finding


def test_every_quotation_reads_on_its_page_exactly_as_recorded(real_site: Path) -> None:
    """Ofsted's words and what people said, each on its council's page character for character:
    nothing (an abbreviation spelt out where a page first uses it, say) is added inside a quote."""
    missing = []
    for path in sorted((ROOT / "content" / "councils").glob("*/council.yaml")):
        council = yaml.safe_load(path.read_text(encoding="utf-8"))
        html = page(real_site, f"councils/{path.parent.name}/index.html")
        quoted = [quote["text"] for quote in council.get("quotes", [])]
        for inspection in council.get("inspections", []):
            words = inspection.get("from_report") or {}
            quoted += [
                words.get("headline"),
                *(words.get("summary") or "").split("\n\n"),
                *(
                    part
                    for item in words.get("improvements", [])
                    for part in ([item] if isinstance(item, str) else [item["text"], *item.get("items", [])])
                ),
            ]
        missing += [(path.parent.name, text) for text in filter(None, quoted) if str(escape(text.strip())) not in html]
    assert not missing


def test_home_page_lists_real_councils_with_latest_grade(real_site: Path) -> None:
    home = text_of(real_site, "index.html")
    assert "Wandsworth London Overall: Outstanding Leaders: Outstanding" in home
    assert "Wokingham South East Overall: Requires improvement to be good" in home


def recount_from_the_yaml() -> dict[str, int]:
    """Where each council stands, recounted from its committed file alone (not through the site's
    code): its newest graded inspection by Ofsted's publication date gives its overall grade, or
    area grades only (from April 2026), or there is none."""

    names = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
    ranks = {"outstanding": 1, "good": 2, "requires improvement": 3, "requires improvement to be good": 3}
    ranks["inadequate"] = 4
    counts = dict.fromkeys([*names.values(), "Area grades, no overall grade", "No grade on record"], 0)
    for path in sorted((ROOT / "content" / "councils").glob("*/council.yaml")):
        council = yaml.safe_load(path.read_text(encoding="utf-8"))
        graded = [
            inspection
            for inspection in council.get("inspections", [])
            if inspection.get("judgements") and inspection.get("published")
        ]
        if not graded:
            counts["No grade on record"] += 1
            continue
        newest = max(graded, key=lambda inspection: str(inspection["published"]))
        overall = newest["judgements"].get("overall_effectiveness")
        counts[names[ranks[overall]] if overall else "Area grades, no overall grade"] += 1
    return counts


def test_national_counts_equal_a_recount_by_publication_date(real_site: Path) -> None:
    html = page(real_site, "national/index.html")
    table = html.split('<table class="national-now">', 1)[1].split("</table>", 1)[0]
    shown = {
        row.split("</th>")[0]: int(row.split("<td>")[1].split("</td>")[0])
        for row in table.split('<th scope="row">')[1:]
    }
    recount = recount_from_the_yaml()
    assert shown == recount
    assert recount["Area grades, no overall grade"] == 11 and sum(recount.values()) == 153
