"""`build.py new`: a new council that passes check and builds, with no facts invented: what
Ofsted's record knows is filled in as the importer writes it, and any name is written safely."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import FIXTURE_CONTENT, ROOT, build, run_cli

from councilprofiles.editors.new_council import create_council
from councilprofiles.load.councils import load_content
from councilprofiles.model import Region, slug_for

DATA = ROOT / "data/ofsted-ilacs"


def test_new_council_in_ofsteds_record_is_filled_in_from_it(content: Path, tmp_path: Path) -> None:
    # One of Wokingham's statistical neighbours has a folder; the others are left out, as check requires.
    assert run_cli("new", "Bracknell Forest", "--content", str(content)).returncode == 0
    result = run_cli("new", "Wokingham", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "from Ofsted's record of Wokingham" in result.stdout
    text = (content / "councils/wokingham/council.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/council.schema.json\n")
    facts = yaml.safe_load(text)
    assert (facts["region"], facts["ofsted_urn"], facts["dfe_code"]) == ("South East", 80582, 872)
    assert facts["website"] == "https://wokingham.gov.uk/"
    assert facts["ofsted_reports"] == "https://reports.ofsted.gov.uk/provider/44/80582"
    assert facts["statistical_neighbours"] == ["bracknell-forest"]  # only the neighbours that have a folder
    assert [i["id"] for i in facts["inspections"]] == ["sif-2016-01-05", "ilacs-2019-07-15", "ilacs-2023-05-09"]
    assert all(record["imported"] is True for record in facts["inspections"] + facts["sources"])
    ilacs = facts["inspections"][1]
    assert ilacs["lead_inspector"] == "Nigel Parkes"
    assert ilacs["judgements"]["overall_effectiveness"] == "requires improvement to be good"
    assert run_cli("check", "--content", str(content)).returncode == 0
    build(content, tmp_path / "site")


def test_new_writes_what_import_ofsted_writes(content: Path, tmp_path: Path) -> None:
    """The importer's own functions make the records, so a later import finds them its own:
    importing into a folder `new` made changes nothing."""
    assert run_cli("new", "Wokingham", "--content", str(content)).returncode == 0
    # Ofsted's record of Wokingham alone: its neighbours then have no reports, and so no folders.
    history = (DATA / "ofsted_csc_ilacs_history.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    wokingham = tmp_path / "history.csv"
    wokingham.write_text(history[0] + "".join(line for line in history if ",wokingham," in line), encoding="utf-8")
    data = [str(wokingham), str(DATA / "Provider_data_lookup.csv")]
    path = content / "councils/wokingham/council.yaml"
    before = path.read_text(encoding="utf-8")
    result = run_cli("import-ofsted", *data, "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 updated" in result.stdout
    assert path.read_text(encoding="utf-8") == before, "the import changed what new wrote"


def test_region_that_contradicts_the_record_is_refused(content: Path) -> None:
    result = run_cli("new", "Wokingham", "--region", "London", "--content", str(content))
    assert result.returncode == 2
    assert "Ofsted's record places Wokingham in South East, not London: leave --region out" in result.stderr
    assert not (content / "councils/wokingham").exists()
    agreeing = run_cli("new", "Wokingham", "--region", "South East", "--content", str(content))
    assert agreeing.returncode == 0, agreeing.stderr


def test_new_council_outside_the_record_needs_region_and_website(content: Path, tmp_path: Path) -> None:
    unknown = run_cli("new", "Nowhere Town", "--content", str(content))
    assert unknown.returncode == 2 and "not in Ofsted's record: give --region and --website" in unknown.stderr
    made = run_cli(
        "new", "Nowhere Town", "--region", "North East", "--website", "https://n.example/", "--content", str(content)
    )
    assert made.returncode == 0, made.stderr
    facts = yaml.safe_load((content / "councils/nowhere-town/council.yaml").read_text(encoding="utf-8"))
    assert set(facts) == {"name", "region", "website", "sources"}  # examples stay in comments
    build(content, tmp_path / "site")
    assert "Not yet written" in (tmp_path / "site/councils/nowhere-town/index.html").read_text()


def test_new_refuses_to_overwrite_and_an_unknown_region(content: Path) -> None:
    again = run_cli(
        "new", "Northby", "--region", "North East", "--website", "https://x.example/", "--content", str(content)
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    bad_region = run_cli(
        "new", "Eastshire", "--region", "Wales", "--website", "https://e.example/", "--content", str(content)
    )
    assert bad_region.returncode == 2 and "'Wales' is not one of" in bad_region.stderr
    invisible = run_cli(
        "new", "East\nshire", "--region", "London", "--website", "https://e.example/", "--content", str(content)
    )
    assert invisible.returncode == 2 and "invisible character (U+000A)" in invisible.stderr


NAMES = st.text(
    alphabet=st.one_of(
        st.sampled_from(" :!#&*%@`|>'\"\\,-?[]{}~."),
        st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda name: slug_for(name.strip()) != "")


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES)
@example("Northby: The Borough")
@example("!Northby")
@example("Northby #1")
@example('Northby "The Borough"')
@example("Northby \\ Southby")
@example("  Northby  ")
@example("Sainte-Bénédicte-sur-Mer")
@example("yes")
@example("2019")
@example("null")
@example("- Northby")
@example("Northby\u00a0Town")
@example("Ærø: « Ville »")
def test_any_name_is_written_so_that_check_passes_and_reads_it_back_exactly(name: str) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        content = Path(temporary) / "content"
        (content / "councils").mkdir(parents=True)
        shutil.copy(FIXTURE_CONTENT / "site.yaml", content / "site.yaml")
        create_council(content, name, Region.LONDON, "https://council.example/")
        (profile,) = load_content(content).profiles  # raises, listing the problems, if check would fail
        assert profile.council.name == name.strip()
        assert profile.slug == slug_for(name.strip())
