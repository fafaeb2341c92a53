"""Who is looking and what they may see: sign-in (Streamlit's st.login against the
municipality's OpenID Connect provider, skp/signin.py), roles, and the audit log of what they
do (skp/audit.py).

Without a sign-in configuration the dashboard serves this machine only (`skp serve` refuses
any other address) and whoever runs it is its steward, as the operator of the server is.

- board: the figure pages at the board's threshold (always suppressed), the PDF and meeting
  mode; no Datakvalitet.
- manager: the figure pages at the screen's threshold ($SKP_SUPPRESSION_THRESHOLD), the PDF and
  meeting mode (suppressed), Datakvalitet's summaries; no row-level data.
- steward: everything, rejected rows, unknown codes and the audit log included.
"""

import functools
import getpass
import time

import streamlit as st

from app.i18n import page_language, t
from skp import audit, signin
from warehouse import config

BOARD, MANAGER, STEWARD = signin.ROLES
EVERYONE = (BOARD, MANAGER, STEWARD)
PAGES = {  # each page and the roles that may open it
    "overblik": EVERYONE,
    "henvendelser": EVERYONE,
    "forloeb": EVERYONE,
    "kontakter": EVERYONE,
    "maalgruppe": EVERYONE,
    "bolig": EVERYONE,
    "kvalitetsstandard": EVERYONE,
    "udvikling": EVERYONE,
    "kommentarer": (MANAGER, STEWARD),
    "datakvalitet": (MANAGER, STEWARD),
    "indlaes": (STEWARD,),
    "moede": EVERYONE,
}
FRESH_SIGN_IN = 120  # seconds: a token this young means the user has just signed in


@functools.cache
def _signin(path) -> signin.SignIn | None:
    return None if path is None else signin.load(path)


def signin_config() -> signin.SignIn | None:
    return _signin(signin.configured_path())


def who() -> audit.Who:
    """The user of this session, as the entry file found them."""
    return st.session_state["_who"]


def may_open(page: str) -> bool:
    return who().role in PAGES[page]


def sees_rows() -> bool:
    """Rejected rows, unknown codes and the audit log: the steward's."""
    return who().role == STEWARD


def threshold() -> int:
    """The suppression threshold of what this user sees."""
    if who().role == BOARD:
        return config.board_threshold()
    return config.suppression_threshold()


def admit(warehouse) -> audit.Who:
    """The user of this session with their role; otherwise this draws the sign-in page, or
    the page that says they have no access, and stops the run."""
    settings = signin_config()
    if settings is None:
        user = getpass.getuser()
        person = audit.Who(sub=f"local:{user}", name=user, email="", role=STEWARD)
        st.session_state["_who"] = person
        return person
    if not st.user.is_logged_in:
        _sign_in_page()
        st.stop()
    claims = st.user.to_dict()
    role = signin.role_of(claims, settings)
    person = audit.Who(
        sub=str(claims.get("sub", "")),
        name=str(claims.get("name", "")),
        email=str(claims.get("email", "")),
        role=role or "",
    )
    st.session_state["_who"] = person
    if not st.session_state.get("_audited_session"):
        issued = claims.get("iat")
        fresh = isinstance(issued, int | float) and time.time() - issued < FRESH_SIGN_IN
        record(warehouse, "sign_in" if fresh else "session")
        st.session_state["_audited_session"] = True
    if role is None:
        if not st.session_state.get("_audited_refusal"):
            record(warehouse, "refused", reason="no role")
            st.session_state["_audited_refusal"] = True
        _no_access_page(settings.contact)
        st.stop()
    return person


def record(warehouse, event: str, page: str = "", **detail) -> None:
    """One audit entry for this session's user; a page that cannot be audited is not shown."""
    try:
        audit.record(warehouse, who(), event, page, **detail)
    except audit.AuditError as error:
        st.error(t("audit_failed", error=str(error)))
        st.stop()


def refuse_unseen_page(warehouse) -> None:
    """Record a refusal when the browser asked for a page this role may not open (Streamlit
    then shows the default page instead)."""
    asked = (st.context.url or "").rstrip("/").rsplit("/", 1)[-1]
    if asked in PAGES and not may_open(asked) and st.session_state.get("_refused") != asked:
        record(warehouse, "refused", asked, reason="page not open to the role")
        st.session_state["_refused"] = asked


def record_view(warehouse, page: str, period, filters) -> None:
    """A page view with its period and filters, once each time one of them changes."""
    seen = (page, period.start, period.end, tuple(sorted(filters.__dict__.items())))
    if st.session_state.get("_last_view") != seen:
        record(warehouse, "page", page, **_view_detail(period, filters))
        st.session_state["_last_view"] = seen


def record_download(warehouse, what: str) -> None:
    """A download (CSV, PDF) of the view in effect (app/view.py keeps it): an on_click
    callback."""
    view = st.session_state.get("_view")
    detail = _view_detail(view.period, view.filters) if view else {}
    record(warehouse, "download", st.session_state.get("_page", ""), what=what, **detail)


def _view_detail(period, filters) -> dict:
    return {
        # two fields: "2010-01-01..2010-12-31" would read as a CPR number (10-01-01..2010)
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "filters": {k: list(v) for k, v in filters.__dict__.items() if v},
    }


def sign_out_button(warehouse) -> None:
    if signin_config() is None:
        return
    person = who()
    st.sidebar.caption(t("signed_in_as", name=person.name or person.email or person.sub))
    if st.sidebar.button(t("sign_out"), icon=":material/logout:", key="sign_out"):
        record(warehouse, "sign_out")
        st.logout()


def _sign_in_page() -> None:
    page_language(st)
    st.title("SKP Indblik")
    st.write(t("sign_in_text"))
    if st.button(t("sign_in"), type="primary", icon=":material/login:"):
        st.login()


def _no_access_page(contact: str) -> None:
    page_language(st)
    st.title(t("no_access"))
    st.write(t("no_access_text", contact=contact or t("no_access_contact")))
    if st.button(t("sign_out"), icon=":material/logout:"):
        st.logout()  # nothing to audit: the refusal is
