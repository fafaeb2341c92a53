"""The status report's sections, in the reference's order: each a key (what a figure's `pdf`
names in warehouse/figures.py, and a part the team writes in report/commentary.py) and its
Danish title."""

SECTIONS = (
    ("citizens", "Borgere i kontakt"),
    ("income", "Forsørgelse og samlivsforhold"),
    ("origins", "Hvor kommer borgerne fra"),
    ("problems", "Problemstillinger"),
    ("housing", "Hjemløshed og bolig"),
    ("episodes", "Forløb"),
    ("contacts", "Kontakter"),
    ("development", "Udvikling år for år"),
    ("quality", "Kvalitetsstandarden fulgt op"),
)
