"""Loading data/help.csv, glossary.csv and after.csv: the real files load; each broken rule names file, line, column, fix."""

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
    assert [g.id for g in guide.panels["urgent"]] == ["svc", "see-a-doctor", "your-team"]
    svc = guide.panels["urgent"][0]
    assert svc.title == "Superior vena cava (SVC) syndrome: an emergency"
    assert len(svc.items) == 7 and svc.sources == ("S1",)
    assert len(guide.panels["questions"][0].items) == 7


def test_every_warning_sign_cites_the_seed(guide):
    for group in guide.panels["urgent"]:
        if group.items:
            assert group.sources == ("S1",)


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
    return load(data_dir, load_catalogue(data_dir).sources)


BROKEN = [
    ("help.csv", "urgent,svc,item,Dizziness,S1", "urgent,svc,item,Dizziness,",
     "data/help.csv, line 20, column 'sources': a warning sign without a source. Fix: cite the source key, such as S1."),
    ("help.csv", "urgent,svc,item,Headaches,S1", "urgent,svc,item,Headaches,S999",
     "data/help.csv, line 22, column 'sources': unknown source 'S999'. Fix: add it to data/sources.csv"),
    ("help.csv", "urgent,svc,item,Headaches,S1", "urgent,svc,note,Headaches,S1",
     "data/help.csv, line 22, column 'kind': 'note' is not a kind of row. Fix: use one of title, intro, item."),
    ("help.csv", "questions,practical,item,What should", "faq,practical,item,What should",
     "data/help.csv, line 15, column 'panel': 'faq' is not a panel. Fix: use one of questions, urgent."),
    ("help.csv", "urgent,see-a-doctor,title,", "urgent,see-a-doctor,heading,",
     "data/help.csv, line 25, column 'kind': 'heading' is not a kind of row. Fix: use one of title, intro, item."),
    ("help.csv", "urgent,see-a-doctor,item,Fever,S1", "urgent,see-doctor,item,Fever,S1",
     "data/help.csv, line 27, column 'group': group 'see-doctor' of 'urgent' has no title row above this row. "
     "Fix: start the group with a row of kind 'title'."),
    ("help.csv", "urgent,svc,item,Blurred vision,S1", "urgent,svc,title,Blurred vision,S1",
     "data/help.csv, line 23, column 'group': group 'svc' of 'urgent' has a second title. Fix:"),
    ("help.csv", "urgent,svc,item,Headaches,S1", "urgent,svc,item,,S1",
     "data/help.csv, line 22, column 'text': is empty. Fix: fill it in."),
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
    assert ("data/help.csv, line 20, column 'sources': a warning sign without a source. "
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
