"""ALL Timeline: an educational, sourced picture of acute lymphoblastic leukaemia treatment."""

from __future__ import annotations

import atexit
import os
import secrets
import traceback
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

# Plotly sets inline style attributes on its SVG (plotly.js #2355), so styles need
# 'unsafe-inline'; scripts stay strictly same-origin files.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SECURITY_ITEMS = list(SECURITY_HEADERS.items())
SECURITY_NAMES = frozenset(name.lower() for name in SECURITY_HEADERS)


def pdf_capacity(value) -> int:
    """Return the PDF capacity setting as a whole number of at least 1, or raise ConfigError naming it."""
    from webapp import origin

    if not str(value).isdigit() or int(value) < 1:
        raise origin.ConfigError(f"ALL_TIMELINE_PDF_CAPACITY: {value!r} is not a whole number of at least 1. "
                                 "Fix: give how many PDFs may print or wait at once, for example 2.")
    return int(value)


def pdf_static_dirs(app: Flask) -> list[Path]:
    """Return where the printer finds static files: the hashed copies first (the print view links those)."""
    return [Path(app.config["STATIC_BUILD_DIR"]), Path(app.static_folder)]


def load_data(data_dir: Path) -> tuple[dict, dict]:
    """Load and validate the data once; return its catalogue and guide in every language (raise DataError)."""
    from webapp import catalogue, guide, i18n, translated

    source = catalogue.load(data_dir)
    catalogues, guides = {}, {}
    for language in i18n.LANGUAGES:
        translate = None if language == i18n.DEFAULT else i18n.translator(language)
        catalogues[language] = source if translate is None else translated.catalogue(source, translate)
        guides[language] = guide.load(data_dir, catalogues[language].sources, catalogues[language].protocols, translate)
    return catalogues, guides


def kept_or_loaded(data_dir: Path, kept: str) -> tuple[dict, dict]:
    """Return the data in every language as an earlier start from the same code and files kept it, else load it."""
    # Loading was half of a start (issue 13); the file is named by a hash of the code, catalogues and data.
    from webapp import datacache, i18n

    if not kept:
        return load_data(data_dir)
    name = datacache.key(sorted({ROOT / "webapp", data_dir.resolve(), i18n.TRANSLATIONS.resolve()}))
    data = datacache.load(kept, name)
    if data is None:
        data = load_data(data_dir)
        datacache.dump(kept, name, data)
    return data


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app: read config, load and validate the data once, register the routes."""
    # Imported here, not with the package: the printing service's process imports webapp.exports (so this package
    # first) and needs none of Flask, pandas or the data; importing them there cost it a second of CPU at every
    # start, taken from the web workers starting beside it (issue 13: cold start).
    from flask import Flask, abort, render_template, request
    from werkzeug.exceptions import HTTPException

    from webapp import (
        assets,
        choices,
        formatting,
        fragments,
        i18n,
        origin,
        pagecache,
        templatecache,
        views,
    )
    from webapp.exports import pdf

    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_mapping(
        DATA_DIR=os.environ.get("ALL_TIMELINE_DATA_DIR", str(ROOT / "data")),
        # Signs the CSRF token of the upload form. gunicorn.conf.py gives all workers one key; a
        # per-process random key is the fallback (a form then only validates on the worker that made it).
        SECRET_KEY=os.environ.get("ALL_TIMELINE_SECRET_KEY") or secrets.token_hex(32),
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=100 * 1024,
        JSON_SORT_KEYS=False,
        # Hashed, precompressed copies of static/ (issue 6); any writable directory, shared by workers.
        STATIC_BUILD_DIR=os.environ.get("ALL_TIMELINE_STATIC_BUILD_DIR", str(ROOT / "build" / "static")),
        PAGE_CACHE_SIZE=int(os.environ.get("ALL_TIMELINE_PAGE_CACHE_SIZE", "256")),
        FRAGMENT_CACHE_SIZE=int(os.environ.get("ALL_TIMELINE_FRAGMENT_CACHE_SIZE", str(fragments.SIZE))),
        PAGE_SKELETON_CACHE_SIZE=int(os.environ.get("ALL_TIMELINE_PAGE_SKELETON_CACHE_SIZE", str(fragments.PAGE_SIZE))),
        # Share links and QR codes point here (issue 13); empty: the request's own origin, cached apart per origin.
        PUBLIC_URL=os.environ.get(origin.SETTING, ""),
        # PDFs printing or waiting at once, in the whole server; more are refused with 503 and Retry-After.
        PDF_CAPACITY=os.environ.get("ALL_TIMELINE_PDF_CAPACITY", "2"),
        # The loaded, validated and translated data kept between starts (webapp/datacache.py); "" turns it off.
        DATA_CACHE_DIR=os.environ.get("ALL_TIMELINE_DATA_CACHE_DIR", str(ROOT / "build" / "data")),
        # Compiled templates kept between starts (issue 13: compiling them was a quarter of a second); "" turns it off.
        TEMPLATE_CACHE_DIR=os.environ.get("ALL_TIMELINE_TEMPLATE_CACHE_DIR", str(ROOT / "build" / "templates")),
    )
    if test_config:
        app.config.update(test_config)
    app.config["PUBLIC_URL"] = origin.validate(app.config["PUBLIC_URL"])
    app.config["PDF_CAPACITY"] = pdf_capacity(app.config["PDF_CAPACITY"])
    app.session_interface = origin.SchemeSession()
    # The data is read and validated once; each language is that data with its text fields through its gettext
    # (issue 14). The guide is loaded per language: its glossary's spellings must not collide in any of them.
    data_dir = Path(app.config["DATA_DIR"])
    catalogues, guides = kept_or_loaded(data_dir, app.config["DATA_CACHE_DIR"])
    for language in i18n.LANGUAGES:
        i18n.translations(language)  # before the fork, so no worker's first visitor in a language waits for it
    app.extensions["all_timeline.catalogues"] = catalogues
    app.extensions["all_timeline.guides"] = guides
    app.extensions["all_timeline.catalogue"] = catalogues[i18n.DEFAULT]
    app.extensions["all_timeline.guide"] = guides[i18n.DEFAULT]
    # Templates and Python share webapp/i18n's catalogue (Babel). Jinja formats the %(name)s placeholders
    # itself (escaping them), so it gets the bare catalogue calls; trimmed: a {% trans %} block's msgid is
    # its text with the template's line breaks collapsed.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(i18n.raw_gettext, i18n.raw_ngettext, newstyle=True)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # The PDF export's Chromium starts on first use, behind a desk that bounds how many PDFs print or wait at once.
    # Under gunicorn, gunicorn.conf.py moves the desk into one printing service that every worker shares.
    printer = pdf.Desk(pdf.Printer(pdf_static_dirs(app), app.static_url_path), app.config["PDF_CAPACITY"])
    atexit.register(printer.close)
    app.extensions["all_timeline.printer"] = printer

    app.register_blueprint(views.bp)
    assets.serve(app, Path(app.config["STATIC_BUILD_DIR"]), SECURITY_HEADERS)
    pagecache.install(app)
    fragments.install(app, views.navigation.query_string)
    app.jinja_env.filters.update(
        long_date=formatting.long_date, full_date=formatting.full_date, length_text=formatting.length_text,
        span=formatting.span_text,
        range_text=formatting.range_text, clipped_text=formatting.clipped_text, later_text=formatting.later_text,
        gate_text=formatting.gate_text, plain_note=formatting.plain_note, after_when=formatting.after_when,
        guideline_name=formatting.guideline_name, start_window_text=formatting.start_window_text,
        end_window_text=formatting.end_window_text, end_window_sentence=formatting.end_window_sentence,
        addable_paths=choices.addable_paths,
    )
    app.jinja_env.globals["setting_text"] = formatting.SETTING_TEXT
    if app.config["TEMPLATE_CACHE_DIR"]:
        templatecache.install(app.jinja_env, app.config["TEMPLATE_CACHE_DIR"])

    @app.before_request
    def choose_language():
        # From the address only: every form carries `lang` in its action or a hidden GET field, and reading a
        # POST body here would fail on an oversized upload before its 413 page knew the language.
        values = request.args.getlist("lang")
        i18n.activate(values[0] if values else i18n.DEFAULT)
        if len(values) > 1:
            abort(400, description=i18n.gettext("lang: was given %(times)s times in the address; give it once.",
                                                times=len(values)))
        wrong = next((v for v in values if v not in i18n.LANGUAGES), None)
        if wrong is not None:
            abort(400, description=i18n.gettext("lang: “%(value)s” is not a language of this site: choose one of "
                                                "%(choices)s.", value=wrong[:20], choices=i18n.choices()))

    @app.teardown_request
    def forget_language(_error):
        # Back to the default, so code run after a request in the same thread (tests, CLI) is English.
        i18n.activate(i18n.DEFAULT)

    @app.url_defaults
    def keep_language(endpoint: str, values: dict) -> None:
        # The one hook that keeps `lang` in the site's links (issues 11 and 14): every url_for of a page gets the
        # active language unless it names one; naming the source language (or '') leaves `lang` out.
        if endpoint == "static" or endpoint.endswith(".static"):
            return
        if "lang" not in values:
            values["lang"] = i18n.url_args().get("lang")
        elif values["lang"] in ("", i18n.DEFAULT):
            values["lang"] = None

    # Each language's own part of its menu link, made once, not per page (six urlencode calls, issue 13).
    language_queries = [(row, urlencode({"lang": code}) if code != i18n.DEFAULT else "")
                        for code, row in i18n.REGISTRY.items()]

    @app.context_processor
    def language_context() -> dict:
        """Give templates the language, its registry row, and this page's address in every language."""
        # The query is encoded once and each language appended: urlencode joins its pairs with "&" (issue 13).
        here = request.script_root + request.path
        args = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "lang"])
        menu = []
        for row, own in language_queries:
            query = "&".join(filter(None, (args, own)))
            menu.append((row, here + ("?" + query if query else "")))
        return {"lang": i18n.current(), "language": i18n.language(), "languages": i18n.LANGUAGES,
                "language_menu": menu, "lang_query": i18n.url_args()}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # The error's own headers too: Allow on a 405, Retry-After on a 503 (issue 13).
        headers = [(k, v) for k, v in error.get_headers() if k != "Content-Type"]
        return render_template("error.html", error=error), error.code, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # The stack without the exception's message: messages can quote what a user typed (issue 6).
        stack = "".join(traceback.format_tb(error.__traceback__))
        app.logger.error("unexpected %s in %s\n%s", type(error).__name__, request.endpoint, stack)
        return render_template("error.html", error=None), 500

    @app.after_request
    def security_headers(response):
        # One pass over the headers: five setdefault calls scanned them five times and raised a KeyError for each
        # header missing, on every request (issue 13: the app's fixed cost). A view's own value still wins.
        present = {name.lower() for name, _ in response.headers}
        if present.isdisjoint(SECURITY_NAMES):
            response.headers.extend(SECURITY_ITEMS)
        else:
            response.headers.extend([item for item in SECURITY_ITEMS if item[0].lower() not in present])
        return response

    return app
