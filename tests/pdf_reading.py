"""Read a PDF back the way a person would: its text, its words' positions and its pixels (poppler-utils)."""

import hashlib
import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


# What pdfinfo, pdftotext and pdffonts say about a file, by command and the file's content: a test reads the same
# page's words and the same page height many times (tests/test_pdf_pages.py ran pdfinfo 356 times for 28 PDFs), and
# hashing a PDF costs far less than starting poppler; a file written again is read again, even within the same
# clock tick. pdftoppm writes files, so it always runs.
READS = ("pdfinfo", "pdftotext", "pdffonts")
_said: dict[tuple, str] = {}


def _stamp(args: tuple[str, ...]) -> tuple:
    """Return the command with each file it names paired with the SHA-256 of that file's bytes."""
    return tuple((arg, hashlib.sha256(Path(arg).read_bytes()).digest()) if Path(arg).is_file() else arg
                 for arg in args)


def _run(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is missing: run `make test`, which installs poppler-utils.")
    key = _stamp(args) if args[0] in READS else None
    if key is not None and key in _said:
        return _said[key]
    out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout
    if key is not None:
        if len(_said) >= 1024:  # a bound on memory: forget the oldest
            del _said[next(iter(_said))]
        _said[key] = out
    return out


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", _run("pdfinfo", str(path)), re.M).group(1))


def page_size(path: Path) -> str:
    return re.search(r"^Page size:\s+(.*)$", _run("pdfinfo", str(path)), re.M).group(1)


def page_text(path: Path, page: int | None = None) -> str:
    """Return the text of one page (or all), with white space folded to single spaces."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return re.sub(r"\s+", " ", _run("pdftotext", *pages, str(path), "-"))


def words(path: Path, page: int) -> list[Word]:
    """Return every word on a page with its box in PDF points (origin top left)."""
    out = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    return [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in WORD.findall(out)]


def pixels(path: Path, page: int, dpi: int, out_dir: Path) -> tuple[int, int, bytes]:
    """Rasterise one page; return width, height and RGB bytes (from a binary PPM)."""
    stem = out_dir / f"page-{page}"
    _run("pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(path), str(stem))
    data = stem.with_suffix(".ppm").read_bytes()
    magic, width, height, depth, body = re.match(rb"(P6)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S).groups()
    assert depth == b"255"
    return int(width), int(height), body


def tagged(path: Path) -> bool:
    """Say whether pdfinfo reports a tagged PDF (a structure tree that screen readers follow)."""
    return re.search(r"^Tagged:\s+(\S+)$", _run("pdfinfo", str(path)), re.M).group(1) == "yes"


def structure(path: Path) -> str:
    """Return the logical structure poppler reads from a tagged PDF (headings, paragraphs, tables)."""
    return _run("pdfinfo", "-struct", str(path))


def catalogue(path: Path) -> dict[str, str]:
    """Return the document's language and whether it has an outline, from its (uncompressed) catalogue."""
    data = path.read_bytes()
    language = re.search(rb"/Lang \(([^)]*)\)", data)
    return {"lang": language.group(1).decode() if language else "",
            "outline": "yes" if re.search(rb"/Outlines \d+ 0 R", data) else "no"}


def fonts(path: Path) -> list[tuple[str, bool]]:
    """Return each font of the PDF as (name without its subset prefix, embedded?), from pdffonts."""
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    # Columns: name type encoding emb sub uni object ID; the name has no spaces, emb is yes/no.
    return [(row.split()[0].split("+")[-1], row.split()[-5] == "yes") for row in rows if row.strip()]


MM = 72 / 25.4  # PDF points per millimetre


def page_height(path: Path) -> float:
    return float(re.search(r"^Page size:\s+[\d.]+ x ([\d.]+) pts", _run("pdfinfo", str(path)), re.M).group(1))


def body_words(path: Path, page: int, top_mm: float = 14, bottom_mm: float = 22) -> list[Word]:
    """Return the words inside the page's text area: the footer in the bottom margin left out."""
    bottom = page_height(path) - bottom_mm * MM
    return [w for w in words(path, page) if w.y0 >= top_mm * MM - 1 and w.y1 <= bottom]


def filled(path: Path, page: int, top_mm: float = 14, bottom_mm: float = 22) -> float:
    """Return how far down the text area the page's last word reaches (0 = empty, 1 = full)."""
    top, bottom = top_mm * MM, page_height(path) - bottom_mm * MM
    found = body_words(path, page, top_mm, bottom_mm)
    return (max(w.y1 for w in found) - top) / (bottom - top) if found else 0.0
