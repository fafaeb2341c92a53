"""An independent reading of kpis.md: the status report computed in plain Python, straight from
a format-v1 export written as the demo writes it (UTF-8, ';', DD-MM-YYYY). It shares no code with
the product; only the code lists (the dbt seeds, which are data) are read from the repository."""

import calendar
import csv
import datetime as dt
import statistics
from collections import Counter
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
AGE_BANDS = ["18-25", "26-35", "36-45", "46-55", "56-65", "66+", "ukendt"]


def fold(text: str) -> str:
    text = text.strip().lower()
    return text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def code_list(name: str) -> dict[str, str]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8") as file:
        return {fold(row["code"]): row["code"] for row in csv.DictReader(file)}


def coded(value: str, name: str) -> str:
    return code_list(name).get(fold(value), "ukendt") if value.strip() else "ukendt"


def day(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip(), "%d-%m-%Y").date() if text.strip() else None
    except ValueError:
        return None


def cpr_birth(number: str) -> dt.date | None:
    digits = number.replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        return None
    yy, seventh = int(digits[4:6]), int(digits[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        return dt.date(century + yy, int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return None


def rows(export: Path, entity: str) -> list[dict]:
    with (export / f"{entity}.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter=";"))


def plus_months(start: dt.date, months: int) -> dt.date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def id_key(text: str) -> str:
    return text.rjust(64, "0")


def load(export: Path, today: dt.date) -> dict:
    """The export's valid rows, as the format's bad-input rules leave them."""
    citizens = {}
    for r in rows(export, "borgere"):
        alias = r["borger_id"].upper().startswith("ANON-")
        born = None if alias else cpr_birth(r["borger_id"])
        if not alias and born is None:
            continue  # an invalid CPR number: rejected
        gender = r["koen"].strip().upper() or (
            None if alias else ("M" if int(r["borger_id"][-1]) % 2 else "K")
        )
        year = int(r["foedselsaar"]) if r["foedselsaar"].strip() else (born.year if born else None)
        problems = {fold(p) for p in r["problemer"].split("|") if p.strip()}
        citizens[r["borger_id"]] = {
            "gender": gender if gender in ("M", "K") else "ukendt",
            "birth_year": year,
            "income": coded(r["forsoergelse"], "income_sources"),
            "problems": problems,
            "civil": coded(r["civilstand"], "civil_statuses"),
            "alone": {
                "ja": "ja",
                "j": "ja",
                "1": "ja",
                "true": "ja",
                "x": "ja",
                "nej": "nej",
                "n": "nej",
                "0": "nej",
                "false": "nej",
            }.get(fold(r["bor_alene"]), "ukendt"),
            "district": r["distrikt"].strip() or "ukendt",
        }
    episodes = []
    for r in rows(export, "forloeb"):
        start, end = day(r["startdato"]), day(r["slutdato"])
        if start is None or (end is not None and end < start):
            continue
        goals = {coded(g, "goals") for g in r["maal"].split("|") if g.strip()}
        episodes.append(
            {
                **r,
                "start": start,
                "end": end,
                "goals": goals,
                "reason": coded(r["slutaarsag"], "episode_end_reasons"),
            }
        )
    referrals = []
    for r in rows(export, "henvendelser"):
        date = day(r["dato"])
        if date is None or not r["kilde"].strip() or date > today:
            continue
        referrals.append(
            {
                **r,
                "date": date,
                "source": coded(r["kilde"], "referral_sources"),
                "outcome": coded(r["udfald"], "referral_outcomes"),
            }
        )
    contacts, seen = [], set()
    for r in rows(export, "kontakter"):
        date = day(r["dato"])
        minutes = r["varighed_min"].strip()
        if (
            date is None
            or date > today
            or not r["kontaktform"].strip()
            or (minutes and not (minutes.isdigit() and int(minutes) <= 1440))
            or r["kontakt_id"] in seen
        ):
            continue
        seen.add(r["kontakt_id"])
        status = coded(r["status"], "contact_statuses") if r["status"].strip() else "gennemfoert"
        contacts.append(
            {
                "date": date,
                "episode": r["forloeb_id"],
                "citizen": r["borger_id"],
                "form": coded(r["kontaktform"], "contact_forms"),
                "place": coded(r["sted"], "places") if r["sted"].strip() else None,
                "status": status,
                "out_of_hours": fold(r["uden_for_aabningstid"]) in ("ja", "j", "1", "true", "x"),
            }
        )
    homeless = {code for code, flag in _homeless_flags().items() if flag}
    housing: dict[str, list] = {}
    for r in rows(export, "boligsituation"):
        situation = coded(r["situation"], "housing_situations")
        housing.setdefault(r["borger_id"], []).append((day(r["dato"]), situation))
    for registrations in housing.values():
        registrations.sort()
    return {
        "citizens": citizens,
        "episodes": episodes,
        "referrals": referrals,
        "contacts": contacts,
        "housing": housing,
        "homeless": homeless,
    }


def _homeless_flags() -> dict[str, bool]:
    with (SEEDS / "housing_situations.csv").open(encoding="utf-8") as file:
        return {row["code"]: row["is_homeless"] == "true" for row in csv.DictReader(file)}


def in_contact(data: dict, start: dt.date, end: dt.date) -> dict[str, dict]:
    """Each citizen in contact in the period, with the episode that stands for them."""
    chosen = {}
    overlapping = [
        e for e in data["episodes"] if e["start"] <= end and (e["end"] is None or e["end"] >= start)
    ]
    for e in sorted(overlapping, key=lambda e: (e["start"], id_key(e["forloeb_id"]))):
        chosen[e["borger_id"]] = e
    return chosen


def contact_bucket(n: int) -> str:
    if n == 0:
        return "0"
    return "1-4" if n <= 4 else "5-12" if n <= 12 else "13-52" if n <= 52 else "over 52"


def situation_on(registrations: list, date: dt.date) -> str:
    before = [s for d, s in registrations if d <= date]
    return before[-1] if before else "ukendt"


UNKNOWN = {
    "gender": "ukendt",
    "birth_year": None,
    "income": "ukendt",
    "problems": set(),
    "civil": "ukendt",
    "alone": "ukendt",
    "district": "ukendt",
}


def band(age: int | None) -> str:
    if age is None:
        return "ukendt"
    if age < 18:
        return "under 18"
    for top, name in ((25, "18-25"), (35, "26-35"), (45, "36-45"), (55, "46-55"), (65, "56-65")):
        if age <= top:
            return name
    return "66+"


def group(p: dict) -> str:
    misbrug, psykisk = "misbrug" in p["problems"], "psykisk" in p["problems"]
    if misbrug and psykisk:
        return "dobbeltdiagnose"
    return "misbrug" if misbrug else "psykisk" if psykisk else "andet"


def origin(data: dict, e: dict) -> str:
    linked = [r for r in data["referrals"] if r["forloeb_id"] == e["forloeb_id"]]
    first = min(linked, key=lambda r: (r["date"], id_key(r["henvendelse_id"])), default=None)
    return first["source"] if first else "ukendt"


def selection(data: dict, start: dt.date, end: dt.date, filters: dict) -> dict:
    """The filters as tests on a citizen, a referral, a contact and an episode, in my reading of
    the README's "Filters": characteristics are the row's citizen's (age at the period's end
    year); referral source is a referral's own, otherwise where the citizen came from in the
    period; contact form is a contact's own, otherwise a held contact of that form in the
    period."""
    chosen = in_contact(data, start, end)

    def characteristics(cid: str | None) -> bool:
        if cid is None:
            return not any(
                filters.get(k) for k in ("gender", "age_band", "problem_group", "district")
            )
        p = data["citizens"].get(cid, UNKNOWN)
        age = end.year - p["birth_year"] if p["birth_year"] is not None else None
        values = {
            "gender": p["gender"],
            "age_band": band(age),
            "problem_group": group(p),
            "district": p["district"],
        }
        return all(not filters.get(k) or v in filters[k] for k, v in values.items())

    def came_from(cid: str | None) -> bool:
        if not filters.get("referral_source"):
            return True
        return cid in chosen and origin(data, chosen[cid]) in filters["referral_source"]

    formed = {
        c["citizen"]
        for c in data["contacts"]
        if start <= c["date"] <= end
        and c["status"] == "gennemfoert"
        and c["form"] in filters.get("contact_form", [])
    }

    def reached(cid: str | None) -> bool:
        return not filters.get("contact_form") or cid in formed

    def citizen(cid):
        return characteristics(cid) and came_from(cid) and reached(cid)

    def referral(r):
        cid = r["borger_id"].strip() or None
        sources = filters.get("referral_source")
        return characteristics(cid) and reached(cid) and (not sources or r["source"] in sources)

    def contact(c):
        forms = filters.get("contact_form")
        cid = c["citizen"]
        return characteristics(cid) and came_from(cid) and (not forms or c["form"] in forms)

    return {
        "chosen": {cid: e for cid, e in chosen.items() if citizen(cid)},
        "referral": referral,
        "contact": contact,
        "episode": lambda e: citizen(e["borger_id"]),
    }


def data_days(data: dict) -> tuple[dt.date, dt.date]:
    """The first and last day the data speaks of: referrals, episodes' starts and ends,
    contacts."""
    days = [r["date"] for r in data["referrals"]] + [c["date"] for c in data["contacts"]]
    days += [e["start"] for e in data["episodes"]]
    days += [e["end"] for e in data["episodes"] if e["end"] is not None]
    return min(days), max(days)


def compared_with(
    start: dt.date, end: dt.date, first: dt.date, last: dt.date
) -> tuple[dt.date, dt.date] | None:
    """README, "Comparing periods": a calendar year, half-year or quarter against the one
    before of its kind, any other period against as many days before it; up to the data's
    last day only, the same part before; nothing when it or the one before starts before the
    data (or it starts after the data)."""
    months = next(
        (
            m
            for m in (12, 6, 3)
            if start.day == 1
            and (start.month - 1) % m == 0
            and end == plus_months(start, m) - dt.timedelta(days=1)
        ),
        None,
    )
    days = dt.timedelta(days=(end - start).days + 1)
    previous_start = plus_months(start, -months) if months else start - days
    if end <= last:
        previous_end = start - dt.timedelta(days=1)
    else:
        previous_end = plus_months(last, -months) if months else last - days
    if start < first or previous_start < first or start > last:
        return None
    return previous_start, previous_end


def report(
    data: dict,
    start: dt.date,
    end: dt.date,
    filters: dict | None = None,
) -> dict:
    filters = filters or {}
    first, last = data_days(data)
    previous = compared_with(start, end, first, last)
    keep = selection(data, start, end, filters)
    chosen = keep["chosen"]
    people = {cid: data["citizens"].get(cid, UNKNOWN) for cid in chosen}
    ages = {
        cid: end.year - p["birth_year"] for cid, p in people.items() if p["birth_year"] is not None
    }
    anonymous = {
        e["borger_id"]
        for e in data["episodes"]
        if fold(e["anonym"]) in ("ja", "j", "1", "true", "x")
    }

    def bucket(e):
        if e["slutaarsag"].strip() and fold(e["slutaarsag"]) == "afvist_ved_foerste_kontakt":
            return "afvist"
        stop = e["end"] if e["end"] is not None and e["end"] <= end else end
        if stop <= plus_months(e["start"], 3):
            return "0-3"
        return "3-6" if stop <= plus_months(e["start"], 6) else "over 6"

    housing = {cid: data["housing"].get(cid, []) for cid in chosen}
    homeless_at_end = {
        cid: situation_on(regs, end)
        for cid, regs in housing.items()
        if situation_on(regs, end) in data["homeless"]
    }
    housed = sum(
        any(
            start <= d <= end
            and s in ("egen_bolig", "botilbud")
            and i > 0
            and regs[i - 1][1] in data["homeless"]
            for i, (d, s) in enumerate(regs)
        )
        for regs in housing.values()
    )
    rough = sum(
        any(start <= d <= end and s == "gaden" for d, s in regs)
        or situation_on(regs, start) == "gaden"
        for regs in housing.values()
    )
    bands = Counter(band(ages.get(cid)) for cid in chosen)
    in_period = [r for r in data["referrals"] if start <= r["date"] <= end and keep["referral"](r)]
    referrals = Counter(r["source"] for r in in_period)
    held = [c for c in data["contacts"] if start <= c["date"] <= end and keep["contact"](c)]
    done = [c for c in held if c["status"] == "gennemfoert"]
    per_citizen = Counter(c["citizen"] for c in done)
    previous_total = len(selection(data, *previous, filters)["chosen"]) if previous else None
    ended = [
        e
        for e in data["episodes"]
        if e["end"] is not None and start <= e["end"] <= end and keep["episode"](e)
    ]
    overlapping = [
        e
        for e in data["episodes"]
        if e["start"] <= end and (e["end"] is None or e["end"] >= start) and keep["episode"](e)
    ]
    quality = _quality(data, start, end, last, chosen, in_period, ended)
    return {
        "period": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "data_first_day": first.isoformat(),
            "data_last_day": last.isoformat(),
            "compared_with": previous
            and {"start": previous[0].isoformat(), "end": previous[1].isoformat()},
        },
        "citizens": {
            "total": len(chosen),
            "men": sum(p["gender"] == "M" for p in people.values()),
            "women": sum(p["gender"] == "K" for p in people.values()),
            "unknown_gender": sum(p["gender"] == "ukendt" for p in people.values()),
            "previous_total": previous_total,
            "change": None if previous_total is None else len(chosen) - previous_total,
            "age_min": min(ages.values(), default=None),
            "age_max": max(ages.values(), default=None),
            "age_median": statistics.median(ages.values()) if ages else None,
            "age_bands": {
                **({"under 18": bands["under 18"]} if bands["under 18"] else {}),
                **{b: bands[b] for b in AGE_BANDS},
            },
            "by_referral_source": dict(Counter(origin(data, e) for e in chosen.values())),
            "anonymous": sum(cid.upper().startswith("ANON-") or cid in anonymous for cid in chosen),
        },
        "income_source": dict(Counter(p["income"] for p in people.values())),
        "problem_groups": dict(Counter(group(p) for p in people.values())),
        "referrals": {
            "total": sum(referrals.values()),
            "by_source": dict(referrals),
            "by_outcome": dict(Counter(r["outcome"] for r in in_period)),
            "by_month": dict(
                sorted(Counter(r["date"].strftime("%Y-%m") for r in in_period).items())
            ),
        },
        "episode_duration": dict(Counter(bucket(e) for e in chosen.values())),
        "civil_status": dict(Counter(p["civil"] for p in people.values())),
        "living_alone": dict(Counter(p["alone"] for p in people.values())),
        "episodes": {
            "active": len(overlapping),
            "started": sum(
                start <= e["start"] <= end and keep["episode"](e) for e in data["episodes"]
            ),
            "ended": len(ended),
            "ended_by_reason": dict(Counter(e["reason"] for e in ended)),
            "median_length_days": (
                statistics.median((e["end"] - e["start"]).days for e in ended) if ended else None
            ),
        },
        "goals": dict(Counter(goal for e in overlapping for goal in e["goals"])),
        "contacts": {
            "total": len(done),
            "by_form": dict(Counter(c["form"] for c in done)),
            "outreach_attempts": sum(c["status"] == "forsoeg" for c in held),
            "by_place": dict(Counter(c["place"] for c in done if c["place"])),
            "by_month": dict(sorted(Counter(c["date"].strftime("%Y-%m") for c in done).items())),
            "out_of_hours": sum(c["out_of_hours"] for c in done),
            "per_citizen": round(len(done) / len(chosen), 2) if chosen else None,
            "citizens_by_contacts": dict(
                Counter(contact_bucket(per_citizen[cid]) for cid in chosen)
            ),
        },
        "housing": {
            "homeless_at_end": len(homeless_at_end),
            "homeless_by_situation": dict(Counter(homeless_at_end.values())),
            "housed_after_homelessness": housed,
            "slept_rough": rough,
        },
        "quality": quality,
    }


IN_PERSON = {"hjemmebesoeg", "offentligt_rum", "aktivitetstilbud", "ledsagelse"}


def _quality(data, start, end, last, chosen, in_period, ended) -> dict:
    """My reading of the README's "The quality standard followed up"."""
    held = [c for c in data["contacts"] if c["status"] == "gennemfoert"]
    in_the_period = [c for c in held if start <= c["date"] <= end]

    def month(day: dt.date) -> dt.date:
        return dt.date(day.year, day.month, 1)

    def cadence(cid: str) -> str:
        months = set()
        for e in data["episodes"]:
            if e["borger_id"] != cid or e["start"] > end or (e["end"] and e["end"] < start):
                continue
            first, stop = max(e["start"], start), min(e["end"] or end, end, last)
            at = month(first)
            while at <= stop:
                months.add(at)
                at = plus_months(at, 1)
        mine = [c for c in in_the_period if c["citizen"] == cid]
        if months and months <= {month(c["date"]) for c in mine if c["form"] in IN_PERSON}:
            return "hver_maaned_personligt"
        if months and months <= {month(c["date"]) for c in mine}:
            return "hver_maaned"
        return "ikke_hver_maaned"

    def first_contact(r: dict) -> tuple[str, int | None]:
        episode = r["forloeb_id"].strip()
        if not episode:
            return "intet_forloeb", None
        days = [
            (c["date"] - r["date"]).days
            for c in held
            if c["episode"].strip() == episode and c["date"] >= r["date"]
        ]
        return ("kontakt", min(days)) if days else ("ingen_kontakt_endnu", None)

    cadences = Counter(cadence(cid) for cid in chosen)
    firsts = [first_contact(r) for r in in_period]
    days = [d for _, d in firsts if d is not None]
    quartiles = statistics.quantiles(days, n=4, method="inclusive") if len(days) > 1 else days * 3
    bridged = [e for e in ended if e["reason"] == "brobygget"]
    every = cadences["hver_maaned_personligt"] + cadences["hver_maaned"]
    return {
        "contact_cadence": dict(cadences),
        "contacted_every_month": round(every / len(chosen), 3) if chosen else None,
        "referrals_by_first_contact": dict(Counter(status for status, _ in firsts)),
        "days_to_first_contact_median": statistics.median(days) if days else None,
        "days_to_first_contact_q1": quartiles[0] if days else None,
        "days_to_first_contact_q3": quartiles[2] if days else None,
        "bridged_share": round(len(bridged) / len(ended), 3) if ended else None,
        "bridged_goals": dict(Counter(goal for e in bridged for goal in e["goals"])),
    }
