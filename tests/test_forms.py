"""The form's check functions: what they accept and the words they refuse with."""

from datetime import date, timedelta

from wtforms import ValidationError

from webapp import forms

EARLIEST, LATEST = date(2000, 1, 1), date(2031, 12, 3)


def outcome(parse, value: str):
    try:
        return parse(value)
    except ValidationError as exc:
        return str(exc)


def checked(value: str):
    value = value.strip()
    match = forms.ISO.match(value)
    return forms._checked_date(value, match, EARLIEST, LATEST) if match and value else forms.parse_iso_date(
        value, EARLIEST, LATEST)


def test_an_iso_date_parses_as_the_checks_say_in_range_or_not():
    days = [date(1999, 12, 1) + timedelta(days=n) for n in range(0, 12_000, 7)]
    values = [d.isoformat() for d in days] + [
        "2024-02-29", "2023-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "0000-01-01", "9999-12-31",
        " 2026-01-05 ", "2026-1-5", "20260105", "2026-W01-1", "٢٠٢٦-٠١-٠٥", "2031-12-03", "2031-12-04", "", "x"]
    for value in values:
        assert outcome(lambda v: forms.parse_iso_date(v, EARLIEST, LATEST), value) == outcome(checked, value), value
    assert forms.parse_iso_date("2024-02-29", EARLIEST, LATEST) == date(2024, 2, 29)
    assert "no month 13" in outcome(lambda v: forms.parse_iso_date(v, EARLIEST, LATEST), "2026-13-01")
