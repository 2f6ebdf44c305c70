"""Loading data/help.csv, glossary.csv and after.csv: the real files load; each broken rule names file, line, column, fix."""

import csv
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, edit
from webapp import create_app
from webapp.catalogue import load as load_catalogue
from webapp.guide import load
from webapp.phases import DataError


@pytest.fixture(scope="session")
def guide(app):
    return app.extensions["all_timeline.guide"]


def test_real_help_panels_load(guide):
    assert [g.id for g in guide.panels["questions"]] == ["from-the-seed", "practical"]
    # Issue 10: when to call the care team first, then emergency services, T-cell only signs, and last the signs
    # for people not yet diagnosed.
    assert [g.id for g in guide.panels["urgent"]] == ["call-team", "emergency", "svc", "see-a-doctor"]
    call, emergency, svc, seed = guide.panels["urgent"]
    assert call.title == "Call your care team now, day or night" and len(call.items) == 12
    assert call.items[0].startswith("A fever: a temperature of 38.0 °C (100.4 °F) or more.")
    assert call.items[0].endswith("The number your care team gave you comes first.")
    assert call.summary.startswith("Call your care team now, day or night, for a fever of 38.0 °C (100.4 °F) or more")
    assert emergency.title == "Call emergency services (for example 911, 999 or 112)" and len(emergency.items) == 4
    assert svc.title == "T-cell ALL only: superior vena cava (SVC) syndrome, an emergency"
    assert len(svc.items) == 7 and svc.sources == ("S1",) and svc.protocols == ("t-all",)
    assert seed.title == "Not diagnosed yet? Signs to see a doctor about" and seed.summary == ""
    assert [g.protocols for g in (call, emergency, seed)] == [(), (), ()]
    assert len(guide.panels["questions"][0].items) == 7


@pytest.mark.parametrize(("protocol", "groups"), [
    ("cog-sr", ["call-team", "emergency", "see-a-doctor"]),
    ("t-all", ["call-team", "emergency", "svc", "see-a-doctor"]),
    (None, ["call-team", "emergency", "svc", "see-a-doctor"]),
])
def test_urgent_groups_a_protocol_shows(guide, protocol, groups):
    assert [g.id for g in guide.groups("urgent", protocol)] == groups


def help_rows():
    with (ROOT / "data" / "help.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_warning_sign_cites_a_public_source(catalogue):
    signs = [row for row in help_rows() if row["panel"] == "urgent" and row["kind"] in ("item", "summary")]
    assert len(signs) == 30
    for row in signs:
        keys = [k for k in row["sources"].split(";") if k]
        assert keys, row["text"]
        for key in keys:
            source = catalogue.sources[key]
            assert source.title and source.publisher and source.url.startswith(("https://", "http://")), key


def test_the_new_help_sources_are_named_in_full(catalogue):
    assert catalogue.sources["S201"].publisher == "Children's Cancer and Leukaemia Group (CCLG)"
    assert catalogue.sources["S204"].url == "https://childrensoncologygroup.org/fever"
    assert catalogue.sources["S210"].year == "2015"


def test_only_title_rows_name_protocols():
    named = [(row["group"], row["kind"], row["protocols"]) for row in help_rows() if row.get("protocols")]
    assert named == [("svc", "title", "t-all")]


def test_glossary_has_the_terms_the_panels_use(guide):
    ids = {t.id for t in guide.terms}
    assert ids >= {"remission", "mrd", "lumbar-puncture", "intrathecal", "anc", "leukapheresis", "engraftment",
                   "gvhd", "crs", "icans", "induction", "consolidation", "maintenance", "bone-marrow",
                   "central-line", "blood-counts"}
    names = [t.term.casefold() for t in guide.terms]
    assert names == sorted(names)


def test_glossary_sources_are_known(guide, catalogue):
    for term in guide.terms:
        assert set(term.sources) <= set(catalogue.sources), term.id


def load_all(data_dir):
    loaded = load_catalogue(data_dir)
    return load(data_dir, loaded.sources, loaded.protocols)


BROKEN = [
    ("help.csv", "urgent,svc,item,Dizziness,S1", "urgent,svc,item,Dizziness,",
     "data/help.csv, line 43, column 'sources': a warning sign without a source. Fix: cite the source key, such as S1."),
    ("help.csv", "urgent,svc,item,Headaches,S1", "urgent,svc,item,Headaches,S999",
     "data/help.csv, line 45, column 'sources': unknown source 'S999'. Fix: add it to data/sources.csv"),
    ("help.csv", "urgent,svc,item,Headaches,S1", "urgent,svc,note,Headaches,S1",
     "data/help.csv, line 45, column 'kind': 'note' is not a kind of row. Fix: use one of title, intro, summary, item."),
    ("help.csv", "questions,practical,item,What should", "faq,practical,item,What should",
     "data/help.csv, line 15, column 'panel': 'faq' is not a panel. Fix: use one of questions, urgent."),
    ("help.csv", "urgent,see-a-doctor,title,", "urgent,see-a-doctor,heading,",
     "data/help.csv, line 48, column 'kind': 'heading' is not a kind of row. Fix: use one of title, intro, summary, "
     "item."),
    ("help.csv", "urgent,see-a-doctor,item,Fever,S1", "urgent,see-doctor,item,Fever,S1",
     "data/help.csv, line 50, column 'group': group 'see-doctor' of 'urgent' has no title row above this row. "
     "Fix: start the group with a row of kind 'title'."),
    ("help.csv", "urgent,svc,item,Blurred vision,S1", "urgent,svc,title,Blurred vision,S1",
     "data/help.csv, line 46, column 'group': group 'svc' of 'urgent' has a second title. Fix:"),
    ("help.csv", "urgent,svc,item,Headaches,S1", "urgent,svc,item,,S1",
     "data/help.csv, line 45, column 'text': is empty. Fix: fill it in."),
    # The `protocols` column: ids from protocols.csv, on a group's title row only.
    ("help.csv", "an emergency\",,t-all", "an emergency\",,t-cell",
     "data/help.csv, line 38, column 'protocols': 't-cell' is not a protocol. Fix: use ids from data/protocols.csv: "
     "aall1331, aieop-bfm-2017, aieop-bfm-2017-hr, alltogether1, calgb-10403, cog-hr, cog-sr, dfci-16-001, general, "
     "graall-2005, hyper-cvad, interfant-06, ph-positive-adult, relapse-hr-blinatumomab, t-all, total-xvii, "
     "ukall2011."),
    ("help.csv", "an emergency\",,t-all", "an emergency\",,t-all;cog-sr;nope",
     "data/help.csv, line 38, column 'protocols': 'nope' is not a protocol."),
    ("help.csv", "urgent,svc,item,Dizziness,S1", "urgent,svc,item,Dizziness,S1,t-all",
     "data/help.csv, line 43, column 'protocols': only a group's title row says which protocols it is for. "
     "Fix: move 't-all' to the title row of group 'svc'."),
    # A summary sentence of warning signs is a medical fact too; one per group.
    ("help.csv", "call emergency services.\",S1", "call emergency services.\",",
     "data/help.csv, line 40, column 'sources': a summary of warning signs without a source. Fix: cite the sources"),
    ("help.csv", "urgent,svc,intro,", "urgent,svc,summary,",
     "data/help.csv, line 40, column 'kind': group 'svc' has a second summary. Fix: keep one summary sentence."),
    ("glossary.csv", "thymus,Thymus,thymus gland,", "thymus,Thymus,marrow,",
     "data/glossary.csv, line 33, column 'also': 'marrow' already links to 'bone-marrow'. Fix: remove it here"),
    ("glossary.csv", "thymus,Thymus,", "remission,Thymus,",
     "data/glossary.csv, line 33, column 'id': 'remission' appears twice. Fix: give each term its own id."),
    ("glossary.csv", "thymus,Thymus,", "Thymus Gland,Thymus,",
     "data/glossary.csv, line 33, column 'id': 'Thymus Gland' is not a lowercase id."),
    ("glossary.csv", "near the neck.\",S1", "near the neck.\",S1;S404",
     "data/glossary.csv, line 33, column 'sources': unknown source 'S404'."),
    ("glossary.csv", "\"A small gland in the upper front of the chest, near the neck.\"", "\"\"",
     "data/glossary.csv, line 33, column 'definition': is empty. Fix: fill it in."),
    ("glossary.csv", "id,term,also,definition,sources", "id,term,definition,sources",
     "data/glossary.csv, line 1: missing column(s) 'also'. Fix: the header must be: id,term,also,definition,sources."),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), BROKEN)
def test_broken_guide_data_names_file_line_column_and_fix(data_dir, name, old, new, message):
    edit(data_dir / name, old, new)
    with pytest.raises(DataError) as caught:
        load_all(data_dir)
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors


def test_a_missing_guide_file_stops_start_up(data_dir):
    (data_dir / "glossary.csv").unlink()
    with pytest.raises(DataError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert caught.value.errors == ["data/glossary.csv: file not found. Fix: restore it from the repository."]


def test_bad_guide_data_stops_the_production_entry_point(data_dir):
    edit(data_dir / "help.csv", "urgent,svc,item,Dizziness,S1", "urgent,svc,item,Dizziness,")
    env = {**os.environ, "ALL_TIMELINE_DATA_DIR": str(data_dir)}
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "ALL Timeline cannot start: the data files have problems." in result.stderr
    assert ("data/help.csv, line 43, column 'sources': a warning sign without a source. "
            "Fix: cite the source key, such as S1.") in result.stderr
    assert "Traceback" not in result.stderr


def test_after_treatment_points_load_in_file_order_with_sources(guide):
    assert len(guide.after) == 7
    assert guide.after[0].text.startswith("Check-ups go on after the last day of treatment")
    assert guide.after[0].sources == ("S150", "S151", "S152")
    assert all(point.sources for point in guide.after)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("many people never have them.\",S150", "many people never have them.\",",
     "data/after.csv, line 8, column 'sources': a follow-up point without a source. Fix: cite the source key"),
    ("many people never have them.\",S150", "many people never have them.\",S404",
     "data/after.csv, line 8, column 'sources': unknown source 'S404'."),
    ("text,sources", "point,sources", "data/after.csv, line 1: missing column(s) 'text'."),
])
def test_broken_after_treatment_points_name_file_line_column_and_fix(data_dir, old, new, message):
    edit(data_dir / "after.csv", old, new)
    with pytest.raises(DataError) as caught:
        load_all(data_dir)
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors
