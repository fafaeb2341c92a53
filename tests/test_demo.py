"""The demo export's identities: valid-looking synthetic CPR numbers, distinct at any scale."""

import duckdb
import pytest

from ingest.validate import install_rules
from skp import demo


@pytest.mark.parametrize("scale", [1, 4100])
def test_identities_are_distinct_valid_cpr_numbers_or_aliases(scale):
    ids = demo.identities(seed=1, scale=scale)
    assert ids.n_unique() == ids.len()
    con = duckdb.connect()
    install_rules(con)
    con.register("ids", ids.to_frame("v"))
    invalid = con.sql(
        "select count(*) from ids where not skp_is_alias(v) "
        "and skp_cpr_birth_date(skp_cpr_digits(v)) is null"
    ).fetchall()[0][0]
    assert invalid == 0
    assert ids.str.starts_with("ANON-").sum() == 4 * scale


def test_scale_copies_every_row():
    one, three = demo.export_frames(scale=1), demo.export_frames(scale=3)
    bad_rows = {"borgere": 1, "henvendelser": 2, "forloeb": 1, "kontakter": 4, "boligsituation": 0}
    for name, frame in one.items():
        assert three[name].height - bad_rows[name] == 3 * (frame.height - bad_rows[name])


def test_scale_is_bounded():
    with pytest.raises(ValueError):
        demo.export_frames(scale=demo.MAX_SCALE + 1)
