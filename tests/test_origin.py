"""No request changes what another visitor gets: share links come from the public address or the cache key."""

import html
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.routes import ROUTES
from webapp import create_app, origin

COG = "start=2026-01-05&protocol=cog-sr"
FORGED = {"headers": {"Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example",
                      "Accept-Language": "es", "Cookie": "session=forged"},
          "environ_overrides": {"wsgi.url_scheme": "https"}}
PUBLIC = "https://timeline.example.org/"


class RecordingPrinter:
    """Stands in for Chromium: keeps the HTML it was given to print and returns a fixed PDF."""

    def __init__(self):
        self.pages = []

    def pdf(self, html, paper="a4", key=None, timings=None):
        # The printer interface takes the page or a function that makes it, and the page's key (pdf.Desk.pdf).
        self.pages.append(html() if callable(html) else html)
        return b"%PDF-1.4 recorded"


def make_app(**config):
    app = create_app({"TESTING": True, **config})
    app.extensions["all_timeline.printer"] = RecordingPrinter()
    return app


def share_urls(body: str) -> list[str]:
    return [html.unescape(url) for url in re.findall(r"<span class=\"url share-url\">([^<]*)</span>", body)]


@pytest.mark.parametrize(("first", "second"), [("http", "https"), ("https", "http")])
def test_with_a_public_address_every_visitor_gets_it_whatever_host_and_scheme(first, second):
    client = make_app(PUBLIC_URL=PUBLIC).test_client()
    forged = client.get("/print?" + COG, headers={"Host": "evil.example"}, environ_overrides={"wsgi.url_scheme": first})
    after = client.get("/print?" + COG, headers={"Host": "localhost"}, environ_overrides={"wsgi.url_scheme": second})
    for response in (forged, after):
        assert share_urls(response.get_data(as_text=True)) == [f"{PUBLIC}?{COG}"]


def test_without_a_public_address_a_forged_host_and_https_reach_only_their_sender():
    client = make_app().test_client()
    forged = client.get("/print?" + COG, **FORGED).get_data(as_text=True)
    after = client.get("/print?" + COG).get_data(as_text=True)
    assert share_urls(forged) == [f"https://evil.example/?{COG}"]
    assert share_urls(after) == [f"http://localhost/?{COG}"]
    assert "evil.example" not in after and "https://" not in after.split("<footer")[0].split("share-url")[-1]


@pytest.mark.parametrize("public", ["", PUBLIC])
def test_the_pdf_is_printed_from_html_with_the_right_address_for_each_visitor(public):
    app = make_app(PUBLIC_URL=public)
    client = app.test_client()
    forged = client.get("/schedule.pdf?" + COG, **FORGED)
    after = client.get("/schedule.pdf?" + COG)
    assert (forged.status_code, after.status_code) == (200, 200)
    printed = app.extensions["all_timeline.printer"].pages
    expected = f"{public or 'http://localhost/'}?{COG}"
    assert share_urls(printed[-1]) == [expected]
    assert all("evil.example" not in page for page in printed) if public else len(printed) == 2


def test_under_a_path_prefix_each_prefix_gets_its_own_links():
    client = make_app().test_client()
    prefixed = client.get("/print?" + COG, environ_overrides={"SCRIPT_NAME": "/timeline"}).get_data(as_text=True)
    plain = client.get("/print?" + COG).get_data(as_text=True)
    assert share_urls(prefixed) == [f"http://localhost/timeline/?{COG}"]
    assert share_urls(plain) == [f"http://localhost/?{COG}"]
    assert "/timeline/static/" in prefixed and "/timeline/" not in plain


@pytest.fixture(scope="module")
def public_apps():
    """An app with the public address and its page cache, and one that renders every request afresh."""
    return make_app(PUBLIC_URL=PUBLIC), make_app(PUBLIC_URL=PUBLIC, PAGE_CACHE_SIZE=0)


# Every cached route (the PDFs: the print view's has its own test above; their HTML goes to the printer).
CACHED = [r for r in ROUTES if not r.path.endswith(".pdf") and r.path not in ("/healthz", "/favicon.ico")]


@pytest.mark.parametrize("route", CACHED, ids=lambda r: r.path)
def test_no_request_header_or_cookie_leaks_into_the_next_visitors_page(route, public_apps):
    cached, fresh = (app.test_client() for app in public_apps)
    first = cached.get(route.url(), **FORGED)
    second, expected = cached.get(route.url()), fresh.get(route.url())
    assert first.status_code == second.status_code == expected.status_code

    def body(response):
        # The calendar stamps each event with the moment it was made.
        return re.sub(rb"DTSTAMP:\d+T\d+Z", b"", response.get_data())

    assert body(second) == body(expected)
    assert b"evil.example" not in second.get_data()


@pytest.mark.parametrize(("value", "normalised"), [
    ("https://timeline.example.org", "https://timeline.example.org/"),
    ("http://127.0.0.1:8000/timeline/", "http://127.0.0.1:8000/timeline/"),
    ("", ""),
])
def test_public_address_is_normalised(value, normalised):
    assert origin.validate(value) == normalised


@pytest.mark.parametrize("value", ["timeline.example.org", "ftp://example.org/", "https:///x", "https://e.org/?a=1",
                                   "https://user:pw@e.org/", "https://e.org/#top"])
def test_a_bad_public_address_is_refused_naming_the_setting(value):
    with pytest.raises(origin.ConfigError, match="ALL_TIMELINE_PUBLIC_URL: .* Fix: give"):
        origin.validate(value)


def test_a_bad_public_address_stops_start_up_with_the_fix():
    env = {**os.environ, "ALL_TIMELINE_PUBLIC_URL": "timeline.example.org"}
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert ("ALL Timeline cannot start: ALL_TIMELINE_PUBLIC_URL: 'timeline.example.org' is not an address. "
            "Fix: give the site's public address with its scheme") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("base_url", "public", "secure"), [
    ("http://localhost", "", False), ("https://localhost", "", True), ("http://localhost", PUBLIC, True),
])
def test_the_upload_forms_cookie_is_secure_over_https(base_url, public, secure):
    cookie = make_app(PUBLIC_URL=public).test_client().get("/custom", base_url=base_url).headers["Set-Cookie"]
    assert ("; Secure" in cookie) is secure
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie



def subscriptions(body):
    return [html.unescape(url) for url in re.findall(r'href="(webcal://[^"]*)"', body)]


def test_the_calendar_subscription_comes_from_the_public_address_and_leaves_today_out():
    page = make_app(PUBLIC_URL=PUBLIC).test_client().get(
        "/?" + COG + "&today=2026-03-01", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert subscriptions(page) == [f"webcal://timeline.example.org/schedule.ics?{COG}"]


def test_without_a_public_address_the_subscription_is_this_request_s_own_host():
    client = make_app().test_client()
    assert subscriptions(client.get("/?" + COG, **FORGED).get_data(as_text=True)) == [
        f"webcal://evil.example/schedule.ics?{COG}"]
    assert subscriptions(client.get("/?" + COG).get_data(as_text=True)) == [f"webcal://localhost/schedule.ics?{COG}"]


# The session (issue 13: the app's fixed cost): only the upload form uses it, so other requests neither sign nor
# write anything, and the form's CSRF still works with the one signer kept per key.
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def signers(monkeypatch):
    """Count the cookie signers Flask's session interface builds."""
    import flask.sessions

    made = []
    real = flask.sessions.URLSafeTimedSerializer

    def counting(*args, **kwargs):
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(flask.sessions, "URLSafeTimedSerializer", counting)
    return made


def test_requests_without_the_cookie_build_no_signer_and_get_no_cookie_or_vary(signers):
    client = make_app().test_client()
    for url in ("/healthz", "/?" + COG, "/schedule.json?" + COG, "/nope"):
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url
    assert signers == []


def test_the_upload_form_signs_with_one_signer_per_key_and_its_token_validates(signers):
    app = make_app(SECRET_KEY="first key")
    client = app.test_client()
    token = TOKEN.search(client.get("/custom").get_data(as_text=True)).group(1)
    template = client.get("/custom/template-general.csv").get_data(as_text=True)
    assert client.post("/custom", data={"csrf_token": token, "csv_text": template}).status_code == 303
    assert len(signers) == 1
    # A new key: the old cookie no longer validates, so the same token is refused and a new signer is made.
    app.secret_key = "second key"
    refused = client.post("/custom", data={"csrf_token": token, "csv_text": template})
    assert refused.status_code == 400
    assert "security token is missing or wrong" in html.unescape(refused.get_data(as_text=True))
    assert len(signers) == 2


@pytest.mark.parametrize(("scheme", "secure"), [("http", ""), ("https", "Secure; ")])
def test_the_upload_form_sets_its_cookie_and_vary_and_other_pages_leave_the_cookie_alone(scheme, secure):
    client = make_app().test_client()
    env = {"environ_overrides": {"wsgi.url_scheme": scheme}}
    form = client.get("/custom", **env)
    assert form.headers.getlist("Vary") == ["Cookie"]
    cookie = form.headers["Set-Cookie"]
    assert re.fullmatch(rf"session=[^;]+; {secure}HttpOnly; Path=/; SameSite=Lax", cookie), cookie
    again = client.get("/custom", **env)  # the token is kept in the cookie: read, not written again
    assert (again.headers.getlist("Vary"), again.headers.get("Set-Cookie")) == (["Cookie"], None)
    for url in ("/healthz", "/?" + COG):  # the cookie is sent but nobody reads it: no Vary, no new cookie
        response = client.get(url, **env)
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_the_cache_key_is_one_per_request_root_and_tells_every_root_apart(monkeypatch):
    monkeypatch.setattr(origin, "_roots", {})
    app = make_app()
    roots: dict[str, set[str]] = {}
    for scheme in ("http", "https"):
        for host in (None, "a.example", "a.example:80", "a.example:443", "a.example:8080", "b.example", "[::1]:80"):
            for server in (("localhost", "80"), ("localhost", "8443"), ("a.example", "443")):
                for prefix in ("", "/timeline", "/timeline/"):
                    environ = {"wsgi.url_scheme": scheme, "SERVER_NAME": server[0], "SERVER_PORT": server[1],
                               "SCRIPT_NAME": prefix}
                    headers = {"Host": host} if host else {}
                    with app.test_request_context("/", environ_overrides=environ, headers=headers) as context:
                        if not host:
                            context.request.environ.pop("HTTP_HOST", None)
                        roots.setdefault(origin.cache_key(), set()).add(context.request.url_root)
                        for _ in range(2):  # made, then kept (while there is room)
                            assert origin.public_base() == context.request.url_root
    assert all(len(found) == 1 for found in roots.values())  # one key, one root: no page reaches another origin
    assert 0 < len(origin._roots) <= origin.MAX_ROOTS  # bounded, and still remembering once full (review)
    assert len({root for found in roots.values() for root in found}) > 20
    with make_app(PUBLIC_URL=PUBLIC).test_request_context("/", headers={"Host": "evil.example"}):
        assert origin.cache_key() == ""


def test_a_host_the_app_does_not_trust_is_refused_however_often_it_asks():
    from werkzeug.exceptions import SecurityError

    app = make_app(TRUSTED_HOSTS=["good.example"])
    for _ in range(2):
        with app.test_request_context("/", headers={"Host": "good.example"}):
            assert origin.public_base() == "http://good.example/"
        with app.test_request_context("/", headers={"Host": "evil.example"}), pytest.raises(SecurityError):
            origin.public_base()
