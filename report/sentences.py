"""The Danish sentences that open each section of the status report, written from its
(suppressed) figures: "Teamet har haft kontakt til 55 borgere i 2010, 8 flere end i 2009."

Pure functions of the figures as a board may see them: a count hidden as '<5' reads "færre end
5", a count hidden as 'x' is left out of the sentence, and a sentence with nothing to say is
left out ('')."""

from dataclasses import dataclass

from report.formatting import age, compared, date, number
from report.formatting import period as name
from warehouse.periods import Comparison, Period
from warehouse.published import known_gender

Count = int | str | None


@dataclass(frozen=True)
class When:
    """How the sentences name the period, the previous period and the period's end."""

    period: str  # "i 2010" / "i perioden 01-03-2010–31-08-2010"
    previous: str  # "i 2009" / "i perioden 01-09-2009–28-02-2010"; "": cannot be compared
    at_end: str  # "ved udgangen af 2010" / "ved periodens udgang (31-08-2010)"
    coverage: str = ""  # "data til og med 30-06-2011" where the data does not cover the period

    @classmethod
    def of(cls, period: Period, comparison: Comparison) -> "When":
        """`comparison`: what the period's change is counted against (periods.comparison)."""
        if period.is_calendar_year:
            now, at_end = f"i {period.start.year}", f"ved udgangen af {period.start.year}"
        else:
            now, at_end = f"i perioden {name(period)}", f"ved periodens udgang ({date(period.end)})"
        previous = comparison.previous
        words = compared(period, comparison)
        if previous is None:
            before = ""
        elif words.coverage:  # the part up to the data's last day, and the same part before
            before = f"i {words.previous} ({date(previous.start)}–{date(previous.end)})"
        elif previous.is_calendar_year:
            before = f"i {previous.start.year}"
        else:
            before = f"i perioden {name(previous)}"
        return cls(now, before, at_end, words.coverage)


def amount(n: Count, one: str, many: str) -> str | None:
    """'55 borgere', '1 borger', 'færre end 5 borgere'; None when the count is hidden ('x')."""
    if n is None or n == "x":
        return None
    if isinstance(n, str):
        return f"færre end {n.removeprefix('<')} {many}"
    return f"{number(n)} {one if n == 1 else many}"


def figure(n: Count) -> str | None:
    """'28', 'færre end 5'; None when hidden ('x')."""
    text = amount(n, "", "")
    return text.strip() if text else None


def percent(part: Count, whole: Count) -> str | None:
    """'42 %' of a shown part of a shown whole; else None."""
    if not isinstance(part, int) or not isinstance(whole, int) or not whole:
        return None
    return f"{number(100 * part / whole)}\u00a0%"  # no-break space: never "44" ⏎ "%"


def listing(items: list[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _largest(counts: dict[str, Count], labels: dict[str, str], top: int) -> list[tuple]:
    """The largest shown counts (not ukendt or andet), largest first: (label, count)."""
    shown = [
        (k, n)
        for k, n in counts.items()
        if isinstance(n, int) and n > 0 and k not in ("ukendt", "andet")
    ]
    shown.sort(key=lambda item: (-item[1], labels.get(item[0], item[0])))
    return [(labels.get(k, k), n) for k, n in shown[:top]]


def citizens(figures: dict, previous: dict | None, when: When) -> list[str]:
    c = figures["citizens"]
    total = amount(c["total"], "borger", "borgere")
    if total is None:
        return []
    first = f"Teamet har haft kontakt til {total} {when.period}"
    if when.coverage:  # the period reaches outside the data: say how far it goes
        first += f" ({when.coverage})"
    before = previous["citizens"]["total"] if previous and when.previous else None
    if isinstance(c["total"], int) and isinstance(before, int):
        change = c["total"] - before
        if change > 0:
            first += f", {number(change)} flere end {when.previous}"
        elif change < 0:
            first += f", {number(-change)} færre end {when.previous}"
        else:
            first += f", det samme antal som {when.previous}"
    out = [_sentence(first)]
    known = known_gender(c)
    genders = []
    for key, one, many in (("men", "mand", "mænd"), ("women", "kvinde", "kvinder")):
        text = amount(c[key], one, many)
        share = percent(c[key], known)
        if text and c[key] != 0:
            genders.append(f"{text} ({share})" if share else text)
    if genders:
        out.append(_sentence("heraf var " + listing(genders)))
    median = c.get("age_median")
    if isinstance(c["age_min"], int) and isinstance(c["age_max"], int):  # shown: configured
        ages = f"borgerne var mellem {c['age_min']} og {c['age_max']} år"
    elif isinstance(median, int | float):
        ages = f"medianalderen var {age(median)} år"
    else:  # hidden, or no ages
        ages = None
    if ages:
        largest = _largest(c["age_bands"], {}, 1)
        if largest:
            band, n = largest[0]
            share = percent(n, c["total"])
            ages += f"; den største aldersgruppe var {band} år med {amount(n, 'borger', 'borgere')}"
            ages += f" ({share})" if share else ""
        out.append(_sentence(ages))
    return out


def income(figures: dict, labels: dict[str, str]) -> list[str]:
    total = figures["citizens"]["total"]
    parts = [
        f"{label.lower()} ({amount(n, 'borger', 'borgere')}"
        + (f", {percent(n, total)})" if percent(n, total) else ")")
        for label, n in _largest(figures["income_source"], labels, 2)
    ]
    if not parts:
        return []
    text = f"den hyppigste forsørgelse var {parts[0]}"
    if len(parts) > 1:
        text += f", fulgt af {parts[1]}"
    return [_sentence(text)]


def origins(figures: dict, labels: dict[str, str], when: When) -> list[str]:
    out = []
    largest = _largest(figures["citizens"]["by_referral_source"], labels, 3)
    if largest:
        places = listing([f"{label} ({number(n)})" for label, n in largest])
        out.append(_sentence(f"flest borgere kom til teamet via {places}"))
    referrals = amount(figures["referrals"]["total"], "henvendelse", "henvendelser")
    if referrals:
        out.append(_sentence(f"teamet modtog {referrals} {when.period}"))
    return out


PROBLEM_PHRASES = {
    "misbrug": "borgere med misbrugsproblemer",
    "psykisk": "borgere med psykiske problemer",
    "dobbeltdiagnose": "borgere med både misbrug og psykiske problemer (dobbeltdiagnose)",
    "andet": "borgere med andre problemstillinger",
}


def problems(figures: dict) -> list[str]:
    total = figures["citizens"]["total"]
    parts = []
    for group, phrase in PROBLEM_PHRASES.items():
        n = figures["problem_groups"].get(group)
        size = percent(n, total) or (figure(n) and f"{figure(n)} borgere")
        if size:
            parts.append(
                f"{phrase} udgjorde {size} af borgerne i kontakt"
                if not parts
                else f"{phrase} {size}"
            )
    return [_sentence(listing(parts))] if parts else []


def housing(figures: dict, when: When) -> list[str]:
    h, total = figures["housing"], figures["citizens"]["total"]
    out = []
    homeless = amount(h["homeless_at_end"], "borger", "borgere")
    if homeless:
        share = percent(h["homeless_at_end"], total)
        text = f"{when.at_end} var {homeless} i kontakt med teamet hjemløse"
        out.append(_sentence(text + (f" ({share})" if share else "")))
    housed = amount(h["housed_after_homelessness"], "borger", "borgere")
    if housed:
        out.append(_sentence(f"{housed} fik bolig efter en periode som hjemløse {when.period}"))
    rough = amount(h["slept_rough"], "borger", "borgere")
    if rough:
        out.append(_sentence(f"{rough} har overnattet på gaden {when.period}"))
    return out


def durations(figures: dict, when: When) -> list[str]:
    d = figures["episode_duration"]
    parts = [
        f"{figure(d.get(bucket))} {phrase}"
        for bucket, phrase in (
            ("over 6", "længerevarende forløb på mere end 6 måneder"),
            ("3-6", "forløb på 3-6 måneder"),
            ("0-3", "korte forløb inden for 3 måneder"),
        )
        if figure(d.get(bucket))
    ]
    out = [_sentence("af borgerne i kontakt havde " + listing(parts))] if parts else []
    declined = amount(d.get("afvist"), "borger", "borgere")
    if declined:
        # of the citizens, by their latest episode: not the ended episodes counted below (a
        # citizen who declined and was later reached again counts there, not here)
        out.append(
            _sentence(
                f"for {declined} endte det seneste forløb med, at de afviste kontakt ved "
                "første kontaktforsøg"
            )
        )
    return out


def episodes(figures: dict, labels: dict[str, str], goal_labels: dict[str, str], when: When):
    e = figures["episodes"]
    out = []
    ended = amount(e["ended"], "forløb", "forløb")
    if ended:
        text = f"{ended} blev afsluttet {when.period}"
        if isinstance(e["median_length_days"], int | float):
            text += f"; et afsluttet forløb varede i median {number(e['median_length_days'])} dage"
        out.append(_sentence(text))
    reasons = _largest(e["ended_by_reason"], labels, 1)
    if reasons:
        reason, n = reasons[0]
        of = f" af de {number(e['ended'])} afsluttede forløb" if isinstance(e["ended"], int) else ""
        count = amount(n, "forløb", "forløb")
        out.append(_sentence(f"den hyppigste slutårsag{of} var »{reason.lower()}« ({count})"))
    goals = _largest(figures["goals"], goal_labels, 2)
    if goals:
        named = listing([f"{label.lower()} ({number(n)})" for label, n in goals])
        out.append(_sentence(f"de hyppigste mål for forløbene var {named}"))
    return out


def contacts(figures: dict, labels: dict[str, str], when: When) -> list[str]:
    c = figures["contacts"]
    out = []
    held = amount(c["total"], "gennemført kontakt", "gennemførte kontakter")
    if held:
        text = f"teamet havde {held} med borgerne {when.period}"
        if isinstance(c["per_citizen"], int | float):
            text += f", i gennemsnit {number(c['per_citizen'], 1)} pr. borger i kontakt"
        out.append(_sentence(text))
    attempts = amount(c["outreach_attempts"], "opsøgende kontaktforsøg", "opsøgende kontaktforsøg")
    if attempts:
        out.append(_sentence(f"dertil kom {attempts}"))
    forms = _largest(c["by_form"], labels, 1)
    if forms:
        form, n = forms[0]
        out.append(_sentence(f"den hyppigste kontaktform var {form.lower()} ({number(n)})"))
    return out


def _share(value) -> str | None:
    """A share as counted (0.958) as '96 %'; None when hidden or none."""
    return f"{number(100 * value)}\u00a0%" if isinstance(value, float) else None


def quality(figures: dict, when: When) -> list[str]:
    """The quality standard followed up: contact every month, days to the first contact,
    bridging; a sentence only where its figures are shown."""
    q = figures["quality"]
    out = []
    if every := _share(q["contacted_every_month"]):
        out.append(
            f"{every} af borgerne i kontakt {when.period} havde en gennemført kontakt i hver måned,"
            " deres forløb løb (kvalitetsstandarden: opsøgende arbejde én gang om måneden eller"
            " oftere)"
        )
    median = q["days_to_first_contact_median"]
    if isinstance(median, int | float):
        low, high = q["days_to_first_contact_q1"], q["days_to_first_contact_q3"]
        text = (
            "fra en henvendelse til den første kontakt i forløbet gik der i median"
            f" {age(median)} dage"
        )
        if isinstance(low, int | float) and isinstance(high, int | float):
            text += f", for halvdelen mellem {age(low)} og {age(high)} dage"
        out.append(text)
    if bridged := _share(q["bridged_share"]):
        out.append(f"{bridged} af de afsluttede forløb endte med brobygning til andre tilbud")
    return [_sentence(text) for text in out]
