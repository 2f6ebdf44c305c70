"""plotly.js's locale in the chart's config: its mode bar and notes through gettext, its month and number pieces CLDR's."""

from datetime import date

import pytest

from webapp import chart, chart_locale, i18n
from webapp.schedule import build

TRANSLATED = [code for code in i18n.REGISTRY if code != i18n.DEFAULT]
# The chart's own buttons (chart.CONFIG's allow-list), by the English title plotly.js 4.1.1 gives each.
BUTTONS = [name for group in chart.CONFIG["modeBarButtons"] for name in group]


def _locale(code: str) -> tuple[str, dict]:
    with i18n.active(code):
        config = chart_locale.config()
    assert list(config["locales"]) == [config["locale"]]
    return config["locale"], config["locales"][config["locale"]]


@pytest.mark.parametrize("code", list(i18n.REGISTRY))
def test_the_config_names_the_registrys_plotly_locale(code):
    name, _ = _locale(code)
    assert name == (i18n.REGISTRY[code].plotly_locale or "en")


def test_every_button_of_the_chart_has_its_title_in_the_dictionary():
    assert BUTTONS == ["toImage", "zoomIn2d", "zoomOut2d", "resetScale2d"]
    assert set(BUTTONS) <= set(chart_locale.BUTTON_TITLES)
    _, english = _locale("en")
    assert [english["dictionary"][chart_locale.BUTTON_TITLES[b]] for b in BUTTONS] == [
        "Download plot as a PNG", "Zoom in", "Zoom out", "Reset axes"]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_plotly_word_is_in_the_pages_language(code):
    _, locale = _locale(code)
    words = locale["dictionary"]
    assert set(words) == {*chart_locale.BUTTON_TITLES.values(), *chart_locale.NOTES}
    assert [english for english, text in words.items() if text == english] == []


def test_arabic_mode_bar_and_months_are_arabic():
    name, locale = _locale("ar")
    assert name == "ar"
    words = locale["dictionary"]
    assert [words[chart_locale.BUTTON_TITLES[b]] for b in BUTTONS] == [
        "تنزيل الرسم البياني كصورة (PNG)", "تكبير", "تصغير", "العودة إلى العرض الأول"]
    # CLDR's Arabic months; the vendored plotly-locale-ar file names May "آذار" (March) and has no dictionary.
    assert locale["format"]["months"][:5] == ["يناير", "فبراير", "مارس", "أبريل", "مايو"]
    assert locale["format"]["days"][0] == "الأحد"  # plotly.js counts from Sunday


@pytest.mark.parametrize(("code", "short_months", "short_days", "decimal", "thousands"), [
    ("en", ["Jan", "Feb"], ["Sun", "Mon"], ".", ","),
    ("es", ["ene", "feb"], ["dom", "lun"], ",", "."),
    ("fr", ["janv.", "févr."], ["dim.", "lun."], ",", "\u202f"),
    ("pt", ["jan.", "fev."], ["dom.", "seg."], ",", "."),
    ("ar", ["يناير", "فبراير"], ["الأحد", "الاثنين"], ".", ","),
    ("zh", ["1月", "2月"], ["周日", "周一"], ".", ","),
])
def test_date_and_number_pieces_are_cldrs(code, short_months, short_days, decimal, thousands):
    _, locale = _locale(code)
    pieces = locale["format"]
    assert pieces["shortMonths"][:2] == short_months and len(pieces["shortMonths"]) == 12
    assert pieces["shortDays"][:2] == short_days and len(pieces["days"]) == 7
    assert (pieces["decimal"], pieces["thousands"]) == (decimal, thousands)


def test_the_figure_carries_the_locale_in_its_config(cog_sr):
    with i18n.active("fr"):
        config = chart.figure(build(cog_sr, date(2026, 1, 5)))["config"]
    assert config["locale"] == "fr"
    assert config["locales"]["fr"]["dictionary"]["Zoom in"] == "Zoom avant"
    assert config["modeBarButtons"] == chart.CONFIG["modeBarButtons"]
