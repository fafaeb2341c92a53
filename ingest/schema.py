"""The five entities of export format v1: their columns, types and keys.

One place says what a column is; reading, validation and the raw tables follow it.
"""

from dataclasses import dataclass

# Column kinds. Each maps to one parse rule in ingest.validate and one DuckDB type.
ID = "id"  # free-text identifier, required or not
CITIZEN = "citizen"  # CPR number or ANON- alias; pseudonymised before storage
DATE = "date"
BOOL = "bool"
INT = "int"
CODE = "code"  # one value of a code list, folded
CODES = "codes"  # several values separated by |, folded
TEXT = "text"
YEAR = "year"

DUCKDB_TYPES = {
    ID: "varchar",
    CITIZEN: "varchar",
    DATE: "date",
    BOOL: "boolean",
    INT: "integer",
    CODE: "varchar",
    CODES: "varchar[]",
    TEXT: "varchar",
    YEAR: "integer",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    code_list: str | None = None  # seed file (without .csv) holding the valid codes
    int_range: tuple[int, int] | None = None


@dataclass(frozen=True)
class Entity:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in [
        Entity(
            "borgere",
            (
                Column("borger_id", CITIZEN, required=True),
                Column("koen", CODE, code_list="genders"),
                Column("foedselsaar", YEAR),
                Column("civilstand", CODE, code_list="civil_statuses"),
                Column("bor_alene", BOOL),
                Column("forsoergelse", CODE, code_list="income_sources"),
                Column("problemer", CODES, code_list="problems"),
                Column("distrikt", TEXT),
            ),
            ("borger_id",),
        ),
        Entity(
            "henvendelser",
            (
                Column("henvendelse_id", ID, required=True),
                Column("dato", DATE, required=True),
                Column("borger_id", CITIZEN),
                Column("kilde", CODE, required=True, code_list="referral_sources"),
                Column("udfald", CODE, code_list="referral_outcomes"),
                Column("forloeb_id", ID),
            ),
            ("henvendelse_id",),
        ),
        Entity(
            "forloeb",
            (
                Column("forloeb_id", ID, required=True),
                Column("borger_id", CITIZEN, required=True),
                Column("startdato", DATE, required=True),
                Column("slutdato", DATE),
                Column("slutaarsag", CODE, code_list="episode_end_reasons"),
                Column("antal_skp", INT, int_range=(1, 2)),
                Column("maal", CODES, code_list="goals"),
                Column("anonym", BOOL),
            ),
            ("forloeb_id",),
        ),
        Entity(
            "kontakter",
            (
                Column("kontakt_id", ID, required=True),
                Column("dato", DATE, required=True),
                Column("forloeb_id", ID),
                Column("borger_id", CITIZEN, required=True),
                Column("kontaktform", CODE, required=True, code_list="contact_forms"),
                Column("sted", CODE, code_list="places"),
                Column("varighed_min", INT, int_range=(0, 1440)),
                Column("status", CODE, code_list="contact_statuses"),
                Column("uden_for_aabningstid", BOOL),
                Column("medarbejder", TEXT),
            ),
            ("kontakt_id",),
        ),
        Entity(
            "boligsituation",
            (
                Column("borger_id", CITIZEN, required=True),
                Column("dato", DATE, required=True),
                Column("situation", CODE, required=True, code_list="housing_situations"),
            ),
            ("borger_id", "dato"),
        ),
    ]
}


# the template's own sheets (ingest/template.py: its instructions and its code lists), which
# the ingest reads past in a workbook
GUIDE_SHEETS = ("Vejledning", "koder")


def fold(text: str) -> str:
    """Fold a header or code the way format v1 matches them: case, blanks, æ ø å."""
    folded = text.strip().lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        folded = folded.replace(letter, spelled)
    return folded


def entity_for_name(name: str) -> Entity | None:
    """The entity a file or sheet name starts with (`Forloeb-eksport.xlsx` is forloeb)."""
    folded = fold(name)
    return next((e for e in ENTITIES.values() if folded.startswith(e.name)), None)
