"""The page cache: the same bytes as without it, gzip when accepted, bounded in size."""

import gzip
import hashlib

import pytest

from webapp import create_app, pagecache

URLS = ["/", "/?start=2026-01-05&protocol=cog-sr&today=2026-11-24", "/?start=2026-02-30",
        "/schedule.json?start=2026-01-05&protocol=general&induction_weeks=5", "/schedule.json?start=x"]


@pytest.fixture(scope="module")
def uncached():
    return create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0}).test_client()


@pytest.mark.parametrize("url", URLS)
def test_cached_response_is_the_same_as_uncached(client, uncached, url):
    expected = uncached.get(url)
    for _ in range(2):
        response = client.get(url)
        assert (response.status_code, response.content_type) == (expected.status_code, expected.content_type)
        assert response.get_data() == expected.get_data()
        assert response.headers["Content-Security-Policy"] == expected.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", URLS[:4])
def test_gzip_when_the_client_accepts_it(client, uncached, url):
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(response.get_data()) == uncached.get(url).get_data()


def test_small_bodies_are_not_compressed(client):
    response = client.get("/schedule.json?start=x", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 400
    assert "Content-Encoding" not in response.headers


def test_cache_keeps_at_most_its_size():
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 2})
    client = app.test_client()
    for day in ("05", "06", "07"):
        assert client.get(f"/schedule.json?start=2026-01-{day}").status_code == 200
    pages = app.extensions[pagecache.EXTENSION].pages
    assert len(pages) == 2
    assert [key[3] for key in pages] == [b"start=2026-01-06", b"start=2026-01-07"]


def test_posts_are_never_cached():
    app = create_app({"TESTING": True})
    counter = iter(range(1000))

    @pagecache.memoised
    def posted():
        return f"post {next(counter)}"

    app.add_url_rule("/posted", "posted", posted, methods=["POST"])
    client = app.test_client()
    assert client.post("/posted").get_data() != client.post("/posted").get_data()
    assert app.extensions[pagecache.EXTENSION].pages == {}


@pytest.mark.parametrize("size", [0, 256])
def test_pages_carry_an_etag_per_encoding_and_answer_304_to_it(size):
    client = create_app({"TESTING": True, "PAGE_CACHE_SIZE": size}).test_client()
    url = URLS[1]
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert plain.headers["ETag"] == f'"{hashlib.sha256(plain.get_data()).hexdigest()[:24]}"'
    assert zipped.headers["ETag"] == f'"{hashlib.sha256(zipped.get_data()).hexdigest()[:24]}-gzip"'
    for etag, accept in ((plain.headers["ETag"], "identity"), (zipped.headers["ETag"], "gzip")):
        for given in (etag, "W/" + etag, '"x", ' + etag):
            response = client.get(url, headers={"If-None-Match": given, "Accept-Encoding": accept})
            assert (response.status_code, response.get_data()) == (304, b"")
            assert response.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": zipped.headers["ETag"]}).status_code == 200
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_follows_the_body_so_another_today_is_another_tag(client):
    tags = {client.get(f"/?start=2026-01-05&today=2026-11-{day}").headers["ETag"] for day in ("24", "25")}
    assert len(tags) == 2


def test_errors_carry_no_etag(client):
    response = client.get("/schedule.json?start=x", headers={"If-None-Match": "*"})
    assert response.status_code == 400 and "ETag" not in response.headers


@pytest.mark.parametrize("url", ["/?start=2026-01-05&protocol=cog-sr&branch=car-t&today=2026-03-01",
                                 "/print?start=2026-01-05&protocol=cog-hr&lang=es", "/glossary?lang=es",
                                 "/?protocol=general"])
def test_pages_built_from_remembered_fragments_equal_the_first_fresh_render(url):
    # Dates and glossary links are remembered across requests (issue 13); the bytes must not change.
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    first, again = (app.test_client().get(url).get_data() for _ in range(2))
    prefixed = app.test_client().get(url, environ_overrides={"SCRIPT_NAME": "/timeline"}).get_data()
    assert first == again
    assert b'href="/glossary' not in prefixed and b'href="/timeline/static/' in prefixed


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_kept_timeline_page_gzips_to_its_own_body(uncached, lang):
    # Each answer of a kept page is gzipped per request (ISA-L); the stream holds exactly the page's bytes.
    app = create_app({"TESTING": True, "PAGE_CACHE_SIZE": 0})
    client = app.test_client()
    for start in ("2025-03-04", "2025-03-11", "2024-12-31"):
        url = f"/?start={start}&protocol=cog-hr&lang={lang}"
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip" and response.headers["Vary"] == "Accept-Encoding"
        packed = response.get_data()
        assert packed[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, mtime 0 (RFC 1952)
        assert gzip.decompress(packed) == uncached.get(url).get_data()


ACCEPT_ENCODINGS = [None, "", "gzip", "GZIP", "gzip, deflate, br", "gzip, deflate, br, zstd", "br", "deflate, br",
                    "gzip;q=0", "gzip;q=0, *", "*", "*;q=0", "x-gzip", "identity", "br;q=1.0, gzip;q=0.8, *;q=0.1",
                    "gzip;q=0.001", "identity, *;q=0", "compress, gzip", "g" * 300 + ", gzip"]


def test_what_an_accept_encoding_says_of_gzip_is_what_werkzeug_reads_and_remembered_bounded(app, monkeypatch):
    monkeypatch.setattr(pagecache, "MAX_ACCEPTS", 4)
    monkeypatch.setattr(pagecache, "_accepts", {})
    for _ in range(2):  # parsed, then remembered
        for value in ACCEPT_ENCODINGS:
            headers = {} if value is None else {"Accept-Encoding": value}
            with app.test_request_context("/", headers=headers) as context:
                assert pagecache.accepts_gzip(value) is bool(context.request.accept_encodings["gzip"]), value
    assert len(pagecache._accepts) <= 4 and "compress, gzip" in pagecache._accepts  # full, it starts again (review)


def test_a_response_that_sets_a_cookie_is_not_kept_and_the_rest_keep_their_own_headers(app):
    from flask import Response

    body = "x" * 2000
    for name in ("Set-Cookie", "set-cookie", "SET-COOKIE"):
        assert pagecache._capture(Response(body, headers=[("X-A", "1"), (name, "s=1")])) is None
    page = pagecache._capture(Response(body, mimetype="text/html", headers=[
        ("X-A", "1"), ("Server-Timing", "print;dur=1.0"), ("Allow", "GET"), ("X-A", "2")]))
    assert page.headers == [("X-A", "1"), ("Allow", "GET"), ("X-A", "2")]
    assert (page.mimetype, page.status, page.body) == ("text/html; charset=utf-8", 200, body.encode())
