"""Sign-in with the municipality's OpenID Connect provider, and the roles its tokens give.

One TOML file (`skp serve --auth FILE`, or $SKP_AUTH_CONFIG) configures it:

    [oidc]
    server_metadata_url = "https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration"
    client_id = "..."
    client_secret = "..."
    redirect_uri = "https://skp.example.dk/oauth2callback"
    cookie_secret = "..."          # at least 32 characters; `skp key new` makes one
    [roles]
    claim = "roles"                # the ID token's claim with the user's roles or groups
    board = ["SKP.Board"]          # the claim's values that give each role
    manager = ["SKP.Manager"]
    steward = ["SKP.DataSteward"]
    contact = "SKP-teamets leder"  # whom a user without a role should ask (optional)

`skp serve` writes Streamlit's secrets from it into the warehouse's private folder (0600) and
names that file to Streamlit alone; the secrets are never printed or logged.
"""

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

# from the narrowest to the widest: a user holding several gets the widest
ROLES = ("board", "manager", "steward")
MIN_COOKIE_SECRET = 32
OIDC_KEYS = ("server_metadata_url", "client_id", "client_secret", "redirect_uri", "cookie_secret")


class SignInProblem(Exception):
    """The sign-in configuration cannot be used (a message naming the file and the key)."""


@dataclass(frozen=True)
class SignIn:
    oidc: dict[str, str]
    claim: str
    roles: dict[str, tuple[str, ...]]
    contact: str


def configured_path(option: Path | None = None) -> Path | None:
    """The sign-in file: the option, else $SKP_AUTH_CONFIG; None when neither is set."""
    if option is not None:
        return option
    value = os.environ.get("SKP_AUTH_CONFIG", "")
    return Path(value) if value else None


def load(path: Path) -> SignIn:
    """The sign-in configuration in `path`; SignInProblem when it cannot be used."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SignInProblem(f"{path}: filen findes ikke (no such file)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SignInProblem(f"{path}: kan ikke læses (unreadable): {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SignInProblem(f"{path}: ikke gyldig TOML (not valid TOML): {error}") from None
    oidc, roles = data.get("oidc"), data.get("roles")
    if not isinstance(oidc, dict) or not isinstance(roles, dict):
        raise SignInProblem(f"{path}: mangler [oidc] eller [roles] (needs [oidc] and [roles])")
    for key in OIDC_KEYS:
        if not isinstance(oidc.get(key), str) or not oidc[key].strip():
            raise SignInProblem(f"{path}: [oidc] {key} mangler (is missing or empty)")
    if len(oidc["cookie_secret"]) < MIN_COOKIE_SECRET:
        raise SignInProblem(
            f"{path}: [oidc] cookie_secret er for kort (is shorter than {MIN_COOKIE_SECRET} "
            "characters; `skp key new FILE` writes a random one)"
        )
    claim = roles.get("claim", "roles")
    if not isinstance(claim, str) or not claim:
        raise SignInProblem(f"{path}: [roles] claim skal være et navn (must name a claim)")
    given: dict[str, tuple[str, ...]] = {}
    for role in ROLES:
        values = roles.get(role, [])
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise SignInProblem(f"{path}: [roles] {role} skal være en liste af tekster (a list)")
        given[role] = tuple(values)
    if not any(given.values()):
        raise SignInProblem(f"{path}: [roles] giver ingen rolle (no claim value gives a role)")
    contact = roles.get("contact", "")
    return SignIn(
        oidc={k: oidc[k] for k in OIDC_KEYS},
        claim=claim,
        roles=given,
        contact=contact if isinstance(contact, str) else "",
    )


def streamlit_secrets(signin: SignIn) -> str:
    """Streamlit's secrets.toml for `st.login()`: the [auth] section."""
    lines = ["[auth]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in signin.oidc.items()]
    return "\n".join(lines) + "\n"


def write_secrets(signin: SignIn, path: Path) -> Path:
    """Streamlit's secrets in `path`, readable by this user only, written whole."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(streamlit_secrets(signin))
    os.replace(partial, path)
    return path


def role_of(claims: dict, signin: SignIn) -> str | None:
    """The widest role the user's claim gives (a list, or one text of values separated by
    spaces or commas); None when it gives none."""
    value = claims.get(signin.claim)
    if isinstance(value, str):
        held = set(value.replace(",", " ").split())
    elif isinstance(value, list | tuple):
        held = {str(v) for v in value}
    else:
        held = set()
    found = [role for role in ROLES if held & set(signin.roles[role])]
    return found[-1] if found else None
