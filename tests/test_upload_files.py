"""Issue 15: /custom reads the files spreadsheets really save (semicolons, tabs, Windows-1252, UTF-16) and names
the real problem when it cannot."""

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.test_views import text
from webapp import spreadsheet

UPLOADS = Path(__file__).parent / "data" / "uploads"


@pytest.fixture
def csrf(client):
    page = client.get("/custom").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def upload(client, csrf, data: bytes, filename: str = "mine.csv", **fields):
    form = {"csrf_token": csrf, "start": "2026-01-05", "csv_file": (io.BytesIO(data), filename), **fields}
    return client.post("/custom", data=form, content_type="multipart/form-data")


@pytest.mark.parametrize("name", ["excel-es-semicolon-cp1252.csv", "excel-unicode-text-utf16.txt",
                                  "csv-utf8-bom-semicolon.csv", "tabs-utf8.tsv"])
def test_a_spreadsheet_file_is_read_whatever_its_delimiter_and_encoding(client, csrf, name):
    response = upload(client, csrf, (UPLOADS / name).read_bytes(), name)
    assert response.status_code == 303, text(response)
    body = text(client.get(response.headers["Location"]))
    # The accents came through (é, ó), and the dates are those of the three phases.
    assert "<td>Mon, 5 Jan 2026</td><td>Sun, 8 Feb 2026</td>" in body  # Inducción, 5 weeks
    for phase in ("Inducción", "Consolidación", "Mantenimiento"):
        assert f"<th scope=\"row\">{phase}</th>" in body or f">{phase}<" in body
    assert "Cifras del protocolo de la unidad; 2 años." in body


def test_cells_pasted_from_a_spreadsheet_arrive_tab_separated_and_are_read(client, csrf):
    pasted = (UPLOADS / "tabs-utf8.tsv").read_text(encoding="utf-8")
    response = client.post("/custom", data={"csrf_token": csrf, "csv_text": pasted})
    assert response.status_code == 303
    assert "Consolidación" in text(client.get(response.headers["Location"]))


@pytest.mark.parametrize(("data", "message"), [
    ((UPLOADS / "utf16-no-bom.csv").read_bytes(),
     "csv_file: the file looks like UTF-16 text without a byte order mark, which cannot be read reliably. "
     "Fix: save it as “CSV UTF-8”."),
    (b"PK\x03\x04\x14\x00\x06\x00", "csv_file: the file is a spreadsheet workbook (.xlsx, .xls or .ods), not a CSV "
     "file. Fix: in your spreadsheet choose Save As, then “CSV UTF-8”."),
    (b"protocol,phase\nmine,a\x81b\n", "csv_file: line 2 holds a byte (0x81) that is neither UTF-8 nor Windows-1252 "
     "text. Fix: save the file as “CSV UTF-8”."),
    (b"\xff\xfep\x00r\x00o", "csv_file: the file starts as UTF-16 text but is cut short. Fix: save it again as "
     "“CSV UTF-8”."),
], ids=["utf16-without-bom", "xlsx", "bad-byte", "utf16-cut-short"])
def test_an_unreadable_file_gets_an_error_naming_the_real_problem(client, csrf, data, message):
    response = upload(client, csrf, data)
    assert response.status_code == 400
    body = text(response)
    assert f"<li>{message}</li>" in body.replace("&#34;", '"')
    assert "not UTF-8" not in body


@pytest.mark.parametrize(("sample", "expected"), [
    ("protocol,phase\nx,y\n", ","), ("protocol;phase\nx;y\n", ";"), ("protocol\tphase\nx\ty\n", "\t"),
    # Without the expected first column the sniffer decides: "a;b;c" lines are semicolon-separated.
    ("phase;order;name\nx;1;Induction, first part\ny;2;Consolidation\n", ";"),
])
def test_the_delimiter_is_found(sample, expected):
    assert spreadsheet.delimiter(sample, "protocol") == expected


def test_semicolons_become_commas_and_a_comma_inside_a_cell_is_quoted():
    assert spreadsheet.to_commas("protocol;name\nmine;Induction, part 1\n", "protocol") == (
        'protocol,name\nmine,"Induction, part 1"\n')


@pytest.mark.parametrize(("data", "expected"), [
    ("Inducción".encode("cp1252"), "Inducción"), ("\ufeffInducción".encode(), "Inducción"),
    ("Inducción".encode(), "Inducción"), ("\ufeffInducción".encode("utf-16-le"), "Inducción"),
    ("\ufeffInducción".encode("utf-16-be"), "Inducción"),
])
def test_each_encoding_a_spreadsheet_writes_is_decoded(data, expected):
    assert spreadsheet.decode(data) == expected


def test_the_upload_page_says_which_files_it_reads(client):
    body = text(client.get("/custom"))
    assert "Commas, semicolons or tabs between cells; UTF-8, UTF-16 or Windows-1252 text (as Excel saves it)." in body
    assert urlsplit("/custom").path == "/custom"
