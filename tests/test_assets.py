"""Static files: hashed names, precompressed copies, year-long immutable caching, security headers."""

import gzip
import re
import shutil

import brotli
import pytest

from tests.conftest import ROOT
from webapp import assets, create_app

PLOTLY = "vendor/plotly-basic-4.1.1.min.js"


@pytest.fixture(scope="module")
def manifest(app):
    with app.test_request_context():
        from flask import url_for

        return {name: url_for("static", filename=name) for name in ("css/app.css", "js/timeline.js", PLOTLY)}


@pytest.mark.parametrize(
    ("name", "hashed"),
    [("js/timeline.js", "js/timeline.{h}.js"), ("vendor/plotly-basic-4.1.1.min.js", "vendor/plotly-basic-4.1.1.min.{h}.js"),
     ("favicon.svg", "favicon.{h}.svg"), ("LICENSE", "LICENSE.{h}"), (".hidden", ".hidden.{h}")],
)
def test_hashed_name_puts_the_content_hash_before_the_extension(name, hashed):
    digest = assets.hashlib.sha256(b"x").hexdigest()[:12]
    assert assets.hashed_name(name, b"x") == hashed.format(h=digest)
    assert assets.hashed_name(name, b"x") != assets.hashed_name(name, b"y")


def test_url_for_static_links_the_hashed_name(manifest):
    assert re.fullmatch(r"/static/vendor/plotly-basic-4\.1\.1\.min\.[0-9a-f]{12}\.js", manifest[PLOTLY])
    assert re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", manifest["css/app.css"])


@pytest.mark.parametrize("name", ["css/app.css", "js/timeline.js", PLOTLY])
def test_hashed_file_is_immutable_for_a_year_and_carries_the_security_headers(client, manifest, name):
    with client.get(manifest[name]) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Access-Control-Allow-Origin" not in response.headers
        assert response.get_data() == (ROOT / "static" / name).read_bytes()


@pytest.mark.parametrize(("encoding", "decompress"), [("gzip", gzip.decompress), ("br", brotli.decompress)])
def test_hashed_file_is_sent_precompressed(client, manifest, encoding, decompress):
    with client.get(manifest[PLOTLY], headers={"Accept-Encoding": encoding}) as response:
        assert response.headers["Content-Encoding"] == encoding
        assert response.headers["Vary"] == "Accept-Encoding"
        assert decompress(response.get_data()) == (ROOT / "static" / PLOTLY).read_bytes()


def test_plain_name_still_works_but_is_revalidated(client):
    with client.get("/static/js/timeline.js") as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"


def test_javascript_of_the_timeline_page_is_at_most_400_kb_gzipped(client, manifest):
    sizes = []
    for name in ("js/timeline.js", PLOTLY):
        with client.get(manifest[name], headers={"Accept-Encoding": "gzip"}) as response:
            sizes.append(len(response.get_data()))
    assert sum(sizes) <= 400_000


def test_changed_content_gets_a_new_name_and_old_names_keep_working(tmp_path):
    static, build = tmp_path / "static", tmp_path / "build"
    static.mkdir()
    (static / "a.js").write_text("var a = 1;" * 200)
    first = assets.build(static, build)["a.js"]
    (static / "a.js").write_text("var a = 2;" * 200)
    second = assets.build(static, build)["a.js"]
    assert first != second
    assert (build / first).exists() and (build / second).exists()
    assert gzip.decompress((build / (second + ".gz")).read_bytes()) == (static / "a.js").read_bytes()


def test_missing_static_file_is_a_404(client):
    assert client.get("/static/js/nope.0123456789ab.js").status_code == 404


def test_build_directory_comes_from_the_environment(app, monkeypatch, tmp_path):
    # Start from the session's finished build but for timeline.js, so only that file is built here: compressing
    # Plotly's bundle again (brotli at quality 11) took most of the fast tests' CPU for one assertion.
    target = tmp_path / "assets"
    shutil.copytree(app.config["STATIC_BUILD_DIR"], target, ignore=shutil.ignore_patterns("timeline.*"))
    assert not list((target / "js").glob("timeline.*"))
    monkeypatch.setenv("ALL_TIMELINE_STATIC_BUILD_DIR", str(target))
    create_app({"TESTING": True})
    assert list((target / "js").glob("timeline.*.js.br"))


def test_tiny_files_are_not_given_compressed_copies_that_would_be_larger(tmp_path):
    static, build = tmp_path / "static", tmp_path / "build"
    static.mkdir()
    (static / "tiny.js").write_text("1")
    name = assets.build(static, build)["tiny.js"]
    assert (build / name).exists()
    assert not (build / (name + ".gz")).exists() and not (build / (name + ".br")).exists()


def test_plain_gzip_and_brotli_bytes_each_have_their_own_etag(client, manifest):
    tags = {}
    for encoding in ("identity", "gzip", "br"):
        with client.get(manifest[PLOTLY], headers={"Accept-Encoding": encoding}) as response:
            tags[encoding] = response.headers["ETag"]
    assert len(set(tags.values())) == 3
    assert tags["gzip"] == tags["identity"][:-1] + '-gzip"' and tags["br"] == tags["identity"][:-1] + '-br"'


@pytest.mark.parametrize("encoding", ["identity", "gzip", "br"])
def test_a_weak_or_listed_etag_gets_a_304_for_its_own_encoding_only(client, manifest, encoding):
    url, accept = manifest[PLOTLY], {"Accept-Encoding": encoding}
    with client.get(url, headers=accept) as response:
        etag = response.headers["ETag"]
    for given in (etag, f"W/{etag}", f'"other", W/{etag}'):
        with client.get(url, headers={**accept, "If-None-Match": given}) as response:
            assert response.status_code == 304, given
            assert response.headers["ETag"] == etag and response.get_data() == b""
    other = "br" if encoding != "br" else "gzip"
    with client.get(url, headers={"Accept-Encoding": other, "If-None-Match": etag}) as response:
        assert response.status_code == 200 and response.headers["Content-Encoding"] == other
