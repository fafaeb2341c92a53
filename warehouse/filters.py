"""The filters every figure can take (kpis.md; README, "Filters"): what each value means for
each kind of row, as SQL predicates on bound values, and the values each filter can take."""

from dataclasses import dataclass

import duckdb

from warehouse.connection import NoData
from warehouse.labels import AGE_BANDS


@dataclass(frozen=True)
class Filters:
    """The filters every figure can take (kpis.md); each holds codes, empty = no filter.

    What a filter means for each kind of row (README, "Filters"):
    - gender, age band, problem group, district: the characteristics of the row's citizen
      (marts.dim_citizens), the age counted at the period (marts.dim_citizens_per_period). A
      referral without a citizen has none, so it drops out when any of them is set.
    - referral source: a referral's own source; for every other figure, where the citizen came
      from in the period (the source of their chosen episode's origin referral).
    - contact form: a contact's own form; for every other figure, citizens with a held contact
      of that form in the period.
    """

    gender: tuple[str, ...] = ()
    age_band: tuple[str, ...] = ()
    problem_group: tuple[str, ...] = ()
    referral_source: tuple[str, ...] = ()
    district: tuple[str, ...] = ()
    contact_form: tuple[str, ...] = ()

    @property
    def params(self) -> dict[str, list[str]]:
        return {f"f_{name}": list(values) for name, values in self.__dict__.items() if values}

    def __bool__(self) -> bool:
        return bool(self.params)

    @property
    def characteristics(self) -> list[str]:
        """The citizens' characteristics filtered on (CHARACTERISTICS), in that order."""
        return [name for name in CHARACTERISTICS if getattr(self, name)]

    @property
    def names_citizens(self) -> bool:
        """A filter on which citizens count: their characteristics or referral source."""
        return bool(self.characteristics or self.referral_source)


NO_FILTERS = Filters()
# the code list each filter's values are labelled from (None: no list; app/view.py, the PDF)
CODE_LISTS = {
    "gender": "genders",
    "age_band": None,
    "problem_group": "problem_groups",
    "referral_source": "referral_sources",
    "district": None,
    "contact_form": "contact_forms",
}
CHARACTERISTICS = ("gender", "age_band", "problem_group", "district")


# The filters as predicates on one kind of row (see Filters). Only column names are put
# together here; every value is a bound parameter.
_CITIZEN_IS = "{column} in (select citizen_id from {source} where {where})"
_HAS_CHARACTERISTICS = "period_start = $start and period_end = $end"
_HELD_CONTACT_OF_FORM = (
    "contact_date between $start and $end and is_held"
    " and list_contains($f_contact_form, contact_form)"
)


def filter_sql(filters: Filters, kind: str, citizens: str, prefix: str = "") -> str:
    """`and ...` predicates restricting rows of `kind` (citizens, referrals, contacts,
    episodes) to the filters; `prefix` qualifies the row's columns."""
    column = f"{prefix}citizen_id"
    chosen = filters.characteristics
    parts = []
    if kind == "citizens":
        parts += [f"list_contains($f_{name}, {prefix}{name})" for name in chosen]
    elif chosen:
        where = [f"list_contains($f_{name}, {name})" for name in chosen]
        source = "marts.dim_citizens"  # gender, problem group, district: the same in any period
        if filters.age_band:  # counted at the period: marts.dim_citizens_per_period (kept)
            where, source = [_HAS_CHARACTERISTICS, *where], "temp.citizens_per_period"
        where = " and ".join(where)
        parts.append(_CITIZEN_IS.format(column=column, source=source, where=where))
    if filters.referral_source:
        if kind in ("citizens", "referrals"):
            parts.append(f"list_contains($f_referral_source, {prefix}referral_source)")
        else:
            where = _HAS_CHARACTERISTICS + " and list_contains($f_referral_source, referral_source)"
            parts.append(_CITIZEN_IS.format(column=column, source=citizens, where=where))
    if filters.contact_form:
        if kind == "contacts":
            parts.append(f"list_contains($f_contact_form, {prefix}contact_form)")
        else:
            source = "marts.fct_contacts"
            parts.append(
                _CITIZEN_IS.format(column=column, source=source, where=_HELD_CONTACT_OF_FORM)
            )
    return "".join(f" and {part}" for part in parts)


FILTER_CHOICES = {
    "gender": "select code from codes.genders order by sort_order",
    "age_band": "select unnest($age_bands) as code",
    "problem_group": "select code from codes.problem_groups order by sort_order",
    "referral_source": "select code from codes.referral_sources order by sort_order",
    "district": "select distinct district as code from marts.dim_citizens order by code",
    "contact_form": "select code from codes.contact_forms order by sort_order",
}


def filter_choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every value each filter can take: the code lists (and ukendt), the districts in the data."""
    choices = {}
    for name, query in FILTER_CHOICES.items():
        params = {"age_bands": ["under 18", *AGE_BANDS]} if "$" in query else None
        codes = con.sql(query, params=params).pl()["code"].to_list()
        choices[name] = codes + (["ukendt"] if "ukendt" not in codes else [])
    return choices


def check_filters(con: duckdb.DuckDBPyConnection, filters: Filters) -> None:
    """Refuse a filter value no figure can have, naming the values it can."""
    choices = filter_choices(con)
    for name, values in filters.__dict__.items():
        unknown = [v for v in values if v not in choices[name]]
        if unknown:
            raise NoData(
                f"ukendt værdi for {name} (unknown value): {', '.join(unknown)}; "
                f"mulige (choose from): {', '.join(choices[name])}"
            )
