"""Static files: content-hashed names, precompressed copies, served by WhiteNoise with long-lived caching."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

import brotli
from whitenoise import WhiteNoise

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


def serve(app, build_dir: Path, extra_headers: dict[str, str]) -> dict[str, str]:
    """Serve app.static_folder through WhiteNoise under hashed names; url_for('static') links to them."""
    static = Path(app.static_folder)
    manifest = build(static, build_dir)
    prefix = app.static_url_path.strip("/") + "/"

    def add_headers(headers, path: str, url: str) -> None:
        cache_headers(headers, path, url)
        for name, value in extra_headers.items():
            headers[name] = value

    whitenoise = WhiteNoise(app.wsgi_app, max_age=None, allow_all_origins=False, add_headers_function=add_headers)
    whitenoise.add_files(str(build_dir), prefix=prefix)
    whitenoise.add_files(str(static), prefix=prefix)
    app.wsgi_app = whitenoise

    @app.url_defaults
    def hashed_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    return manifest
