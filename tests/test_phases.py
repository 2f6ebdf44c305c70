"""Loading data/*.csv: the real files load; each broken rule stops start-up with file, line, column, fix."""


import pytest

from tests.conftest import edit
from webapp.catalogue import load
from webapp.phases import DataError


def test_real_data_loads(catalogue):
    assert sorted(catalogue.protocols) == [
        "aall1331", "aieop-bfm-2017", "aieop-bfm-2017-hr", "alltogether1", "calgb-10403", "cog-hr", "cog-sr", "dfci-16-001",
        "general", "graall-2005", "hyper-cvad", "interfant-06", "ph-positive-adult", "relapse-hr-blinatumomab", "t-all", "total-xvii", "ukall2011",
    ]
    assert [p.id for p in catalogue.protocols["cog-sr"].phases] == [
        "induction", "consolidation", "im1", "di", "im2", "maintenance"
    ]
    assert catalogue.protocols["cog-sr"].phases[-1].clock_from == "im1"


def test_every_phase_and_milestone_cites_a_known_source(catalogue):
    for protocol in catalogue.protocols.values():
        for item in (*protocol.phases, *protocol.milestones):
            assert item.sources, item.id
            assert set(item.sources) <= set(catalogue.sources)


def test_every_statistic_has_a_year(catalogue):
    assert all(len(f.year) == 4 for f in catalogue.facts)
    texts = " ".join(f.text for f in catalogue.facts)
    # The seed's own figures (Cleveland Clinic, 2021).
    assert "89%" in texts and "37%" in texts


BROKEN = [
    ("phases.csv", "cog-sr,induction,1,Induction,main,,,,29,", "cog-sr,induction,1,Induction,main,,,,twenty-nine,",
     "data/phases.csv, line 2, column 'length': 'twenty-nine' is not a whole number of at least 1. Fix:"),
    ("phases.csv", ",induction,,,4,,,weeks,", ",induction,,,4,,,fortnights,",
     "data/phases.csv, line 3, column 'unit': 'fortnights' is not a unit. Fix: use one of days, weeks, months, years."),
    ("phases.csv", "cog-sr,consolidation,2,Consolidation,main,induction,", "cog-sr,consolidation,2,Consolidation,main,inducton,",
     "data/phases.csv, line 3, column 'after': 'inducton' is not an earlier phase of 'cog-sr'"),
    ("phases.csv", ",2,,,years,im1,", ",2,,,years,im9,",
     "data/phases.csv, line 7, column 'clock_from': 'im9' is not an earlier phase of 'cog-sr'"),
    ("phases.csv", ",outpatient,Daily mercaptopurine", ",at-the-beach,Daily mercaptopurine",
     "data/phases.csv, line 3, column 'setting': 'at-the-beach' is not a setting"),
    ("phases.csv", "remission.,S3;S5;S10;S12;S108,", "remission.,S3;S99,",
     "data/phases.csv, line 2, column 'sources': unknown source 'S99'. Fix: add it to data/sources.csv"),
    ("phases.csv", "cog-sr,consolidation,2,", "cog-sr,induction,2,",
     "data/phases.csv, line 3, column 'phase': 'induction' appears twice in 'cog-sr'"),
    ("phases.csv", "cog-sr,consolidation,2,", "cog-xx,consolidation,2,",
     "data/phases.csv, line 3, column 'protocol': unknown protocol 'cog-xx'"),
    ("phases.csv", "general,induction,1,Induction,main,,,,4,4,6,", "general,induction,1,Induction,main,,,,7,4,6,",
     "data/phases.csv, line 47, column 'length': 7 is outside length_min..length_max"),
    ("phases.csv", "general,induction,1,Induction,main,,,,4,4,6,weeks,,,,,", "general,induction,1,Induction,main,,,,4,4,6,weeks,,,,chemo_days,",
     "data/phases.csv, line 47, column 'option': unknown option 'chemo_days'"),
    ("options.csv", "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,consolidation,length,77,days,",
     "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,consolidation,longer,77,days,",
     "data/options.csv, line 13, column 'change': 'longer' is not a change. Fix: write 'length', 'omit', or leave it "
     "empty when the value changes nothing."),
    ("options.csv", "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,consolidation,length,77,days,",
     "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,consolidation,length,77,fortnights,",
     "data/options.csv, line 13, column 'unit': 'fortnights' is not a unit"),
    ("options.csv", "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,consolidation,",
     "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,im9,",
     "data/options.csv, line 13, column 'phase': 'im9' is not a main phase of 't-all'."),
    ("options.csv", "t-all,nelarabine,Nelarabine,,yes,", "t-all,start,Nelarabine,,yes,",
     "data/options.csv, line 13, column 'option': 'start' cannot name a URL parameter"),
    ("options.csv", "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,", "t-all,nelarabine,Nelarabine,,yes,With nelarabine,yes,",
     "data/options.csv, line 12: option 'nelarabine' of 't-all' has 2 defaults. Fix: keep one."),
    ("options.csv", "general,induction_weeks,Length of induction,As the protocol says,4,4 weeks,,induction,length,4,weeks,",
     "general,induction_weeks,Length of induction,As the protocol says,4,4 weeks,,induction,omit,,,",
     "data/options.csv, line 16, column 'change': the first phase cannot be left out."),
    ("milestones.csv", "t-all,cons-lp5,consolidation,57,,lp,Spinal tap with intrathecal methotrexate,LP,S102,\"With "
     "nelarabine: AALL0434 gives the consolidation taps on Days 15, 22, 57 and 64.\",nelarabine=yes",
     "t-all,cons-lp5,consolidation,57,,lp,Spinal tap with intrathecal methotrexate,LP,S102,\"With "
     "nelarabine: AALL0434 gives the consolidation taps on Days 15, 22, 57 and 64.\",nelarabine=maybe",
     "data/milestones.csv: milestone 'cons-lp5' of 't-all' is drawn with 'nelarabine=maybe', which 't-all' does not declare."),
    ("options.csv", "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,consolidation,length,77,",
     "t-all,nelarabine,Nelarabine,,yes,With nelarabine,,consolidation,length,60,",
     "data/milestones.csv: milestone 'cons-lp6' of 't-all' falls after the last day of 'consolidation' with nelarabine=yes."),
    ("phases.csv", "cog-sr,im1,3,Interim maintenance I,main,consolidation,", "cog-sr,im1,3,Interim maintenance I,main,induction,",
     "data/phases.csv, line 4, column 'after': main-track phases must follow each other; got 'induction'. Fix: write 'consolidation'."),
    ("phases.csv", "cog-sr,induction,1,Induction,", "cog-sr,induction,1,,",
     "data/phases.csv, line 2, column 'name': is empty. Fix: fill it in."),
    ("phases.csv", "protocol,phase,order,name,track,after,anchor,offset,length,", "protocol,phase,order,name,track,after,anchor,offset,duration,",
     "data/phases.csv, line 1: missing column(s) 'length'. Fix: the header must be:"),
    ("phases.csv", "*,cart-stay,114,If CAR-T: stay near the treatment centre,car-t,cart-lymphodepletion,,1,",
     "*,cart-stay,114,If CAR-T: stay near the treatment centre,car-t,cart-lymphodepletion,middle,1,",
     "column 'anchor': 'middle' is not an anchor. Fix: write 'end' (the default) or 'start'."),
    ("phases.csv", "*,cart-stay,114,If CAR-T: stay near the treatment centre,car-t,cart-lymphodepletion,,1,",
     "*,cart-stay,114,If CAR-T: stay near the treatment centre,car-t,cart-lymphodepletion,,-400,",
     "column 'offset': '-400' is not a whole number of at least -366"),
    ("phases.csv", "*,cart-stay,114,If CAR-T: stay near the treatment centre,car-t,",
     "*,cart-stay,114,If CAR-T: stay near the treatment centre,chemo,",
     "column 'track': 'chemo' is not a track. Fix: write 'main' or one of hsct, car-t, blinatumomab, tki."),
    ("phases.csv", "main,,,,29,,35,days,,,,,inpatient-first", "main,,,,29,,35,days,,,yes,,inpatient-first",
     "data/phases.csv, line 2, column 'inserts': only branch steps can insert themselves into the main road"),
    ("phases.csv", "tki,,start,,,,,days,,maintenance,", "tki,,start,,,,,days,,,",
     "column 'length': is empty. Fix: fill it in, or name the phase this one lasts 'until'."),
    ("phases.csv", "days,,maintenance,,,home,\"A tablet such as", "days,,maint,,,home,\"A tablet such as",
     "data/phases.csv: step 'tki' of branch 'tki' names until 'maint', which 'cog-hr' does not have."),
    ("milestones.csv", "cog-sr,day8-mrd,induction,8,", "cog-sr,day8-mrd,induction,30,",
     "data/milestones.csv, line 3, column 'day': Day 30 is after the phase's last day (Day 29)"),
    ("milestones.csv", "cog-sr,day8-mrd,induction,8,", "cog-sr,day8-mrd,inductio,8,",
     "data/milestones.csv, line 3, column 'phase': 'inductio' is not a phase of 'cog-sr'"),
    ("milestones.csv", ",8,,check,Day 8", ",8,,party,Day 8",
     "data/milestones.csv, line 3, column 'kind': 'party' is not a kind"),
    ("milestones.csv", "cog-sr,maint-lp,maintenance,1,84,", "cog-sr,maint-lp,maintenance,1,0,",
     "data/milestones.csv, line 15, column 'repeat_every': '0' is not a whole number of at least 1"),
    ("protocols.csv", ",2021-01-01,,,S3;", ",2021-13-01,,,S3;",
     "data/protocols.csv, line 2, column 'as_of': '2021-13-01' is not a date. Fix: write it as YYYY-MM-DD."),
    ("protocols.csv", ",2019-01-01,,,S23;S101,", ",2019-01-01,cog-xx,,S23;S101,",
     "data/protocols.csv, line 5, column 'phases_from': 'cog-xx' is not a protocol with its own phases"),
    ("protocols.csv", ",2023-01-01,,tki,", ",2023-01-01,,radiation,",
     "data/protocols.csv, line 7, column 'always': 'radiation' is not a branch"),
    ("sources.csv", "S3,\"Matloub", "S1,\"Matloub",
     "data/sources.csv, line 5, column 'key': 'S1' appears twice"),
    ("sources.csv", ",2021,https://my.clevelandclinic.org", ",2021,my.clevelandclinic.org",
     "data/sources.csv, line 2, column 'url': 'my.clevelandclinic.org"),
    ("panels.csv", "cog-sr,di,", "cog-sr,dx,",
     "data/panels.csv, line 5, column 'phase': 'dx' is not a phase of 'cog-sr'"),
    ("facts.csv", "\",2021,S8", "\",recent,S8",
     "data/facts.csv, line 4, column 'year': 'recent' is not a year. Fix: every statistic shows the year"),
    ("branches.csv", "cog-sr,car-t,induction,", "cog-sr,car-t,inductio,",
     "data/branches.csv, line 3, column 'attach': 'inductio' is not a main phase of 'cog-sr'. Fix: name one."),
    ("branches.csv", "cog-sr,car-t,induction,", "cog-sr,car-t,,",
     "data/branches.csv, line 3, column 'attach': 'cog-sr' uses the shared 'car-t' steps, which need the main phase"),
    ("branches.csv", "R23;R24;R31,risk_group=low", "R23;R24;R31,risk_group=lowest",
     "data/branches.csv: 'hsct' of 'aall1331' names not_with risk_group=lowest, which 'aall1331' does not declare."),
    ("branches.csv", "R23;R24;R31,risk_group=low", "R23;R24;R31,risk_group=high",
     "data/branches.csv: 'hsct' of 'aall1331' names not_with risk_group=high, which is the option's default or a path "
     "always drawn. Fix: name another value."),
    ("branches.csv", "R23;R24;R31,risk_group=low", "R23;R24;R31,risk_group",
     "column 'not_with': 'risk_group' is not option=value. Fix: write e.g. risk_group=low"),
    ("branches.csv", "cog-sr,car-t,induction,", "cog-sr,radiation,induction,",
     "data/branches.csv, line 3, column 'branch': 'radiation' is not a branch"),
    ("branch_panels.csv", "tki,Targeted drug", "tko,Targeted drug",
     "data/branches.csv, line 6, column 'branch': 'tki' is not a branch. Fix: use one of hsct, car-t, blinatumomab, tko "
     "(data/branch_panels.csv)."),
    ("branch_panels.csv", "tki,Targeted drug", "hsct,Targeted drug",
     "data/branch_panels.csv, line 5, column 'branch': 'hsct' is not a branch id of its own"),
    ("phases.csv", 'with no planned end.",,yes', 'with no planned end.",,forever',
     "column 'open_end': 'forever' is not yes or empty. Fix: write 'yes' or leave it empty."),
    ("branch_panels.csv", "If transplant,#882255,", "If transplant,red,",
     "data/branch_panels.csv, line 2, column 'colour': 'red' is not a colour. Fix: write it as #RRGGBB"),
    ("branch_panels.csv", "If transplant,#882255,", "If transplant,,",
     "data/branch_panels.csv, line 2, column 'colour': is empty. Fix: fill it in."),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), BROKEN, ids=[c[3][:60] for c in BROKEN])
def test_each_broken_rule_names_file_line_column_and_fix(data_dir, name, old, new, message):
    edit(data_dir / name, old, new)
    with pytest.raises(DataError) as caught:
        load(data_dir)
    assert any(message in error for error in caught.value.errors), caught.value.errors


def test_missing_panel_is_reported(data_dir):
    path = data_dir / "panels.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("cog-sr,im2,")), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(data_dir)
    assert caught.value.errors == [
        "data/panels.csv: no panel for phase 'im2' of 'cog-sr'. Fix: add a row explaining it."
    ]


def test_missing_file_is_reported(data_dir):
    (data_dir / "milestones.csv").unlink()
    with pytest.raises(DataError) as caught:
        load(data_dir)
    assert caught.value.errors == ["data/milestones.csv: file not found. Fix: restore it from the repository."]


def test_not_utf8_is_reported(data_dir):
    (data_dir / "sources.csv").write_bytes("key,title\nS1,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError) as caught:
        load(data_dir)
    assert caught.value.errors[0].startswith("data/sources.csv: cannot be read as UTF-8 CSV")


def test_all_errors_are_listed_at_once(data_dir):
    edit(data_dir / "phases.csv", ",induction,,,4,,,weeks,", ",induction,,,4,,,fortnights,")
    edit(data_dir / "milestones.csv", ",8,,check,Day 8", ",8,,party,Day 8")
    with pytest.raises(DataError) as caught:
        load(data_dir)
    assert len(caught.value.errors) >= 2
