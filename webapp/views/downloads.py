"""Print view, PDF, CSV, calendar and FHIR downloads of one timeline."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from flask import (
    abort,
    current_app,
    render_template,
    request,
)
from markupsafe import Markup
from werkzeug.exceptions import ServiceUnavailable

from webapp import custom, fragments, i18n, origin, print_part, qr
from webapp.exports import fhir, ics, identity, pdf, records, table
from webapp.formatting import delays_sentence, long_date, option_lines, recorded_text
from webapp.i18n import gettext as _
from webapp.pagecache import memoised
from webapp.protocol import Protocol
from webapp.schedule import Schedule
from webapp.views import figures
from webapp.views.common import Timeline, bp, catalogue, plan_fixed, replaced_sentence, sources, valid_timeline

QR_MAX_URL = 600  # longer addresses need QR codes too dense to scan from a 32 mm square on paper
# Every share address is unique, and segno's search for the best of the eight masks took 4.7 of its 6.8 ms
# (issue 13). Any mask makes a valid code (ISO/IEC 18004 section 7.8: the mask is written in the format
# information that readers decode first); the search only lowers a penalty score for look-alike patterns.
# Checked once: 400 share addresses (five languages, options, paths) made with this mask all read back exactly
# with zxing-cpp 3.1.1. Mask 3 is the one segno picked most often for such addresses (58 of 200).
QR_MASK = 3


def _share_url(timeline: Timeline) -> str:
    # The query without the as-of day: the page's own query unless the address gave one (one urlencode, not two).
    query = timeline.query(today="") if timeline.reading.today else timeline.query()
    return f"{origin.public_base()}?{query}"


def _qr_svg(url: str) -> Markup | None:
    """Return the address as an inline SVG QR code (segno's symbol: webapp/qr.py), or None when too long to scan."""
    if len(url) > QR_MAX_URL:
        return None
    # segno.make(url, error="m", mask=QR_MASK).svg_inline(omitsize=True, border=2, title=...), the same bytes; the
    # symbol kept per address but its start date (0.05 ms of the 0.13 the code took in a request, issue 13).
    at = url.find("?start=") + len("?start=")
    varying = (at, at + len("2026-01-05")) if at >= len("?start=") else (0, 0)
    svg = qr.inline_svg(url, QR_MASK, 2, _("QR code of this schedule's address"), varying)
    return Markup(svg)  # the title is escaped and the rest is path data


def _short_form(timeline: Timeline, share: str) -> str:
    """Return what to type instead of an address too long for a QR code: the upload page, for an uploaded protocol.

    An uploaded protocol lives only in its address (nothing is stored), so the short way back is to upload it again.
    """
    if len(share) <= QR_MAX_URL or not timeline.custom:
        return ""
    query = urlencode(i18n.url_args())
    return f"{origin.public_base()}custom" + (f"?{query}" if query else "")


def _download(body: str | bytes, mimetype: str, schedule: Schedule, extension: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{identity.filename(schedule, extension)}"'
    return response


def _print_html(timeline: Timeline) -> str:
    schedule = timeline.schedule
    share = _share_url(timeline)
    qr = _qr_svg(share)
    today = date.today()
    args = list(request.args.items(multi=True))
    own = {"delay": delays_sentence(schedule), "recorded": recorded_text(schedule), "generated": long_date(today),
           "qr": qr or "", "share-url": share}
    planned, plan = print_part.plan_key(timeline, args, origin.cache_key(), own), None
    if planned is not None:  # most print views: the kept view's plan for the kept schedule this one is moved from
        plan = fragments.planned("print.html", planned[1], planned[0])
        if plan:
            return fragments.filled(plan, schedule.start, own)
    # The heading's notes: holes of the kept print view (webapp/print_part.py), by the names its templates use.
    sentences = {"replaced": replaced_sentence(schedule), "delay": own["delay"], "recorded": own["recorded"]}
    # The whole document is kept per protocol, options, rows and language (issue 13): what the start date, the
    # day and the address change is written into its holes. An upload lives in its address: rarely asked twice,
    # and large as a key.
    key = None if timeline.custom else print_part.key(request.args.items(multi=True), schedule, sentences,
                                                      qr is not None)
    filled = print_part.holes(schedule, sentences, today)  # the kept tables' holes among them
    figure, query = figures.json(schedule, key), timeline.query()

    def context() -> dict:
        # Only to render the page: a kept one needs its holes alone (the sources and footer took 0.06 ms, issue 13).
        return {
            "schedule": schedule,
            "figure": figure,
            "generated": today,
            "sources": sources(schedule),
            "share_url": share,
            "qr": qr,
            "short_form": _short_form(timeline, share),
            "uploaded_milestones": bool(timeline.custom and custom.decode(timeline.custom).milestones),
            "share_length": len(share),
            "custom": bool(timeline.custom),
            "help_protocol": timeline.help_protocol,
            "replaced_sentence": sentences["replaced"],
            "option_lines": option_lines(schedule),
            "recorded_sentence": sentences["recorded"],
            "delay_sentence": sentences["delay"],
            "query": query,
            "footer_css": _footer_css(),
            "print_key": None if key is None else key[1],
            "print_holes": filled,
        }

    if key is None:
        return render_template("print.html", **context())
    # Made once for the kept schedule (False: a date may be left in a text, so it is filled hole by hole ever after).
    pieces = figures.pieces(schedule, key) if planned is not None and plan is None else None
    planning = None if pieces is None else fragments.Planning(
        planned[1], planned[0], schedule, print_part.OWN_HOLES, plan_fixed(args),
        {"figure": print_part.unmarked(pieces)})
    return fragments.page("print.html", key, context, _print_holes(filled, query, figure, qr, share), planning)


def _print_holes(filled: dict, query: str, figure: Markup, qr: Markup | None, share: str) -> dict:
    """Return a kept print view's per-request parts by hole name: dates, notes, chart data, address, QR code."""
    blocks: dict = {}
    current_app.update_template_context(blocks)  # what render_template adds: the language menu's addresses
    holes = dict(filled)
    holes.update({f"lm-{row.code}": url for row, url in blocks["language_menu"]},
                 query=query, figure=figure, qr=qr or "", **{"share-url": share})
    return holes


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ") + '"'


def _footer_css() -> Markup:
    """Return the printed pages' footer rules in the page's language (CSS cannot call gettext)."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s"))
    page_of = " ".join(counters.get(part) or _css_string(part) for part in parts if part)
    return Markup(f"@page {{ @bottom-left {{ content: {_css_string(records.disclaimer())}; }} "
                  f"@bottom-right {{ content: {page_of}; }} }}")


@bp.get("/print")
@memoised
def print_view():
    """Show the schedule as a printable document: chart, dated tables, notes lines, sources."""
    return _print_html(valid_timeline())


@bp.get("/schedule.csv")
@memoised
def schedule_csv():
    """Return the schedule as a CSV table, one row per phase and milestone."""
    schedule = valid_timeline().schedule
    return _download(table.to_csv(schedule), "text/csv", schedule, "csv")


@bp.get("/schedule.ics")
@memoised
def schedule_ics():
    """Return the dated schedule as an iCalendar file; the teaching view has no dates to add."""
    schedule = valid_timeline().schedule
    paths = request.args.getlist("ics_paths")
    if paths not in ([], ["yes"], ["no"]):
        abort(400, description=_("ics_paths: “%(value)s” is not yes or no (give it once): yes adds the possible "
                                 "paths' events, marked as possible.", value=",".join(paths)[:20]))
    try:
        body = ics.to_ics(schedule, datetime.now(UTC).replace(microsecond=0), paths == ["yes"])
    except ics.UndatedError as exc:
        abort(400, description=_("start: %(problem)s", problem=exc))
    return _download(body, "text/calendar", schedule, "ics")


class AskingAgain(ServiceUnavailable):
    """A busy printer's 503 that the browser resolves itself: Refresh asks for the same address after Retry-After.

    Browsers ignore Retry-After; they follow Refresh (HTML's declarative refresh, as the header), and the answer to
    that second request is the PDF as a download, kept by then (issue 13: a class of thirty asking at once).
    The header rather than a <meta> in the page: the error page stays one template, and axe's meta-refresh rule
    is about pages that change under a reader, which this one does not (the download leaves it as it is).
    """

    def get_headers(self, environ=None, scope=None) -> list[tuple[str, str]]:
        return [*super().get_headers(environ, scope), ("Refresh", str(self.retry_after))]


def printer() -> pdf.Desk:
    """Return the PDF printer: create_app's desk, or under gunicorn the printing service all workers share."""
    return current_app.extensions["all_timeline.printer"]


def pdf_download(schedule: Schedule, html: Callable[[], str], extension: str = "pdf"):
    """Print the page `html` makes on the query's paper (a4, the default, or letter) and return it as a PDF download.

    Past the printing service's bound the answer is a 503 with Retry-After, at once (issue 13).
    """
    paper = request.args.get("paper", "a4")
    if paper not in pdf.PAPERS:
        abort(400, description=_("paper: “%(value)s” is not a paper size: choose a4 or letter.", value=paper[:20]))
    # The page is named by its address, as the page cache names it (webapp/pagecache.py), so the printer can serve
    # a kept PDF, or let this request wait for an identical one printing now, without the page being made.
    key = hashlib.sha256(repr((request.endpoint, origin.cache_key(), request.script_root, request.query_string,
                               sorted((request.view_args or {}).items()), date.today())).encode()).digest()
    timings: dict[str, float] = {}
    try:
        # The page is made only when this request is the one to print it: a refusal costs no rendering.
        body = printer().pdf(html, paper, key, timings)
    except pdf.PrinterBusy as busy:
        # Refused at once rather than queued: a waiting worker is a worker the timeline pages lack (issue 13).
        raise AskingAgain(description=_("Many PDFs are being made just now. This page asks again by itself in a few "
                                        "seconds, and your PDF downloads as soon as it is ready. Or use the print "
                                        "view and your browser's Print command (Ctrl+P); it gives the same pages."),
                          retry_after=busy.retry_after) from None
    except pdf.PrintError:
        current_app.logger.exception("PDF printing failed")
        # A 503 says "later"; Retry-After tells a client when (a slow printer is usually a busy machine).
        abort(503, description=_("The PDF could not be made just now. Use the print view and your browser's "
                                 "Print command (Ctrl+P) instead; it gives the same pages."),
              retry_after=pdf.RETRY_AFTER_S)
    response = _download(body, "application/pdf", schedule, extension)
    # Where the PDF's time went (bench/pdf_burst.py reads it): waiting for the printer, making the page, printing.
    response.headers["Server-Timing"] = ", ".join(f"{name};dur={ms:.1f}" for name, ms in timings.items())
    return response


@bp.get("/schedule.pdf")
@memoised
def schedule_pdf():
    """Return the print view as a PDF on A4 (default) or US Letter paper (paper=letter)."""
    timeline = valid_timeline()
    return pdf_download(timeline.schedule, lambda: _print_html(timeline))


def _publication(protocol: Protocol, token: str = "") -> fhir.Publication:
    """Return where a PlanDefinition lives: this site's /protocols/<id>.fhir, or for an upload a URN of its own."""
    if token:
        return fhir.Publication(f"urn:uuid:{fhir.resource_id(token, 'PlanDefinition.url')}", "draft")
    return fhir.Publication(f"{origin.public_base()}protocols/{protocol.id}.fhir",
                            fhir.PUBLICATION_STATUS[protocol.status])


def _fhir_response(resource: dict, status: int = 200):
    return current_app.response_class(fhir.to_json(resource), status=status, mimetype=fhir.MIMETYPE)


# The canonical url carries the request's host, like the print view's share address (both cached the same way).
@bp.get("/schedule.fhir")
@memoised
def schedule_fhir():
    """Return the schedule as a FHIR R4 Bundle: the protocol's PlanDefinition and a proposed CarePlan."""
    timeline = valid_timeline()
    schedule = timeline.schedule
    known = {**catalogue().sources, custom.OWN.key: custom.OWN}
    # Ids come from the plan's query without lang and today: the same plan keeps its ids in every language.
    key = timeline.query(lang="", today="")
    body = fhir.bundle(schedule, known, _publication(schedule.protocol, timeline.custom), key, timeline.today)
    response = _fhir_response(body)
    response.headers["Content-Disposition"] = f'attachment; filename="{identity.filename(schedule, "fhir.json")}"'
    return response


@bp.get("/protocols/<protocol_id>.fhir")
@memoised
def protocol_fhir(protocol_id: str):
    """Return a built-in protocol as a FHIR R4 PlanDefinition, for regimen libraries."""
    protocol = catalogue().protocols.get(protocol_id)
    if protocol is None:
        # A regimen library reads the answer, so the 404 is FHIR too: an OperationOutcome naming the id.
        message = _("protocol: there is no protocol “%(value)s”. Protocols: %(known)s.",
                    value=protocol_id[:40], known=", ".join(catalogue().protocols))
        return _fhir_response(fhir.not_found(message), 404)
    plan = fhir.plan_definition(protocol, catalogue().sources, _publication(protocol), f"protocols/{protocol.id}")
    return _fhir_response(plan)
