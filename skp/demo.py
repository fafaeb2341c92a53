"""A synthetic, reproducible export in format v1, calibrated to the 2010 Rudersdal status report.

The base team (about 100 citizens, August 2008 to June 2011) is built so that, by
shared/spec/kpis.md, 2009 and 2010 give exactly the report's figures; the seed only moves dates,
spellings and details that no figure depends on. `scale` copies the team with new identities:
every count is multiplied by `scale` and the shape is kept.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

EXPORT_END = dt.date(2011, 6, 30)
SKP_START = dt.date(2008, 8, 1)
DISTRICTS = ["Birkerød", "Holte", "Nærum", "Vedbæk", "Trørød", "Bistrup"]
WORKERS = ["AS", "LH"]
# Copies of the team have distinct CPR numbers while k // 2000 < BIRTHDAY_GAP (see below).
BIRTHDAY_GAP = 8
MAX_SCALE = 2000 * BIRTHDAY_GAP

# 2010, per the reference report.
INCOME_2010 = {
    "kontanthjaelp": 21,
    "foertidspension": 23,
    "sygedagpenge": 3,
    "loen": 3,
    "ukendt": 4,
    "ingen": 1,
}
SOURCES_2010 = {
    "RAS": 14,
    "Psykiatri & Handicap": 9,
    "Jobcenter": 6,
    "Familieafdeling": 4,
    "Ydelsescenter": 4,
    "Familie/pårørende": 3,
    "Netværk/venner": 3,
    "Andre/naboer": 3,
    "Selvhenvendelse": 2,
    "Boligselskab": 2,
    "RusmiddelRådgivning": 2,
    "Kriminalforsorgen": 1,
    "Herberg": 1,
    "Gadejurist": 1,
}
PROBLEM_GROUPS_2010 = {"misbrug": 12, "psykisk": 16, "dobbeltdiagnose": 11, "andet": 16}

# How a team types the same thing differently: the ingest folds these back.
SPELLINGS = {
    "kontanthjaelp": ["Kontanthjælp", "KONTANTHJAELP"],
    "foertidspension": ["Førtidspension", "førtidspension"],
    "Familie/pårørende": ["familie/paaroerende", "Familie/Pårørende"],
    "Netværk/venner": ["netvaerk/venner"],
    "RusmiddelRådgivning": ["Rusmiddelraadgivning"],
    "RAS": ["ras"],
    "hjemmebesoeg": ["Hjemmebesøg"],
}
CONTACT_FORMS = {
    "hjemmebesoeg": 34,
    "telefon": 24,
    "offentligt_rum": 13,
    "aktivitetstilbud": 10,
    "ledsagelse": 10,
    "sms": 7,
    "andet": 2,
}
PLACES = {
    "offentligt_rum": ["indkoebscenter", "bibliotek", "vaertshus", "boligomraade", "park"],
    "aktivitetstilbud": ["herberg", "andet"],
}
GOALS = [
    "psykiatrisk_behandling",
    "misbrugsbehandling",
    "sundhed",
    "bolig",
    "forsoergelse",
    "netvaerk",
    "andet",
]
END_REASONS = ["brobygget", "maal_naaet", "borger_afsluttet", "mistet_kontakt", "flyttet", "andet"]
OTHER_OUTCOMES = ["ikke_truffet", "videreformidlet", "uden_for_maalgruppe", "afvist"]


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31-01 + 1 month = 28-02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@dataclass
class Citizen:
    index: int
    gender: str
    birth_year: int
    anonymous: bool = False
    income: str = "ukendt"
    problems: str = ""
    has_master_row: bool = True
    episodes: list[dict] = field(default_factory=list)
    housing: list[tuple[dt.date, str]] = field(default_factory=list)


class Team:
    """Builds the base team's rows. All randomness comes from one seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.citizens: list[Citizen] = []
        self.referrals: list[dict] = []
        self.contacts: list[dict] = []
        self.next_episode = 1
        self.next_referral = 1
        self.next_contact = 1

    # -- small helpers -------------------------------------------------------------------
    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def spelled(self, code: str) -> str:
        variants = SPELLINGS.get(code)
        if variants and self.rng.random() < 0.25:
            return self.rng.choice(variants)
        return code

    def citizen(self, gender: str, birth_year: int) -> Citizen:
        c = Citizen(len(self.citizens), gender, birth_year)
        self.citizens.append(c)
        return c

    def episode(
        self,
        c: Citizen,
        start: dt.date,
        end: dt.date | None,
        reason: str | None = None,
        source: str | None = None,
    ) -> dict:
        if end is not None and reason is None:
            reason = self.rng.choice(END_REASONS)
        ep = {
            "id": self.next_episode,
            "citizen": c.index,
            "start": start,
            "end": end,
            "reason": reason,
            "workers": 2 if self.rng.random() < 0.15 else 1,
            "goals": "|".join(sorted(self.rng.sample(GOALS, self.rng.randint(1, 3)))),
            "anonymous": "ja"
            if c.anonymous
            else self.rng.choices(["", "nej", "ja"], [45, 50, 5])[0],
        }
        self.next_episode += 1
        c.episodes.append(ep)
        self.origin_referral(c, ep, source or self.rng.choice(list(SOURCES_2010)))
        return ep

    def referral(
        self, day: dt.date, source: str, citizen: Citizen | None, episode: int | None, outcome: str
    ) -> None:
        self.referrals.append(
            {
                "id": self.next_referral,
                "date": day,
                "citizen": None if citizen is None else citizen.index,
                "source": self.spelled(source),
                "outcome": outcome,
                "episode": episode,
            }
        )
        self.next_referral += 1

    def origin_referral(self, c: Citizen, ep: dict, source: str) -> None:
        day = max(SKP_START, ep["start"] - dt.timedelta(days=self.rng.randint(0, 21)))
        # A referral often names the citizen; the link that counts is forloeb_id.
        known = c if self.rng.random() < 0.8 else None
        self.referral(day, source, known, ep["id"], "kontakt_etableret")

    # -- the population ------------------------------------------------------------------
    def build(self) -> None:
        rng = self.rng
        # Ages in 2010 of the 55 citizens in contact: 18 to 68, 28 of them 36-55.
        ages_2010 = [18, 68] + [rng.randint(36, 55) for _ in range(28)]
        ages_2010 += [rng.choice([*range(19, 36), *range(56, 68)]) for _ in range(25)]
        rest = ages_2010[1:]
        rng.shuffle(rest)
        # Group A (25, in contact 2009 and 2010): 16 men, 9 women; aged 19+ in 2010.
        # Group C (30, first contact 2010): 15 men, 15 women; holds the 18-year-old.
        ages_a, ages_c = rest[:25], [18] + rest[25:]
        group_a = [
            self.citizen(g, 2010 - a) for g, a in zip(["M"] * 16 + ["K"] * 9, ages_a, strict=True)
        ]
        group_c = [
            self.citizen(g, 2010 - a) for g, a in zip(["M"] * 15 + ["K"] * 15, ages_c, strict=True)
        ]
        # Group B (22, in contact in 2009 only): 16 men, 6 women, aged 18 to 82 in 2009.
        ages_b = [18, 82] + [rng.randint(20, 64) for _ in range(20)]
        group_b = [
            self.citizen(g, 2009 - a) for g, a in zip(["M"] * 16 + ["K"] * 6, ages_b, strict=True)
        ]
        # Before 2009 only (8) and from 2011 only (12).
        group_d = [self.citizen(rng.choice("MK"), 2008 - rng.randint(20, 60)) for _ in range(8)]
        group_e = [self.citizen(rng.choice("MMK"), 2011 - rng.randint(19, 62)) for _ in range(12)]

        in_2010 = group_a + group_c
        for c, anonymous in zip(in_2010, [True, True, True] + [False] * 52, strict=True):
            c.anonymous = anonymous
        rng.shuffle(in_2010)
        self.assign_characteristics(in_2010)
        for c in group_b + group_d + group_e:
            c.income = rng.choice(
                ["kontanthjaelp", "foertidspension", "kontanthjaelp", "ingen", "sygedagpenge"]
            )
            c.problems = rng.choice(["misbrug", "psykisk", "misbrug|psykisk", "", "hjemloeshed"])
        group_b[5].anonymous = True
        group_e[-1].has_master_row = False  # episodes but no borgere row: counted as ukendt

        self.episodes_2010(group_a, group_c)
        self.episodes_other(group_b, group_d, group_e)
        self.housing_2010(group_a, group_c, group_b)
        self.housing_default()
        self.unlinked_referrals()
        self.all_contacts()
        self.renumber()

    def renumber(self) -> None:
        """Ids in date order, as a case system hands them out; creation order breaks ties."""
        episodes = sorted(
            (ep for c in self.citizens for ep in c.episodes), key=lambda ep: (ep["start"], ep["id"])
        )
        new_id = {ep["id"]: n for n, ep in enumerate(episodes, start=1)}
        for ep in episodes:
            ep["id"] = new_id[ep["id"]]
        for row in self.referrals + self.contacts:
            row["episode"] = new_id.get(row["episode"])
        for rows in (self.referrals, self.contacts):
            rows.sort(key=lambda row: (row["date"], row["id"]))
            for n, row in enumerate(rows, start=1):
                row["id"] = n

    def assign_characteristics(self, in_2010: list[Citizen]) -> None:
        incomes = [code for code, n in INCOME_2010.items() for _ in range(n)]
        # Unknown income written four ways: blank, 'ukendt', unlisted text.
        unknown_spellings = iter(["", "", "ukendt", "bistandshjælp"])
        incomes = [
            next(unknown_spellings) if code == "ukendt" else self.spelled(code) for code in incomes
        ]
        self.rng.shuffle(incomes)
        problem_lists = {
            "misbrug": ["misbrug", "misbrug|hjemloeshed", "misbrug|kriminalitet"],
            "psykisk": ["psykisk", "Psykisk", "psykisk|hjemloeshed"],
            "dobbeltdiagnose": ["misbrug|psykisk", "psykisk|misbrug|hjemløshed"],
            "andet": ["", "andet", "hjemloeshed", "kriminalitet|andet", "prostitution"],
        }
        problems = [
            self.rng.choice(problem_lists[group])
            for group, n in PROBLEM_GROUPS_2010.items()
            for _ in range(n)
        ]
        self.rng.shuffle(problems)
        for c, income, problem in zip(in_2010, incomes, problems, strict=True):
            c.income, c.problems = income, problem

    def episodes_2010(self, group_a: list[Citizen], group_c: list[Citizen]) -> None:
        rng = self.rng
        sources = [s for s, n in SOURCES_2010.items() for _ in range(n)]
        rng.shuffle(sources)
        source = iter(sources)
        d = self.day_between
        # A: 23 long episodes from 2008/2009 (over 6 months in 2010) ...
        for c in group_a[:23]:
            start = d(dt.date(2008, 8, 15), dt.date(2009, 10, 31))
            ending = rng.random()
            if ending < 0.55:
                end = None
            elif ending < 0.75:
                end = d(dt.date(2011, 1, 10), dt.date(2011, 6, 1))
            else:
                end = d(
                    max(dt.date(2010, 1, 5), add_months(start, 6) + dt.timedelta(days=2)),
                    dt.date(2010, 12, 20),
                )
            self.episode(c, start, end, source=next(source))
        # ... one that ended in 2010 and reopened in October (0-3) ...
        c = group_a[23]
        self.episode(
            c, d(dt.date(2009, 2, 1), dt.date(2009, 4, 30)), dt.date(2010, 2, 15), "mistet_kontakt"
        )
        self.episode(c, d(dt.date(2010, 10, 4), dt.date(2010, 11, 30)), None, source=next(source))
        # ... and one that ended in 2009 and came back in May 2010 (3-6).
        c = group_a[24]
        self.episode(c, d(dt.date(2009, 3, 1), dt.date(2009, 5, 31)), dt.date(2009, 11, 20))
        start = d(dt.date(2010, 5, 3), dt.date(2010, 5, 28))
        self.episode(c, start, add_months(start, 4), "brobygget", source=next(source))

        c_iter = iter(group_c)
        # C: 5 over 6 months.
        for c in (next(c_iter) for _ in range(5)):
            start = d(dt.date(2010, 1, 5), dt.date(2010, 5, 31))
            end = rng.choice([None, None, d(dt.date(2011, 1, 3), dt.date(2011, 6, 15))])
            self.episode(c, start, end, source=next(source))
        # 4 declined at the first contact.
        for c in (next(c_iter) for _ in range(4)):
            start = d(dt.date(2010, 1, 10), dt.date(2010, 12, 10))
            self.episode(c, start, start, "afvist_ved_foerste_kontakt", source=next(source))
        # 14 within 3 months: 7 ongoing from October, 7 ended within 3 months.
        for i, c in enumerate(next(c_iter) for _ in range(14)):
            if i == 0:  # exactly 3 calendar months from a month end: still 0-3
                start, end = dt.date(2010, 1, 31), dt.date(2010, 4, 30)
                self.episode(c, start, end, "brobygget", source=next(source))
            elif i == 1:  # declined in February, came back in November: the later one counts
                self.episode(
                    c, dt.date(2010, 2, 8), dt.date(2010, 2, 8), "afvist_ved_foerste_kontakt"
                )
                self.episode(
                    c, d(dt.date(2010, 11, 1), dt.date(2010, 11, 30)), None, source=next(source)
                )
            elif i == 2:  # two episodes on one day: the higher forloeb_id counts
                start = d(dt.date(2010, 10, 15), dt.date(2010, 11, 15))
                self.episode(c, start, start, "afvist_ved_foerste_kontakt")
                self.episode(c, start, None, source=next(source))
            elif i < 7:
                self.episode(
                    c, d(dt.date(2010, 10, 1), dt.date(2010, 12, 15)), None, source=next(source)
                )
            else:
                start = d(dt.date(2010, 1, 4), dt.date(2010, 9, 1))
                end = d(start + dt.timedelta(days=7), add_months(start, 3))
                self.episode(c, start, end, source=next(source))
        # 7 between 3 and 6 months: 3 ongoing from July-September, 4 ended.
        for i, c in enumerate(next(c_iter) for _ in range(7)):
            if i < 3:
                self.episode(
                    c, d(dt.date(2010, 7, 1), dt.date(2010, 9, 30)), None, source=next(source)
                )
            else:
                start = d(dt.date(2010, 1, 4), dt.date(2010, 6, 1))
                end = d(add_months(start, 3) + dt.timedelta(days=1), add_months(start, 6))
                self.episode(c, start, end, source=next(source))
        assert next(c_iter, None) is None and next(source, None) is None
        # Later referrals about episodes already running: not where the citizen came from.
        for c in group_a[:6]:
            ep = c.episodes[0]
            later = d(ep["start"] + dt.timedelta(days=30), dt.date(2010, 11, 30))
            self.referral(later, rng.choice(list(SOURCES_2010)), c, ep["id"], "kontakt_etableret")

    def episodes_other(self, group_b, group_d, group_e) -> None:
        d = self.day_between
        for i, c in enumerate(group_b):
            if i < 3:  # declined at the first contact, in 2009
                start = d(dt.date(2009, 1, 5), dt.date(2009, 12, 15))
                self.episode(c, start, start, "afvist_ved_foerste_kontakt")
            else:
                start = d(dt.date(2008, 8, 4), dt.date(2009, 11, 1))
                end = d(max(start, dt.date(2009, 1, 2)), dt.date(2009, 12, 30))
                self.episode(c, start, end)
        for c in group_d:
            start = d(dt.date(2008, 8, 4), dt.date(2008, 11, 15))
            self.episode(c, start, d(start, dt.date(2008, 12, 30)))
        for c in group_e:
            start = d(dt.date(2011, 1, 3), dt.date(2011, 6, 10))
            self.episode(c, start, self.rng.choice([None, None, d(start, EXPORT_END)]))

    def housing_2010(self, group_a, group_c, group_b) -> None:
        """Homeless at the end of 2010: 6; slept rough in 2010: 3; housed after homelessness: 6."""
        people = group_a[:12] + group_c[:12]
        self.rng.shuffle(people)
        (s1, s2, s3, h1, h2, h3, h4, h5, e1, e2, e3, mover, late, *_rest) = people

        def first(c: Citizen) -> dt.date:
            return min(ep["start"] for ep in c.episodes)

        s1.housing = [(dt.date(2009, 11, 10), "gaden")]  # on the street since 2009: still there
        s2.housing = [(first(s2), "egen_bolig"), (dt.date(2010, 6, 1), "gaden")]
        s3.housing = [(dt.date(2010, 2, 1), "gaden"), (dt.date(2010, 8, 16), "egen_bolig")]
        h1.housing = [
            (dt.date(2009, 9, 14), "herberg_forsorgshjem"),
            (dt.date(2010, 4, 12), "egen_bolig"),
        ]
        h2.housing = [(dt.date(2010, 1, 20), "venner_familie"), (dt.date(2010, 6, 7), "botilbud")]
        h3.housing = [
            (dt.date(2009, 12, 3), "hotel_vandrehjem"),
            (dt.date(2010, 3, 22), "egen_bolig"),
        ]
        h4.housing = [
            (dt.date(2010, 5, 3), "udskrivning"),
            (dt.date(2010, 7, 5), "egen_bolig"),
            (dt.date(2010, 11, 22), "venner_familie"),
        ]  # housed, then homeless again
        h5.housing = [
            (dt.date(2010, 2, 15), "andet_midlertidigt"),
            (dt.date(2010, 3, 29), "egen_bolig"),
        ]
        e1.housing = [(dt.date(2010, 9, 6), "herberg_forsorgshjem")]
        e2.housing = [(dt.date(2009, 6, 15), "udslusningsbolig")]
        e3.housing = [(first(e3), "egen_bolig"), (dt.date(2010, 12, 10), "loesladelse")]
        mover.housing = [(first(mover), "egen_bolig"), (dt.date(2010, 5, 17), "egen_bolig")]
        late.housing = [(first(late), "botilbud"), (dt.date(2011, 1, 5), "gaden")]
        # Not in contact in 2010: housed in 2010 after homelessness, but not counted.
        group_b[0].housing = [(dt.date(2009, 4, 1), "gaden"), (dt.date(2010, 3, 1), "egen_bolig")]
        group_b[1].housing = [(dt.date(2009, 5, 1), "campingvogn")]  # not on the list: ukendt

    def housing_default(self) -> None:
        for c in self.citizens:
            if c.housing or self.rng.random() < 0.1:
                continue  # some citizens have no registration: their situation is ukendt
            first = min(ep["start"] for ep in c.episodes)
            c.housing = [(first, self.rng.choice(["egen_bolig"] * 5 + ["botilbud", "ukendt"]))]

    def unlinked_referrals(self) -> None:
        """Enquiries that led to no episode: someone not found, out of scope, passed on."""
        for _ in range(45):
            day = self.day_between(SKP_START, EXPORT_END)
            self.referral(
                day,
                self.rng.choice(list(SOURCES_2010)),
                None,
                None,
                self.rng.choice(OTHER_OUTCOMES),
            )

    def all_contacts(self) -> None:
        rng = self.rng
        forms, weights = list(CONTACT_FORMS), list(CONTACT_FORMS.values())
        for c in self.citizens:
            for ep in c.episodes:
                stop = min(ep["end"] or EXPORT_END, EXPORT_END)
                # Outreach attempts before the first meeting: no episode yet.
                for _ in range(rng.choice([0, 0, 1, 2])):
                    day = ep["start"] - dt.timedelta(days=rng.randint(1, 14))
                    self.contact(c, None, day, "offentligt_rum", "forsoeg")
                day = ep["start"]
                self.contact(
                    c, ep["id"], day, rng.choice(["hjemmebesoeg", "offentligt_rum"]), "gennemfoert"
                )
                if ep["reason"] == "afvist_ved_foerste_kontakt":
                    continue
                gap = rng.choice([(3, 9), (5, 12), (7, 16)])
                while True:
                    day += dt.timedelta(days=rng.randint(*gap))
                    if day.weekday() >= 5 and rng.random() < 0.85:  # mostly weekdays
                        day += dt.timedelta(days=7 - day.weekday())
                    if day > stop:
                        break
                    status = rng.choices(["gennemfoert", "forsoeg", "aflyst"], [90, 5, 5])[0]
                    self.contact(c, ep["id"], day, rng.choices(forms, weights)[0], status)

    def contact(
        self, c: Citizen, episode: int | None, day: dt.date, form: str, status: str
    ) -> None:
        rng = self.rng
        place = rng.choice(PLACES[form]) if form in PLACES else ""
        out_of_hours = "ja" if rng.random() < 0.08 or day.weekday() >= 5 else ""
        minutes = {"telefon": (5, 30), "sms": (0, 5)}.get(form, (30, 150))
        self.contacts.append(
            {
                "id": self.next_contact,
                "date": day,
                "episode": episode,
                "citizen": c.index,
                "form": self.spelled(form),
                "place": place,
                "minutes": rng.randint(*minutes),
                "status": "" if status == "gennemfoert" and rng.random() < 0.5 else status,
                "out_of_hours": out_of_hours,
                "worker": rng.choice(WORKERS),
            }
        )
        self.next_contact += 1


# -- identities --------------------------------------------------------------------------


def _identity_columns(citizens: pl.DataFrame, scale: int) -> pl.DataFrame:
    """One row per (copy, citizen) with a valid-looking synthetic CPR number or ANON- alias.

    A CPR number is birth date + 4 digits: 7th digit 0-3 (born 19xx), last digit odd for men.
    Copy k shifts the base citizen's serial code by k and, every 2,000 copies, the birthday by
    a day, so identities stay distinct while birth years (and so every age) stay the same.
    """
    copies = pl.DataFrame({"copy": pl.int_range(0, scale, eager=True, dtype=pl.Int64)})
    rows = copies.join(citizens, how="cross")
    code = (pl.col("serial") + pl.col("copy")) % 2000
    within = code % 500
    born = pl.date(pl.col("birth_year"), 1, 1) + pl.duration(
        days=(pl.col("birth_day") + pl.col("copy") // 2000) % 365
    )
    last = 2 * (within % 5) + pl.when(pl.col("gender") == "M").then(1).otherwise(0)
    cpr = (
        born.dt.strftime("%d%m%y")
        + pl.lit("-")
        + (code // 500).cast(pl.String)
        + (within // 5).cast(pl.String).str.zfill(2)
        + last.cast(pl.String)
    )
    alias = pl.format("ANON-{}", (pl.col("copy") * 1000 + pl.col("alias_no")).cast(pl.String))
    return rows.with_columns(
        pl.when(pl.col("anonymous")).then(alias).otherwise(cpr).alias("borger_id")
    )


def _scaled_id(prefix: str, column: str, per_copy: int, scale: int) -> pl.Expr:
    width = max(5, len(str(per_copy * scale)))
    number = pl.col("copy") * per_copy + pl.col(column)
    return pl.when(pl.col(column).is_not_null()).then(
        pl.lit(prefix) + number.cast(pl.String).str.zfill(width)
    )


def _date(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%d-%m-%Y")


def base_team(seed: int) -> tuple[Team, pl.DataFrame]:
    """The base team, and one row per citizen with what their identity is made of."""
    team = Team(seed)
    team.build()
    rng = team.rng
    birth_days = _distinct_birth_days(rng, [c.birth_year for c in team.citizens])
    citizens = pl.DataFrame(
        [
            {
                "citizen": c.index,
                "gender": c.gender,
                "birth_year": c.birth_year,
                "birth_day": birth_days[c.index],
                "serial": rng.randint(0, 1999),
                "anonymous": c.anonymous,
                "alias_no": 100 + c.index,
                "koen": c.gender if c.anonymous or rng.random() < 0.3 else "",
                "foedselsaar": str(c.birth_year) if c.anonymous or rng.random() < 0.2 else "",
                "civilstand": rng.choices(
                    ["ugift", "skilt", "gift", "samlevende", "enke", ""], [50, 25, 8, 8, 3, 6]
                )[0],
                "bor_alene": rng.choices(["ja", "nej", "", "x"], [60, 25, 10, 5])[0],
                "forsoergelse": c.income,
                "problemer": c.problems,
                "distrikt": rng.choice(DISTRICTS),
                "has_master_row": c.has_master_row,
            }
            for c in team.citizens
        ]
    )
    return team, citizens


def identities(seed: int = 1, scale: int = 1) -> pl.Series:
    """Every citizen's borger_id (CPR number or ANON- alias) across `scale` copies."""
    return _identity_columns(base_team(seed)[1], scale)["borger_id"]


def export_frames(seed: int = 1, scale: int = 1) -> dict[str, pl.DataFrame]:
    """The five entities of the demo export, as frames of the strings written to the files."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be from 1 to {MAX_SCALE}")
    team, citizens = base_team(seed)
    people = _identity_columns(citizens, scale)
    ids = people.select("copy", "citizen", "borger_id")

    borgere = people.filter(pl.col("has_master_row")).select(
        "borger_id",
        "koen",
        "foedselsaar",
        "civilstand",
        "bor_alene",
        "forsoergelse",
        "problemer",
        "distrikt",
    )
    episodes = pl.DataFrame([ep for c in team.citizens for ep in c.episodes]).sort("id")
    per_copy_episodes = int(episodes.get_column("id").max())
    forloeb = (
        _copies(episodes, scale)
        .join(ids, on=["copy", "citizen"])
        .select(
            _scaled_id("F", "id", per_copy_episodes, scale).alias("forloeb_id"),
            "borger_id",
            _date("start").alias("startdato"),
            _date("end").fill_null("").alias("slutdato"),
            pl.col("reason").fill_null("").alias("slutaarsag"),
            pl.col("workers").cast(pl.String).alias("antal_skp"),
            pl.col("goals").alias("maal"),
            pl.col("anonymous").alias("anonym"),
        )
    )
    referrals = pl.DataFrame(team.referrals, infer_schema_length=None).sort("date", "id")
    henvendelser = (
        _copies(referrals, scale)
        .join(ids, on=["copy", "citizen"], how="left")
        .sort("copy", "date", "id")
        .select(
            _scaled_id("H", "id", len(team.referrals), scale).alias("henvendelse_id"),
            _date("date").alias("dato"),
            pl.col("borger_id").fill_null(""),
            pl.col("source").alias("kilde"),
            pl.col("outcome").alias("udfald"),
            _scaled_id("F", "episode", per_copy_episodes, scale).fill_null("").alias("forloeb_id"),
        )
    )
    contacts = pl.DataFrame(team.contacts, infer_schema_length=None)
    kontakter = (
        _copies(contacts, scale)
        .join(ids, on=["copy", "citizen"])
        .sort("copy", "id")
        .select(
            _scaled_id("K", "id", len(team.contacts), scale).alias("kontakt_id"),
            _date("date").alias("dato"),
            _scaled_id("F", "episode", per_copy_episodes, scale).fill_null("").alias("forloeb_id"),
            "borger_id",
            pl.col("form").alias("kontaktform"),
            pl.col("place").alias("sted"),
            pl.col("minutes").cast(pl.String).alias("varighed_min"),
            "status",
            pl.col("out_of_hours").alias("uden_for_aabningstid"),
            pl.col("worker").alias("medarbejder"),
        )
    )
    housing = pl.DataFrame(
        [
            {"citizen": c.index, "date": day, "situation": s}
            for c in team.citizens
            for day, s in c.housing
        ]
    )
    boligsituation = (
        _copies(housing, scale)
        .join(ids, on=["copy", "citizen"])
        .sort("copy", "citizen", "date")
        .select("borger_id", _date("date").alias("dato"), "situation")
    )
    frames = {
        "borgere": borgere,
        "henvendelser": henvendelser,
        "forloeb": forloeb,
        "kontakter": kontakter,
        "boligsituation": boligsituation,
    }
    return _with_bad_rows(frames)


def _copies(frame: pl.DataFrame, scale: int) -> pl.DataFrame:
    copies = pl.DataFrame({"copy": pl.int_range(0, scale, eager=True, dtype=pl.Int64)})
    return copies.join(frame, how="cross")


def _distinct_birth_days(rng: random.Random, birth_years: list[int]) -> list[int]:
    """A day of the year for each citizen, at least BIRTHDAY_GAP days from anyone born the
    same year. Copy k moves a birthday by k // 2000 days, so identities stay distinct up to
    MAX_SCALE copies.
    """
    used: dict[int, list[int]] = {}
    days = []
    for year in birth_years:
        taken = used.setdefault(year, [])
        day = rng.randint(0, 364)
        while any(min((day - t) % 365, (t - day) % 365) < BIRTHDAY_GAP for t in taken):
            day = (day + 1) % 365
        taken.append(day)
        days.append(day)
    return days


def _with_bad_rows(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """A handful of rows a real export has and the ingest must reject, once per export."""
    bad = {
        "borgere": [
            # 32 January is no date: not a valid CPR number.
            {
                "borger_id": "320175-1234",
                "koen": "",
                "foedselsaar": "",
                "civilstand": "ugift",
                "bor_alene": "ja",
                "forsoergelse": "kontanthjaelp",
                "problemer": "misbrug",
                "distrikt": "Holte",
            },
        ],
        "henvendelser": [
            {
                "henvendelse_id": "H-FEJL-1",
                "dato": "14-05-2010",
                "borger_id": "",
                "kilde": "",
                "udfald": "ikke_truffet",
                "forloeb_id": "",
            },
            {
                "henvendelse_id": "H-FEJL-2",
                "dato": "31-02-2010",
                "borger_id": "",
                "kilde": "Jobcenter",
                "udfald": "videreformidlet",
                "forloeb_id": "",
            },
        ],
        "forloeb": [
            {
                "forloeb_id": "F-FEJL-1",
                "borger_id": "ANON-FEJL",
                "startdato": "01-09-2010",
                "slutdato": "15-08-2010",
                "slutaarsag": "andet",
                "antal_skp": "1",
                "maal": "",
                "anonym": "ja",
            },
        ],
        "kontakter": [
            {
                "kontakt_id": "K-FEJL-1",
                "dato": "12-03-2010",
                "forloeb_id": "",
                "borger_id": "ANON-FEJL",
                "kontaktform": "telefon",
                "sted": "",
                "varighed_min": "2000",
                "status": "",
                "uden_for_aabningstid": "",
                "medarbejder": "AS",
            },
            {
                "kontakt_id": "K-FEJL-2",
                "dato": "15-03-2099",
                "forloeb_id": "",
                "borger_id": "ANON-FEJL",
                "kontaktform": "sms",
                "sted": "",
                "varighed_min": "1",
                "status": "",
                "uden_for_aabningstid": "",
                "medarbejder": "LH",
            },
            {
                "kontakt_id": "K-FEJL-3",
                "dato": "16-03-2010",
                "forloeb_id": "",
                "borger_id": "ANON-FEJL",
                "kontaktform": "",
                "sted": "",
                "varighed_min": "20",
                "status": "",
                "uden_for_aabningstid": "",
                "medarbejder": "LH",
            },
        ],
        "boligsituation": [],
    }
    out = {}
    for name, frame in frames.items():
        rows = pl.DataFrame(bad[name], schema=frame.schema) if bad[name] else frame.clear()
        if name == "kontakter":  # the same contact exported twice: the second is rejected
            rows = pl.concat([rows, frame.slice(10, 1)])
        out[name] = pl.concat([frame, rows])
    return out


def write_export(frames: dict[str, pl.DataFrame], outdir: Path) -> list[Path]:
    """Write one `;`-separated UTF-8 CSV per entity, as a Danish case system exports them."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in frames.items():
        path = outdir / f"{name}.csv"
        frame.write_csv(path, separator=";", line_terminator="\r\n")
        paths.append(path)
    return paths


def write_demo(outdir: Path, seed: int = 1, scale: int = 1) -> list[Path]:
    return write_export(export_frames(seed, scale), outdir)
