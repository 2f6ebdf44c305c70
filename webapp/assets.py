"""Static files: content-hashed names, precompressed copies, served by WhiteNoise with long-lived caching."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from http import HTTPStatus
from pathlib import Path
from wsgiref.headers import Headers

import brotli
from whitenoise import WhiteNoise
from whitenoise.responders import MissingFileError, Response, StaticFile

HASH_LENGTH = 12
HASHED = re.compile(r"\.[0-9a-f]{12}(\.[^./]+)?$")
# A hashed name changes whenever its content does, so browsers may keep it for a year without asking.
IMMUTABLE = "public, max-age=31536000, immutable"
# Plain names (old links, bookmarks) may change content under the same name: ask each time (ETag makes it cheap).
REVALIDATE = "no-cache"
# Already-compressed formats gain nothing from gzip or brotli.
SKIP_COMPRESSION = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".gz", ".br", ".zip"}


def hashed_name(name: str, data: bytes) -> str:
    """Return `name` with a content hash before its extension: js/timeline.js -> js/timeline.<hash>.js."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    folder, _, base = name.rpartition("/")
    stem, dot, ext = base.rpartition(".")
    hashed = f"{stem}.{digest}.{ext}" if dot and stem else f"{base}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def _write_once(path: Path, data: bytes) -> None:
    """Write `data` atomically unless the file exists (hashed names never change content)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several workers may build at once: write to a temporary file and rename, which is atomic.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def build(source: Path, target: Path) -> dict[str, str]:
    """Copy each file of `source` to `target` under its hashed name with .gz and .br beside it; return the manifest."""
    manifest = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.relative_to(source).as_posix()
        data = path.read_bytes()
        manifest[name] = hashed = hashed_name(name, data)
        out = target / hashed
        if out.exists():
            continue
        if path.suffix.lower() not in SKIP_COMPRESSION:
            for suffix, packed in ((".gz", gzip.compress(data, compresslevel=9, mtime=0)),
                                   (".br", brotli.compress(data, quality=11))):
                # Tiny files can grow when compressed; WhiteNoise then sends the plain file.
                if len(packed) < 0.95 * len(data):
                    _write_once(out.with_name(out.name + suffix), packed)
        # The plain file last: its presence says the compressed copies are complete.
        _write_once(out, data)
    return manifest


def cache_headers(headers, path: str, url: str) -> None:
    """Give hashed names a year of immutable caching and plain names revalidation."""
    headers["Cache-Control"] = IMMUTABLE if HASHED.search(url) else REVALIDATE


class EncodedStaticFile(StaticFile):
    """A static file whose plain, gzip and brotli bytes each have their own ETag, compared weakly (RFC 9110)."""

    def get_alternatives(self, base_headers, files):
        alternatives = super().get_alternatives(base_headers, files)
        tagged = []
        for encoding_re, path, headers in alternatives:
            headers = dict(headers)
            encoding = headers.get("Content-Encoding")
            if encoding:
                # WhiteNoise gives every encoding the plain file's ETag; a cache would then mix the bytes up.
                headers["ETag"] = f'{headers["ETag"][:-1]}-{encoding}"'
            tagged.append((encoding_re, path, list(headers.items())))
        return tagged

    def get_response(self, method, request_headers):
        wanted = request_headers.get("HTTP_IF_NONE_MATCH")
        if wanted is None or method not in ("GET", "HEAD"):
            return super().get_response(method, request_headers)
        _, headers = self.get_path_and_headers(request_headers)
        etag = dict(headers)["ETag"]
        # Weak comparison: a W/ prefix or a list of tags still matches (what browsers and proxies send).
        tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
        if etag in tags or "*" in tags:
            kept = [(k, v) for k, v in self.not_modified_response.headers if k != "ETag"]
            return Response(HTTPStatus.NOT_MODIFIED, [*kept, ("ETag", etag)], None)
        # No match: the full file (If-Modified-Since does not count when If-None-Match is sent).
        request_headers = {k: v for k, v in request_headers.items()
                           if k not in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")}
        return super().get_response(method, request_headers)


class EncodedWhiteNoise(WhiteNoise):
    """WhiteNoise with an ETag per encoding (issue 13)."""

    def get_static_file(self, path, url, stat_cache=None):
        # WhiteNoise.get_static_file's steps, building the subclass (the base class names StaticFile itself).
        if stat_cache is None and not os.path.exists(path):
            raise MissingFileError(path)
        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        self.add_cache_headers(headers, path, url)
        self.add_headers_function(headers, path, url)
        return EncodedStaticFile(path, headers.items(), stat_cache=stat_cache,
                                 encodings={"gzip": path + ".gz", "br": path + ".br"})


def serve(app, build_dir: Path, extra_headers: dict[str, str]) -> dict[str, str]:
    """Serve app.static_folder through WhiteNoise under hashed names; url_for('static') links to them."""
    static = Path(app.static_folder)
    manifest = build(static, build_dir)
    prefix = app.static_url_path.strip("/") + "/"

    def add_headers(headers, path: str, url: str) -> None:
        cache_headers(headers, path, url)
        for name, value in extra_headers.items():
            headers[name] = value

    whitenoise = EncodedWhiteNoise(app.wsgi_app, max_age=None, allow_all_origins=False,
                                   add_headers_function=add_headers)
    whitenoise.add_files(str(build_dir), prefix=prefix)
    whitenoise.add_files(str(static), prefix=prefix)
    app.wsgi_app = whitenoise

    @app.url_defaults
    def hashed_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    return manifest
