"""A browser tab as Streamlit's server sees it: a client speaking Streamlit's websocket protocol
(the messages its web page sends and reads), without a browser. bench/load.py drives many;
tests/test_serving.py opens several at once.

    async with connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        tab = Tab("year=2010")
        step = await tab.view(ws, "open")  # the page's run, until the server says it finished
"""

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

__all__ = ["Step", "Tab", "WidgetState", "connect", "stream_url"]

TIMEOUT = 60.0
DEFAULT_PAGE = "overblik"  # its address is "/"
WIDGETS = ["year", "f_gender", "f_age_band", "f_problem_group"]  # the sidebar's (app/view.py)


def stream_url(http_url: str) -> str:
    """The websocket a page at `http_url` (http://localhost:8501) talks to."""
    return http_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"


@dataclass
class Step:
    kind: str  # "open", "page", "filter", "year", or "connection" (lost)
    seconds: float  # until the server said the page's run finished
    error: str | None  # the page raised or showed an error, or did not finish


@dataclass
class Tab:
    query: str  # the link it opened; afterwards the address the app keeps in sync
    page: str = DEFAULT_PAGE
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    widgets: dict[str, object] = field(default_factory=dict)  # widget key -> latest proto
    states: dict[str, WidgetState] = field(default_factory=dict)  # id -> what was chosen
    steps: list[Step] = field(default_factory=list)

    def choose(self, key: str, values: list[str] | str) -> None:
        """Set a sidebar widget (WIDGETS) for the next view, as a click would."""
        widget = self.widgets[key]
        state = WidgetState(id=widget.id)
        if isinstance(values, str):
            state.string_value = values
        else:
            state.string_array_value.data.extend(values)
        self.states[widget.id] = state

    async def view(self, ws, kind: str) -> Step:
        """Ask for `self.page` with the widgets as chosen, and read until its run finished."""
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.page_name = "" if self.page == DEFAULT_PAGE else self.page
        client.page_script_hash = self.pages.get(self.page, "")
        client.widget_states.widgets.extend(self.states.values())
        began = time.monotonic()
        await ws.send(message.SerializeToString())
        error = None
        seen: dict[str, object] = {}
        try:
            async with asyncio.timeout(TIMEOUT):
                while True:
                    reply = ForwardMsg()
                    reply.ParseFromString(await ws.recv())
                    kind_of = reply.WhichOneof("type")
                    if kind_of == "navigation":
                        self.pages = {
                            DEFAULT_PAGE if p.is_default else p.url_pathname: p.page_script_hash
                            for p in reply.navigation.app_pages
                        }
                    elif kind_of == "page_info_changed":
                        self.query = reply.page_info_changed.query_string
                    elif kind_of == "page_not_found":
                        error = error or f"page not found: {self.page}"
                    elif kind_of == "delta" and reply.delta.HasField("new_element"):
                        element = reply.delta.new_element
                        name = element.WhichOneof("type")
                        if name == "exception":
                            error = error or f"exception: {element.exception.message}"
                        elif name == "alert" and element.alert.format == 1:  # ERROR
                            error = error or f"error shown: {element.alert.body[:80]}"
                        widget_id = getattr(getattr(element, name), "id", "")
                        for key in WIDGETS:
                            if widget_id.endswith(f"-{key}"):  # a keyed widget's id ends so
                                seen[key] = getattr(element, name)
                    elif kind_of == "script_finished":
                        status = reply.script_finished
                        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            continue
                        if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                            error = error or f"script finished with status {status}"
                        break
        except TimeoutError:
            error = f"not finished within {TIMEOUT:.0f} s"
        self.widgets.update(seen)
        step = Step(kind, time.monotonic() - began, error)
        self.steps.append(step)
        return step
