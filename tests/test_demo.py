"""The demo export's identities: valid-looking synthetic CPR numbers, distinct at any scale."""

import polars as pl
import pytest

from ingest import cpr
from skp import demo


@pytest.mark.parametrize("scale", [1, 4100])
def test_identities_are_distinct_valid_cpr_numbers_or_aliases(scale):
    ids = demo.identities(seed=1, scale=scale)
    assert ids.n_unique() == ids.len()
    numbers = ids.filter(~ids.str.starts_with("ANON-")).to_frame("v")
    born = numbers.select(cpr.birth_date(cpr.digits(pl.col("v")))).to_series()
    assert born.null_count() == 0
    assert ids.str.starts_with("ANON-").sum() == 4 * scale


def test_scale_copies_every_row():
    one, three = demo.export_frames(scale=1), demo.export_frames(scale=3)
    bad_rows = {"borgere": 1, "henvendelser": 2, "forloeb": 1, "kontakter": 4, "boligsituation": 0}
    for name, frame in one.items():
        assert three[name].height - bad_rows[name] == 3 * (frame.height - bad_rows[name])


def test_scale_is_bounded():
    with pytest.raises(ValueError):
        demo.export_frames(scale=demo.MAX_SCALE + 1)
