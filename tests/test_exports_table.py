"""The CSV export: exact golden text, read back by pandas as a spreadsheet would."""

import io

import pandas as pd

from tests.conftest import ROOT
from tests.fixtures import small_schedule
from webapp.exports import table

GOLDEN = ROOT / "tests" / "golden"


def golden(name: str) -> str:
    return (GOLDEN / name).read_bytes().decode("utf-8")


def test_csv_matches_the_golden_file_exactly():
    assert table.to_csv(small_schedule()) == golden("small.csv")


def test_relative_csv_has_day_numbers_and_no_dates():
    assert table.to_csv(small_schedule(None)) == golden("small-relative.csv")


def test_csv_reads_back_with_pandas_one_row_per_phase_and_milestone():
    frame = pd.read_csv(io.StringIO(table.to_csv(small_schedule())), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(table.HEADER)  # the byte order mark is not part of the first name
    assert frame["kind"].tolist() == ["phase"] * 3 + ["milestone"] * 5
    assert frame["id"].tolist() == ["induction", "maintenance", "car-t", "day8", "lp-1", "lp-2", "lp-3", "end"]
    assert frame.loc[1, ["name", "first_date", "last_date", "days"]].tolist() == [
        "Maintenance, at home", "2026-02-02", "2026-05-01", "89"]
    assert frame.loc[2, "track"] == "car-t"
    dates = pd.to_datetime(frame["first_date"], format="%Y-%m-%d")
    assert dates.min() == pd.Timestamp("2026-01-05") and dates.max() == pd.Timestamp("2026-05-01")


def test_csv_starts_with_a_byte_order_mark_and_uses_crlf_rows():
    text = table.to_csv(small_schedule())
    assert text.startswith("\ufeffkind,id,name,")
    assert text.count("\r\n") == 9


def test_formula_like_names_are_defused_for_spreadsheets():
    assert "\r\nphase,car-t,'=CAR-T (branch),car-t," in table.to_csv(small_schedule())
