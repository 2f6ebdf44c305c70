"""tests/pdf_reading.py: what poppler says about a file is read once, and again when the file changes."""

import os
import shutil
import subprocess

import pytest

from tests import pdf_reading

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")


def one_page_pdf(height: int) -> bytes:
    """A one-page PDF of 200 x `height` points (poppler rebuilds its cross-reference table)."""
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 HEIGHT] >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n").replace(b"HEIGHT", str(height).encode())


@pytest.fixture
def runs(monkeypatch):
    """Count the poppler commands that really run."""
    ran = []
    real = subprocess.run

    def counting(args, **kwargs):
        ran.append(args[0])
        return real(args, **kwargs)

    monkeypatch.setattr(pdf_reading.subprocess, "run", counting)
    return ran


def test_the_same_question_about_the_same_file_runs_poppler_once(tmp_path, runs):
    path = tmp_path / "a.pdf"
    path.write_bytes(one_page_pdf(300))
    assert [pdf_reading.page_height(path) for _ in range(3)] == [300.0, 300.0, 300.0]
    assert pdf_reading.page_count(path) == 1
    assert runs == ["pdfinfo"]


def test_a_file_written_again_is_read_again(tmp_path, runs):
    path = tmp_path / "a.pdf"
    path.write_bytes(one_page_pdf(300))
    assert pdf_reading.page_height(path) == 300.0
    path.write_bytes(one_page_pdf(4000))
    assert pdf_reading.page_height(path) == 4000.0
    # The same size and the same modification time as before: told apart by the content.
    stat = path.stat()
    path.write_bytes(one_page_pdf(5000))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert pdf_reading.page_height(path) == 5000.0
    assert runs == ["pdfinfo"] * 3


def test_pdftoppm_always_runs(tmp_path, runs):
    path = tmp_path / "a.pdf"
    path.write_bytes(one_page_pdf(300))
    for _ in range(2):
        width, height, body = pdf_reading.pixels(path, 1, 72, tmp_path)
        assert (width, height, len(body)) == (200, 300, 200 * 300 * 3)
    assert runs == ["pdftoppm", "pdftoppm"]
