"""plotly.js's locale for the page's language: its own words through gettext, its date and number pieces from CLDR."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from webapp.i18n import N_, current, gettext, language

# The mode bar's buttons and the English title plotly.js 4.1.1 gives each (src/components/modebar/buttons.js):
# the chart's own buttons (chart.CONFIG) and the other 2D ones, so a button added later is not left in English.
BUTTON_TITLES = {
    "toImage": N_("Download plot as a PNG"),
    "zoom2d": N_("Zoom"),
    "pan2d": N_("Pan"),
    "select2d": N_("Box Select"),
    "lasso2d": N_("Lasso Select"),
    "zoomIn2d": N_("Zoom in"),
    "zoomOut2d": N_("Zoom out"),
    "autoScale2d": N_("Autoscale"),
    "resetScale2d": N_("Reset axes"),
    "toggleSpikelines": N_("Toggle Spike Lines"),
    "hoverClosestCartesian": N_("Show closest data on hover"),
    "hoverCompareCartesian": N_("Compare data on hover"),
}
# The notes plotly.js shows while it saves the picture, after a zoom and after a click on the legend.
NOTES = (
    N_("Download plot"),
    N_("Preparing image - this may take a few seconds"),
    N_("Image download succeeded"),
    N_("Sorry, there was a problem downloading your image!"),
    N_("Double-click to zoom back out"),
    N_("Double-click on legend to isolate one trace"),
)


def config() -> dict:
    """Return the `locale` and `locales` entries of a plotly.js config for the active language."""
    name = language().plotly_locale or "en"
    return {"locale": name, "locales": {name: _locale(current())}}


@cache
def _locale(code: str) -> dict:
    """Return one language's plotly.js locale (built once per language: its words and CLDR never change)."""
    # The vendored plotly.js locale files leave gaps (Arabic's dictionary is empty, its May reads "آذار", March) and
    # use their own spellings; a locale in the config wins over a registered one (plotly.js src/lib/localize.js).
    dictionary = {text: gettext(text) for text in (*BUTTON_TITLES.values(), *NOTES)}
    cldr = Locale.parse(language().locale)
    days, months = cldr.days["format"], cldr.months["format"]
    # plotly.js (d3) counts weekdays from Sunday; CLDR (Babel) from Monday.
    week = (6, 0, 1, 2, 3, 4, 5)
    return {
        "dictionary": dictionary,
        "format": {
            "days": [days["wide"][d] for d in week],
            "shortDays": [days["abbreviated"][d] for d in week],
            "months": [months["wide"][m] for m in range(1, 13)],
            "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
            # Latin digits, as the axis draws them: CLDR's separators for those digits (the Day axis reaches 1,000).
            "decimal": get_decimal_symbol(cldr, numbering_system="latn"),
            "thousands": get_group_symbol(cldr, numbering_system="latn"),
        },
    }
