"""A path (transplant, CAR-T, blinatumomab, TKI) is one row of data/branch_panels.csv, read by every module."""

from __future__ import annotations

from datetime import date

from werkzeug.datastructures import MultiDict

from tests.conftest import edit
from webapp import chart, forms
from webapp.catalogue import load
from webapp.schedule import Options, build


def test_the_chart_and_the_form_take_a_path_from_its_row(data_dir):
    edit(data_dir / "branch_panels.csv", "yes,Stem-cell transplant,If transplant,#882255,",
         "yes,A donor's stem cells,If a transplant,#123456,")
    catalogue = load(data_dir)
    cog_hr = catalogue.protocols["cog-hr"]
    assert cog_hr.branch("hsct").colour == "#123456" and cog_hr.branch("hsct").replaces_rest
    schedule = build(cog_hr, date(2026, 1, 5), Options(branches=("hsct",)))
    traces = [t for t in chart.figure(schedule)["data"] if t.get("name") == "If a transplant (possible path)"]
    assert traces and traces[0]["marker"]["line"]["color"] == "#123456"
    form = forms.bind(MultiDict(), catalogue.protocols, date(2026, 1, 5))
    assert ("hsct", "A donor's stem cells") in [(c.value, c.label) for c in form.branch.choices]


def test_a_new_path_is_a_new_row_not_code(data_dir):
    path = data_dir / "branch_panels.csv"
    row = path.read_text(encoding="utf-8").splitlines()[-1]  # tki
    path.write_text(path.read_text(encoding="utf-8") + row.replace("tki,", "tki-two,", 1) + "\n", encoding="utf-8")
    edit(data_dir / "branches.csv", "cog-hr,tki,induction,", "cog-hr,tki-two,induction,")
    phases = data_dir / "phases.csv"
    shared = next(line for line in phases.read_text(encoding="utf-8").splitlines() if line.startswith("*,tki,"))
    phases.write_text(phases.read_text(encoding="utf-8") + shared.replace("*,tki,121,", "*,tki-two,122,", 1)
                      .replace(",tki,,start,", ",tki-two,,start,", 1) + "\n", encoding="utf-8")
    catalogue = load(data_dir)
    assert catalogue.paths == ("hsct", "car-t", "blinatumomab", "tki", "tki-two")
    cog_hr = catalogue.protocols["cog-hr"]
    assert [b.id for b in cog_hr.branches][-1] == "tki-two"
    schedule = build(cog_hr, date(2026, 1, 5), Options(branches=("tki-two",)))
    assert schedule.phase("tki-two").start == date(2026, 1, 5)
