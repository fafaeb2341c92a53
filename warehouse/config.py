"""Where things are and what is configured: the warehouse file, the pseudonym key, the
suppression threshold and who the status report is from.

Every setting has one lookup order: a command-line option, then an environment variable, then a
default. The pseudonym key is never in the repository.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = REPO / "warehouse" / "skp.duckdb"
DEFAULT_THRESHOLD = 5
# MB one upload on the dashboard's Indlæs page may hold in all (app/upload.py), and Streamlit's
# own limit (server.maxUploadSize, set by skp serve)
UPLOAD_LIMIT_MB = 200
DEFAULT_KEY_FILE = (
    Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    / "skp-indblik"
    / "pseudonym.key"
)

MIN_KEY_LENGTH = 32


class KeyProblem(Exception):
    """A pseudonym key that is configured but cannot be used."""


KEY_HELP = (
    "Der er ingen pseudonymiseringsnøgle (no pseudonym key). CPR-numre erstattes af en nøglet "
    "HMAC før noget gemmes, og nøglen skal være den samme ved hver indlæsning. Sæt den med "
    "miljøvariablen SKP_PSEUDONYM_KEY, eller læg den i en fil uden for repoet og peg på den med "
    f"SKP_PSEUDONYM_KEY_FILE (standard: {DEFAULT_KEY_FILE}). Lav en ny nøgle med: "
    "skp key new FIL"
)


def profiles_folder() -> Path:
    """Where the Indlæs page finds the mapping profiles a steward may choose ($SKP_PROFILES,
    else profiles/ in the repository, which holds the example)."""
    return Path(os.environ.get("SKP_PROFILES") or REPO / "profiles")


def warehouse_path(option: Path | None = None) -> Path:
    """--warehouse, else $SKP_WAREHOUSE, else warehouse/skp.duckdb in the repository."""
    if option is not None:
        return option
    if os.environ.get("SKP_WAREHOUSE"):
        return Path(os.environ["SKP_WAREHOUSE"])
    return DEFAULT_WAREHOUSE


class SettingProblem(ValueError):
    """A setting that cannot be used (a message naming it and what it may be)."""


def suppression_threshold() -> int:
    """Counts from 1 to this minus 1 are hidden where figures are shown to a board
    ($SKP_SUPPRESSION_THRESHOLD, default 5; 0 switches suppression off). 1 and 2 are refused:
    "<2" would say 1 exactly."""
    raw = os.environ.get("SKP_SUPPRESSION_THRESHOLD", str(DEFAULT_THRESHOLD))
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0 or value in (1, 2):
        raise SettingProblem(
            f"SKP_SUPPRESSION_THRESHOLD={raw!r}: skal være 0 (slået fra) eller mindst 3 "
            "(must be 0, off, or at least 3)"
        )
    return value


def show_age_range() -> bool:
    """Whether suppressed outputs show the youngest and oldest age ($SKP_SHOW_AGE_RANGE=1);
    off by default: in a small team they are often two known people."""
    return os.environ.get("SKP_SHOW_AGE_RANGE", "") in ("1", "ja", "true", "yes")


def board_threshold() -> int:
    """The threshold for what a board sees (the PDF report, meeting mode): suppression is always
    on there, so a configured 0 (off) means the default 5 there."""
    return suppression_threshold() or DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Branding:
    """Who the status report is from: the municipality, the team and a logo (PNG, JPEG or
    SVG), from $SKP_MUNICIPALITY, $SKP_TEAM and $SKP_LOGO."""

    municipality: str
    team: str
    logo: Path | None


def branding() -> Branding:
    logo = os.environ.get("SKP_LOGO")
    return Branding(
        municipality=os.environ.get("SKP_MUNICIPALITY", "").strip(),
        team=os.environ.get("SKP_TEAM", "").strip() or "SKP-teamet",
        logo=Path(logo) if logo else None,
    )


def key_file() -> Path:
    return Path(os.environ.get("SKP_PSEUDONYM_KEY_FILE", DEFAULT_KEY_FILE))


def pseudonym_key() -> bytes | None:
    """$SKP_PSEUDONYM_KEY, else the key file; None when neither is set. Raises KeyProblem for
    a key that is set but empty or shorter than MIN_KEY_LENGTH: never a silent fallback."""
    if "SKP_PSEUDONYM_KEY" in os.environ:
        return _usable(os.environ["SKP_PSEUDONYM_KEY"], "SKP_PSEUDONYM_KEY")
    path = key_file()
    if path.is_file():
        return _usable(path.read_text().strip(), str(path))
    return None


def _usable(key: str, where: str) -> bytes:
    if not key.strip():
        raise KeyProblem(f"pseudonymiseringsnøglen i {where} er tom (the pseudonym key is empty)")
    if len(key) < MIN_KEY_LENGTH:
        raise KeyProblem(
            f"pseudonymiseringsnøglen i {where} har {len(key)} tegn; den skal have mindst "
            f"{MIN_KEY_LENGTH} (the key is too short). Lav en ny med: skp key new FIL"
        )
    return key.encode()


def new_key_file(path: Path) -> None:
    """Write a random key (64 hex characters) to a new file readable by its owner only;
    never over an existing file (a lost key splits every citizen in two)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_hex(32) + "\n")


def ensure_key() -> Path | None:
    """Make a random key file when no key is configured (for the demo); its path if made."""
    if pseudonym_key() is not None:
        return None
    path = key_file()
    new_key_file(path)
    return path
