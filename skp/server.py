"""The dashboard's server process (`skp serve` becomes it): Streamlit, with the libraries the
pages use imported before the first session arrives.

Streamlit runs each session's reruns in a thread of its own, and imports some libraries lazily
within them. When the first sessions arrive together (a board opening one link on twenty tablets
after a restart), two threads can meet a library half imported and a page fails with "partially
initialized module 'pandas' has no attribute ..." (found by bench/load.py). Imported here, once,
before the server listens, they are whole when any session needs them.

    python -m skp.server run app/streamlit_app.py --server.port 8501 ...  (Streamlit's arguments)
"""

import sys


def main() -> None:
    # not the app's own modules: their caches need Streamlit's runtime, which is not yet up
    import altair  # noqa: F401
    import duckdb  # noqa: F401
    import pandas  # noqa: F401
    import polars  # noqa: F401
    import pyarrow  # noqa: F401
    from streamlit import dataframe_util  # noqa: F401
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
