"""Regions, groups and statuses of the built-in protocols: their names, and the picker's grouping."""

from __future__ import annotations

from webapp.i18n import gettext, lazy_gettext
from webapp.protocol import GROUPS, REGIONS, Protocol

REGION_NAMES = {
    "north-america": lazy_gettext("North America"),
    "uk-europe": lazy_gettext("UK and Europe"),
    "international": lazy_gettext("International"),
    "any": lazy_gettext("Anywhere: general outline"),
}
GROUP_NAMES = {
    "cog": lazy_gettext("Children's Oncology Group (COG)"),
    "st-jude": lazy_gettext("St. Jude Children's Research Hospital"),
    "dfci": lazy_gettext("Dana-Farber ALL Consortium"),
    "alliance": lazy_gettext("Adult cooperative groups (CALGB)"),
    "md-anderson": lazy_gettext("MD Anderson Cancer Center"),
    "alltogether": lazy_gettext("ALLTogether consortium"),
    "ukall": lazy_gettext("UK trials (UKALL)"),
    "aieop-bfm": lazy_gettext("AIEOP-BFM"),
    "graall": lazy_gettext("GRAALL (adults, French-speaking countries)"),
    "interfant": lazy_gettext("Interfant (babies under 1 year)"),
    "intreall": lazy_gettext("International relapse trials"),
    "outline": lazy_gettext("General outline"),
}


def group_label(protocol: Protocol) -> str:
    """Return the picker's optgroup label of a protocol: its region, then its group."""
    return gettext("%(region)s: %(group)s", region=REGION_NAMES[protocol.region], group=GROUP_NAMES[protocol.group])


def in_picker_order(protocols: dict[str, Protocol]) -> list[Protocol]:
    """Return the protocols by region, then group, in the order of the closed lists; file order within a group."""
    return sorted(protocols.values(), key=lambda p: (REGIONS.index(p.region), GROUPS.index(p.group)))


def status_text(protocol: Protocol, protocols: dict[str, Protocol]) -> str:
    """Return the protocol's status with the year of its version, in a few plain words."""
    year = protocol.version_year
    if protocol.status == "superseded":
        successor = protocols[protocol.superseded_by].name if protocol.superseded_by in protocols else ""
        text = gettext("Closed to new patients, replaced by %(name)s", name=successor)
    elif protocol.status == "closed":
        text = gettext("Closed to new patients")
    else:
        text = gettext("Current")
    return gettext("%(status)s (version of %(year)s)", status=text, year=year) if year else text


def one_line(protocol: Protocol, protocols: dict[str, Protocol]) -> str:
    """Return who a protocol is for, where it is used and its status, as the one line the picker shows."""
    parts = [protocol.for_whom]
    if protocol.where_used:
        parts.append(gettext("Used in: %(where)s", where=protocol.where_used))
    parts.append(status_text(protocol, protocols))
    if protocol.treats == "relapse":
        parts.insert(0, gettext("For a leukaemia that has come back (relapse)"))
    return ". ".join(part.rstrip(".") for part in parts) + "."


def by_region(protocols: dict[str, Protocol]) -> list[tuple[str, list[dict]]]:
    """Return the which-protocol table: (region name, rows) in picker order, each row ready to show."""
    found: dict[str, list[dict]] = {}
    for protocol in in_picker_order(protocols):
        found.setdefault(protocol.region, []).append({
            "protocol": protocol, "group": GROUP_NAMES[protocol.group], "status": status_text(protocol, protocols),
            "relapse": protocol.treats == "relapse",
        })
    return [(str(REGION_NAMES[region]), rows) for region, rows in found.items()]
