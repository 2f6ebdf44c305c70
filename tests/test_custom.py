"""The uploaded protocol: the same validator as data/phases.csv, upload limits, and the packed address."""

import base64
import zlib
from datetime import date

import pytest

from webapp import custom

UPLOADED = date(2026, 11, 24)


@pytest.fixture(scope="module")
def template(catalogue):
    return custom.template_csv(catalogue.protocols["cog-sr"])


def upload(text, name="St Elsewhere ALL 2024"):
    return custom.Upload(custom.normalise(text), name, UPLOADED)


def test_template_is_the_built_in_protocol_and_reads_back_to_the_same_phases(template, catalogue):
    assert template.splitlines()[0] == ("protocol,phase,order,name,track,after,anchor,offset,length,length_min,"
                                        "length_max,unit,clock_from,until,inserts,option,setting,summary,sources,note,gate,open_end")
    assert template.splitlines()[2] == ('cog-sr,consolidation,2,Consolidation,main,induction,,,4,,,weeks,,,,,outpatient,'
                                        'Daily mercaptopurine tablets and weekly spinal taps to deepen the remission.,S3,'
                                        '4 weeks (CCG-1991).,,')
    protocol, errors = custom.parse(upload(template), catalogue.sources, catalogue.paths)
    assert errors == []
    assert protocol.phases == catalogue.protocols["cog-sr"].phases
    assert (protocol.id, protocol.name, protocol.as_of) == ("custom", "St Elsewhere ALL 2024", UPLOADED)
    assert "not checked by ALL Timeline" in protocol.version
    assert [(m.id, m.phase, m.day, m.kind) for m in protocol.milestones] == [("end", "maintenance", None, "end")]


def test_unnamed_upload_gets_a_plain_name(template, catalogue):
    assert custom.parse(upload(template, name=""), catalogue.sources, catalogue.paths)[0].name == "Your own protocol"


def test_own_source_key_is_accepted(template, catalogue):
    protocol, errors = custom.parse(upload(template.replace(",S3,", ",own,")), catalogue.sources, catalogue.paths)
    assert errors == [] and protocol.phases[1].sources == ("own",)


def row(template, line, column, value):
    """Return the template with one cell changed (line numbers as in the messages: header is line 1)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(template)))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("setting,summary", "place,summary", 1),
         "phases.csv, line 1: missing column(s) 'setting'. Fix: the header must be: protocol,phase,order,name,track,"),
        (lambda t: row(t, 3, "name", ""), "phases.csv, line 3, column 'name': is empty. Fix: fill it in."),
        (lambda t: row(t, 3, "unit", "fortnights"),
         "phases.csv, line 3, column 'unit': 'fortnights' is not a unit. Fix: use one of days, weeks, months, years."),
        (lambda t: row(t, 3, "setting", "ward"),
         "phases.csv, line 3, column 'setting': 'ward' is not a setting. Fix: use one of inpatient, inpatient-first, outpatient, home, varies."),
        (lambda t: row(t, 3, "phase", "Consolidation"),
         "phases.csv, line 3, column 'phase': 'Consolidation' is not a lowercase id. Fix: use lowercase letters, digits and dashes"),
        (lambda t: row(t, 3, "phase", "induction"),
         "phases.csv, line 3, column 'phase': 'induction' appears twice in 'cog-sr'. Fix: give each phase its own id."),
        (lambda t: row(t, 3, "track", "Branch A"),
         "phases.csv, line 3, column 'track': 'Branch A' is not a track. Fix: write 'main' or one of hsct, car-t, blinatumomab, tki."),
        (lambda t: row(t, 3, "length", "four"),
         "phases.csv, line 3, column 'length': 'four' is not a whole number of at least 1. Fix: write a whole number such as 1."),
        (lambda t: row(t, 3, "length_max", "3"),
         "phases.csv, line 3, column 'length': 4 is outside length_min..length_max. Fix: make length_min <= length <= length_max."),
        (lambda t: row(t, 3, "after", "maintenance"),
         "phases.csv, line 3, column 'after': 'maintenance' is not an earlier phase of 'cog-sr'. Fix: name a phase listed above this row"),
        (lambda t: row(t, 3, "option", "consolidation_weeks"),
         "phases.csv, line 3, column 'option': unknown option 'consolidation_weeks'. Fix: use one of induction_weeks."),
        (lambda t: row(t, 3, "option", "induction_weeks"),
         "phases.csv, line 3, column 'option': induction_weeks needs unit 'weeks' and a length_min and length_max."),
        (lambda t: row(t, 3, "sources", "S3;Smith2019"),
         "phases.csv, line 3, column 'sources': unknown source 'Smith2019'. Fix: write 'own' for your own protocol, or use a key from this app's list of sources."),
        (lambda t: row(t, 3, "protocol", "other"),
         "phases.csv, line 3, column 'protocol': 'other' differs from 'cog-sr' on line 2. Fix: upload one protocol at a time, with the same id on every row."),
        (lambda t: row(t, 3, "length", "600"),
         "phases.csv, line 3, column 'length': 600 weeks is longer than 10 years. Fix: check the number and the unit."),
        (lambda t: t.replace(",main,", ",branch,"),
         "phases.csv: no phase is on the main track. Fix: write 'main' in the track column"),
        (lambda t: t.splitlines()[0], "phases.csv: there are no phase rows. Fix: add one row per phase under the header."),
        (lambda t: "", "phases.csv: cannot be read as UTF-8 CSV (No columns to parse from file). Fix: save it as UTF-8 CSV."),
    ],
    ids=["missing-column", "empty-cell", "unit", "setting", "phase-id", "duplicate-phase", "track", "length-number",
         "length-range", "after", "option-name", "option-range", "source", "two-protocols", "too-long", "no-main",
         "no-rows", "empty-file"],
)
def test_each_broken_rule_gives_its_message(template, catalogue, change, message):
    protocol, errors = custom.parse(upload(change(template)), catalogue.sources, catalogue.paths)
    assert protocol is None
    assert any(e.startswith(message) for e in errors), errors


def test_every_error_is_listed_at_once_in_line_order(template, catalogue):
    broken = row(row(template, 5, "unit", "fortnights"), 2, "setting", "ward")
    _, errors = custom.parse(upload(broken), catalogue.sources, catalogue.paths)
    # Rows that follow a broken row are not reported again for it ("not an earlier phase").
    assert errors == [
        "phases.csv, line 2, column 'setting': 'ward' is not a setting. Fix: use one of inpatient, inpatient-first, outpatient, home, varies.",
        "phases.csv, line 5, column 'unit': 'fortnights' is not a unit. Fix: use one of days, weeks, months, years.",
    ]


def test_too_many_rows_are_refused(catalogue):
    header = "protocol,phase,order,name,track,after,length,length_min,length_max,unit,clock_from,option,setting,summary,sources,note\n"
    rows = [f"big,p{i},{i},Phase {i},main,{'p' + str(i - 1) if i > 1 else ''},1,,,days,,,home,x,own,\n" for i in range(1, 62)]
    _, errors = custom.parse(upload(header + "".join(rows)), catalogue.sources, catalogue.paths)
    assert "phases.csv: 61 phase rows; the most is 60. Fix: upload one protocol at a time." in errors


def test_whole_schedule_longer_than_ten_years_is_refused(catalogue):
    header = "protocol,phase,order,name,track,after,length,length_min,length_max,unit,clock_from,option,setting,summary,sources,note\n"
    rows = "".join(f"long,p{i},{i},Phase {i},main,{'p' + str(i - 1) if i > 1 else ''},6,,,years,,,home,x,own,\n" for i in (1, 2))
    _, errors = custom.parse(upload(header + rows), catalogue.sources, catalogue.paths)
    assert errors == ["phases.csv: the whole schedule lasts 4383 days; this tool draws up to 10 years. Fix: check the lengths and units."]


def test_token_round_trip_is_url_safe_and_short(template):
    original = upload(template)
    token = custom.encode(original)
    assert custom.decode(token) == original
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert len(token) < 1300


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "it is empty"),
        ("A" * 6001, "it is 6001 characters long; the most is 6000"),
        ("abc$def", "it has characters that a packed protocol never contains"),
        ("abcdef", "it is damaged"),
        (base64.urlsafe_b64encode(zlib.compress(b'{"v":2,"name":"","uploaded":"2026-01-01","csv":""}')).decode().rstrip("="),
         "it was not made by this version of the upload page"),
        (base64.urlsafe_b64encode(zlib.compress(b"x" * 200_000)).decode().rstrip("="),
         "it is incomplete or unpacks to more than 100 KB"),
    ],
    ids=["empty", "too-long", "bad-characters", "damaged", "other-version", "zip-bomb"],
)
def test_bad_tokens_are_refused_with_a_reason(token, message):
    with pytest.raises(custom.TokenError, match=message.replace("$", r"\$")):
        custom.decode(token)


def test_cut_short_token_is_refused(template):
    token = custom.encode(upload(template))
    with pytest.raises(custom.TokenError):
        custom.decode(token[: len(token) // 2])
