"""What a visitor's options make of a protocol: which choices and paths apply, and the road they leave.

The schedule's pure core (webapp/schedule.py) places that road in time; this module only says which phases,
lengths, milestones and paths the chosen (or default) option values give, and refuses those that do not apply
(data/options.csv, data/branches.csv). Standard library only.
"""

from __future__ import annotations

from dataclasses import replace

from webapp.journey import Schedule
from webapp.protocol import BranchSpec, MilestoneSpec, Options, OptionValue, PhaseSpec, Protocol


def N_(message: str) -> str:
    """Mark a message for the translation catalogue; the views translate it (this module stays stdlib-only)."""
    return message


class ScheduleError(ValueError):
    """The options cannot produce a schedule for this protocol; `field` names the cause."""

    def __init__(self, field_name: str, template: str, also: tuple[str, ...] = (), **params: object) -> None:
        self.field, self.also = field_name, also  # `also`: other parameters the problem comes from
        self.template, self.params = template, params  # %(name)s placeholders, for webapp.i18n.gettext
        self.message = template % params if params else template
        super().__init__(self.message)


def check_options(protocol: Protocol, options: Options) -> None:
    """Raise ScheduleError when an option does not apply to this protocol."""
    for branch in options.branches:
        if protocol.branch(branch) is None:
            offered = ", ".join(b.id for b in protocol.branches) or "none"
            raise ScheduleError(
                "branch", N_("%(protocol)s does not offer the branch “%(branch)s”. Branches it offers: %(offered)s."),
                protocol=protocol.name, branch=branch, offered=offered,
            )
    known = [g.id for g in protocol.guidelines]
    if options.guideline and options.guideline not in known:
        raise ScheduleError("guideline", N_("“%(value)s” is not a guideline this tool knows. Choose one of: "
                                            "%(known)s."), value=options.guideline, known=", ".join(known) or "none")
    seen = set()
    for option_id, value in options.choices:
        option = protocol.option(option_id)
        if option_id in seen:
            raise ScheduleError(option_id, N_("was given twice; give it once."))
        seen.add(option_id)
        if option is None:
            raise ScheduleError(
                option_id, N_("%(protocol)s does not let you choose %(option)s; leave it out."),
                protocol=protocol.name, option=option_id,
            )
        if option.value(value) is None:
            raise ScheduleError(
                option_id, N_("“%(value)s” is not a value %(protocol)s allows for %(option)s. Allowed: %(allowed)s."),
                value=value, protocol=protocol.name, option=option_id,
                allowed=", ".join(v.value for v in option.values),
            )
    chosen = effective_choices(protocol, options)
    for branch in selected(protocol, options):
        for option_id, value in branch.not_with:
            if option_id in chosen and chosen[option_id].value == value:  # as ruled_out(), naming the pair
                raise ScheduleError(
                    "branch", N_("%(branch)s is not part of %(protocol)s when %(option)s is “%(value)s”; leave "
                                 "one of them out."), also=(option_id,),
                    branch=branch.id, protocol=protocol.name, option=option_id, value=value,
                )


def ruled_out(protocol: Protocol, options: Options, branch: BranchSpec) -> bool:
    """Say whether an option value chosen (or defaulted) rules the path out (data/branches.csv, not_with)."""
    chosen = effective_choices(protocol, options)
    return any(option_id in chosen and chosen[option_id].value == value for option_id, value in branch.not_with)


def addable_paths(schedule: Schedule) -> list[BranchSpec]:
    """Return the paths a visitor may add to this timeline: offered, not chosen, not always drawn, not ruled out."""
    protocol, options = schedule.protocol, schedule.options
    return [b for b in protocol.branches if b.id not in options.branches and b.id not in protocol.always
            and not ruled_out(protocol, options, b)]


def effective_choices(protocol: Protocol, options: Options) -> dict[str, OptionValue]:
    """Return the value each declared option takes: the one given, else its default (none: the data as it is)."""
    found = {}
    for option in protocol.options:
        value = option.value(options.chosen(option.id) or option.default or "")
        if value is not None:
            found[option.id] = value
    return found


def apply_options(protocol: Protocol, options: Options) -> tuple[tuple[PhaseSpec, ...], tuple[MilestoneSpec, ...]]:
    """Return the main-road phases and milestones the chosen options give: lengths set, phases left out."""
    chosen = effective_choices(protocol, options)
    lengths, omitted = {}, set()
    for value in chosen.values():
        for change in value.changes:
            if change.change == "omit":
                omitted.add(change.phase)
            else:
                lengths[change.phase] = change
    by_id = {s.id: s for s in protocol.phases}
    phases = []
    for spec in protocol.phases:
        if spec.id in omitted:
            continue
        after = spec.after
        while after in omitted:
            after = by_id[after].after  # the road closes up: the next phase follows the one before the gap
        if spec.id in lengths:
            # A length the option sets is drawn exactly: the range of the unset phase no longer applies.
            change = lengths[spec.id]
            spec = replace(spec, length=change.length, unit=change.unit, length_min=None, length_max=None)
        phases.append(spec if after == spec.after else replace(spec, after=after))
    milestones = tuple(
        m for m in protocol.milestones
        if m.phase not in omitted and (m.when is None or chosen.get(m.when[0], _NONE).value == m.when[1])
    )
    return tuple(phases), milestones


_NONE = OptionValue("", "")


def selected(protocol: Protocol, options: Options) -> list[BranchSpec]:
    """Return the paths drawn: those chosen and those the protocol always draws, in the order it lists them."""
    wanted = set(options.branches) | set(protocol.always)
    return [b for b in protocol.branches if b.id in wanted]
