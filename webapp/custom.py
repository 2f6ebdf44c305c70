"""A clinician's own protocol: check an uploaded phases CSV and carry it in the address, not on the server."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import re
import zlib
from dataclasses import dataclass
from datetime import date

from webapp import phases
from webapp.catalogue import Source
from webapp.i18n import gettext, lazy_gettext, ngettext
from webapp.phases import COLUMNS
from webapp.protocol import CUSTOM_ID, LAST_DAY
from webapp.schedule import (
    NO_OPTIONS,
    OPTION_NAMES,
    MilestoneSpec,
    OptionChange,
    OptionSpec,
    OptionValue,
    PhaseSpec,
    Protocol,
    ScheduleError,
    apply_options,
    build,
)

# read_table and parse_phases look the columns up by the file's name: the upload is a phases.csv.
LABEL = "phases.csv"
MILESTONES = "milestones.csv"
MAX_MILESTONES = 200
MAX_TEXT = 100 * 1024  # the same as the upload limit (MAX_CONTENT_LENGTH)
# gunicorn refuses request lines over 8190 bytes (limit_request_line); leave room for the rest.
MAX_TOKEN = 6000
MAX_ROWS = 60
MAX_NAME = 80
MAX_YEARS = 10
LIMITS = {"days": 366 * MAX_YEARS, "weeks": 53 * MAX_YEARS, "months": 12 * MAX_YEARS, "years": MAX_YEARS}
TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")
# Lazy, so the page shows them in the language of each request, not of start-up.
OWN = Source("own", lazy_gettext("The clinician's own protocol, uploaded by them with this schedule"),
             lazy_gettext("Not checked by ALL Timeline"), "", "")
DEFAULT_NAME = lazy_gettext("Your own protocol")


class TokenError(ValueError):
    """The protocol carried in the address cannot be read back."""


@dataclass(frozen=True)
class Upload:
    """What the clinician sent: the phases CSV, a name for it, the day it was uploaded, an optional milestones CSV."""

    text: str
    name: str
    uploaded: date
    milestones: str = ""


def normalise(text: str) -> str:
    """Drop a byte order mark and carriage returns, and trailing blank lines."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"


def encode(upload: Upload) -> str:
    """Pack an upload into a short, URL-safe token (deflate, then base64url without padding)."""
    payload = {"v": 1, "name": upload.name, "uploaded": upload.uploaded.isoformat(), "csv": upload.text}
    if upload.milestones:
        payload["milestones"] = upload.milestones  # absent in the addresses made before milestones could be uploaded
    packed = zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode(token: str) -> Upload:
    """Unpack a token; raise TokenError when it is damaged, too long or not one of ours."""
    if not token:
        raise TokenError(gettext("it is empty"))
    if len(token) > MAX_TOKEN:
        raise TokenError(gettext("it is %(length)s characters long; the most is %(most)s",
                                 length=len(token), most=MAX_TOKEN))
    if not TOKEN.match(token):
        raise TokenError(gettext("it has characters that a packed protocol never contains; it was probably cut short"))
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_TEXT + 1024)  # a bounded read: no zip bombs
        if inflater.unconsumed_tail or not inflater.eof:
            raise TokenError(gettext("it is incomplete or unpacks to more than 100 KB"))
        data = json.loads(raw.decode("utf-8"))
        upload = Upload(str(data["csv"]), str(data["name"]), date.fromisoformat(data["uploaded"]),
                        str(data.get("milestones", "")))
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError,
            ValueError) as exc:
        if isinstance(exc, TokenError):
            raise
        raise TokenError(gettext("it is damaged; it was probably cut short when the address was copied")) from exc
    if data.get("v") != 1 or len(upload.name) > MAX_NAME:
        raise TokenError(gettext("it was not made by this version of the upload page"))
    return upload


def _extra_checks(frame, errors: list[str]) -> None:
    """Rules the data files do not need: one protocol per upload, bounded size and lengths."""
    if frame.empty:
        errors.append(gettext("%(label)s: there are no phase rows. Fix: add one row per phase under the header.",
                              label=LABEL))
        return
    if len(frame) > MAX_ROWS:
        errors.append(gettext("%(label)s: %(rows)s phase rows; the most is %(most)s. Fix: upload one protocol at a "
                              "time.", label=LABEL, rows=len(frame), most=MAX_ROWS))
    rows = phases.Rows(LABEL, frame, errors)
    first = frame.iloc[0]["protocol"]
    for line, row in rows:
        if row["protocol"] and row["protocol"] != first:
            rows.error(line, "protocol",
                       gettext("%(protocol)s differs from %(first)s on line 2",
                               protocol=repr(row["protocol"]), first=repr(first)),
                       gettext("upload one protocol at a time, with the same id on every row"))
        for column in ("length", "length_min", "length_max"):
            value, limit = row[column], LIMITS.get(row["unit"])
            if value.isdigit() and limit is not None and int(value) > limit:
                # The unit is the cell as written (days, weeks, months or years): data, not text.
                rows.error(line, column,
                           gettext("%(value)s %(unit)s is longer than %(years)s years",
                                   value=value, unit=row["unit"], years=MAX_YEARS),
                           gettext("check the number and the unit"))
    if "main" not in set(frame["track"]):
        errors.append(gettext("%(label)s: no phase is on the main track. Fix: write 'main' in the track column of "
                              "the phases everyone goes through.", label=LABEL))


def _for_uploads(frame, errors: list[str]) -> list[str]:
    """Order the errors by line, drop those that only repeat an earlier row's error, and point fixes at
    what an uploader can do.

    parse_phases skips a row with an error, so every later row that follows it would also be reported
    ("'induction' is not an earlier phase"); one error per cause is easier to act on.
    """
    # Rows.error's messages carry their line and column (phases.Problem): the text may be in any language.
    def line(message: str) -> int:
        return getattr(message, "line", 0)

    def follows(message: str) -> str | None:
        """Return the phase an 'after' or 'clock_from' error refers to, None for any other error."""
        if getattr(message, "column", "") not in ("after", "clock_from"):
            return None
        return frame.iloc[line(message) - 2][message.column]

    defined_on = {}
    for index, phase_id in enumerate(frame["phase"]):
        defined_on.setdefault(phase_id, index + 2)
    broken = {frame.iloc[line(e) - 2]["phase"] for e in errors if line(e) >= 2}
    kept = []
    for error in sorted(errors, key=line):
        ref = follows(error)
        if ref is not None and ref in broken and defined_on.get(ref, 10**9) < line(error):
            continue
        kept.append(_own_sources(error))
    return kept


def parse(upload: Upload, sources: dict[str, Source], paths: tuple[str, ...] = ()) -> tuple[Protocol | None, list[str]]:
    """Check every row with the validator of data/phases.csv; return the protocol or every error at once."""
    errors: list[str] = []
    if len((upload.text + upload.milestones).encode("utf-8")) > MAX_TEXT:
        return None, [gettext("%(label)s: the text is larger than 100 KB. Fix: upload the phases of one protocol "
                              "only.", label=LABEL)]
    frame = phases.read_table(LABEL, upload.text, errors)
    if frame is None:
        return None, errors
    if not errors:
        _extra_checks(frame, errors)
    known = {**sources, OWN.key: OWN}
    by_protocol = phases.parse_phases(LABEL, frame, set(frame["protocol"]) - {""}, known, errors, paths)
    if errors:
        return None, _for_uploads(frame, errors)
    specs = tuple(next(iter(by_protocol.values())))
    protocol = Protocol(
        id=CUSTOM_ID, name=upload.name or str(DEFAULT_NAME), for_whom=gettext("Set by the clinician who uploaded it"),
        version=gettext("A clinician's own protocol, uploaded by them; not checked by ALL Timeline"),
        as_of=upload.uploaded, sources=(OWN.key,), note="", phases=specs,
        options=tuple(_range_option(s) for s in specs if s.option),
    )
    try:
        relative = build(protocol, None)
    except ScheduleError as exc:
        return None, [gettext("%(label)s: %(problem)s", label=LABEL, problem=gettext(exc.template, **exc.params))]
    if relative.total_days > 366 * MAX_YEARS:
        return None, [gettext("%(label)s: the whole schedule lasts %(days)s days; this tool draws up to %(years)s "
                              "years. Fix: check the lengths and units.",
                              label=LABEL, days=relative.total_days, years=MAX_YEARS)]
    last = max(relative.main, key=lambda p: p.end)
    end = MilestoneSpec(id="end", phase=last.id, day=None, repeat_every=None, kind="end",
                        label=gettext("Planned last day of treatment"), short=gettext("End"), sources=(OWN.key,))
    file_id = next(iter(by_protocol))  # the id the rows of phases.csv give (the Protocol's own id is 'custom')
    own, errors = _milestones(upload.milestones, protocol, file_id, known) if upload.milestones else ((), [])
    if errors:
        return None, errors
    return Protocol(**{**protocol.__dict__, "milestones": (*own, end)}), []


def _milestones(text: str, protocol: Protocol, protocol_id: str,
                known: dict[str, Source]) -> tuple[tuple[MilestoneSpec, ...], list[str]]:
    """Check an uploaded milestones CSV with the validator of data/milestones.csv, against the uploaded phases."""
    errors: list[str] = []
    frame = phases.read_table(MILESTONES, text, errors)
    if frame is None or errors:
        return (), errors
    if frame.empty:
        return (), [gettext("%(label)s: there are no milestone rows. Fix: add one row per test or spinal tap under "
                            "the header, or leave the milestones out.", label=MILESTONES)]
    if len(frame) > MAX_MILESTONES:
        return (), [gettext("%(label)s: %(rows)s milestone rows; the most is %(most)s. Fix: upload the milestones "
                            "of one protocol.", label=MILESTONES, rows=len(frame), most=MAX_MILESTONES)]
    rows = phases.Rows(MILESTONES, frame, errors)
    for line, row in rows:
        if row["protocol"] != protocol_id:
            rows.error(line, "protocol", gettext("%(protocol)s is not the protocol of phases.csv (%(first)s)",
                                                 protocol=repr(row["protocol"]), first=repr(protocol_id)),
                       gettext("write the same protocol id as in phases.csv"))
        if row["kind"] == "end":
            rows.error(line, "kind", gettext("the planned end is drawn for you"),
                       gettext("use check (a test or scan) or lp (a spinal tap)"))
        if row["option"]:
            rows.error(line, "option", gettext("an uploaded milestone is always drawn"), gettext("leave it empty"))
    if errors:
        return (), errors
    found = phases.parse_milestones(MILESTONES, frame, {protocol_id: list(protocol.phases)}, known, errors)
    if errors:
        return (), [_own_sources(e) for e in errors]
    specs = tuple(found.get(protocol_id, ()))
    # A day past the end of a phase whose length is a range, or counted from another phase, shows only when built.
    placed = {m.spec.id for m in build(Protocol(**{**protocol.__dict__, "milestones": specs}), None).milestones}
    for index, spec in enumerate(specs):
        if spec.id not in placed:
            errors.append(gettext("%(label)s, line %(line)s, column 'day': Day %(day)s is after the last day of "
                                  "%(phase)s. Fix: use a day inside the phase, or 'last'.",
                                  label=MILESTONES, line=index + 2, day=spec.day, phase=repr(spec.phase)))
    return specs, [_own_sources(e) for e in errors]


def _own_sources(error: str) -> str:
    """Point a sources error at what an uploader can write: 'own', or a key from this app's list."""
    return error.replace(phases.sources_fix(), gettext(
        "write 'own' for your own protocol, or use a key from this app's list of sources"))


def _range_option(spec: PhaseSpec) -> OptionSpec:
    """Return the option an uploaded phase's `option` column declares: its length in weeks, within its range."""
    low, high = spec.length_min or spec.length, spec.length_max or spec.length
    values = tuple(OptionValue(str(n), ngettext("%(num)s week", "%(num)s weeks", n),
                               (OptionChange(spec.id, "length", n, spec.unit),)) for n in range(low, high + 1))
    # The column may sit on any phase, not only the first: the label names the phase it lengthens.
    return OptionSpec(spec.option, gettext("Length of %(phase)s", phase=spec.name), values,
                      unset=gettext("As the protocol says"))


def _length_option(protocol: Protocol, phase_id: str) -> str:
    """Return the upload option (induction_weeks) a built-in protocol's options.csv rows give this phase, if any."""
    for option in protocol.options:
        changes = [c for v in option.values for c in v.changes]
        if option.id in OPTION_NAMES and changes and all(c.phase == phase_id and c.change == "length" for c in changes):
            return option.id
    return ""


def template_csv(protocol: Protocol) -> str:
    """Return a built-in protocol as a phases CSV: the starting point for a clinician's own."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[LABEL], lineterminator="\r\n")
    writer.writeheader()
    for s in apply_options(protocol, NO_OPTIONS)[0]:  # the road drawn when no patient option is given
        writer.writerow({
            "protocol": protocol.id, "phase": s.id, "order": s.order, "name": s.name, "track": s.track,
            "after": s.after or "", "anchor": "" if s.anchor == "end" else s.anchor, "offset": s.offset or "",
            "length": s.length or "", "length_min": s.length_min or "", "length_max": s.length_max or "",
            "unit": s.unit, "clock_from": s.clock_from or "", "until": s.until or "",
            "inserts": "yes" if s.inserts else "", "option": s.option or _length_option(protocol, s.id),
            "setting": s.setting,
            "summary": s.summary, "sources": ";".join(s.sources), "note": s.note, "gate": s.gate,
            "open_end": "yes" if s.open_end else "",
        })
    return out.getvalue()


def template_milestones_csv(protocol: Protocol) -> str:
    """Return a built-in protocol's milestones in the upload format (those drawn whatever the options)."""
    out = io.StringIO()
    fields = [c for c in COLUMNS[MILESTONES] if c != "option"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for m in apply_options(protocol, NO_OPTIONS)[1]:
        if m.kind == "end":
            continue  # the planned end of an uploaded protocol is drawn for it
        writer.writerow({
            "protocol": protocol.id, "milestone": m.id, "phase": m.phase, "day": LAST_DAY if m.day is None else m.day,
            "repeat_every": m.repeat_every or "", "kind": m.kind, "label": m.label, "short": m.short,
            "sources": ";".join(m.sources), "note": m.note,
        })
    return out.getvalue()
