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


# a CPR number in text: DDMMYY-XXXX, DDMMYYXXXX, or with a space or an en dash between
CPR_SHAPED = re.compile(r"\d{6}[-– ]?\d{4}")


def mask(text: str) -> str:
    """Text with anything shaped like a CPR number masked, as rules.sql's skp_mask_cpr masks
    free text: for file names, which the load log stores and `skp ingest` prints."""
    return CPR_SHAPED.sub("[cpr fjernet]", text)
