"""The page cache: the same bytes as without it, gzip when accepted, bounded in size."""

import gzip

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
