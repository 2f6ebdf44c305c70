"""Read a CSV as a spreadsheet saves it: find its encoding and its delimiter; hand back plain comma-separated text.

Excel's plain "CSV" is Windows-1252 on Windows and uses a semicolon where the decimal mark is a comma (most of
Europe and Latin America); "Unicode text" is UTF-16 with tabs; cells copied and pasted arrive tab-separated.
"""

from __future__ import annotations

import codecs
import csv
import io

from webapp.i18n import gettext

DELIMITERS = ",;\t"
# A workbook, not a CSV: the magic bytes of .xlsx/.ods (a zip file) and of the old binary .xls.
WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class SpreadsheetError(ValueError):
    """The bytes are not a CSV this app can read; the message names the real problem and its fix."""


def decode(data: bytes) -> str:
    """Return the text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if data.startswith(WORKBOOKS):
        raise SpreadsheetError(gettext("the file is a spreadsheet workbook (.xlsx, .xls or .ods), not a CSV file. "
                                       "Fix: in your spreadsheet choose Save As, then “CSV UTF-8”."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SpreadsheetError(gettext("the file starts as UTF-16 text but is cut short. "
                                           "Fix: save it again as “CSV UTF-8”.")) from exc
    if b"\x00" in data:
        # UTF-16 without its byte order mark: every other byte of plain text is a zero.
        raise SpreadsheetError(gettext("the file looks like UTF-16 text without a byte order mark, which cannot be "
                                       "read reliably. Fix: save it as “CSV UTF-8”."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Not UTF-8: Excel's plain "CSV" on Windows writes Windows-1252 (accents such as é are one byte).
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(gettext("line %(line)s holds a byte (%(byte)s) that is neither UTF-8 nor "
                                       "Windows-1252 text. Fix: save the file as “CSV UTF-8”.",
                                       line=data.count(b"\n", 0, exc.start) + 1,
                                       byte=f"0x{data[exc.start]:02X}")) from exc


def delimiter(text: str, header: str) -> str:
    """Return the delimiter of a CSV text: comma, semicolon or tab (csv.Sniffer, checked on the header)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    # The header's first column name tells the delimiter at once ("protocol;phase;..."): trust it first.
    for candidate in DELIMITERS:
        if first.startswith(header + candidate):
            return candidate
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {candidate: first.count(candidate) for candidate in DELIMITERS}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def to_commas(text: str, header: str) -> str:
    """Return the CSV text with commas between cells, whatever delimiter it came with."""
    sep = delimiter(text, header)
    if sep == ",":
        return text
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text), delimiter=sep):
        writer.writerow(row)
    return out.getvalue()
