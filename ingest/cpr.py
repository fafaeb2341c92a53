"""CPR numbers: the reference pseudonym. The rules themselves (validation, century, gender,
the HMAC) are DuckDB macros in rules.sql; this module checks them from Python."""

import hashlib
import hmac
import re

PSEUDONYM_PREFIX = "P-"
PSEUDONYM_HEX_CHARS = 32


def pseudonym(key: bytes, value: str) -> str:
    """The pseudonym of one value, as rules.sql's skp_pseudonym computes it."""
    digest = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_CHARS]


# What looks like a CPR number, wherever it stands: free text, ids, headers, sheet names, file
# names, messages. Ten digits in the groups DD MM YY SSSS, with up to three of the separators
# people type between any two groups (none, space, tab, no-break space, . _ / - en dash, em
# dash; "070780 - 7890", "05.05.80-5678", "01 01 80 1234"). The digits need not form a date:
# a mistyped CPR number is personal data too, so this masks any ten digits grouped so (a
# ten-digit case number in a note is masked as well), on purpose. No capture groups: rules.sql
# puts the pattern inside its own. Python's re and DuckDB's RE2 read it alike (tests/test_cpr).
SEPARATOR = "[ \t\u00a0._/\u2013\u2014-]{0,3}"
CPR_PATTERN = SEPARATOR.join(["[0-9]{2}", "[0-9]{2}", "[0-9]{2}", "[0-9]{4}"])
CPR_SHAPED = re.compile(CPR_PATTERN)
MASKED = "[cpr fjernet]"


def mask(text: str) -> str:
    """Text with anything shaped like a CPR number masked, as rules.sql's skp_mask_cpr masks
    free text: for file names, which the load log stores and `skp ingest` prints."""
    return CPR_SHAPED.sub(MASKED, text)
