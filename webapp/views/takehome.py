"""The take-home pages of one timeline: a wall calendar, a two-page summary and a letter for school or work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from babel import Locale
from babel.dates import format_date
from flask import render_template, request

from webapp import chart, i18n, monthgrid, registry, takehome
from webapp.formatting import delays_sentence, option_lines, recorded_text
from webapp.i18n import gettext as _
from webapp.pagecache import memoised
from webapp.views.common import (
    Timeline,
    bad_request,
    bp,
    catalogue,
    guide,
    replaced_sentence,
    sources,
    valid_timeline,
)
from webapp.views.downloads import _footer_css as footer_css
from webapp.views.downloads import pdf_download
from webapp.views.navigation import site_url

# The letter's infection precautions, in the words of data/help.csv's "call the care team" rows: a fever of
# 38.0 °C or more (S201; S202; S204) and contact with chickenpox, shingles or measles (S202; S206).
LETTER_SOURCES = ("S201", "S202", "S204", "S206")


@bp.app_template_filter("month_title")
def month_title(first: date) -> str:
    """Name a month in the active language, capitalised for a heading: 'January 2026', 'Enero 2026'."""
    return format_date(first, "LLLL y", locale=i18n.current()).capitalize()


def _page(template: str, context: Callable[[Timeline], dict], dated: bool):
    """Read and check the query, then render a take-home page, or at its `.pdf` address print it on the query's paper.

    A page that `dated` needs the first day of treatment refuses the teaching view with a 400 naming `start`.
    """
    timeline = valid_timeline()
    if dated and timeline.schedule.relative:
        return bad_request(_("start: this page needs the first day of treatment (start=YYYY-MM-DD); "
                             "the teaching view has only Day numbers."), site_url("timeline.index"))
    html = render_template(template, **_common(timeline), **context(timeline))
    if not request.path.endswith(".pdf"):
        return html
    # all-timeline-<protocol>-<start>.calendar.pdf: beside the print view's .pdf, and not the same file.
    return pdf_download(timeline.schedule, html, template.replace(".html", ".pdf"))


def _common(timeline: Timeline) -> dict:
    """Return what every take-home page shows: the plan's heading facts, its notes and the printed footer."""
    schedule = timeline.schedule
    return {
        "schedule": schedule, "timeline": timeline, "query": timeline.query(), "generated": date.today(),
        "help_protocol": timeline.help_protocol, "custom": bool(timeline.custom), "footer_css": footer_css(),
        "replaced_sentence": replaced_sentence(schedule), "recorded_sentence": recorded_text(schedule),
        "delay_sentence": delays_sentence(schedule), "option_lines": option_lines(schedule),
    }


def _calendar(timeline: Timeline) -> dict:
    schedule = timeline.schedule
    # Weeks start where the language's calendar starts them (CLDR, through Babel, in the language's likely
    # territory: webapp/languages.py): Sunday in Brazil, Saturday for Arabic (Egypt), Monday in the UK, France
    # or China; the column headers are CLDR's stand-alone names in that order.
    locale = Locale.parse(i18n.language().locale)
    first = i18n.language().first_weekday
    names = locale.days["stand-alone"]
    return {"months": monthgrid.months(schedule, first), "bands": takehome.bands(schedule),
            "weekdays": [names["abbreviated"][(first + i) % 7] for i in range(7)],
            "first_weekday": names["wide"][first], "symbols": takehome.symbols(schedule), "markers": chart.MARKERS,
            "branch_panels": catalogue().branch_panels}


def _summary(timeline: Timeline) -> dict:
    schedule = timeline.schedule
    panels = catalogue().branch_panels
    offered = [panels[b.id].name if b.id in panels else b.id for b in schedule.protocol.branches
               if schedule.possible(b.id) and b.id not in schedule.options.branches]
    cited = sources(schedule)
    # "When to call now" cites its sources by key (templates/_help_compact.html): the list names them in full.
    known = catalogue().sources
    help_keys = dict.fromkeys(k for g in guide().groups("urgent", timeline.help_protocol) if g.summary
                              for k in g.sources)
    cited += [known[k] for k in help_keys if k in known and known[k] not in cited]
    return {"offered": offered, "sources": cited, "key_checks": takehome.key_checks(schedule),
            "spinal_taps": takehome.spinal_taps(schedule), "branch_panels": panels,
            "status": registry.status_text(schedule.protocol, catalogue().protocols)}


def _letter(timeline: Timeline) -> dict:
    schedule = timeline.schedule
    known, panels = catalogue().sources, catalogue().panels
    # Where each phase happens, in data/panels.csv's plain words (an uploaded protocol has no panels).
    where = {p.id: panels[(schedule.protocol.id, p.id)].where if (schedule.protocol.id, p.id) in panels else ""
             for p in schedule.path}
    away, home = takehome.away_and_home(schedule)
    return {"absence": away, "home": home, "where": where,
            "letter_sources": [known[key] for key in LETTER_SOURCES if key in known]}


# Each page and its PDF are one view: the address's `.pdf` says which (the PDF under its own endpoint, for url_for).
@bp.get("/calendar.pdf", endpoint="calendar_pdf")
@bp.get("/calendar")
@memoised
def calendar_page():
    """Show the dated schedule as a wall calendar: one month a printed page, each day with its Day number."""
    return _page("calendar.html", _calendar, dated=True)


@bp.get("/summary.pdf", endpoint="summary_pdf")
@bp.get("/summary")
@memoised
def summary_page():
    """Show the whole plan on at most two printed pages: phases, key checks, paths, contacts, sources."""
    return _page("summary.html", _summary, dated=False)


@bp.get("/letter.pdf", endpoint="letter_pdf")
@bp.get("/letter")
@memoised
def letter_page():
    """Show a letter for the school, college or employer: how long treatment lasts and when absence is likely."""
    return _page("letter.html", _letter, dated=True)
