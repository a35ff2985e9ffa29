"""Councils that replaced others: each side of the change links to the other, with the date and a source."""

from __future__ import annotations

from pathlib import Path

from support import ROOT, build, run_cli, text_of

ORDER = """  - id: order-2012
    title: The Southby (Structural Changes) Order 2012
    publisher: legislation.gov.uk (The National Archives)
    date: 2012-02-01
"""


def replace_southby(content: Path, *successors: str) -> None:
    """Make each of `successors` take over from Southby on 1 April 2013, citing an order."""
    for slug in successors:
        path = content / "councils" / slug / "council.yaml"
        text = path.read_text(encoding="utf-8").replace("sources:\n", "sources:\n" + ORDER, 1)
        text += "predecessors:\n  - name: Southby Council\n    council: southby\n    date: 2013-04-01\n"
        path.write_text(text + "    sources: [order-2012]\n", encoding="utf-8")


def test_successors_and_the_council_they_replaced_link_to_each_other(content: Path, tmp_path: Path) -> None:
    replace_southby(content, "northby", "eastby")
    build(content, tmp_path / "site")
    northby = text_of(tmp_path / "site", "councils/northby/index.html")
    assert "Northby took over from Southby Council on 1 April 2013, together with Eastby. Source: [" in northby
    assert "not recorded on this site" not in northby  # Southby has a profile: it is linked instead
    southby = text_of(tmp_path / "site", "councils/southby/index.html")
    assert (
        "Southby was replaced by Eastby and Northby on 1 April 2013; its record continues on their profiles. "
        "Source: The Southby (Structural Changes) Order 2012, legislation.gov.uk (The National Archives), "
        "1 February 2012."
    ) in southby
    html = (tmp_path / "site/councils/southby/index.html").read_text(encoding="utf-8")
    assert '<a href="../../councils/eastby/">Eastby</a> and <a href="../../councils/northby/">Northby</a>' in html


def test_a_predecessor_with_no_profile_is_named_and_its_absence_said(content: Path, tmp_path: Path) -> None:
    path = content / "councils/northby/council.yaml"
    text = path.read_text(encoding="utf-8").replace("sources:\n", "sources:\n" + ORDER, 1)
    text += "predecessors:\n  - name: Old Northby County Council\n    date: 2013-04\n    sources: [order-2012]\n"
    path.write_text(text, encoding="utf-8")
    build(content, tmp_path / "site")
    northby = text_of(tmp_path / "site", "councils/northby/index.html")
    assert (
        "Northby took over from Old Northby County Council on April 2013. "
        "Inspections of Old Northby County Council are not recorded on this site."
    ) in northby


def test_a_predecessor_must_cite_a_source_and_name_a_real_folder(content: Path) -> None:
    path = content / "councils/northby/council.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "predecessors:\n  - name: Old Northby\n    council: oldnorthby\n    date: 2013\n")
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert "predecessors item is missing the required key 'sources'" in result.stdout
    assert "there is no council folder 'oldnorthby'" in result.stdout


def test_real_successor_councils_cite_the_order_that_created_them() -> None:
    for slug, order in [
        ("cumberland", "The Cumbria (Structural Changes) Order 2022"),
        ("westmorland-and-furness", "The Cumbria (Structural Changes) Order 2022"),
        ("north-northamptonshire", "The Northamptonshire (Structural Changes) Order 2020"),
        ("west-northamptonshire", "The Northamptonshire (Structural Changes) Order 2020"),
        ("bournemouth-christchurch-and-poole", "The Bournemouth, Dorset and Poole (Structural Changes) Order 2018"),
    ]:
        text = (ROOT / "content/councils" / slug / "council.yaml").read_text(encoding="utf-8")
        assert "predecessors:" in text and order in text, slug


def test_impossible_journeys_are_refused_with_their_lines(content: Path) -> None:
    # A council replacing itself, and a takeover dated after the successor's own inspection
    # (Southby was inspected in June 2019, so it cannot have come into being in 2020).
    southby = content / "councils/southby/council.yaml"
    text = southby.read_text(encoding="utf-8").replace("sources:\n", "sources:\n" + ORDER, 1)
    southby.write_text(
        text + "predecessors:\n  - name: Southby\n    council: southby\n    date: 2020-04-01\n"
        "    sources: [order-2012]\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert "southby/council.yaml:24:14: 'southby' is this council: a council cannot replace itself" in result.stdout
    assert "southby/council.yaml:25:11: the takeover on 2020-04-01 is after this council's own inspection" in (
        result.stdout
    )


def test_two_councils_each_replacing_the_other_are_refused(content: Path) -> None:
    replace_southby(content, "northby")
    southby = content / "councils/southby/council.yaml"
    text = southby.read_text(encoding="utf-8").replace("sources:\n", "sources:\n" + ORDER, 1)
    southby.write_text(
        text + "predecessors:\n  - name: Northby\n    council: northby\n    date: 2013-04-01\n"
        "    sources: [order-2012]\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    mutual = [line for line in result.stdout.splitlines() if "two councils cannot each replace the other" in line]
    assert [line.split("/councils/")[1].split(":")[0] for line in mutual] == [
        "northby/council.yaml",
        "southby/council.yaml",
    ]


def test_a_predecessors_untitled_source_keeps_its_brackets(content: Path, tmp_path: Path) -> None:
    path = content / "councils/northby/council.yaml"
    untitled = ORDER.replace("title: The Southby (Structural Changes) Order 2012", "title: A letter on the change")
    text = path.read_text(encoding="utf-8").replace(
        "sources:\n", "sources:\n" + untitled + "    title_is_ours: true\n", 1
    )
    text += "predecessors:\n  - name: Southby Council\n    council: southby\n    date: 2013-04-01\n"
    path.write_text(text + "    sources: [order-2012]\n", encoding="utf-8")
    build(content, tmp_path / "site")
    southby = text_of(tmp_path / "site", "councils/southby/index.html")
    assert "Source: [A letter on the change], legislation.gov.uk" in southby
