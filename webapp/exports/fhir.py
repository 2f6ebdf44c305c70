"""The schedule and its protocol as HL7 FHIR R4: a PlanDefinition, a CarePlan, and a Bundle holding both."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from html import escape

from webapp.exports.records import disclaimer
from webapp.formatting import SETTING_TEXT, end_window_sentence, milestone_window_text, window_lines
from webapp.i18n import N_, current, gettext, ngettext
from webapp.protocol import AFTER_END, AFTER_PATH_MAIN, AfterSpec, PhaseSpec, Protocol
from webapp.schedule import NO_OPTIONS, AfterMark, Milestone, Phase, Schedule, apply_options

MIMETYPE = "application/fhir+json"
UCUM = "http://unitsofmeasure.org"
UCUM_CODES = {"days": "d", "weeks": "wk", "months": "mo", "years": "a"}
# The unit's word for a count, in the page's language (a Duration's `unit` is for people; `code` is UCUM).
UNIT_WORDS = {
    "days": lambda n: ngettext("day", "days", n),
    "weeks": lambda n: ngettext("week", "weeks", n),
    "months": lambda n: ngettext("month", "months", n),
    "years": lambda n: ngettext("year", "years", n),
}
PLAN_TYPE = {"system": "http://terminology.hl7.org/CodeSystem/plan-definition-type", "code": "clinical-protocol",
             "display": "Clinical Protocol"}
XHTML = "http://www.w3.org/1999/xhtml"
# Fixed, so the same address always gives the same resource ids (uuid5 is a hash, not a random number).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:all-timeline:fhir")
PATHS_ACTION = "paths"
AFTER_ACTION = "after"  # the group of steps after treatment (data/after_milestones.csv)
GUIDELINES_ACTION = "after-guidelines"  # its choice of one country's guidance
# A protocol's status in protocols.csv as a FHIR publication status: one closed to new patients (or replaced by
# another) is `retired`, "withdrawn from use" in FHIR's terms; an upload is a `draft` (issue 12).
PUBLICATION_STATUS = {"current": "active", "closed": "retired", "superseded": "retired"}
# FHIR R4 has no element for "may start between": an activity's scheduledPeriod holds the dates drawn, and these
# extensions (valuePeriod: earliest to latest day) hold the windows the ranges before it leave (hyper-CVAD's
# 21-28-day courses add up). URNs, like NAMESPACE, so they do not depend on where the app is served.
MAY_START = "urn:all-timeline:fhir:StructureDefinition:may-start-between"
MAY_END = "urn:all-timeline:fhir:StructureDefinition:may-end-between"
MAY_FALL = "urn:all-timeline:fhir:StructureDefinition:may-fall-between"


@dataclass(frozen=True)
class Publication:
    """Where a protocol's PlanDefinition is published: its canonical url and FHIR publication status."""

    url: str
    status: str  # PUBLICATION_STATUS of a protocols.csv row's status, "draft" for an upload (README's FHIR table)


def resource_id(key: str, kind: str) -> str:
    """Return a UUID for one resource, the same for the same query `key` and resource kind."""
    return str(uuid.uuid5(NAMESPACE, f"{key}#{kind}"))


def canonical(protocol: Protocol, publication: Publication) -> str:
    """Return the PlanDefinition's versioned canonical reference, `url|version`."""
    return f"{publication.url}|{version(protocol)}"


def version(protocol: Protocol) -> str:
    """Return the PlanDefinition's version: the day protocols.csv says its description is as of."""
    # The `version` column is a sentence; a canonical reference (`url|version`) may hold no spaces.
    return protocol.as_of.isoformat()


def _duration(value: int, unit: str) -> dict:
    return {"value": value, "unit": UNIT_WORDS[unit](value), "system": UCUM, "code": UCUM_CODES[unit]}


def _timing(spec: PhaseSpec) -> dict:
    """Return the phase's length as timingDuration, or timingRange where the sources give a range."""
    if spec.until is not None or spec.clock_from is not None:
        return {}  # its end is set by another phase; textEquivalent says which
    low = spec.length_min if spec.length_min is not None else spec.length
    high = spec.length_max if spec.length_max is not None else spec.length
    if low == high:
        return {"timingDuration": _duration(spec.length, spec.unit)}
    return {"timingRange": {"low": _duration(low, spec.unit), "high": _duration(high, spec.unit)}}


def _timing_words(spec: PhaseSpec, names: dict[str, str]) -> str:
    if spec.until is not None:
        return gettext("Ends on the same day as %(phase)s.", phase=names[spec.until])
    if spec.clock_from is not None:
        return gettext("Ends %(length)s %(unit)s after the first day of %(phase)s.", length=spec.length,
                       unit=UNIT_WORDS[spec.unit](spec.length), phase=names[spec.clock_from])
    if spec.length_min is not None or spec.length_max is not None:
        return gettext("Typically %(length)s %(unit)s; the sources give a range.", length=spec.length,
                       unit=UNIT_WORDS[spec.unit](spec.length))
    return gettext("%(length)s %(unit)s.", length=spec.length, unit=UNIT_WORDS[spec.unit](spec.length))


def _related(spec: PhaseSpec) -> dict:
    """Return relatedAction: this phase starts after the end (or the start) of `after`, with its offset."""
    if spec.after is None:
        return {}
    # The data's offset counts from the anchor; a negative one (the donor search, S38) counts back from it.
    way = "after" if spec.offset >= 0 else "before"
    related = {"actionId": spec.after, "relationship": f"{way}-{spec.anchor}"}
    if spec.offset:
        related["offsetDuration"] = _duration(abs(spec.offset), "days")
    return {"relatedAction": [related]}


def _citation(source) -> dict:
    artifact = {"type": "citation", "label": source.key,
                "display": f"{source.title}. {source.publisher}, {source.year}".strip(" ,.")}
    if source.url:
        artifact["url"] = source.url
    return artifact


def _step(spec: PhaseSpec, names: dict[str, str], citations: dict) -> dict:
    action = {
        "id": spec.id,
        "title": spec.name,
        "description": f"{spec.summary} {SETTING_TEXT[spec.setting]}.",
        "textEquivalent": _timing_words(spec, names),
        "documentation": [citations[key] for key in spec.sources if key in citations],
        **_related(spec),
        **_timing(spec),
    }
    if spec.inserts:
        action["textEquivalent"] += " " + gettext("The rest of the main road starts later by as much.")
    if spec.gate:  # a count-gated start ("Day 36, or when counts recover"): a start condition, in words
        action["condition"] = [{"kind": "start", "expression": {"language": "text/plain", "expression": spec.gate}}]
    return action


def _path(track: str, title: str, steps: list[PhaseSpec], condition: str, names: dict[str, str],
          citations: dict) -> dict:
    action = {"id": f"path-{track}", "title": title,
              **({"description": condition} if condition else {}),
              "groupingBehavior": "logical-group", "selectionBehavior": "all",
              "action": [_step(spec, names, citations) for spec in steps]}
    if condition:
        # The sources say who gets a path in words, not as a computable rule.
        action["condition"] = [{"kind": "applicability", "expression": {"language": "text/plain",
                                                                         "expression": condition}}]
    return action


def _actions(protocol: Protocol, citations: dict) -> list[dict]:
    """Return one action per main phase, the paths the protocol always takes, and the optional paths as a group."""
    # The road drawn when no patient option is given (an alternative road's phases are not in its sequence).
    main = [s for s in apply_options(protocol, NO_OPTIONS)[0] if s.track == "main"]
    tracks: dict[str, tuple[list[PhaseSpec], str]] = {}
    for spec in protocol.phases:
        if spec.track != "main":
            tracks.setdefault(spec.track, ([], ""))[0].append(spec)
    for branch in protocol.branches:
        tracks[branch.id] = (list(branch.steps), branch.condition)
    names = {s.id: s.name for s in main} | {s.id: s.name for steps, _ in tracks.values() for s in steps}
    actions = [_step(spec, names, citations) for spec in main]
    after = _after_action(protocol, names, citations)
    # A path the protocol always takes (the TKI of Ph-positive regimens) is part of its road, not a choice.
    titles = {b.id: b.short for b in protocol.branches}  # the path's own name (data/branch_panels.csv)
    actions += [_path(t, titles.get(t, t), steps, "", names, citations) for t, (steps, _) in tracks.items()
                if t in protocol.always]
    optional = [_path(t, titles.get(t, t), steps, cond, names, citations) for t, (steps, cond) in tracks.items()
                if t not in protocol.always]
    if optional:
        # The app lets a care team draw several paths at once (a TKI with a transplant), so any number may be chosen.
        actions.append({"id": PATHS_ACTION, "title": gettext("Paths the care team may add"),
                        "groupingBehavior": "logical-group", "selectionBehavior": "any", "action": optional})
    return actions + after


def _after_offset(spec: AfterSpec) -> dict:
    if spec.length_max is None:
        return {"offsetDuration": _duration(spec.length, spec.unit)}
    return {"offsetRange": {"low": _duration(spec.length, spec.unit), "high": _duration(spec.length_max, spec.unit)}}


def _after_words(spec: AfterSpec, names: dict[str, str]) -> str:
    """Say in words what a step after treatment counts from (the end of treatment follows the path drawn)."""
    length = str(spec.length) if spec.length_max is None else f"{spec.length}–{spec.length_max}"
    unit = UNIT_WORDS[spec.unit](spec.length if spec.length_max is None else spec.length_max)
    if spec.anchor != AFTER_END:
        return gettext("%(length)s %(unit)s after the first day of %(phase)s.", length=length, unit=unit,
                       phase=names[spec.anchor])
    if not spec.length and spec.length_max is None:
        return gettext("On the last day of treatment.")
    return gettext("%(length)s %(unit)s after the last day of treatment.", length=length, unit=unit)


def _after_step(spec: AfterSpec, names: dict[str, str], citations: dict) -> dict:
    action = {"id": f"after-{spec.id}" + (f"-{spec.guideline}" if spec.guideline else ""), "title": spec.label,
              "description": spec.what}
    if spec.length is not None:
        action["textEquivalent"] = _after_words(spec, names)
    action["documentation"] = [citations[key] for key in spec.sources if key in citations]
    if spec.length is not None and spec.anchor != AFTER_END:
        # Counted from a phase's first day (a transplant's Day 0): a relation FHIR can compute. The end of
        # treatment is the last day of whichever path is drawn, so it is said in words only.
        action["relatedAction"] = [{"actionId": spec.anchor, "relationship": "after-start", **_after_offset(spec)}]
    return action


def _after_specs(protocol: Protocol, steps: set[str]) -> list[AfterSpec]:
    """Return the steps after treatment that can be drawn on this protocol (a branch's only when it has it)."""
    paths = {b.id for b in protocol.branches} | {s.track for s in protocol.phases}
    return [spec for spec in protocol.after
            if spec.path in ("", AFTER_PATH_MAIN) or spec.path in paths
            if spec.length is None or spec.anchor == AFTER_END or spec.anchor in steps]


def _after_action(protocol: Protocol, names: dict[str, str], citations: dict) -> list[dict]:
    """Return the steps after treatment as one group: those of every guideline, then one group per guideline."""
    specs = _after_specs(protocol, set(names))
    if not specs:
        return []
    common = [_after_step(s, names, citations) for s in specs if not s.guideline]
    groups = []
    for guideline in protocol.guidelines:
        own = [_after_step(s, names, citations) for s in specs if s.guideline == guideline.id]
        if own:
            groups.append({"id": f"after-{guideline.id}", "title": guideline.name,
                           "documentation": [citations[k] for k in guideline.sources if k in citations],
                           "groupingBehavior": "logical-group", "selectionBehavior": "all", "action": own})
    if groups:
        # The URL parameter `guideline` draws one country's guidance at a time.
        common.append({"id": GUIDELINES_ACTION, "title": gettext("Guidance after treatment (country)"),
                       "groupingBehavior": "logical-group", "selectionBehavior": "exactly-one", "action": groups})
    return [{"id": AFTER_ACTION, "title": gettext("After treatment"), "groupingBehavior": "logical-group",
             "selectionBehavior": "all", "action": common}]


def plan_definition(protocol: Protocol, sources: dict, publication: Publication, key: str) -> dict:
    """Return the protocol as a PlanDefinition: relative timings, cited sources, paths as a group of actions."""
    cited = dict.fromkeys(protocol.sources)
    for spec in (*protocol.phases, *(s for b in protocol.branches for s in b.steps)):
        cited.update(dict.fromkeys(spec.sources))
    for branch in protocol.branches:
        cited.update(dict.fromkeys(branch.sources))
    for guideline in protocol.guidelines:
        cited.update(dict.fromkeys(guideline.sources))
    for spec in protocol.after:
        cited.update(dict.fromkeys(spec.sources))
    citations = {key: _citation(sources[key]) for key in cited if key in sources}
    return {
        "resourceType": "PlanDefinition",
        "id": resource_id(key, "PlanDefinition"),
        "language": current(),
        "url": publication.url,
        "version": version(protocol),
        "name": "".join(part.capitalize() for part in protocol.id.split("-")),
        "title": protocol.name,
        "subtitle": protocol.version,
        "type": {"coding": [PLAN_TYPE]},
        "status": publication.status,
        # An educational description, not an order set for real care (FHIR: "education/evaluation").
        "experimental": True,
        "date": protocol.as_of.isoformat(),
        "publisher": "ALL Timeline",
        "description": " ".join(part for part in (protocol.for_whom, protocol.note) if part),
        "purpose": disclaimer(),
        "relatedArtifact": list(citations.values()),
        "action": _actions(protocol, citations),
    }


def _status(first: date, last: date, today: date) -> str:
    """Return the activity's status as the planned dates put it on `today` (not a record of what happened)."""
    if today < first:
        return "not-started"
    return "in-progress" if today <= last else "completed"


def _when(schedule: Schedule, first: date, last: date, today: date) -> dict:
    if schedule.relative:
        day1, day2 = schedule.day_number(first), schedule.day_number(last)
        words = gettext("Day %(day)s", day=day1) if first == last else gettext(
            "Day %(first)s to Day %(last)s", first=day1, last=day2)
        return {"status": "not-started", "scheduledString": words}
    return {"status": _status(first, last, today),
            "scheduledPeriod": {"start": first.isoformat(), "end": last.isoformat()}}


def _window(url: str, window: tuple[date, date]) -> dict:
    return {"url": url, "valuePeriod": {"start": window[0].isoformat(), "end": window[1].isoformat()}}


def _phase_activity(schedule: Schedule, phase: Phase, today: date) -> dict:
    detail = {"code": {"text": phase.name}, **_when(schedule, phase.start, phase.end, today),
              "description": f"{phase.spec.summary} {SETTING_TEXT[phase.spec.setting]}."}
    if not schedule.relative:
        windows = []
        if phase.may_start_between:
            windows.append(_window(MAY_START, phase.start_window))
        if phase.earliest_end is not None and phase.earliest_end != phase.latest_end:
            windows.append(_window(MAY_END, phase.end_window))
        if windows:
            detail["extension"] = windows
            detail["description"] = " ".join((detail["description"], *window_lines(phase)))
    return {"detail": _ordered(detail)}


def _milestone_activity(schedule: Schedule, milestone: Milestone, today: date) -> dict:
    phase = schedule.phase(milestone.phase)
    detail = {"code": {"text": milestone.label}, **_when(schedule, milestone.date, milestone.date, today),
              "description": gettext("Day %(day)s of treatment, during %(phase)s.", day=milestone.day,
                                     phase=phase.name)}
    if milestone.window and not schedule.relative:
        detail["extension"] = [_window(MAY_FALL, milestone.window)]
        detail["description"] += " " + milestone_window_text(milestone)
    return {"detail": _ordered(detail)}


def _after_activity(schedule: Schedule, mark: AfterMark, today: date) -> dict:
    """Return a dated step after treatment; a range the sources give is its period, its first to its last day."""
    detail = {"code": {"text": mark.label}, **_when(schedule, mark.date, mark.latest or mark.date, today),
              "description": mark.spec.what}
    return {"detail": _ordered(detail)}


def _ordered(detail: dict) -> dict:
    """Put a detail's elements in the order FHIR lists them, so the JSON reads like the specification."""
    order = ("extension", "code", "status", "scheduledPeriod", "scheduledString", "description")
    return {name: detail[name] for name in order if name in detail}


def _cell(text: object) -> str:
    return f"<td>{escape(str(text), quote=False)}</td>"


def _narrative(schedule: Schedule) -> str:
    """Return the CarePlan's readable table: what, first day, last day, where, in the page's language."""
    def when(day: date) -> str:
        return gettext("Day %(day)s", day=schedule.day_number(day)) if schedule.relative else day.isoformat()

    rows = [(p.name, when(p.start), when(p.end), SETTING_TEXT[p.spec.setting]) for p in schedule.phases]
    rows += [(m.label, when(m.date), when(m.date), "") for m in schedule.milestones]
    rows += [(m.label, when(m.date), when(m.latest or m.date), "") for m in schedule.after_dated]
    head = "".join(f"<th>{escape(gettext(h))}</th>" for h in (N_("What"), N_("From"), N_("To"), N_("Where")))
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    title = escape(gettext("ALL Timeline: %(protocol)s", protocol=schedule.protocol.name), quote=False)
    return (f'<div xmlns="{XHTML}"><p><b>{title}</b></p><p>{escape(disclaimer(), quote=False)}</p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def care_plan(schedule: Schedule, plan: str, key: str, today: date) -> dict:
    """Return the schedule as a proposed CarePlan that instantiates `plan` (a canonical `url|version`)."""
    resource = {
        "resourceType": "CarePlan",
        "id": resource_id(key, "CarePlan"),
        "language": current(),
        "text": {"status": "generated", "div": _narrative(schedule)},
        "instantiatesCanonical": [plan],
        "status": "draft",
        "intent": "proposal",
        "title": gettext("ALL Timeline: %(protocol)s", protocol=schedule.protocol.name),
        "description": disclaimer(),
        # FHIR requires a subject; the app knows no patient and stores nothing, so it names none.
        "subject": {"display": gettext("The patient")},
    }
    if not schedule.relative:
        # The last day of anything drawn: the steps after treatment come years after its end.
        last = max([p.end for p in schedule.phases] + [m.latest or m.date for m in schedule.after_dated])
        resource["period"] = {"start": schedule.start.isoformat(), "end": last.isoformat()}
    activities = [_phase_activity(schedule, p, today) for p in schedule.phases]
    activities += [_milestone_activity(schedule, m, today) for m in schedule.milestones]
    activities += [_after_activity(schedule, m, today) for m in schedule.after_dated]
    resource["activity"] = activities
    resource["note"] = [{"text": _status_note(schedule, today)}]
    if end_window_sentence(schedule):  # the period runs to the steps after treatment: its end is not treatment's
        resource["note"].append({"text": end_window_sentence(schedule)})
    return resource


def _status_note(schedule: Schedule, today: date) -> str:
    if schedule.relative:
        return gettext("A teaching plan in Day numbers, with no dates; the subject is not a real patient.")
    return gettext("Activity statuses follow the planned dates as of %(today)s; they are not a record of what "
                   "happened. The subject is not a real patient.", today=today.isoformat())


def bundle(schedule: Schedule, sources: dict, publication: Publication, key: str, today: date) -> dict:
    """Return a collection Bundle with the protocol's PlanDefinition and the schedule's CarePlan."""
    plan = plan_definition(schedule.protocol, sources, publication, key)
    resources = [plan, care_plan(schedule, canonical(schedule.protocol, publication), key, today)]
    return {
        "resourceType": "Bundle",
        "id": resource_id(key, "Bundle"),
        "language": current(),
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }


def not_found(message: str) -> dict:
    """Return an OperationOutcome saying what was not found, the way a FHIR server answers a 404."""
    return {"resourceType": "OperationOutcome", "language": current(),
            "issue": [{"severity": "error", "code": "not-found", "diagnostics": message}]}


def to_json(resource: dict, indent: int | None = None) -> str:
    """Return a resource as FHIR JSON text, in a fixed layout so the same resource gives the same bytes."""
    # Compact by default: with an indent the json module falls back to its pure-Python encoder (10x slower here).
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(resource, ensure_ascii=False, indent=indent, separators=separators) + "\n"
