"""`skp template FILE.xlsx`: a workbook in export format v1 for a team that keeps its figures
in a spreadsheet by hand. One sheet per entity with the format's headers, a note on each header
saying what the column means and whether it must be filled in, drop-down lists from the code
lists (the dbt seeds), date cells shown dd-mm-yyyy, and a sheet of instructions in Danish. The
entity sheets hold no rows: nothing in the template is loaded but what the team writes.
"""

import datetime as dt
from pathlib import Path

import xlsxwriter

from ingest.codes import code_lists
from ingest.schema import BOOL, CITIZEN, CODE, CODES, DATE, ENTITIES, GUIDE_SHEETS, INT, YEAR

ROWS = 5000  # rows the lists, date formats and checks reach; more can be copied down

# what each column means, in the words of the format's reference (shared/spec/export-format.md)
MEANINGS = {
    ("borgere", "borger_id"): "Borgerens CPR-nummer (DDMMÅÅ-XXXX) eller et alias, der begynder "
    "med ANON-, for en borger, der er anonym. CPR-numre erstattes af et pseudonym ved "
    "indlæsningen.",
    ("borgere", "koen"): "M (mand) eller K (kvinde); tom = ukendt.",
    ("borgere", "foedselsaar"): "Fødselsår med fire cifre.",
    ("borgere", "civilstand"): "Civilstand.",
    ("borgere", "bor_alene"): "Bor borgeren alene? ja/nej; tom = ukendt.",
    ("borgere", "forsoergelse"): "Forsørgelsesgrundlag.",
    ("borgere", "problemer"): "Problemområder, flere adskilt af | (fx misbrug|psykisk): "
    "misbrug, psykisk, hjemloeshed, kriminalitet, prostitution, andet.",
    ("borgere", "distrikt"): "Distrikt eller teamområde, fri tekst.",
    ("henvendelser", "henvendelse_id"): "Henvendelsens entydige nummer.",
    ("henvendelser", "dato"): "Datoen, henvendelsen nåede teamet.",
    ("henvendelser", "borger_id"): "Borgeren, den gælder, hvis kendt (CPR-nummer eller ANON-).",
    ("henvendelser", "kilde"): "Hvor henvendelsen kom fra.",
    ("henvendelser", "udfald"): "Hvad henvendelsen førte til.",
    ("henvendelser", "forloeb_id"): "Forløbet, den førte til, hvis noget.",
    ("forloeb", "forloeb_id"): "Forløbets entydige nummer.",
    ("forloeb", "borger_id"): "Borgeren i forløbet (CPR-nummer eller ANON-).",
    ("forloeb", "startdato"): "Forløbets første dag.",
    ("forloeb", "slutdato"): "Forløbets sidste dag; tom, mens det kører.",
    ("forloeb", "slutaarsag"): "Hvorfor forløbet sluttede.",
    ("forloeb", "antal_skp"): "Antal støtte- og kontaktpersoner på forløbet: 1 eller 2.",
    ("forloeb", "maal"): "Forløbets mål, flere adskilt af |.",
    ("forloeb", "anonym"): "Er borgeren anonym i forløbet? ja/nej.",
    ("kontakter", "kontakt_id"): "Kontaktens entydige nummer.",
    ("kontakter", "dato"): "Kontaktens dato.",
    ("kontakter", "forloeb_id"): "Forløbet, kontakten hører til; tom for et opsøgende forsøg.",
    ("kontakter", "borger_id"): "Borgeren (CPR-nummer eller ANON-).",
    ("kontakter", "kontaktform"): "Hvordan kontakten foregik.",
    ("kontakter", "sted"): "Hvor kontakten foregik, uden for hjemmet.",
    ("kontakter", "varighed_min"): "Varighed i minutter (0-1440).",
    ("kontakter", "status"): "Gennemført, aflyst, udeblevet eller forsøg; tom = gennemført.",
    ("kontakter", "uden_for_aabningstid"): "Uden for almindelig åbningstid? ja/nej.",
    ("kontakter", "medarbejder"): "Medarbejderens initialer.",
    ("boligsituation", "borger_id"): "Borgeren (CPR-nummer eller ANON-).",
    ("boligsituation", "dato"): "Datoen, boligsituationen blev registreret.",
    ("boligsituation", "situation"): "Borgerens boligsituation den dag.",
}

INSTRUCTIONS = [
    "Sådan udfylder I skabelonen (SKP Indblik, eksportformat version 1)",
    "",
    "Hvert ark er én slags oplysninger: borgere, henvendelser, forloeb, kontakter og "
    "boligsituation. Skriv én række pr. borger, henvendelse, forløb, kontakt eller "
    "registrering under overskrifterne. Lad overskrifterne og arkenes navne være, som de er.",
    "Hold musen over en overskrift for at se, hvad kolonnen betyder. Kolonner markeret "
    "'Skal udfyldes' skal have en værdi; en række uden bliver afvist og vist på Datakvalitet.",
    "Kolonner med en liste: vælg en værdi i listen. Datoer skrives dd-mm-åååå (15-03-2010).",
    "Ja/nej-kolonner: ja eller nej; tom betyder ukendt.",
    "Flere værdier i én celle (problemer, maal) adskilles med | (fx misbrug|psykisk).",
    "En borger, der vil være anonym, får et alias, der begynder med ANON- (fx ANON-17), og "
    "samme alias i alle ark. Et CPR-nummer erstattes af et pseudonym, når filen indlæses, og "
    "vises aldrig.",
    "Numrene (henvendelse_id, forloeb_id, kontakt_id) skal være entydige; brug fx H1, H2 … "
    "og F1, F2 … Samme nummer to gange: den sidste række gælder.",
    "",
    "Et eksempel (ikke en rigtig borger):",
    "borgere: ANON-1; K; 1970; ugift; ja; kontanthjaelp; misbrug|hjemloeshed; Nord",
    "forloeb: F1; ANON-1; 01-02-2010; (tom); (tom); 1; bolig; nej",
    "kontakter: K1; 03-02-2010; F1; ANON-1; moede; (tom); 45; gennemfoert; nej; AB",
    "",
    "Indlæs filen med 'skp ingest FIL.xlsx' og 'skp build', eller læg den i mappen, som "
    "'skp refresh' henter fra.",
]


def write_template(path: Path) -> Path:
    """Write the template workbook to `path` (.xlsx)."""
    lists = code_lists()
    book = xlsxwriter.Workbook(str(path))
    try:
        header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
        required = book.add_format({"bold": True, "bg_color": "#F6D8B8", "border": 1})
        date = book.add_format({"num_format": "dd-mm-yyyy"})
        text = book.add_format({"num_format": "@"})  # ids and CPR numbers stay text
        wrap = book.add_format({"text_wrap": True, "valign": "top"})

        guide_name, codes_name = GUIDE_SHEETS
        guide = book.add_worksheet(guide_name)
        guide.set_column(0, 0, 110, wrap)
        for row, line in enumerate(INSTRUCTIONS):
            guide.write_string(row, 0, line, header if row == 0 else wrap)

        # the code lists on a sheet of their own, which the drop-down lists point to
        codes_sheet = book.add_worksheet(codes_name)
        ranges = {}
        for column, (name, codes) in enumerate(sorted(lists.items())):
            values = list(codes.values())
            codes_sheet.write_string(0, column, name, header)
            for row, code in enumerate(values, start=1):
                codes_sheet.write_string(row, column, code)
            letter = xlsxwriter.utility.xl_col_to_name(column)
            ranges[name] = f"={codes_name}!${letter}$2:${letter}${len(values) + 1}"
        codes_sheet.hide()

        for entity in ENTITIES.values():
            sheet = book.add_worksheet(entity.name)
            sheet.freeze_panes(1, 0)
            for index, column in enumerate(entity.columns):
                must = column.required
                sheet.write_string(0, index, column.name, required if must else header)
                note = MEANINGS[(entity.name, column.name)]
                note += "\nSkal udfyldes." if must else "\nKan være tom."
                sheet.write_comment(0, index, note, {"x_scale": 2.5, "y_scale": 1.6})
                width = max(14, len(column.name) + 4)
                if column.kind == DATE:
                    sheet.set_column(index, index, width, date)
                    rule = {"validate": "date", "criteria": ">", "value": dt.date(1990, 1, 1)}
                    rule["error_message"] = "Skriv en dato: dd-mm-åååå."
                elif column.kind == CODE:
                    sheet.set_column(index, index, width + 8)
                    rule = {"validate": "list", "source": ranges[column.code_list]}
                    rule["error_message"] = "Vælg en værdi fra listen."
                elif column.kind == BOOL:
                    sheet.set_column(index, index, width)
                    rule = {"validate": "list", "source": ["ja", "nej"]}
                    rule["error_message"] = "Skriv ja eller nej (tom = ukendt)."
                elif column.kind in (YEAR, INT):
                    low, high = column.int_range or (1900, 2100)
                    sheet.set_column(index, index, width)
                    rule = {"validate": "integer", "criteria": "between"}
                    rule |= {"minimum": low, "maximum": high}
                    rule["error_message"] = f"Skriv et helt tal fra {low} til {high}."
                else:  # ids, CPR numbers, free text and several codes: text as written
                    sheet.set_column(index, index, width + (10 if column.kind == CODES else 0))
                    sheet.set_column(index, index, None, text)
                    rule = None
                if rule is not None:
                    rule |= {"error_title": column.name, "ignore_blank": True}
                    sheet.data_validation(1, index, ROWS, index, rule)
                if column.kind == CITIZEN:
                    sheet.set_column(index, index, 16, text)
        guide.activate()
    finally:
        book.close()
    return path
