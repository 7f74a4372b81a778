"""Reports for reviewers: run a parameterized notebook, export it as self-contained HTML.

The pipeline is a recipe of small steps::

    execute()  injects the parameters as papermill does and runs the cells in a python3 kernel
               of this interpreter (or in a kernel manager you pass, e.g. a warm one reused by a
               batch), all sent at once over one client kept with the kernel
    to_html()  nbconvert exports it with pia's own template (pia/templates/pia): no code, no
               prompts, no tracebacks, no stderr, a table of contents, figures as data: URIs,
               nothing loaded from outside
    render()   both, writing the HTML (and the executed notebook) atomically

:func:`staged` gives the same all-or-nothing guarantee for a whole folder of outputs. A failing
cell raises :class:`~pia.errors.PipelineError` naming the report section it belongs to (the last
heading above it), never a traceback.

Notebook helpers (:func:`table`, :func:`figure`, :func:`md`, :func:`html`, :func:`badge`,
:func:`keyvalue`) turn DataFrames, Figures and text into outputs the template renders cleanly.

>>> from pia.report import section_of
>>> import nbformat.v4 as v4
>>> nb = v4.new_notebook(cells=[v4.new_markdown_cell("# Report\\n## Risks"), v4.new_code_cell("1/0")])
>>> section_of(nb, 1)
'Risks'
"""
from __future__ import annotations

import base64
import contextlib
import html as _html
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from .errors import PipelineError

if TYPE_CHECKING:  # pragma: no cover
    import nbformat
    import pandas as pd
    from jupyter_client import KernelManager

__all__ = [
    "TEMPLATES", "NOTEBOOKS", "notebook_path", "new_kernel_manager", "execute", "to_html", "render",
    "start_kernel", "stop_kernel", "kernel", "staged", "section_of", "toc", "external_references",
    "table", "figure", "cached_figure", "svg_text", "md", "html", "badge", "keyvalue",
]

#: Folder holding pia's nbconvert templates.
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Folder holding the report notebooks shipped with pia.
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebook_path(name: str) -> Path:
    """Path of a notebook shipped with pia (``pia_report``, ``explore``, ``disclosure_map``)."""
    return NOTEBOOKS / (name if name.endswith(".ipynb") else name + ".ipynb")


# --- execution --------------------------------------------------------------------------------

def new_kernel_manager() -> "KernelManager":
    """A (not yet started) kernel manager for a python3 kernel of *this* interpreter.

    A user-level ``python3`` kernelspec pointing elsewhere is ignored: reports are built in the
    environment pia runs in. Start it and pass it to :func:`execute`/:func:`render` several times
    to reuse one warm kernel; shut it down yourself (``km.shutdown_kernel(now=True)``).
    """
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class _HereSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            from ipykernel.kernelspec import get_kernel_dict

            return KernelSpec(resource_dir="", **get_kernel_dict())

    km = KernelManager(kernel_name="python3", kernel_spec_manager=_HereSpecs())
    km.client_class = "pia.report.FastKernelClient"  # a name: papermill re-applies the class by name
    return km


def __getattr__(name: str):
    if name == "FastKernelClient":  # built on first use: importing pia.report stays cheap
        return _client_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_CLIENT = None


def _client_class():
    """jupyter_client's blocking client, except that once the kernel has answered kernel_info (and
    IOPub is known to be connected) it drains IOPub without then waiting 0.2 s of silence. Every
    notebook run makes a new client: with a warm kernel that fixed wait was most of the gap
    between two notebooks. Stray messages left over are not a risk: nbclient only reads replies
    to its own requests."""
    global _CLIENT
    if _CLIENT is None:
        import time
        from queue import Empty

        from jupyter_client.blocking.client import BlockingKernelClient
        from jupyter_client.utils import ensure_async, run_sync

        async def _wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.time() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
                except Empty:
                    msg = None
                if msg is not None and msg["msg_type"] == "kernel_info_reply":
                    try:  # IOPub connected? (its status message for kernel_info arrives)
                        await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        self.pia_kernel_info = msg  # its language_info goes into executed notebooks
                        break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.time() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            while True:  # drain what has arrived
                try:
                    await ensure_async(self.iopub_channel.get_msg(timeout=0.01))
                except Empty:
                    break

        class _Client(BlockingKernelClient):
            wait_for_ready = run_sync(_wait_for_ready)

        _CLIENT = _Client
    return _CLIENT


def start_kernel() -> "KernelManager":
    """Start (without waiting for it) a python3 kernel of this interpreter and return its manager.

    The kernel runs with a fixed PYTHONHASHSEED, so that set iteration order, and with it any text
    built from a set, is the same in every run: two runs give the same report. Its console chatter
    goes nowhere. Shut it down with ``km.shutdown_kernel(now=True)``.
    """
    import subprocess

    km = new_kernel_manager()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=kernel_env(),
                    extra_arguments=KERNEL_ARGUMENTS)
    return km


#: Options of every kernel pia starts. Reports need no input history on disk (IPython writes
#: each cell to a SQLite file, under a lock the next cell waits for, and kernels side by side share
#: that file), and no half-millisecond pause after each cell (an old ipykernel workaround).
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False", "--IPythonKernel._execute_sleep=0"]


def kernel_env() -> dict[str, str]:
    """Environment of every kernel pia starts: a fixed PYTHONHASHSEED, so that set iteration order,
    and with it any text built from a set, is the same in every run; matplotlib's Agg backend."""
    return dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND=os.environ.get("MPLBACKEND", "Agg"))


#: Run once in each kernel before its first notebook. ipykernel flushes stdout and stderr before
#: every display (two hand-offs to its I/O thread and back, each time); a report displays dozens
#: of objects and rarely prints. Flush only a stream that holds unsent text: the order of outputs
#: stays the same (text written before a display is still sent before it).
_PRELUDE = """\
def _pia_quiet_flush():
    import sys
    pub = get_ipython().display_pub
    def flush_streams():
        for stream in (sys.stdout, sys.stderr):
            if getattr(stream, '_flush_pending', True) or getattr(stream, '_subprocess_flush_pending', True):
                stream.flush()
    if hasattr(pub, '_flush_streams'):
        pub._flush_streams = flush_streams
_pia_quiet_flush()
del _pia_quiet_flush
"""


def stop_kernel(km: "KernelManager") -> None:
    """Shut down a kernel started by :func:`start_kernel` (now, not gracefully: reports keep no
    kernel state worth saving)."""
    close_session(km)
    kill_now(km)
    with contextlib.suppress(Exception):
        km.shutdown_kernel(now=True)


def kill_now(km: "KernelManager") -> None:
    """SIGKILL a kernel's process and reap it. jupyter_client's ``shutdown_kernel(now=True)`` kills
    too, then polls every 0.1 s until the process is gone: called after this it finds it gone and
    only cleans up (a tenth of a second less for every report of ``pia assess``)."""
    proc = getattr(getattr(km, "provisioner", None), "process", None)
    if proc is None:
        return
    with contextlib.suppress(Exception):
        proc.kill()
        proc.wait(timeout=5)


@contextlib.contextmanager
def kernel() -> Iterator["KernelManager"]:
    """A started python3 kernel of this interpreter, shut down on exit; pass it as
    ``kernel_manager`` to run several notebooks in one warm kernel. Its own console chatter
    (start-up warnings) is discarded: cell outputs still reach the notebook."""
    km = start_kernel()
    try:
        yield km
    finally:
        stop_kernel(km)


def _read(notebook: "str | os.PathLike | nbformat.NotebookNode") -> "nbformat.NotebookNode":
    import nbformat

    if isinstance(notebook, (str, os.PathLike)):
        try:
            return nbformat.read(os.fspath(notebook), as_version=4)
        except (OSError, ValueError) as exc:
            raise PipelineError(f"reading notebook {os.fspath(notebook)}", str(exc)) from None
    return nbformat.from_dict(notebook)


def section_of(nb: "nbformat.NotebookNode", cell_index: int) -> str:
    """The last markdown heading at or above ``cell_index``: the report section a cell is in."""
    heading = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
    for cell in reversed(nb.cells[: cell_index + 1]):
        if cell.cell_type == "markdown":
            found = heading.findall(cell.source)
            if found:
                return found[-1].strip()
    return "the start of the report"


def _py(value: Any) -> str:
    """A parameter value as Python source, exactly as papermill's Python translator writes it."""
    import math

    if value is None or isinstance(value, (bool, int)):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return str(value)
        return "float('nan')" if math.isnan(value) else ("float('-inf')" if value < 0 else "float('inf')")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(str(k))}: {_py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    text = value.encode("unicode_escape").decode("utf-8").replace('"', r'\"') if isinstance(value, str) else value
    return f'"{text}"'


def _parameterize(nb: "nbformat.NotebookNode", parameters: Mapping[str, Any], input_name: str) -> "nbformat.NotebookNode":
    """The notebook as papermill prepares it: an ``injected-parameters`` cell after the cell tagged
    ``parameters`` (replacing an earlier injected one), papermill's metadata on the notebook and on
    every cell, outputs and counts cleared. (papermill itself is not needed for this: its import
    costs more than the whole preparation.)"""
    import nbformat.v4 as v4

    nb = v4.upgrade(nb) or nb
    meta = nb.metadata.setdefault("papermill", {})
    for key in ("default_parameters", "parameters", "environment_variables"):
        meta.setdefault(key, {})
    meta.setdefault("version", _papermill_version())
    cells = list(nb.cells)
    for cell in cells:
        cell.metadata.setdefault("tags", [])
    if parameters:
        source = "# Parameters\n" + "".join(f"{k} = {_py(v)}\n" for k, v in parameters.items())
        injected = v4.new_code_cell(source=source)
        injected.metadata["tags"] = ["injected-parameters"]
        tagged = lambda tag: next((i for i, c in enumerate(cells) if tag in c.metadata.get("tags", [])), -1)  # noqa: E731
        old, param = tagged("injected-parameters"), tagged("parameters")
        if old >= 0:
            cells[old:old + 1] = [injected]
        elif param >= 0:
            cells.insert(param + 1, injected)
        else:
            cells.insert(0, injected)
        meta["parameters"] = dict(parameters)
    meta["input_path"], meta["output_path"], meta["exception"] = input_name, None, None
    cells = [c for c in cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    for cell in cells:
        if cell.cell_type == "code":
            cell.execution_count, cell.outputs = None, []
        cell.metadata["papermill"] = {"exception": None, "start_time": None, "end_time": None, "duration": None,
                                      "status": "pending"}
    nb.cells = cells
    return nb


def _papermill_version() -> str:
    """The papermill version recorded in executed notebooks (the format they follow)."""
    global _PM_VERSION
    if _PM_VERSION is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _PM_VERSION = version("papermill")
        except PackageNotFoundError:  # pragma: no cover - papermill is in the lock file
            _PM_VERSION = "2"
    return _PM_VERSION


_PM_VERSION: str | None = None


class _Session:
    """A client kept open next to a started kernel: shell and IOPub channels connected once,
    language_info known. Every notebook run in that kernel reuses it, so a run costs no new
    sockets and no kernel_info round trip (with a warm kernel those were a good part of the gap
    between two notebooks)."""

    def __init__(self, km: "KernelManager", timeout: float) -> None:
        from jupyter_client.session import new_id

        # pia's blocking client, whatever client class ``km`` names, with a session id of its own:
        # another client of the same kernel (same id, same socket identity) would take over its
        # replies
        info = km.get_connection_info(session=True)
        info["session"] = info["session"].clone()
        info["session"].session = new_id()
        kc = _client_class()(**info, connection_file=km.connection_file, parent=km)
        kc.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=False)
        try:
            kc.wait_for_ready(timeout=timeout)
        except BaseException:
            with contextlib.suppress(Exception):
                kc.stop_channels()
            raise
        self.kc = kc
        self.pid = _kernel_pid(km)
        reply = getattr(kc, "pia_kernel_info", None) or {}
        self.language_info = reply.get("content", {}).get("language_info")
        kc.execute(_PRELUDE, silent=True, store_history=False, stop_on_error=False)  # its reply is left unread

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.kc.stop_channels()


def _kernel_pid(km: "KernelManager"):
    prov = getattr(km, "provisioner", None)
    return getattr(prov, "pid", None) or id(prov)


def _session(km: "KernelManager", timeout: float) -> _Session:
    s = getattr(km, "_pia_session", None)
    if s is not None and s.pid != _kernel_pid(km):  # the kernel was restarted: new channels
        s.close()
        s = None
    if s is None:
        s = _Session(km, timeout)
        km._pia_session = s
    return s


def close_session(km: "KernelManager") -> None:
    """Close the client :func:`execute` keeps with ``km`` (done by :func:`stop_kernel`)."""
    s = getattr(km, "_pia_session", None)
    if s is not None:
        km._pia_session = None
        s.close()


def run_silent(km: "KernelManager", code: str, timeout: float = 60) -> bool:
    """Run ``code`` in a started kernel as a silent request (no output, no execution count) on the
    client :func:`execute` keeps; True when it succeeded."""
    kc = _session(km, timeout).kc
    msg_id = kc.execute(code, silent=True, store_history=False)
    deadline = time.monotonic() + timeout
    while True:
        msg = _recv(kc.shell_channel, max(0.05, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"].get("status") == "ok"


def _recv(channel, timeout: float) -> dict:
    """The next message of a channel (``kc.iopub_channel``, ``kc.shell_channel``) of a blocking
    client, or :class:`queue.Empty` after ``timeout`` seconds. What ``kc.get_iopub_msg`` gives,
    minus two costs a report pays about a hundred times: the asyncio round trip that wraps each
    read in jupyter_client's blocking client (the socket is read directly), and turning the dates of
    both headers into datetimes (nothing here reads them). The signature is checked as jupyter_client
    checks it; the message dict has ``header``, ``msg_type``, ``parent_header``, ``metadata`` and
    ``content``."""
    from hmac import compare_digest
    from queue import Empty

    from jupyter_client.session import DELIM

    sock, session = channel.socket, channel.session
    if sock is None or not sock.poll(int(timeout * 1000)):
        raise Empty
    frames = sock.recv_multipart()
    frames = frames[frames.index(DELIM) + 1:]
    if len(frames) < 5:
        raise ValueError("malformed kernel message")
    if session.auth is not None and not compare_digest(frames[0], session.sign(frames[1:5])):
        raise ValueError("kernel message with an invalid signature")
    unpack = session.unpack
    header = unpack(frames[1])
    return {"header": header, "msg_type": header["msg_type"], "parent_header": unpack(frames[2]),
            "metadata": unpack(frames[3]), "content": unpack(frames[4])}


def _output(kind: str, content: dict) -> "nbformat.NotebookNode":
    """A notebook output from an IOPub message, as nbformat's ``output_from_msg`` builds it but
    without validating each one against the notebook schema (the kernel's messages follow the
    protocol; the written notebook is validated once, as a whole)."""
    from nbformat import from_dict

    if kind == "stream":
        out = {"output_type": "stream", "name": content["name"], "text": content["text"]}
    elif kind == "error":
        out = {"output_type": "error", "ename": content.get("ename", ""), "evalue": content.get("evalue", ""),
               "traceback": list(content.get("traceback", []))}
    else:
        out = {"output_type": kind, "data": content.get("data", {}), "metadata": content.get("metadata", {})}
        if kind == "execute_result":
            out["execution_count"] = content.get("execution_count")
    return from_dict(out)


def _drain(kc, km: "KernelManager", msg_ids: list[str], timeout: int | None) -> None:
    """Wait for the replies to requests sent after a failing cell: the kernel aborts them
    (``stop_on_error``). Waiting means nothing of this run is still going on when the caller
    cleans up."""
    from queue import Empty

    left = set(msg_ids)
    deadline = time.monotonic() + (timeout or 600)
    while left and time.monotonic() < deadline:
        try:
            msg = _recv(kc.shell_channel, 1.0)
        except Empty:
            if not km.is_alive():
                return
            continue
        left.discard(msg["parent_header"].get("msg_id"))


class _CellTimeout(Exception):
    pass


class _KernelDied(Exception):
    pass


def _run_cells(nb: "nbformat.NotebookNode", km: "KernelManager", timeout: int | None, start_timeout: float):
    """Execute every code cell of ``nb`` in the kernel of ``km``, in order, filling in outputs and
    execution counts as nbclient does. All execute requests are sent at once: the kernel runs them
    one after the other without waiting for this process (and stops at the first error:
    ``stop_on_error``), while this process collects the outputs from IOPub. Returns None, or
    (cell index, ename, evalue) of the first failing cell."""
    from queue import Empty

    session = _session(km, start_timeout)
    kc = session.kc
    if session.language_info:
        nb.metadata["language_info"] = session.language_info
    todo = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    ids = {kc.execute(nb.cells[i].source, store_history=True, allow_stdin=False, stop_on_error=True): i for i in todo}
    order = list(ids)
    displays: dict[str, list] = {}  # display_id -> [(cell index, output showing it), ...]

    def clear(index: int, outs: list) -> None:
        outs[:] = []
        for shown in displays.values():
            shown[:] = [(i, o) for i, o in shown if i != index]
    try:
        for msg_id in order:
            index = ids[msg_id]
            cell = nb.cells[index]
            outs = cell.outputs
            clear_next = False
            error = None
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:  # IOPub until the kernel goes idle for this cell
                wait = 1.0 if deadline is None else min(1.0, deadline - time.monotonic())
                if wait <= 0:
                    raise _CellTimeout(index)
                try:
                    msg = _recv(kc.iopub_channel, wait)
                except Empty:
                    if not km.is_alive():
                        raise _KernelDied() from None
                    continue
                parent = msg["parent_header"].get("msg_id")
                kind, content = msg["msg_type"], msg["content"]
                transient = content.get("transient")
                display_id = transient.get("display_id") if transient else None
                if display_id and kind in ("execute_result", "display_data", "update_display_data") and display_id in displays:
                    update = _output("display_data", content)
                    for _, out in displays[display_id]:
                        out["data"], out["metadata"] = update["data"], update["metadata"]
                if parent != msg_id:
                    continue  # stray messages (an earlier run, a silent request)
                if "execution_count" in content:
                    cell["execution_count"] = content["execution_count"]
                if kind == "status":
                    if content.get("execution_state") == "idle":
                        break
                elif kind == "clear_output":
                    if content.get("wait"):
                        clear_next = True
                    else:
                        clear(index, outs)
                elif kind in ("stream", "display_data", "execute_result", "error"):
                    out = _output(kind, content)
                    if clear_next:
                        clear(index, outs)
                        clear_next = False
                    if display_id:
                        displays.setdefault(display_id, []).append((index, out))
                    outs.append(out)
                    if kind == "error" and error is None and not (
                            content.get("ename") == "SystemExit" and content.get("evalue") in ("", "0")):
                        error = (index, content.get("ename", ""), content.get("evalue", ""))
            reply = None
            reply_deadline = time.monotonic() + 60
            while reply is None:  # the shell reply was sent before the idle status
                try:
                    msg = _recv(kc.shell_channel, 1.0)
                except Empty:
                    if not km.is_alive():
                        raise _KernelDied() from None
                    if time.monotonic() > reply_deadline:
                        raise _CellTimeout(index) from None
                    continue
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg
            content = reply["content"]
            if "execution_count" in content:
                cell["execution_count"] = content["execution_count"]
            if error is None and content.get("status") == "error" and not (
                    content.get("ename") == "SystemExit" and content.get("evalue") in ("", "0")):
                error = (index, content.get("ename", ""), content.get("evalue", ""))
            if error is not None:
                _drain(kc, km, order[order.index(msg_id) + 1:], timeout)
                return error
    except BaseException:
        # the requests still queued may leave replies behind: a later run starts on new channels
        close_session(km)
        raise
    return None


def execute(
    notebook: "str | os.PathLike | nbformat.NotebookNode",
    parameters: Mapping[str, Any] | None = None,
    *,
    output_ipynb: str | os.PathLike | None = None,
    kernel_manager: "KernelManager | None" = None,
    timeout: int | None = 600,
    name: str | None = None,
) -> "nbformat.NotebookNode":
    """Run a parameterized notebook; return the executed notebook.

    ``parameters`` are injected as papermill does, in a cell tagged ``injected-parameters`` after
    the cell tagged ``parameters``, and the executed notebook carries papermill's metadata. With
    ``kernel_manager`` the notebook runs in that kernel (started if needed, left running);
    otherwise a fresh python3 kernel of this interpreter is started and shut down. The cells are
    sent to the kernel at once and run in order; the first failing cell stops the run and raises
    :class:`PipelineError` naming its section; ``name`` names the report in that message (default:
    the notebook's file name). ``timeout`` limits each cell (seconds; None: no limit).
    ``output_ipynb`` receives the executed notebook.
    """
    nb = _read(notebook)
    label = name or (Path(notebook).stem if isinstance(notebook, (str, os.PathLike)) else "report")
    if kernel_manager is None:
        try:
            with kernel() as km:
                return execute(nb if not isinstance(notebook, (str, os.PathLike)) else notebook, parameters,
                               output_ipynb=output_ipynb, kernel_manager=km, timeout=timeout, name=label)
        except RuntimeError as exc:  # the kernel did not start
            raise PipelineError(f"{label}: starting the notebook kernel", str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    km = kernel_manager
    _prepare_exporter()
    nb = _parameterize(nb, parameters or {}, Path(notebook).name if isinstance(notebook, (str, os.PathLike)) else None)
    failed = None
    try:
        if not km.has_kernel:
            km.start_kernel()
        failed = _run_cells(nb, km, timeout, start_timeout=180)  # a busy machine can take long to start a kernel
    except _KernelDied:
        raise PipelineError(f"{label}: the notebook kernel", "Kernel died") from None
    except _CellTimeout as exc:
        raise PipelineError(f"{label}: section '{section_of(nb, exc.args[0])}'",
                            f"the cell did not finish within {timeout} seconds") from None
    except RuntimeError as exc:  # the kernel died or did not start
        raise PipelineError(f"{label}: the notebook kernel", str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    for cell in nb.cells:
        cell.metadata["papermill"] = {"exception": False, "status": "completed"}
    if failed is not None:
        index, ename, evalue = failed
        nb.cells[index].metadata["papermill"] = {"exception": True, "status": "failed"}
        nb.metadata["papermill"]["exception"] = True
    if output_ipynb is not None:
        import nbformat

        nbformat.write(nb, os.fspath(output_ipynb))
    if failed is not None:
        raise PipelineError(f"{label}: section '{section_of(nb, index)}'", f"{ename}: {evalue}".strip().rstrip(":"))
    return nb


# --- HTML ---------------------------------------------------------------------------------------

def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _img_size(metadata: Mapping, mime: str = "image/svg+xml") -> str:
    meta = metadata.get(mime, {}) if isinstance(metadata.get(mime), Mapping) else metadata
    out = ""
    for key in ("width", "height"):
        if key in meta:
            out += f' {key}="{int(meta[key])}"'
    return out


_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.S | re.I)
_LINK = re.compile(r"<link\b[^>]*>", re.I)


def _clean_html(text: str) -> str:
    """Outputs may carry scripts (e.g. pandas Styler never does, but other libraries might):
    a report runs no code and loads nothing, so drop scripts and <link> tags."""
    return _LINK.sub("", _SCRIPT.sub("", text))


_exporter = None
_exporter_lock = None


def _prepare_exporter() -> None:
    """Build the exporter in a background thread (importing nbconvert and loading the template take
    about half a second): :func:`execute` calls this, so that the build overlaps the kernel's work
    and :func:`to_html` finds it ready."""
    import threading

    global _exporter_lock
    if _exporter is not None or _exporter_lock is not None:
        return
    _exporter_lock = threading.Lock()
    threading.Thread(target=_warm_exporter, name="pia-exporter", daemon=True).start()


def _warm_exporter() -> None:
    with contextlib.suppress(Exception):  # to_html builds it again and names the step that failed
        _get_exporter()


def _get_exporter():
    import threading

    global _exporter_lock
    if _exporter is not None:
        return _exporter
    if _exporter_lock is None:
        _exporter_lock = threading.Lock()
    with _exporter_lock:
        return _build_exporter()


def _build_exporter():
    global _exporter
    if _exporter is None:
        from jinja2 import pass_context
        from nbconvert import HTMLExporter
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters import DataTypeFilter
        from nbformat import NotebookNode

        class _ExportCopy(NotebookNode):
            """A notebook whose deep copy (the one nbconvert makes before preprocessing) copies
            only the containers a preprocessor may replace (the notebook, its cell list, each cell
            and its metadata) and shares the outputs: the exporter only reads outputs, and copying
            every SVG and table of a report cost more than rendering them."""

            def __deepcopy__(self, memo):
                return NotebookNode(self, metadata=NotebookNode(self.get("metadata", {})),
                                    cells=[NotebookNode(c, metadata=NotebookNode(c.get("metadata", {})))
                                           for c in self.get("cells", [])])

        class _Exporter(HTMLExporter):
            """HTMLExporter without its BeautifulSoup round trip (which only adds alt texts and
            tabindex to lab classes: pia's template sets alt itself). That round trip is most
            of the conversion time of a report."""

            def from_notebook_node(self, nb, resources=None, **kw):
                resources = self._init_resources(resources)
                self.register_filter("filter_data_type", DataTypeFilter(parent=self))
                return TemplateExporter.from_notebook_node(self, _ExportCopy(nb), resources, **kw)

            _markdown_cache: dict = {}

            @pass_context
            def markdown2html(self, context, source):
                """nbconvert's filter, remembered: a notebook's own Markdown cells are the same
                text in every report (nbconvert builds a new Markdown parser for each call)."""
                cell = context.get("cell", {})
                if cell.get("attachments"):
                    return HTMLExporter.markdown2html(self, context, source)
                key = (source, context.get("resources", {}).get("metadata", {}).get("path", ""))
                cache = self._markdown_cache
                if key not in cache:
                    if len(cache) >= 2048:
                        cache.clear()
                    cache[key] = HTMLExporter.markdown2html(self, context, source)
                return cache[key]

            def _preprocess(self, nb, resources):
                """The preprocessors on the copy ``from_notebook_node`` already made, without
                nbconvert's second deep copy, schema normalisation and validation of the whole
                notebook after each preprocessor (a notebook pia has just executed is valid;
                these were a third of the conversion time)."""
                for preprocessor in self._preprocessors:
                    nb, resources = preprocessor(nb, resources)
                return nb, resources

        exporter = _Exporter(
            template_name="pia",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            exclude_anchor_links=True,
        )
        exporter.register_filter("pia_b64", _b64)
        exporter.register_filter("pia_img_size", _img_size)
        exporter.register_filter("pia_clean_html", _clean_html)
        exporter.template  # noqa: B018 - loads and compiles the template now
        _exporter = exporter
    return _exporter


_HEADING = re.compile(r"<h([1-3])(\s[^>]*)?>(.*?)</h\1>", re.S | re.I)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']*)["']""", re.I)
_TAG = re.compile(r"<[^>]+>")


def _slug(text: str) -> str:
    s = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.U).strip()
    return re.sub(r"[\s_-]+", "-", s) or "section"


def toc(page: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Give every h1-h3 a unique id and return (page, [(level, id, text), ...]) in page order."""
    used: set[str] = set()
    entries: list[tuple[int, str, str]] = []

    def fix(m: re.Match) -> str:
        level, attrs, inner = int(m.group(1)), m.group(2) or "", m.group(3)
        text = _html.unescape(_TAG.sub("", inner)).strip()
        found = _ID.search(attrs)
        base = found.group(1) if found and found.group(1) else _slug(text)
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        attrs = _ID.sub("", attrs).rstrip()
        entries.append((level, ident, text))
        return f'<h{level} id="{_html.escape(ident)}"{attrs}>{inner}</h{level}>'

    return _HEADING.sub(fix, page), entries


def _toc_html(entries: list[tuple[int, str, str]]) -> str:
    if not entries:
        return ""
    top = min(level for level, _, _ in entries)
    out = ['<p class="pia-toc-title">Contents</p>']
    depth = 0
    for level, ident, text in entries:
        rel = level - top + 1
        if depth == 0:
            out.append("<ol>")
            depth = 1
        while depth < rel:
            out.append("<ol>")
            depth += 1
        while depth > rel:
            out.append("</li></ol>")
            depth -= 1
        if out[-1].endswith("</a>"):
            out.append("</li>")
        out.append(f'<li class="lvl{rel}"><a href="#{_html.escape(ident)}">{_html.escape(text)}</a>')
    while depth > 0:
        out.append("</li></ol>")
        depth -= 1
    return "\n".join(out)


def to_html(nb: "nbformat.NotebookNode", *, title: str | None = None) -> str:
    """Export an executed notebook as a self-contained reviewer's page (see module docstring)."""
    exporter = _get_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"pia_title": title or _title(nb)})
    body, entries = toc(body)
    return body.replace("<!--PIA-TOC-->", _toc_html(entries), 1)


def _title(nb: "nbformat.NotebookNode") -> str:
    for cell in nb.cells:
        for text in _texts(cell):
            m = re.search(r"^#\s+(.+)$", text, re.M) or re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
            if m:
                return _html.unescape(_TAG.sub("", m.group(1))).strip()
    return nb.metadata.get("title", "Report")


def _texts(cell) -> Iterator[str]:
    if cell.cell_type == "markdown":
        yield cell.source
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        for mime in ("text/markdown", "text/html"):
            if mime in data:
                yield data[mime]


_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data|srcset)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)""",
    re.I,
)


def external_references(page: str) -> list[str]:
    """Every place a page would load (or link to) something outside itself: src/href/@import/url().

    >>> external_references('<img src="data:image/png;base64,AA"><a href="#risks">x</a>')
    []
    >>> external_references('<script src="https://cdn.example/require.js"></script>')
    ['src="https://cdn.example/require.js']
    """
    out = []
    for m in _EXTERNAL.finditer(page):
        end = page.find('"', m.end())
        end = end if 0 <= end - m.end() < 200 else m.end() + 40
        out.append(page[m.start():end])
    return out


# --- writing outputs atomically ---------------------------------------------------------------

@contextlib.contextmanager
def staged(dest: str | os.PathLike) -> Iterator[Path]:
    """Write a folder's outputs into a temporary folder next to ``dest``; swap it in on success.

    On any exception the temporary folder is removed and ``dest`` (if any) is left untouched.
    Files of an existing ``dest`` that the new run does not write disappear with the swap: the
    folder always holds the outputs of one complete run.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o777 & ~_umask())
    old = None
    if dest.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        os.rmdir(old)
        os.replace(dest, old)
    try:
        os.replace(tmp, dest)
    except BaseException:
        if old is not None:
            os.replace(old, dest)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def render(
    notebook: "str | os.PathLike | nbformat.NotebookNode",
    parameters: Mapping[str, Any] | None,
    out_html: str | os.PathLike,
    *,
    executed_ipynb: str | os.PathLike | None = None,
    kernel_manager: "KernelManager | None" = None,
    title: str | None = None,
    name: str | None = None,
    timeout: int | None = 600,
) -> Path:
    """Execute ``notebook`` with ``parameters`` and write the reviewer's HTML to ``out_html``
    (and the executed notebook to ``executed_ipynb``). Both are written to a temporary folder
    next to the destination and moved into place only when complete: a failure leaves any
    previous files intact. Returns the HTML path."""
    import nbformat

    out_html = Path(out_html)
    targets = [out_html] + ([Path(executed_ipynb)] if executed_ipynb is not None else [])
    for t in targets:
        t.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_html.stem}.new-", dir=out_html.parent))
    try:
        nb = execute(notebook, parameters, kernel_manager=kernel_manager, timeout=timeout, name=name)
        page = _html_step(nb, title, name or out_html.stem)
        (tmp / "page.html").write_text(page, encoding="utf-8")
        if executed_ipynb is not None:
            nbformat.write(nb, tmp / "page.ipynb")
        os.replace(tmp / "page.html", out_html)
        if executed_ipynb is not None:
            os.replace(tmp / "page.ipynb", Path(executed_ipynb))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_html


def _html_step(nb, title: str | None, label: str) -> str:
    try:
        return to_html(nb, title=title)
    except Exception as exc:  # nbconvert/jinja errors: name the step, not a traceback
        raise PipelineError(f"{label}: converting to HTML", f"{type(exc).__name__}: {exc}") from None


# --- helpers for notebook cells ----------------------------------------------------------------

def _display(mime: str, data: str, metadata: dict | None = None):
    """A display object with exactly one representation (no text/plain fallback in the HTML)."""

    class _Out:
        def _repr_mimebundle_(self, include=None, exclude=None):
            return {mime: data}, (metadata or {})

        def __repr__(self) -> str:  # the text/plain IPython adds: stable, never shown in the report
            return data if mime == "text/markdown" else f"[{(metadata or {}).get('alt') or mime}]"

    return _Out()


def md(text: str):
    """Markdown shown as prose in the report (headings get into the table of contents)."""
    return _display("text/markdown", text)


def html(text: str):
    """Raw HTML shown as is (scripts and external links are stripped at export)."""
    return _display("text/html", text)


def badge(level: str | None) -> str:
    """A coloured risk-level label as HTML: low, medium, high, critical (or a grey dash)."""
    if not level:
        return '<span class="lvl lvl-none">—</span>'
    lvl = str(level).lower()
    return f'<span class="lvl lvl-{_html.escape(lvl)}">{_html.escape(lvl.capitalize())}</span>'


def _cell(value: Any, raw: bool) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return '<span class="pia-unknown">not recorded</span>'
    if isinstance(value, (list, tuple, set, frozenset)):
        value = ", ".join(str(v) for v in value) if value else "—"
    text = str(value)
    if text == "unknown":
        return '<span class="pia-unknown">unknown</span>'
    return text if raw else _html.escape(text).replace("\n", "<br>")


def table(df: "pd.DataFrame | list[Mapping[str, Any]]", *, caption: str | None = None, raw: tuple[str, ...] = (),
          numeric: tuple[str, ...] = (), index: bool = False, empty: str = "Nothing to show."):
    """A DataFrame, or a list of rows (mappings of column to value, as the report's own tables
    are built: no DataFrame needed), as a clean HTML table for non-programmers.

    Cells are escaped except in the ``raw`` columns (pre-built HTML such as :func:`badge`);
    ``numeric`` columns align right; None/NaN reads "not recorded" and ``unknown`` is highlighted.
    """
    if df is None or len(df) == 0:
        return md(f"*{empty}*")
    if isinstance(df, list):
        cols = list(dict.fromkeys(c for row in df for c in row))
        records = [tuple(row.get(c) for c in cols) for row in df]
    else:
        frame = df.reset_index() if index else df
        cols = list(frame.columns)
        records = frame.itertuples(index=False, name=None)
    num = set(numeric)
    numcls = ' class="num"'
    head = "".join(f'<th{numcls if c in num else ""}>{_html.escape(str(c))}</th>' for c in cols)
    rows = []
    for rec in records:
        tds = "".join(
            f'<td{numcls if c in num else ""}>{_cell(v, c in raw)}</td>' for c, v in zip(cols, rec)
        )
        rows.append(f"<tr>{tds}</tr>")
    cap = f"<caption>{_html.escape(caption)}</caption>" if caption else ""
    return html(f'<div class="pia-table-wrap"><table class="pia-table">{cap}<thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')


def keyvalue(pairs: Mapping[str, Any] | list[tuple[str, Any]], *, raw: tuple[str, ...] = (), caption: str | None = None):
    """Two-column table of labels and values (e.g. sign-off fields; None reads "not yet done")."""
    items = list(pairs.items()) if isinstance(pairs, Mapping) else list(pairs)
    rows = []
    for k, v in items:
        if v is None or v == "":
            cell = '<span class="pia-todo">not yet done</span>'
        else:
            cell = _cell(v, k in raw)
        rows.append(f"<tr><th>{_html.escape(str(k))}</th><td>{cell}</td></tr>")
    cap = f"<caption>{_html.escape(caption)}</caption>" if caption else ""
    return html(f'<table class="pia-table pia-kv">{cap}<tbody>{"".join(rows)}</tbody></table>')


#: Fonts named in the SVG, in order: the one the figure was laid out with (DejaVu Sans, shipped
#: with matplotlib), then fonts of about the same width, then any sans-serif.
SVG_FONTS = ["DejaVu Sans", "Bitstream Vera Sans", "Liberation Sans", "Arial", "Helvetica"]


def svg_text(fig) -> str:
    """A matplotlib Figure as deterministic SVG text (no date, fixed ids). Text stays text
    (``svg.fonttype`` 'none'): crisp at any zoom, selectable, searchable, and several times cheaper
    to write than glyph outlines; the layout is computed with DejaVu Sans, which the SVG names
    first."""
    import io

    import matplotlib

    from .maps import one_drawing_pass, shared_text_metrics

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "pia", "svg.fonttype": "none", "font.sans-serif": SVG_FONTS}), \
            shared_text_metrics(), one_drawing_pass(fig):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


_HEAP = {"reports": 0, "frozen": False}


def settle_heap() -> None:
    """Called first by the PIA notebook. In a kernel that renders report after report (``pia
    batch``), at the second report: collect the garbage once and move every object then alive
    (the imported libraries, mostly) out of the cyclic garbage collector's view (``gc.freeze``).
    Otherwise each full collection walks that whole heap again, about 0.1 s every second report.
    A kernel that renders one report (``pia assess``) never pays for the collection, even with
    pandas and matplotlib imported ahead. Performance only: frozen objects still die by
    reference counting."""
    import gc

    _HEAP["reports"] += 1
    if _HEAP["frozen"] or _HEAP["reports"] < 2:
        return
    gc.collect()
    gc.freeze()
    _HEAP["frozen"] = True


#: SVGs drawn in this process for the model of the given fingerprint: {name: svg}. The PIA and the
#: disclosure map run in one kernel (``pia batch``, ``pia assess`` with a kernel passed in) draw a
#: figure they share once. Only the latest model's figures are kept.
_FIGURES: dict[str, Any] = {"fingerprint": None, "svg": {}}


def cached_figure(model, name: str, draw, *, alt: str = "figure"):
    """The figure ``draw()`` returns, as :func:`figure`, drawn once per model (by fingerprint) and
    name in this process: another notebook run in the same kernel reuses the SVG."""
    key = getattr(model, "fingerprint", None)
    if key is None:
        return figure(draw(), alt=alt)
    if _FIGURES["fingerprint"] != key:
        _FIGURES["fingerprint"], _FIGURES["svg"] = key, {}
    cache = _FIGURES["svg"]
    if name not in cache:
        fig = draw()
        cache[name] = svg_text(fig)
        _close(fig)
    return _display("image/svg+xml", cache[name], {"alt": alt})


def _close(fig) -> None:
    import sys

    if "matplotlib.pyplot" in sys.modules:  # figures made without pyplot need no closing
        sys.modules["matplotlib.pyplot"].close(fig)


def figure(fig, *, alt: str = "figure", close: bool = True):
    """A matplotlib Figure as a crisp, deterministic SVG (no dates, stable ids) for the report."""
    text = svg_text(fig)
    if close:
        _close(fig)
    return _display("image/svg+xml", text, {"alt": alt})


# --- the parts of the PIA (called by notebooks/pia_report.ipynb) --------------------------------
#
# Each returns display objects built from the model and its analysis: the notebook stays a list
# of one-line calls a privacy officer can read, and the wording lives in one reviewed place.

ROLE_NAMES = {
    "controller": "Controller", "joint_controller": "Joint controller", "processor": "Processor",
    "sub_processor": "Sub-processor", "third_party": "Third party (recipient)",
    "public_authority": "Public authority",
}
STATUS_NAMES = {"open": "Open", "mitigated": "Mitigated by measures in place", "accepted": "Accepted"}
CONTROL_STATUS_NAMES = {"in_place": "In place", "planned": "Planned", "unknown": "Status unknown"}
MET_NAMES = {True: "Yes", False: "No", None: "Cannot tell"}


def _esc(value: Any) -> str:
    return _html.escape(str(value))


def _known(value: Any) -> bool:
    return value is not None and value != "unknown" and value != ""


def _unknown(text: str = "unknown") -> str:
    return f'<span class="pia-unknown">{_esc(text)}</span>'


def element_name(model, element_id: str) -> str:
    """Readable name of a model element, falling back to the id; a flow reads "sender → receiver"."""
    from .schema import Flow

    item = model.index.get(element_id)
    if isinstance(item, Flow):
        return f"{model.name(item.source)} → {model.name(item.to)}"
    return model.name(element_id) if item is not None else element_id


def _names(model, ids) -> str:
    return ", ".join(element_name(model, i) for i in ids) if ids else "—"


def _names_list(model, ids, limit: int | None = None) -> str:
    """Element names as HTML: one line, or a bullet list; beyond ``limit``, "and N more"."""
    names = [element_name(model, i) for i in ids]
    if not names:
        return "—"
    more = len(names) - limit if limit is not None and len(names) > limit else 0
    shown = names[:limit] if more else names
    if len(shown) == 1 and not more:
        return _esc(shown[0])
    items = "".join(f"<li>{_esc(n)}</li>" for n in shown)
    if more:
        items += f'<li class="pia-meta">and {more} more</li>'
    return f'<ul class="pia-list">{items}</ul>'


def _category_name(model, key: str) -> str:
    return model.vocabulary.name("data_category", key)


def _purpose_name(model, key: str) -> str:
    return model.vocabulary.name("data_use", key)


def _country(code: str | None) -> str:
    from . import geo

    if not _known(code):
        return _unknown("unknown")
    return _esc(geo.country_name(code))


def _legal_basis(value: str | None) -> str:
    from .record import LEGAL_BASIS_NAMES
    from .schema import LEGAL_BASES

    if not _known(value):
        return _unknown("not stated")
    return _esc(f"{LEGAL_BASIS_NAMES.get(value, value)} ({LEGAL_BASES.get(value, '')})")


def ordered_findings(analysis) -> list:
    """Findings in report order: the analysis's own (highest residual risk first)."""
    return list(analysis.findings)


def finding_numbers(analysis) -> dict[str, str]:
    """finding key -> its short id in the register (R01, R02, ...)."""
    from .risk import short_ids

    return {f.key: sid for f, sid in zip(analysis.findings, short_ids(list(analysis.findings)))}


def _elements_of_activity(model, activity_id: str) -> set[str]:
    ids = {activity_id}
    ids |= {f.id for f in model.flows if f.activity == activity_id}
    return ids


def title_block(model, report_date: Any):
    """The report's title (h1) and who/what/when line."""
    a = model.assessment
    who = element_name(model, a.controller) if a.controller else None
    meta = [f"Controller: {who}" if who else "Controller: not recorded", f"Assessment version {a.version}",
            f"Assessor: {a.assessor}" if a.assessor else "Assessor: not recorded", f"Date: {report_date}"]
    return html(f'<h1>{_esc(a.title)}</h1><p class="pia-meta">Data protection impact assessment '
                f'(GDPR Art. 35) · {" · ".join(_esc(m) for m in meta)}</p>')


def write_outputs(model, analysis, output_dir: str | os.PathLike) -> list[str]:
    """Write findings.json, ropa.csv and disclosures.csv into ``output_dir``; return their names."""
    import json

    from .disclosure import register as disclosures
    from .interop.ropa import neutralise
    from .record import record

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(analysis.as_json(), indent=2, ensure_ascii=False, default=str) + "\n"
    (out / "findings.json").write_text(text, encoding="utf-8")
    # cells starting with = + - @ are text, not formulas, in any spreadsheet
    record(model).map(neutralise).to_csv(out / "ropa.csv", index=False, lineterminator="\n")
    disclosures(model).map(neutralise).to_csv(out / "disclosures.csv", index=False, lineterminator="\n")
    return ["findings.json", "ropa.csv", "disclosures.csv"]


def verdict(analysis):
    """The screening verdict, its reasons and what is missing, as a highlighted box."""
    s = analysis.screening
    required = "required" in str(s.verdict).lower() and "not" not in str(s.verdict).lower()
    reasons = "".join(f"<li>{_esc(r)}</li>" for r in (s.reasons or []))
    return html(f'<div class="pia-verdict{" required" if required else ""}"><div class="big">'
                f'{_esc(str(s.verdict)[:1].upper() + str(s.verdict)[1:])}</div>'
                + (f"<ul>{reasons}</ul>" if reasons else "") + "</div>")


def risk_counts(analysis):
    """Number of findings at each risk level before and after the measures in the model."""
    from .findings import LEVELS

    rows = []
    for level in reversed(LEVELS):
        rows.append({
            "Risk level": badge(level),
            "Before measures": sum(1 for f in analysis.findings if f.risk == level),
            "After measures in place": sum(1 for f in analysis.findings if f.residual_risk == level),
            "Of which still open": sum(1 for f in analysis.findings if f.residual_risk == level and f.status == "open"),
        })
    rows.append({"Risk level": "<strong>Total</strong>", "Before measures": len(analysis.findings),
                 "After measures in place": len(analysis.findings),
                 "Of which still open": sum(1 for f in analysis.findings if f.status == "open")})
    return table(rows, raw=("Risk level",),
                 numeric=("Before measures", "After measures in place", "Of which still open"))


def cards(model, analysis):
    """Headline figures: activities, parties, flows leaving the EEA, findings by residual level."""
    s = model.summary()
    opened = [f for f in analysis.findings if f.status == "open"]
    high = sum(1 for f in opened if f.residual_risk in ("high", "critical"))
    items = [
        (s["activities"], "processing activities"), (s["parties"], "organisations and groups involved"),
        (s["flows"], "data flows"), (s["third_country_flows"] + s["flows_to_unknown_locations"],
                                     "flows leaving the EEA or going to an unknown place"),
        (len(analysis.findings), "findings"), (high, "open findings at high or critical risk"),
    ]
    body = "".join(f'<div class="pia-card"><div class="n">{n}</div><div class="l">{_esc(t)}</div></div>' for n, t in items)
    return html(f'<div class="pia-cards">{body}</div>')


def top_risks(model, analysis, n: int = 8):
    """The highest risks after measures: number, risk, where, before -> after."""
    nums = finding_numbers(analysis)
    rows = [{
        "No.": f'<a href="#{nums[f.key].lower()}">{nums[f.key]}</a>',
        "Risk": _esc(f.title),
        "Concerns": _names_list(model, f.elements, 3),
        "Before measures": badge(f.risk),
        "After measures": badge(f.residual_risk),
        "Status": _esc(STATUS_NAMES.get(f.status, f.status)),
    } for f in ordered_findings(analysis)[:n]]
    return table(rows, raw=tuple(rows[0]) if rows else (), empty="No findings.")


def screening_table(analysis):
    """The nine WP248 criteria: met or not, the evidence, what is missing."""
    rows = []
    for c in analysis.screening.criteria:
        met = MET_NAMES.get(c.met, str(c.met))
        mark = {"Yes": "pia-todo", "Cannot tell": "pia-unknown"}.get(met, "")
        rows.append({
            "No.": c.number,
            "Criterion (WP248)": _esc(c.name),
            "Met?": f'<span class="{mark}">{met}</span>' if mark else met,
            "Why": _bullets(c.evidence),
            "Missing information": _bullets(getattr(c, "missing", None)),
        })
    return table(rows, raw=("Criterion (WP248)", "Met?", "Why", "Missing information"), numeric=("No.",))


def _bullets(items) -> str:
    if not items:
        return "—"
    if isinstance(items, str):
        return _esc(items)
    items = [str(i).rstrip(".") for i in items]
    if len(items) == 1:
        return _esc(items[0])
    return '<ul class="pia-list">' + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>"


def art35_3(analysis):
    """The Art. 35(3) cases (a DPIA is mandatory whatever the criteria count)."""
    cases = analysis.screening.art35_3
    if not cases:
        return md("None of the cases listed in GDPR Art. 35(3) (systematic and extensive automated "
                  "evaluation with legal effects, large-scale special-category or criminal data, "
                  "systematic monitoring of a publicly accessible area) applies on the model's facts.")
    if isinstance(cases, Mapping):
        items = [f"{k}: {v}" for k, v in cases.items() if v]
    else:
        items = [str(c) for c in cases]
    return md("GDPR Art. 35(3) makes a DPIA mandatory here:\n\n" + "\n".join(f"- {_md_escape(i)}" for i in items))


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", str(text))


def scope(model):
    """Nature, scope and context: the assessment's own words and its sources."""
    a = model.assessment
    parts = []
    if a.scope:
        parts.append(f"**Scope.** {_md_escape(a.scope)}")
    if a.description:
        parts.append(f"**The processing.** {_md_escape(a.description)}")
    if model.sources:
        srcs = "; ".join(f"{_md_escape(s.title)}" + (f" (dated {s.date})" if s.date else "") for s in model.sources)
        parts.append(f"**Sources this assessment rests on.** {srcs}. Every finding below cites the "
                     "section of the source its facts come from.")
    return md("\n\n".join(parts) or "*The model gives no scope or description.*")


def activities_table(model):
    """One row per processing activity: purpose, people, data, scale, legal basis, source."""
    rows = []
    for a in model.activities:
        rows.append({
            "Activity": _esc(a.name),
            "Purpose": _esc(_purpose_name(model, a.purpose)),
            "Whose data": _esc(_names(model, a.subjects)),
            "Personal data": _esc(", ".join(_category_name(model, c) for c in a.categories) or "—"),
            "Number of people": _esc(f"{a.scale:,}") if isinstance(a.scale, int) else _unknown("unknown"),
            "Legal basis": _legal_basis(a.legal_basis),
        })
    return table(rows, raw=tuple(rows[0]) if rows else ())


def parties_table(model):
    """Each organisation or group, where it is, and its role in each activity."""
    rows = []
    for p in model.parties:
        roles: dict[str, list[str]] = {}
        for a in model.activities:
            if p.id in a.roles:
                roles.setdefault(ROLE_NAMES.get(a.roles[p.id], a.roles[p.id]), []).append(a.name)
        role_html = "<br>".join(f"<strong>{_esc(r)}</strong> in: {_esc('; '.join(acts))}" for r, acts in sorted(roles.items()))
        certs = p.certifications
        cert = _unknown("unknown") if certs == "unknown" else (_esc(", ".join(c.upper() if c == "dpf" else c for c in certs)) or "none")
        rows.append({"Organisation or group": _esc(p.name), "Country": _country(p.country),
                     "Certifications": cert, "Role per activity": role_html or _unknown("no role recorded")})
    return table(rows, raw=tuple(rows[0]) if rows else ())


def subjects_table(model):
    """Groups of data subjects, with vulnerability flagged."""
    rows = []
    for s in model.subjects:
        vulnerable = model.vocabulary.vulnerable(s.category)
        rows.append({"Group of people": _esc(s.name), "Kind": _esc(model.vocabulary.name("data_subject", s.category)),
                     "Where": _country(s.country),
                     "Vulnerable?": '<span class="pia-todo">Yes</span>' if vulnerable else "No",
                     "Activities": _esc(_names(model, [a.id for a in model.activities if s.id in a.subjects]))})
    return table(rows, raw=tuple(rows[0]) if rows else ())


def categories_table(model):
    """Every data category used, with special categories and high-risk kinds flagged."""
    rows = []
    for key in sorted(model.categories_used(), key=lambda k: _category_name(model, k).lower()):
        special = model.vocabulary.special(key)
        kinds = sorted(model.vocabulary.kinds(key))
        acts = [a.name for a in model.activities if key in a.categories]
        rows.append({"Personal data": _esc(_category_name(model, key)),
                     "Special category?": ('<span class="pia-todo">' + _esc({"art9": "Yes (Art. 9)", "art10": "Criminal data (Art. 10)"}.get(special, special)) + "</span>") if special else "No",
                     "Sensitive kind": _esc(", ".join(k.replace("_", " ") for k in kinds)) if kinds else "—",
                     "Used in": _esc("; ".join(acts)) if acts else "flows only"})
    return table(rows, raw=tuple(rows[0]) if rows else ())


def flows_table(model):
    """Every flow: from whom to whom, for which activity, what, encrypted, leaving the EEA how."""
    from .schema import TRANSFER_MECHANISMS

    rows = []
    for f in model.flows:
        src, dst = model.location(f.source), model.location(f.to)
        enc = {True: "Yes", False: '<span class="pia-todo">No</span>'}.get(f.encrypted, _unknown("unknown"))
        cats = model.flow_categories(f)
        rows.append({"From": _esc(element_name(model, f.source)), "To": _esc(element_name(model, f.to)),
                     "Activity": _esc(element_name(model, f.activity)),
                     "Personal data": _esc(", ".join(_category_name(model, c) for c in cats)),
                     "Encrypted in transit": enc,
                     "Where (from → to)": f"{_country(src)} → {_country(dst)}",
                     "Transfer safeguard": _transfer_text(model, f)})
    return table(rows, raw=tuple(rows[0]) if rows else ())


def _transfer_text(model, f) -> str:
    """How a flow leaving the EEA (or going to an unknown place) is safeguarded, in words."""
    from . import geo
    from .schema import DEROGATIONS, TRANSFER_MECHANISMS

    dst = geo.in_eea(model.location(f.to))
    if dst is True:
        return "not needed (stays in the EEA)"
    mech = f.transfer.mechanism if f.transfer is not None else None
    if not _known(mech) or mech == "none":
        text = _unknown("none recorded" if mech != "none" else "none")
    else:
        text = _esc(TRANSFER_MECHANISMS.get(mech, mech))
        if mech == "derogation" and f.transfer.derogation:
            text += _esc(f": {f.transfer.derogation.replace('_', ' ')} ({DEROGATIONS.get(f.transfer.derogation, '')})")
    if dst is None:
        return "destination unknown; " + text
    src_loc, dst_loc = model.location(f.source), model.location(f.to)
    if geo.in_eea(src_loc) is False:
        if src_loc == dst_loc:
            return f"no further transfer (within {_esc(geo.country_name(dst_loc))})"
        return "onward transfer; " + text
    return text


def record_table(model):
    """The Art. 30 record (pia.record) for the items the tables above do not already show:
    recipients by role, transfers and their safeguards, retention, source, automated decisions.
    Bracketed taxonomy keys are removed for reading; the complete record is ropa.csv."""
    from .record import ROLE_COLUMNS, record

    df = record(model)

    def clean(v: Any) -> str:
        return re.sub(r"\s*\[[a-z0-9_.]+\]", "", str(v))

    def cell(v: Any) -> str:
        text = clean(v)
        return _unknown(text) if text in ("unknown", "not stated") else _esc(text).replace("; ", "<br>")

    rows = []
    for _, rec in df.iterrows():
        recipients = [f"<strong>{_esc(label)}:</strong> {_esc(clean(rec[label]))}" for label in ROLE_COLUMNS.values()
                      if label in rec and clean(rec[label]) not in ("none", "")]
        rows.append({
            "Activity": _esc(rec["Activity"]),
            "Recipients": "<br>".join(recipients) or "none",
            "Transfers outside the EEA and safeguards": cell(rec["Transfer safeguards"]) if clean(rec["Third-country transfers"]) != "none" else "none",
            "Retention": cell(rec["Retention"]),
            "Source of the data": cell(rec["Source of the data"]),
            "Automated decisions and profiling": cell(rec["Automated decisions and profiling"]),
        })
    return table(rows, raw=tuple(rows[0]) if rows else ())


def _activity_findings(model, analysis, activity_id: str, nums: dict) -> list:
    ids = _elements_of_activity(model, activity_id)
    return [f for f in ordered_findings(analysis) if ids & set(f.elements)]


def _control_state(model, kind: str, covered: set[str]) -> str | None:
    states = [c.status for c in model.controls if c.kind == kind and covered & set(c.covers)]
    if not states:
        return None
    for s in ("in_place", "planned", "unknown"):
        if s in states:
            return s
    return states[0]


def necessity_table(model, analysis):
    """Per activity: legal basis, data, retention, rights, processors, transfers; unknowns flagged,
    with the findings that question each activity."""
    from .schema import TRANSFER_MECHANISMS

    nums = finding_numbers(analysis)
    rows = []
    for a in model.activities:
        basis = _legal_basis(a.legal_basis)
        if a.legal_basis == "legitimate_interests":
            basis += "<br>Interest: " + (_esc(a.legitimate_interest) if _known(a.legitimate_interest) else _unknown("not stated"))
        if a.legal_basis == "consent":
            basis += "<br>Consent obtained: " + (_esc(a.consent.replace("_", "-")) if _known(a.consent) else _unknown("not recorded"))
        if a.retention is None or not _known(a.retention.period):
            retention = _unknown("not stated")
        else:
            retention = _esc(a.retention.period) + (f" ({_esc(a.retention.criteria)})" if a.retention.criteria else "")
        procs = [p for p, r in a.roles.items() if r in ("processor", "sub_processor")]
        if procs:
            parts = []
            for p in procs:
                state = _control_state(model, "art28_contract", {p, a.id}) if a.roles[p] == "processor" else \
                    _control_state(model, "sub_processor_flow_down", {p, a.id})
                label = "Art. 28 contract" if a.roles[p] == "processor" else "obligations passed on"
                parts.append(f"{_esc(element_name(model, p))}: " + (
                    _unknown(f"{label}: not recorded") if state is None else
                    (_esc(f"{label} {CONTROL_STATUS_NAMES[state].lower()}") if state == "in_place" else _unknown(f"{label}: {CONTROL_STATUS_NAMES[state].lower()}"))))
            processors = "<br>".join(parts)
        else:
            processors = "none"
        out = []
        for f in model.flows:
            if f.activity != a.id or _transfer_text(model, f).startswith(("not needed", "no further")):
                continue
            out.append(f"to {_esc(element_name(model, f.to))}: " + _transfer_text(model, f))
        transfers = "<br>".join(dict.fromkeys(out)) or "none"
        rights = _control_state(model, "rights_request_process", _elements_of_activity(model, a.id) | set(a.subjects))
        rights_txt = _esc("Request process " + CONTROL_STATUS_NAMES[rights].lower()) if rights == "in_place" else \
            _unknown("no request process recorded" if rights is None else f"request process: {CONTROL_STATUS_NAMES[rights].lower()}")
        related = _activity_findings(model, analysis, a.id, nums)
        minimal = [f for f in related if f.category in ("minimisation", "special")]
        data_txt = _esc(f"{len(a.categories)} categories") + "<br>" + (
            "questioned: " + ", ".join(f'<a href="#{nums[f.key].lower()}">{nums[f.key]}</a>' for f in minimal)
            if minimal else "no minimisation issue found")
        links = ", ".join(f'<a href="#{nums[f.key].lower()}">{nums[f.key]}</a>' for f in related) or "none"
        rows.append({"Activity": _esc(a.name), "Legal basis": basis,
                     "Data collected": data_txt,
                     "Retention": retention, "Processors": processors, "Transfers outside the EEA": transfers,
                     "Rights of the people": rights_txt, "Findings": links})
    return table(rows, raw=tuple(rows[0]) if rows else ())


def notice_table(model):
    """What the privacy notice says on each Art. 13/14 item."""
    from .schema import NOTICE_ITEMS

    labels = {
        "controller_identity": "Who the controller is", "dpo_contact": "Contact of the DPO",
        "purposes": "Purposes", "legal_basis": "Legal basis", "legitimate_interests": "Legitimate interests pursued",
        "data_categories": "Categories of data", "recipients": "Recipients", "transfers": "Transfers abroad and safeguards",
        "retention": "How long data is kept", "rights": "The people's rights", "withdraw_consent": "Withdrawing consent",
        "complaint": "Complaint to a supervisory authority", "statutory_requirement": "Whether providing data is required",
        "automated_decisions": "Automated decisions and profiling", "source": "Where the data comes from",
    }
    status = {"stated": "Stated", "partly": "Partly", "not_stated": "Not stated", "unknown": "Unknown"}
    rows = []
    for item, ref in NOTICE_ITEMS.items():
        st = model.notice.items.get(item) if model.notice is not None else None
        s = st.status if st is not None else None
        shown = status.get(s, "Not assessed") if s else "Not assessed"
        cls = "" if s == "stated" else ("pia-unknown" if s in ("partly", None, "unknown") else "pia-todo")
        rows.append({"Information": _esc(labels.get(item, item)), "Law": _esc(ref),
                     "In the notice?": f'<span class="{cls}">{shown}</span>' if cls else shown,
                     "Where / remark": _esc(" — ".join(x for x in ((st.section or "") if st else "", (st.note or "") if st else "") if x) or "—")})
    return table(rows, raw=tuple(rows[0]))


def register_table(model, analysis):
    """The risk register: every finding with where, severity, likelihood, risk before and after."""
    from .findings import SCALE

    nums = finding_numbers(analysis)
    rows = [{
        "No.": f'<a href="#{nums[f.key].lower()}">{nums[f.key]}</a>',
        "Risk": _esc(f.title),
        "Concerns": _names_list(model, f.elements, 3),
        "Severity": _esc(f"{f.severity} {SCALE[f.severity]}"),
        "Likelihood": _esc(f"{f.likelihood} {SCALE[f.likelihood]}"),
        "Before": badge(f.risk), "After": badge(f.residual_risk),
        "Status": _esc(STATUS_NAMES.get(f.status, f.status)),
    } for f in ordered_findings(analysis)]
    return table(rows, raw=tuple(rows[0]) if rows else (), empty="No findings.")


#: Headings of the rule themes in the report, in the catalogue's order.
THEME_NAMES = {
    "lawfulness": "Lawfulness: legal bases and consent",
    "special": "Special categories of data",
    "transparency": "Transparency: what people are told",
    "storage": "Storage limitation: how long data is kept",
    "minimisation": "Data minimisation and linking",
    "security": "Security of the data",
    "processors": "Processors and sub-processors",
    "transfers": "Transfers outside the EEA",
    "vulnerable": "Children, employees and other vulnerable people",
    "tracking": "Analytics and tracking",
    "disclosures": "Disclosures to authorities and acquirers",
    "profiling": "Profiling and automated decisions",
    "rights": "The people's rights",
}


def _theme_name(theme: str) -> str:
    return THEME_NAMES.get(theme) or (theme or "Other").replace("_", " ").strip().capitalize()


def _theme_rank(theme: str) -> tuple[int, str]:
    order = list(THEME_NAMES)
    return (order.index(theme) if theme in order else len(order), theme or "")


def findings_detail(model, analysis):
    """Each finding in full, grouped by theme: what, where, why, law, how bad, what to do."""
    from .findings import SCALE

    nums = finding_numbers(analysis)
    groups: dict[str, list] = {}
    for f in ordered_findings(analysis):
        groups.setdefault(f.category, []).append(f)
    parts = []
    for theme in sorted(groups, key=_theme_rank):
        parts.append(f"<h3>{_esc(_theme_name(theme))}</h3>")
        for f in groups[theme]:
            n = nums[f.key]
            where = "<br>".join(f"{_esc(element_name(model, e))} <span class=\"pia-meta\">({_esc(_kind_label(model, e))}, id {_esc(e)})</span>" for e in f.elements)
            if getattr(f, "anchor", ""):
                where += ("<br>" if where else "") + f'<span class="pia-meta">model: {_esc(f.anchor)}</span>'
            rows = [
                ("What", _esc(f.description)),
                ("Where", where or "—"),
                ("Law", _esc("; ".join(f.refs)) or "—"),
                ("Severity", _esc(f"{f.severity} – {SCALE[f.severity]}")),
                ("Likelihood", _esc(f"{f.likelihood} – {SCALE[f.likelihood]}")),
                ("Risk", f"{badge(f.risk)} before measures → {badge(f.residual_risk)} after measures in place"),
            ]
            if f.missing:
                rows.append(("Information missing", '<span class="pia-unknown">' + _esc("; ".join(f.missing)) + "</span>"))
            if f.controls:
                rows.append(("Measures counted", _esc(_names(model, f.controls))))
            pending = getattr(f, "controls_pending", None)
            if pending:
                rows.append(("Measures not counted", _esc(_names(model, pending)) + ' <span class="pia-meta">(planned, status unknown, or covering only part)</span>'))
            if f.evidence:
                label = f"{model.sources[0].title}, section{'s' if len(f.evidence) > 1 else ''}: " if len(model.sources) == 1 else ""
                rows.append(("Source", _esc(label + "; ".join(f.evidence))))
            rows.append(("What to do", _esc(f.recommendation)))
            if f.status == "accepted":
                rows.append(("Accepted", _esc(f"by {f.accepted_by or 'unknown'}: {f.accepted_reason or 'no reason given'}")))
            dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
            parts.append(f'<div class="pia-finding risk-{f.residual_risk}"><h4 id="{n.lower()}">{n} · {_esc(f.title)} '
                         f'{badge(f.residual_risk)}</h4><div class="pia-meta">{_esc(STATUS_NAMES.get(f.status, f.status))}'
                         f'{" · LINDDUN: " + _esc(f.linddun) if f.linddun else ""} · rule {_esc(f.rule)}</div><dl>{dl}</dl></div>')
    return html("\n".join(parts) or "<p><em>No findings.</em></p>")


def _kind_label(model, element_id: str) -> str:
    if element_id not in model.index:
        return "model"
    return {"party": "organisation", "subject": "people", "system": "system", "activity": "activity",
            "flow": "data flow", "control": "measure", "source": "source"}.get(model.kind_of(element_id), "element")


def expected_after(finding) -> tuple[int, int] | None:
    """(severity, likelihood) once every measure the rule counts as mitigating is in place and
    covers the finding; None when the rule names no such measure (the finding goes away only when
    the processing or the model changes, e.g. a legal basis is chosen and recorded)."""
    from .rules import get

    try:
        mitigations = get(finding.rule).mitigations
    except KeyError:
        return None
    if not mitigations:
        return None
    ds = sum(d for d, _ in mitigations.values())
    dl = sum(d for _, d in mitigations.values())
    return max(1, finding.severity - ds), max(1, finding.likelihood - dl)


def action_plan(model, analysis):
    """What to do for each finding not accepted, the measures the model already records (in
    place, planned or of unknown status), and the expected effect on the risk."""
    from .findings import risk_level

    nums = finding_numbers(analysis)
    status_of = {c.id: c.status for c in model.controls}
    rows = []
    for f in ordered_findings(analysis):
        if f.status == "accepted":
            continue
        after = expected_after(f)
        measures = [f"{_esc(element_name(model, c))} ({CONTROL_STATUS_NAMES.get(status_of.get(c, ''), 'in place').lower()})"
                    for c in [*f.controls, *(getattr(f, "controls_pending", None) or [])]]
        rows.append({
            "No.": f'<a href="#{nums[f.key].lower()}">{nums[f.key]}</a>',
            "Risk": _esc(f.title) + f'<div class="pia-meta">{_names_list(model, f.elements, 2)}</div>',
            "Action": _esc(f.recommendation),
            "Measures recorded": "<br>".join(measures) if measures else _unknown("none"),
            "Risk now": badge(f.residual_risk),
            "Expected after the action": badge(risk_level(*after)) if after else "Resolved once done",
        })
    return table(rows, raw=tuple(rows[0]) if rows else (), empty="No open findings.")


def controls_table(model):
    """The measures recorded in the model: what, status, what they cover."""
    rows = [{"Measure": _esc(c.name), "Kind": _esc(c.kind.replace("_", " ").replace("art28", "Art. 28").capitalize()),
             "Status": (_esc(CONTROL_STATUS_NAMES.get(c.status, c.status)) if c.status == "in_place"
                        else _unknown(CONTROL_STATUS_NAMES.get(c.status, c.status))),
             "Covers": _names_list(model, c.covers)} for c in model.controls]
    return table(rows, raw=tuple(rows[0]) if rows else (), empty="The model records no measures.")


def sign_off(model):
    """DPO advice, consultation and sign-off, each field "not yet done" when the model is silent."""
    a = model.assessment
    dpo = a.dpo
    if dpo is None or dpo == "unknown":
        dpo_text = None
    else:
        dpo_text = ", ".join(x for x in (getattr(dpo, "name", None), getattr(dpo, "contact", None)) if _known(x)) or None
    adv, con, so = a.dpo_advice, a.consultation, a.sign_off
    accepted = {True: "Yes", False: "No"}.get(adv.accepted, None) if adv.accepted != "unknown" else None
    blocks = [
        md("### Data protection officer's advice"),
        keyvalue([("Data protection officer", dpo_text), ("Advice", adv.advice), ("Given by", adv.by),
                  ("Date", adv.date), ("Advice followed?", accepted), ("If not, why", adv.reason)]),
        md("### Consultation of the people concerned and of processors"),
        keyvalue([("Summary of views", con.summary), ("Consulted by", con.by), ("Date", con.date),
                  ("Reviewed by", con.reviewed_by)]),
        md("### Sign-off"),
        keyvalue([("Measures approved by", so.measures_approved_by),
                  ("Residual risks approved by", so.residual_risks_approved_by), ("Date", so.date),
                  ("Kept under review by", so.kept_under_review_by), ("Next review", so.next_review)]),
    ]
    return blocks


def appendix(model, report_date: Any, catalogue_version: str | None = None):
    """Fingerprint of the model, versions and date: what a reviewer needs to reproduce the report."""
    from pathlib import PurePath

    from . import __version__

    a = model.assessment
    return keyvalue([
        ("Assessment", f"{a.title} (id {a.id}, version {a.version})"),
        ("Assessor", a.assessor or None),
        ("Model file", PurePath(model.path).name if model.path else None),
        ("Model fingerprint (SHA-256)", f"<code>{_esc(model.fingerprint)}</code>"),
        ("Privacy notice text checked", _notice_texts_cell(model)),
        ("pia toolkit version", __version__),
        ("Rule catalogue version", catalogue_version or "not versioned"),
        ("Date of this report", str(report_date)),
    ], raw=("Model fingerprint (SHA-256)", "Privacy notice text checked"))


def _notice_texts_cell(model) -> str:
    """The notice texts the findings were checked against, with their SHA-256 (or why not)."""
    from .analysis import notice_stamp

    texts = notice_stamp(model)
    if not texts:
        return _unknown("none: the model does not point to the text of the privacy notice")
    return "<br>".join(
        f"{_esc(t['file'])} (source {_esc(t['source'])}): " + (
            f"SHA-256 <code>{_esc(t['sha256'])}</code>" if t["sha256"] else _unknown("not found or unreadable: not checked"))
        for t in texts)


SCALES_TEXT = """\
Severity and likelihood follow the CNIL's four-level scales: **1 Negligible**, **2 Limited**,
**3 Significant**, **4 Maximum**. Their product gives the level of a risk: 1–3 **low**, 4–6
**medium**, 8–9 **high**, 12–16 **critical**. "Before measures" is the risk as the processing is
described; "after measures" counts only the measures the model records as in place and covering
the elements concerned. Where the model or the notice is silent, the finding assumes the risky case
and says which information is missing."""


# --- the whole assessment -------------------------------------------------------------------------

#: Files ``pia assess`` writes (disclosure-map.html only when notebooks/disclosure_map.ipynb exists).
ASSESS_FILES = ("pia.html", "pia.ipynb", "findings.json", "ropa.csv", "disclosures.csv", "disclosure-map.html")


def default_output(model) -> Path:
    """reports/<assessment id>/ (relative to the current folder)."""
    return Path("reports") / model.assessment.id


def assess(
    model_path: str | os.PathLike,
    out_dir: str | os.PathLike | None = None,
    *,
    report_date: str | None = None,
    kernel_manager: "KernelManager | None" = None,
    timeout: int | None = 600,
    validated: bool = False,
) -> tuple[Path, dict]:
    """Write the assessment of a model into ``out_dir`` (default ``reports/<assessment id>/``).

    Validates the model first (:class:`~pia.errors.ModelError` as from ``pia validate``), then runs
    notebooks/pia_report.ipynb (which writes findings.json, ropa.csv, disclosures.csv) and
    notebooks/disclosure_map.ipynb (both in one kernel, its own or ``kernel_manager``), and
    exports pia.html and disclosure-map.html.
    Everything is written into a temporary folder next to ``out_dir`` and swapped in only when
    complete. Returns (out_dir, the content of findings.json). ``validated``: the caller has just
    loaded the model (``pia batch`` plans every model first); with ``out_dir`` given it is not loaded
    again here (the notebook loads it in the kernel all the same).
    """
    import json

    from .text import shown_path

    map_nb = notebook_path("disclosure_map")
    own = kernel_manager is None
    # Boot the kernel while this process validates the model. One kernel runs both notebooks
    # (the map reuses the PIA's figures and imports); PIA_ASSESS_KERNELS=2 runs the map in a
    # second kernel alongside the PIA instead (faster only on an idle machine with cores to spare).
    two = own and map_nb.exists() and os.environ.get("PIA_ASSESS_KERNELS", "1") == "2"
    kms = [start_kernel(), *([start_kernel()] if two else [])] if own else [kernel_manager]
    try:
        if validated and out_dir is not None:
            dest = Path(out_dir)
        else:
            from .model import load  # not imported by a batch worker: the models were loaded when planned

            model = load(model_path)
            dest = Path(out_dir) if out_dir is not None else default_output(model)
        date = str(report_date) if report_date else None
        path = os.path.abspath(model_path)
        with staged(dest) as tmp:
            params = {"model": path, "report_date": date, "output_dir": str(tmp.resolve()),
                      "map_link": "disclosure-map.html" if map_nb.exists() else ""}

            def pia_report(nb=None) -> None:
                if nb is None:
                    nb = execute(notebook_path("pia_report"), params, kernel_manager=kms[0], timeout=timeout, name="PIA report")
                (tmp / "pia.html").write_text(_html_step(nb, None, "PIA report"), encoding="utf-8")
                _write_nb(nb, tmp / "pia.ipynb", {str(tmp.resolve()): shown_path(dest), path: shown_path(model_path)})

            def disclosure_map() -> None:
                nb = execute(map_nb, {"model": path, "focus": None}, kernel_manager=kms[-1], timeout=timeout,
                             name="disclosure map")
                (tmp / "disclosure-map.html").write_text(_html_step(nb, None, "disclosure map"), encoding="utf-8")

            if not map_nb.exists():
                pia_report()
            elif len(kms) == 1:
                from concurrent.futures import ThreadPoolExecutor

                nb = execute(notebook_path("pia_report"), params, kernel_manager=kms[0], timeout=timeout, name="PIA report")
                # the kernel runs the map while this process exports the PIA; both exports stay
                # in this thread (nbconvert's exporter is shared)
                with ThreadPoolExecutor(1) as pool:  # on failure, waits for the other, then raises
                    side = pool.submit(execute, map_nb, {"model": path, "focus": None}, kernel_manager=kms[0],
                                       timeout=timeout, name="disclosure map")
                    pia_report(nb)
                    map_done = side.result()
                (tmp / "disclosure-map.html").write_text(_html_step(map_done, None, "disclosure map"), encoding="utf-8")
            else:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(1) as pool:  # on failure, waits for the other, then raises
                    side = pool.submit(disclosure_map)
                    pia_report()
                    side.result()
            data = json.loads((tmp / "findings.json").read_text(encoding="utf-8"))
    finally:
        if own:
            for km in kms:
                stop_kernel(km)
    return dest, data


def _write_nb(nb, path: Path, replace: Mapping[str, str] | None = None) -> None:
    """The executed notebook, without papermill's run timestamps (so two runs compare equal);
    ``replace`` maps texts of the injected parameters to what they stand for (the staging folder
    to the final one). Changes ``nb`` in place (its HTML is exported before): no copy of every
    output. Written without nbformat's schema validation: the notebook comes from our own runner,
    and the tests validate what it writes."""
    import json

    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            for old, new in (replace or {}).items():
                cell.source = cell.source.replace(repr(old), repr(new)).replace(f'"{old}"', f'"{new}"')
    params = nb.metadata.get("papermill", {}).get("parameters", {})
    for key, value in list(params.items()):
        if isinstance(value, str) and value in (replace or {}):
            params[key] = replace[value]
    nb.metadata.get("papermill", {}).pop("start_time", None)
    nb.metadata.get("papermill", {}).pop("end_time", None)
    nb.metadata.get("papermill", {}).pop("duration", None)
    for i, cell in enumerate(nb.cells):
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        meta = cell.metadata.get("papermill")
        if meta:
            for key in ("start_time", "end_time", "duration"):
                meta.pop(key, None)
        cell.metadata.pop("execution", None)
    # what nbformat.write writes (v4.writes), without validating and without its deep copy of
    # every output: ``nb`` is not used after this
    from nbformat.v4.nbjson import BytesEncoder
    from nbformat.v4.rwbase import split_lines, strip_transient

    text = json.dumps(strip_transient(split_lines(nb)), cls=BytesEncoder, indent=1, sort_keys=True,
                      separators=(",", ": "), ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")
