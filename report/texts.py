"""Every text the product shows, in Danish and English: the dashboard (app/i18n.py picks the
language) and the PDF (Danish). `text_in(language, key)` gives one."""

LANGUAGES = {"da": "Dansk", "en": "English"}

TEXT = {
    # navigation
    "overblik": ("Overblik", "Overview"),
    "henvendelser": ("Henvendelser", "Referrals"),
    "forloeb": ("Forløb", "Episodes"),
    "kontakter": ("Kontakter", "Contacts"),
    "maalgruppe": ("Målgruppe", "Target group"),
    "bolig": ("Bolig", "Housing"),
    "datakvalitet": ("Datakvalitet", "Data quality"),
    # sidebar
    "language": ("Sprog", "Language"),
    "period": ("Periode", "Period"),
    "period_kind": ("Vis", "Show"),
    "a_year": ("Et år", "A year"),
    "a_range": ("Datointerval", "Date range"),
    "year": ("År", "Year"),
    "range": ("Fra – til", "From – to"),
    "filters": ("Filtre", "Filters"),
    "gender": ("Køn", "Gender"),
    "age_band": ("Aldersgruppe", "Age band"),
    "problem_group": ("Problemgruppe", "Problem group"),
    "referral_source": ("Henvendelse fra", "Referred by"),
    "district": ("Distrikt", "District"),
    "contact_form": ("Kontaktform", "Contact form"),
    "all": ("Alle", "All"),
    "share_link": (
        "Linket i adresselinjen viser netop denne visning.",
        "The link in the address bar reproduces this view.",
    ),
    "pdf": ("Statusrapport (PDF)", "Status report (PDF)"),
    "url_ignored": (
        "Linket havde værdier, der ikke kunne bruges, og som er sprunget over: {values}",
        "The link held values that could not be used and were left out: {values}",
    ),
    "board_periods": (
        "Statusrapporten og mødevisningen dækker et kalenderår, et halvår eller et kvartal: to "
        "frie perioder kunne trækkes fra hinanden og udpege en borger.",
        "The status report and meeting mode cover a calendar year, a half-year or a quarter: "
        "two free periods could be subtracted to single out a citizen.",
    ),
    "pdf_help": (
        "Rapporten til byrådet for den valgte periode og de valgte filtre, på dansk. Små tal er "
        "altid skjult i den.",
        "The report for the council for the chosen period and filters, in Danish. Small numbers "
        "are always hidden in it.",
    ),
    # meeting mode
    "moede": ("Mødevisning", "Meeting mode"),
    "meeting_title": ("Status {period}", "Status {period}"),
    "meeting_intro": (
        "Støtte- og kontaktpersonordningen efter servicelovens § 99",
        "The support and contact person service (Social Services Act § 99)",
    ),
    "previous_slide": ("Forrige", "Previous"),
    "next_slide": ("Næste", "Next"),
    "slide_of": ("{n} af {total}", "{n} of {total}"),
    "slide_announce": ("Dias {n} af {total}: {title}", "Slide {n} of {total}: {title}"),
    "meeting_exit": ("Afslut mødevisning", "Leave meeting mode"),
    "meeting_help": (
        "Piletasterne skifter dias; F11 giver fuld skærm. Små tal er altid skjult her. Periode "
        "og filtre vælges på de andre sider.",
        "The arrow keys change slides; F11 gives full screen. Small numbers are always hidden "
        "here. Choose the period and filters on the other pages.",
    ),
    # common
    "no_data": (
        "Lageret har ingen data endnu. Kør `skp ingest` og `skp build`.",
        "The warehouse has no data yet. Run `skp ingest` and `skp build`.",
    ),
    "empty": ("Ingen borgere i kontakt i perioden.", "No citizens in contact in the period."),
    "period_caption": ("Periode: {start} – {end}", "Period: {start} – {end}"),
    "filtered": ("Filtreret: {filters}", "Filtered: {filters}"),
    "from_previous": ("{change} fra {previous}", "{change} from {previous}"),
    # comparing periods (README, "Comparing periods")
    "against": ("fra {previous}", "from {previous}"),
    "same_part_of": ("samme del af {previous}", "the same part of {previous}"),
    "previous_period": ("forrige periode", "the previous period"),
    "compared_with": ("Sammenlignet med {start} – {end}.", "Compared with {start} – {end}."),
    "data_until": ("data til og med {day}", "data up to {day}"),
    "data_from": ("data fra {day}", "data from {day}"),
    "not_comparable": (
        "kan ikke sammenlignes med perioden før (data fra {day})",
        "not comparable with the period before (data from {day})",
    ),
    "legend": (
        "Små tal er skjult for at beskytte den enkelte borger: «<5» er 1–4, og «x» er skjult, "
        "fordi et skjult tal ellers kunne regnes ud, også ved at trække en filtreret visning "
        "fra den ufiltrerede.",
        "Small numbers are hidden to protect individual citizens: “<5” is 1–4, and “x” is "
        "hidden because a hidden number could otherwise be worked out, also by subtracting a "
        "filtered view from the unfiltered one.",
    ),
    "undeclared": (
        "Tallene vises ikke: rapporten har et tal, som ingen har erklæret til offentliggørelse "
        "({error}). Kontakt den, der vedligeholder SKP Indblik.",
        "The figures are not shown: the report holds a figure nobody declared for publication "
        "({error}). Contact whoever maintains SKP Indblik.",
    ),
    "nothing_shown": (
        "Ingen tal at vise: ingen data i perioden, eller skjult, fordi grupperne er så små, "
        "at tallene ville pege på enkelte borgere.",
        "No numbers to show: no data in the period, or hidden because the groups are so small "
        "that the numbers would point at individual citizens.",
    ),
    "download": ("Hent tal (CSV)", "Download numbers (CSV)"),
    "definition": ("Definition: {text}", "Definition: {text}"),
    "count": ("Antal", "Count"),
    "citizens_count": ("Antal borgere", "Citizens"),
    "month": ("Måned", "Month"),
    "ukendt": ("Ukendt", "Unknown"),
    # Overblik
    "citizens_in_contact": ("Borgere i kontakt", "Citizens in contact"),
    "new_episodes": ("Nye forløb", "New episodes"),
    "referrals": ("Henvendelser", "Referrals"),
    "contacts": ("Kontakter", "Contacts"),
    "homeless_at_end": ("Hjemløse ved periodens slut", "Homeless at period end"),
    "trend_contacts": ("Kontakter pr. måned", "Contacts per month"),
    "trend_referrals": ("Henvendelser pr. måned", "Referrals per month"),
    "men": ("Mænd", "Men"),
    "women": ("Kvinder", "Women"),
    "unknown_gender": ("Ukendt køn: {n}", "Gender unknown: {n}"),
    "gender_unknown": ("Ukendt køn", "Gender unknown"),
    "previous_total": ("Borgere i kontakt i perioden før", "Citizens in contact the period before"),
    "change": ("Ændring", "Change"),
    "age_min": ("Yngste", "Youngest"),
    "age_max": ("Ældste", "Oldest"),
    "median_age": ("Medianalder", "Median age"),
    "ages": ("Alder: {low}–{high} år", "Age: {low}–{high} years"),
    "age_median": ("Medianalder: {median} år", "Median age: {median} years"),
    # Henvendelser
    "referrals_by_source": ("Henvendelser efter kilde", "Referrals by source"),
    "referrals_by_outcome": ("Henvendelser efter udfald", "Referrals by outcome"),
    "citizens_by_origin": ("Hvor kommer borgerne fra", "Where citizens came from"),
    "source": ("Kilde", "Source"),
    "outcome": ("Udfald", "Outcome"),
    # Forløb
    "episodes_active": ("Aktive forløb", "Active episodes"),
    "episodes_started": ("Startede forløb", "Episodes started"),
    "episodes_ended": ("Afsluttede forløb", "Episodes ended"),
    "median_length": ("Median længde (dage)", "Median length (days)"),
    "durations": ("Forløbenes varighed", "Episode duration"),
    "duration": ("Varighed", "Duration"),
    "end_reasons": ("Afsluttede forløb efter årsag", "Ended episodes by reason"),
    "end_reason": ("Slutårsag", "End reason"),
    "goals": ("Mål for forløbene", "Goals of the episodes"),
    "goal": ("Mål", "Goal"),
    "episodes_count": ("Antal forløb", "Episodes"),
    # Kontakter
    "contacts_by_form": ("Kontakter efter kontaktform", "Contacts by form"),
    "contacts_by_place": (
        "Kontakter uden for hjemmet efter sted",
        "Contacts away from home by place",
    ),
    "place": ("Sted", "Place"),
    "out_of_hours": ("Uden for åbningstid", "Out of hours"),
    "outreach_attempts": ("Opsøgende kontaktforsøg", "Outreach attempts"),
    "held_contacts": ("Gennemførte kontakter", "Held contacts"),
    "per_citizen": ("Kontakter pr. borger", "Contacts per citizen"),
    "citizens_by_contacts": ("Borgere efter antal kontakter", "Citizens by number of contacts"),
    "contacts_in_period": ("Kontakter i perioden", "Contacts in the period"),
    # Målgruppe
    "by_gender": ("Køn", "Gender"),
    "by_age_band": ("Aldersgrupper", "Age bands"),
    "by_income": ("Forsørgelse", "Income source"),
    "income": ("Forsørgelse", "Income source"),
    "by_problem_group": ("Problemstillinger", "Problem groups"),
    "by_civil_status": ("Civilstand", "Civil status"),
    "civil_status": ("Civilstand", "Civil status"),
    "by_living_alone": ("Bor alene", "Lives alone"),
    "lives_alone": ("Bor alene", "Lives alone"),
    "anonymous": ("Anonyme borgere", "Anonymous citizens"),
    # Bolig
    "homeless_by_situation": (
        "Hjemløse ved periodens slut efter situation",
        "Homeless at period end by situation",
    ),
    "situation": ("Boligsituation", "Housing situation"),
    "housed_after": ("Boligplaceret efter hjemløshed", "Housed after homelessness"),
    "slept_rough": ("Har sovet på gaden", "Slept rough"),
    "kvalitetsstandard": ("Kvalitetsstandard", "Quality standard"),
    "udvikling": ("Udvikling", "Over the years"),
    "indlaes": ("Indlæs data", "Load data"),
    "indlaes_intro": (
        "Læg eksportfiler her: CSV, XLSX eller en zip-fil med dem, højst {limit} MB i alt."
        " Først vises, hvad der ville blive læst, indlæst og afvist; intet skrives, før I"
        " bekræfter. Filerne slettes, når indlæsningen er færdig.",
        "Drop export files here: CSV, XLSX or a zip of them, at most {limit} MB in all."
        " First you see what would be read, loaded and rejected; nothing is written until"
        " you confirm. The files are deleted when the load is done.",
    ),
    "upload_files": ("Eksportfiler", "Export files"),
    "upload_format": ("Eksportens format", "The export's format"),
    "upload_format_v1": ("Format v1 (SKP Indbliks eget)", "Format v1 (SKP Indblik's own)"),
    "upload_format_help": (
        "Kommer filerne fra et andet system, vælg dets profil: den oversætter filnavne,"
        " overskrifter, koder og datoer til format v1.",
        "If the files come from another system, choose its profile: it maps file names,"
        " headers, codes and dates onto format v1.",
    ),
    "upload_profile_broken": (
        "En profil kan ikke bruges og kan ikke vælges: {problem}",
        "A profile cannot be used and cannot be chosen: {problem}",
    ),
    "upload_checked": ("Det ville blive indlæst", "What would be loaded"),
    "upload_file": ("Fil", "File"),
    "upload_entity": ("Entitet", "Entity"),
    "upload_read": ("Læst", "Read"),
    "upload_to_load": ("Indlæses", "To load"),
    "upload_rejected": ("Afvist", "Rejected"),
    "upload_unknown": ("Ukendte koder", "Unknown codes"),
    "upload_problem": ("Fejl", "Error"),
    "upload_reasons": (
        "Afviste rækker i {file} (de første {n})",
        "Rejected rows in {file} (the first {n})",
    ),
    "upload_fix_first": (
        "En eller flere filer kan ikke læses (se Fejl). Ret dem og læg dem ind igen; intet"
        " indlæses, før alle filer kan læses.",
        "One or more files cannot be read (see Error). Fix them and drop them again; nothing"
        " is loaded until every file can be read.",
    ),
    "upload_confirm": ("Indlæs og byg", "Load and build"),
    "upload_loading": ("Indlæser …", "Loading …"),
    "upload_building": ("Bygger lageret (dbt) …", "Building the warehouse (dbt) …"),
    "upload_live": ("De nye tal er nu på alle sider.", "The new figures are now on every page."),
    "upload_failed": (
        "Indlæsningen fejlede; de hidtidige tal gælder. Det sidste, den skrev:",
        "The load failed; the figures before still hold. The last it wrote:",
    ),
    "kommentarer": ("Kommentarer", "Commentary"),
    "kommentarer_intro": (
        "Teamets egne ord i statusrapporten for perioden: en indledning, en tekst under hvert"
        " afsnit og en afslutning med teamets vurdering og underskrifter. Almindelig tekst:"
        " afsnit adskilt af en tom linje, punkter med «- ». Et CPR-nummer gemmes aldrig."
        " Hver version gemmes med, hvem der skrev den og hvornår.",
        "The team's own words in the period's status report: an introduction, a text under"
        " each section and a closing with the team's assessment and signatures. Plain text:"
        " paragraphs separated by a blank line, bullets with «- ». A CPR number is never"
        " saved. Every version is kept, with who wrote it and when.",
    ),
    "part_intro": ("Indledning", "Introduction"),
    "part_closing": ("Teamets vurdering", "The team's assessment"),
    "part_signatures": (
        "Underskrifter (navn, titel; én pr. linje)",
        "Signatures (name, title; one per line)",
    ),
    "save": ("Gem", "Save"),
    "saved": ("Gemt: {parts}", "Saved: {parts}"),
    "not_saved": ("Intet er gemt: {error}", "Nothing was saved: {error}"),
    "versions": ("Tidligere versioner", "Earlier versions"),
    "udvikling_intro": (
        "Årene side om side, hvert år med små tal skjult som i årets egen rapport. Et år, som"
        " data kun dækker en del af, er markeret og kan ikke sammenlignes med et helt år.",
        "The years side by side, each with small numbers hidden as in that year's own report."
        " A year the data covers only in part is marked and cannot be compared with a whole"
        " year.",
    ),
    "figure": ("Tal", "Figure"),
    "targets": ("Byrådets mål for {year}", "The council's targets for {year}"),
    "target_figure": ("Tal", "Figure"),
    "target": ("Mål", "Target"),
    "actual": ("Resultat", "Result"),
    "met": ("Nået", "Met"),
    "at_least": ("mindst", "at least"),
    "at_most": ("højst", "at most"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "not_shown": ("Kan ikke vises (skjult tal)", "Cannot be shown (hidden figure)"),
    "target_unknown": ("Ukendt tal i targets.csv", "Unknown figure in targets.csv"),
    "kvalitetsstandard_intro": (
        "Kvalitetsstandarden for støtte- og kontaktpersonordningen fulgt op: opsøgende arbejde"
        " én gang om måneden eller oftere, tiden fra henvendelse til første kontakt, brobygning"
        " til andre tilbud og de kontaktformer, standarden nævner.",
        "The quality standard of the support and contact person service followed up: outreach"
        " once a month or more, the time from referral to first contact, bridging to other"
        " services, and the contact forms the standard names.",
    ),
    "contact_cadence": ("Kontakt hver måned", "Contact every month"),
    "cadence": ("Kontakt", "Contact"),
    "contacted_every_month": ("Månedlig kontakt (andel)", "Contact every month (share)"),
    "referrals_by_first_contact": (
        "Henvendelser og første kontakt",
        "Referrals and first contact",
    ),
    "first_contact": ("Første kontakt", "First contact"),
    "days_to_first_contact_median": ("Dage til 1. kontakt, median", "Days to 1st contact, median"),
    "days_to_first_contact_q1": ("Dage, nedre kvartil", "Days, lower quartile"),
    "days_to_first_contact_q3": ("Dage, øvre kvartil", "Days, upper quartile"),
    "bridged_share": ("Brobygget (andel)", "Bridged (share)"),
    "bridged_goals": ("Mål for de brobyggede forløb", "Goals of the bridged episodes"),
    "homeless_trend": ("Hjemløse ved årets slut, år for år", "Homeless at year end, by year"),
    "share_of_citizens": ("{share} af borgerne i kontakt", "{share} of citizens in contact"),
    # Datakvalitet
    "freshness": (
        "Data til og med {day}; seneste indlæsning {loaded}",
        "Data up to {day}; last load {loaded}",
    ),
    "loads": ("Seneste indlæsninger", "Recent loads"),
    "rejected": ("Afviste rækker", "Rejected rows"),
    "unknown_codes": (
        "Ukendte koder (tælles som «ukendt»)",
        "Unknown codes (counted as “unknown”)",
    ),
    "build": ("Seneste `skp build`", "Last `skp build`"),
    "build_summary": (
        "{when}: {passed} bestået, {warned} advarsler, {failed} fejlet",
        "{when}: {passed} passed, {warned} warnings, {failed} failed",
    ),
    "no_build": ("Ingen build fundet.", "No build found."),
    "none": ("Ingen.", "None."),
    "rows_for_steward": (
        "Afviste rækker, ukendte koder og revisionsloggen vises kun for dataansvarlige.",
        "Rejected rows, unknown codes and the audit log are shown to data stewards only.",
    ),
    "audit_log": ("Revisionslog", "Audit log"),
    "audit_log_help": (
        "Hvem loggede ind, blev afvist, så hvilken side og hentede hvad, og hvem kørte "
        "`skp ingest` og `skp build`; nyeste først. `skp audit` giver hele loggen.",
        "Who signed in, was refused, viewed which page and downloaded what, and who ran "
        "`skp ingest` and `skp build`; newest first. `skp audit` lists it all.",
    ),
    "audit_at": ("Tidspunkt (UTC)", "When (UTC)"),
    "audit_name": ("Navn", "Name"),
    "audit_email": ("E-mail", "E-mail"),
    "audit_role": ("Rolle", "Role"),
    "audit_event": ("Hændelse", "Event"),
    "audit_page": ("Side", "Page"),
    "audit_detail": ("Detaljer", "Details"),
    "audit_failed": (
        "Siden vises ikke, fordi adgangen ikke kan logges ({error}). Kontakt driften.",
        "The page is not shown because the access cannot be logged ({error}). Contact operations.",
    ),
    "sign_in": ("Log ind", "Sign in"),
    "sign_in_text": (
        "SKP Indblik viser tal om sårbare borgere. Log ind med din kommunale konto.",
        "SKP Indblik shows figures about vulnerable citizens. Sign in with your municipal account.",
    ),
    "sign_out": ("Log ud", "Sign out"),
    "signed_in_as": ("Logget ind som {name}", "Signed in as {name}"),
    "no_access": ("Ingen adgang", "No access"),
    "no_access_text": (
        "Du er logget ind, men har ingen rolle i SKP Indblik. Bed {contact} om at give dig "
        "en rolle (udvalg, leder eller dataansvarlig).",
        "You are signed in but hold no role in SKP Indblik. Ask {contact} to give you a role "
        "(board, manager or data steward).",
    ),
    "no_access_contact": (
        "jeres SKP-leder eller kommunens IT-afdeling",
        "your SKP team's manager or the municipality's IT department",
    ),
    "file": ("Fil", "File"),
    "entity": ("Tabel", "Entity"),
    "rows_read": ("Læst", "Read"),
    "rows_loaded": ("Indlæst", "Loaded"),
    "rows_rejected": ("Afvist", "Rejected"),
    "loaded_at": ("Tidspunkt", "When"),
    "line": ("Linje", "Line"),
    "column": ("Kolonne", "Column"),
    "reason": ("Årsag", "Reason"),
    "value": ("Værdi", "Value"),
    "rows": ("Rækker", "Rows"),
    "row": ("Rækken", "The row"),
    "test": ("Test eller model", "Test or model"),
    "status": ("Status", "Status"),
}

# Labels of values that have no code list
VALUES = {
    "afvist": ("Afvist kontakt", "Declined contact"),
    "0-3": ("0-3 måneder", "0-3 months"),
    "3-6": ("3-6 måneder", "3-6 months"),
    "over 6": ("Over 6 måneder", "Over 6 months"),
    "ja": ("Ja", "Yes"),
    "nej": ("Nej", "No"),
    "ukendt": ("Ukendt", "Unknown"),
    "under 18": ("Under 18", "Under 18"),
    "over 52": ("Over 52", "Over 52"),
}


def code_label(code: str, names: dict[str, str], language: str = "da") -> str:
    """A code as shown: its code list's label (`names`), else the texts' own ('0-3 måneder'),
    else the code itself."""
    if code in names:
        return names[code]
    return VALUES[code][0 if language == "da" else 1] if code in VALUES else code


def text_in(language: str, key: str, **values) -> str:
    """A text in the given language (the PDF, and pure functions that take the language)."""
    da, en = TEXT[key]
    text = en if language == "en" else da
    return text.format(**values) if values else text
