"""Batch generation: every model found under some paths, rendered into ``DIR/<assessment id>/``.

The runner is a recipe of small steps::

    discover()    find the models: YAML files holding an ``assessment`` section, and folders whose
                  files together make one model
    plan()        load each model (invalid ones are reported, not rendered), give each its output
                  folder, skip those whose report is up to date (same fingerprint, same toolkit)
    run()         render the others on an executor (processes on this machine, or a Dask cluster);
                  each worker keeps a warm kernel (:class:`WarmKernel`), so a report costs its own
                  work and not a new interpreter, a new kernel and fresh imports
    install()     move each finished report into place whole (staged folder, then a rename):
                  a half-written report never appears and a failed one never replaces a good one
    index         DIR/index.html (for reviewers, ordered by risk) and DIR/batch-summary.json

Workers only compute: a job takes a model path and returns the report's files as bytes. The process
that runs the batch is the only one writing into DIR, so interrupting it (SIGINT, SIGTERM) between
two reports loses nothing but the reports not finished yet.

>>> from pia.batch import order_key
>>> order_key({"open": {"critical": 0, "high": 2, "medium": 1, "low": 0}, "title": "B"}) < \\
...     order_key({"open": {"critical": 0, "high": 1, "medium": 9, "low": 9}, "title": "A"})
True
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .errors import ModelError, PipelineError, Problem
from .text import shown_path

if TYPE_CHECKING:  # pragma: no cover
    from jupyter_client import KernelManager

__all__ = ["discover", "plan", "run", "Item", "Job", "JobResult", "BatchResult", "WarmKernel", "render_job",
           "local_executor", "dask_executor", "write_index", "order_key", "REPORT_FILES", "SUMMARY", "INDEX"]

#: Files a complete report folder holds (written by the report pipeline, as ``pia assess`` does).
REPORT_FILES = ("pia.html", "findings.json")
SUMMARY = "batch-summary.json"
INDEX = "index.html"
#: Restart a worker's kernel after this many reports (and after any failure). A kernel's memory stays
#: flat after its first report (measured: 143 MB after the first Cloud-Connectors-sized report, 155 MB
#: after the 31st, about 0.1 MB per report), so restarts guard against the unforeseen and need not be
#: frequent: each costs a new kernel process and its imports, about 2 s of CPU.
RESTART_EVERY = 200

_SECTIONS = ("assessment", "sources", "taxonomy", "parties", "subjects", "systems", "activities", "flows",
             "controls", "notice", "accepted")
_TOP = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".ipynb_checkpoints"}


# --- discovery ---------------------------------------------------------------------------------

def _sections(path: Path) -> set[str]:
    """Top-level keys of a YAML file that name model sections (a cheap look, not a parse)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4 * 1024 * 1024)
    except OSError:
        return set()
    text = head.decode("utf-8", errors="replace")
    return {k for k in _TOP.findall(text) if k in _SECTIONS}


def discover(paths: Iterable[str], *, exclude: Iterable[str | os.PathLike] = ()) -> tuple[list[str], list[Problem]]:
    """The models under ``paths``, sorted, each once; and a problem for each path that does not exist.

    A file given by name is a model whatever it holds (so a broken one is reported). Inside folders,
    a YAML file holding an ``assessment`` section is a model; a folder whose YAML files include
    section files without an ``assessment`` (parties, flows, ...) is one model made of all its files
    (see :func:`pia.load`). Hidden folders, virtual environments and ``exclude`` are not searched.
    """
    skip = {Path(p).resolve() for p in exclude}
    found: dict[Path, str] = {}
    problems: list[Problem] = []

    def add(p: Path, shown: str) -> None:
        found.setdefault(p.resolve(), shown)

    def walk(d: Path, shown: str) -> None:
        if d.resolve() in skip:
            return
        try:
            entries = sorted(d.iterdir())
        except OSError as exc:
            problems.append(Problem(shown, message=f"cannot read the folder ({exc.strerror})"))
            return
        yamls = [e for e in entries if e.is_file() and e.suffix in (".yaml", ".yml")]
        kinds = {e: _sections(e) for e in yamls}
        if _is_folder_model(d, kinds):
            add(d, shown)
            return
        for e in yamls:
            if "assessment" in kinds[e]:
                add(e, os.path.join(shown, e.name))
        for e in entries:
            if e.is_dir() and not e.name.startswith(".") and e.name not in _SKIP_DIRS:
                walk(e, os.path.join(shown, e.name))

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            walk(p, str(raw))
        elif p.is_file():
            add(p, str(raw))
        else:
            problems.append(Problem(str(raw), message="no such file or folder",
                                    accepted="model files (.yaml, .yml) or folders holding models"))
    return sorted(found.values()), problems


def _is_folder_model(d: Path, direct: dict[Path, set[str]]) -> bool:
    """True when ``d`` holds one file with an ``assessment`` and section files without one, next to
    it or in subfolders that hold no assessment of their own."""
    if sum(1 for s in direct.values() if "assessment" in s) != 1:
        return False
    if any(s and "assessment" not in s for s in direct.values()):
        return True
    for sub in sorted(d.iterdir()):
        if not sub.is_dir() or sub.name.startswith(".") or sub.name in _SKIP_DIRS:
            continue
        kinds = [_sections(f) for f in sub.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()]
        if any(kinds) and not any("assessment" in k for k in kinds):
            return True
    return False


# --- planning ----------------------------------------------------------------------------------

@dataclass
class Item:
    """One model of the batch and what became of it.

    ``status``: ``rendered``, ``skipped`` (report up to date), ``invalid`` (the model has problems),
    ``failed`` (a step of the report failed), ``pending`` / ``interrupted`` (not rendered).
    """

    path: str
    id: str | None = None
    title: str = ""
    fingerprint: str = ""
    status: str = "pending"
    error: str = ""
    problems: list[str] = field(default_factory=list)
    seconds: float | None = None
    date: str | None = None
    previous: bool = False  # an earlier good report of this assessment is in DIR
    worker: str = ""  # host:process/thread that rendered it

    def as_dict(self) -> dict:
        return dict(dataclasses.asdict(self), path=shown_path(self.path))


@dataclass(frozen=True)
class Job:
    """What a worker needs to render one model (picklable; no open files, no model object)."""

    path: str
    id: str
    cwd: str
    date: str | None = None


@dataclass
class JobResult:
    """A worker's answer: the report's files (relative name -> bytes) or what went wrong."""

    path: str
    id: str
    ok: bool
    files: dict[str, bytes] = field(default_factory=dict)
    error: str = ""
    step: str = ""
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""


def plan(paths: Iterable[str], out_dir: str | os.PathLike, *, force: bool = False,
         ready: Callable[[Item, int], None] | None = None) -> list[Item]:
    """Discover and load the models; mark invalid ones, duplicates and up-to-date reports.

    ``ready(item, found)`` is called as soon as an item is known to need rendering (``found``: how
    many models were discovered), so that :func:`run` starts rendering while the rest is planned.
    """
    from . import __version__
    from .analysis import notice_stamp
    from .model import load

    out = Path(out_dir)
    found, missing = discover(paths, exclude=[out])
    items = [Item(p.file, status="invalid", error=p.message, problems=[str(p)]) for p in missing]
    earlier = {i.get("path"): i for i in (_read_json(out / SUMMARY) or {}).get("items", []) if i.get("id")}
    owners: dict[str, str] = {}
    broken: list[Item] = []
    for path in found:
        item = Item(path)
        items.append(item)
        try:
            model = load(path)
        except ModelError as exc:
            item.status = "invalid"
            n = len(exc.problems)
            item.error = f"the model has {n} problem{'s' if n != 1 else ''}"
            item.problems = [str(p) for p in exc.problems]
            broken.append(item)
            continue
        item.id, item.title, item.fingerprint = model.assessment.id, model.assessment.title, model.fingerprint
        if item.id in owners:
            item.status = "invalid"
            item.error = f"assessment id '{item.id}' is also used by {owners[item.id]}; each assessment needs its own id"
            item.problems = [f"{path}: assessment.id: id '{item.id}' is already used by {owners[item.id]} (accepted: an id unique in the batch)"]
            item.id = None
            continue
        if item.id in (INDEX, SUMMARY):
            item.status, item.error = "invalid", f"assessment id '{item.id}' is the name of a file the batch writes"
            item.problems = [f"{path}: assessment.id: id '{item.id}' is reserved (accepted: any other id)"]
            item.id = None
            continue
        owners[item.id] = path
        stamp = _read_json(out / item.id / "findings.json")
        item.previous = stamp is not None and all((out / item.id / f).is_file() for f in REPORT_FILES)
        if (not force and item.previous and stamp.get("fingerprint") == item.fingerprint
                and stamp.get("toolkit_version") == __version__ and stamp.get("rules_version", _rules_version()) == _rules_version()
                and stamp.get("notice_texts", []) == notice_stamp(model)):
            item.status = "skipped"
        elif ready is not None:
            ready(item, len(found))
    for item in broken:  # an earlier report of this model stays listed, marked outdated
        prev = earlier.get(shown_path(item.path))
        if prev and prev["id"] not in owners and all((out / prev["id"] / f).is_file() for f in REPORT_FILES):
            owners[prev["id"]] = item.path
            item.id, item.title, item.date, item.previous = prev["id"], prev.get("title", ""), prev.get("date"), True
    return items


def _rules_version() -> str | None:
    try:
        from .rules import CATALOGUE_VERSION
    except ImportError:  # pragma: no cover - the rule catalogue is part of pia
        return None
    return CATALOGUE_VERSION


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# --- warm kernels (worker side) ------------------------------------------------------------------

_RESET = """\
def _pia_reset(ip=get_ipython()):
    ns, hidden = ip.user_ns, ip.user_ns_hidden
    for name in [n for n in ns if n not in hidden and not n.startswith('__')]:
        del ns[name]
    ns.get('_oh', {}).clear()
    del ns.get('_ih', [''])[1:]
    ns['_'] = ns['__'] = ns['___'] = ''
    import sys
    if 'matplotlib.pyplot' in sys.modules:
        sys.modules['matplotlib.pyplot'].close('all')
        sys.modules['matplotlib'].rcdefaults()
    ip.execution_count = 1
    import builtins, gc
    if not getattr(builtins, '_pia_gc_frozen', False):  # once: long-lived modules out of the collector's way
        gc.collect()
        gc.freeze()
        builtins._pia_gc_frozen = True
_pia_reset()
"""


class WarmKernel:
    """One python3 kernel kept running across notebooks, with IPC transport (no TCP ports to
    collide with kernels started side by side).

    :meth:`acquire` gives a started kernel with an empty namespace (modules stay imported: that is
    the point); :meth:`release` counts the notebook and restarts the kernel after ``restart_every``
    notebooks or after a failure.
    """

    def __init__(self, restart_every: int = RESTART_EVERY) -> None:
        self.restart_every = max(1, int(restart_every))
        self.km: "KernelManager | None" = None
        self.used = 0
        self.starts = 0
        self._dir: str | None = None

    def acquire(self) -> "KernelManager":
        if self.km is not None and not self._alive():
            self.shutdown()
        if self.km is None:
            self._start()
        elif self.used:
            self._reset()
        return self.km

    def release(self, ok: bool) -> None:
        self.used += 1
        if not ok or self.used >= self.restart_every:
            self.shutdown()

    def _alive(self) -> bool:
        try:
            return bool(self.km.is_alive())
        except Exception:
            return False

    def _start(self) -> None:
        import subprocess

        from .report import KERNEL_ARGUMENTS, kernel_env, new_kernel_manager

        _clean_kernel_dirs()
        self._dir = tempfile.mkdtemp(prefix=f"pia-k-{os.getpid()}-")
        km = new_kernel_manager()
        km.transport = "ipc"
        km.connection_file = os.path.join(self._dir, "kernel.json")
        km.ip = os.path.join(self._dir, "ipc")
        try:
            km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=kernel_env(),
                            extra_arguments=KERNEL_ARGUMENTS)
        except Exception as exc:
            shutil.rmtree(self._dir, ignore_errors=True)
            raise PipelineError("starting the notebook kernel", str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
        self.km, self.used = km, 0
        self.starts += 1

    def _reset(self) -> None:
        """Empty the namespace with a silent request (no output, no execution count) on the client
        the report pipeline keeps with the kernel; restart the kernel if that fails."""
        from .report import run_silent

        try:
            if not run_silent(self.km, _RESET, timeout=60):
                raise RuntimeError("the kernel could not be reset")
        except Exception:
            self.shutdown()
            self._start()

    def shutdown(self) -> None:
        if self.km is not None:
            from .report import close_session, kill_now

            close_session(self.km)
            kill_now(self.km)
            with contextlib.suppress(Exception):
                self.km.shutdown_kernel(now=True)
            with contextlib.suppress(Exception):
                self.km.cleanup_resources()
        self.km, self.used = None, 0
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def _clean_kernel_dirs() -> None:
    """Remove the IPC folders of kernels whose worker process no longer exists (killed outright),
    and stop such a kernel if it is still running: one whose worker was killed while it was
    starting has no parent watch yet and would otherwise run on forever."""
    for d in Path(tempfile.gettempdir()).glob("pia-k-*-*"):
        try:
            pid = int(d.name.split("-")[2])
            os.kill(pid, 0)
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            _kill_kernels_using(d / "kernel.json")
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:
            continue


def _kill_kernels_using(connection_file: Path) -> None:
    """SIGKILL the processes (of this user) started with ``connection_file`` on their command line."""
    needle = os.fsencode(str(connection_file))
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (proc / "cmdline").read_bytes().split(b"\0"):
                os.kill(int(proc.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


_local = threading.local()
_render_lock = threading.Lock()
_all_kernels: list[WarmKernel] = []
_all_lock = threading.Lock()
_restart_every = RESTART_EVERY


def _kernel() -> WarmKernel:
    """This thread's warm kernel (a process pool worker has one thread; a Dask worker may have several)."""
    wk = getattr(_local, "kernel", None)
    if wk is None:
        wk = _local.kernel = WarmKernel(_restart_every)
        with _all_lock:
            if not _all_kernels:
                import atexit

                atexit.register(shutdown_kernels)
            _all_kernels.append(wk)
    return wk


def shutdown_kernels() -> None:
    """Shut down every warm kernel of this process."""
    with _all_lock:
        kernels = list(_all_kernels)
    for wk in kernels:
        wk.shutdown()


def _worker_init(restart_every: int) -> None:
    """Set-up of a local worker process: the batch's own process handles Ctrl-C; SIGTERM shuts the
    kernels down before leaving."""
    global _restart_every
    _restart_every = restart_every
    os.environ.setdefault("MPLBACKEND", "Agg")
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def term(signum, frame):  # pragma: no cover - runs in a worker being stopped
        shutdown_kernels()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, term)
    from multiprocessing import util

    util.Finalize(None, shutdown_kernels, exitpriority=100)


def render_job(job: Job) -> JobResult:
    """Render one model in this worker's warm kernel; return the report's files, or the failure."""
    start = time.perf_counter()
    wk = _kernel()
    import socket

    result = JobResult(job.path, job.id, ok=False, worker=f"{socket.gethostname()}:{os.getpid()}/{threading.get_ident()}")
    path = job.path if os.path.isabs(job.path) or os.getcwd() == job.cwd else os.path.join(job.cwd, job.path)
    with tempfile.TemporaryDirectory(prefix="pia-batch-") as tmp:
        ok = False
        try:
            folder = Path(tmp) / job.id  # named as its final folder: the executed notebook names it
            # jupyter_client's synchronous calls and nbconvert's exporter are not safe across the
            # threads of one process (a Dask worker with several threads): one report at a time
            # per process; run one worker process per core instead
            with _render_lock:
                km = wk.acquire()
                _render(path, job, folder, km)
            result.files = {p.relative_to(folder).as_posix(): p.read_bytes()
                            for p in sorted(folder.rglob("*")) if p.is_file()}
            missing = [f for f in REPORT_FILES if f not in result.files]
            if missing:
                raise PipelineError("writing the report", "missing " + ", ".join(missing))
            result.ok = ok = True
        except ModelError as exc:
            result.error, result.step = "the model has problems", "reading the model"
            result.problems = [str(p) for p in exc.problems]
        except PipelineError as exc:
            result.error, result.step = str(exc), exc.step
        except Exception as exc:
            result.error, result.step = f"internal error ({type(exc).__name__}: {exc})", "rendering"
        finally:
            with _render_lock:
                wk.release(ok)
    result.seconds = time.perf_counter() - start
    return result


def _render(path: str, job: Job, out: Path, km: "KernelManager") -> None:
    """The report pipeline of ``pia assess``, in an existing kernel."""
    from . import report

    report.assess(path, out, kernel_manager=km, report_date=job.date, validated=True)  # planned: loaded already


# --- executors ---------------------------------------------------------------------------------

def local_executor(jobs: int, restart_every: int = RESTART_EVERY) -> cf.ProcessPoolExecutor:
    """Worker processes on this machine, each with its own warm kernel."""
    import multiprocessing

    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                  initializer=_worker_init, initargs=(restart_every,))


def dask_executor(scheduler: str):
    """A concurrent.futures executor on an existing Dask distributed cluster (``tcp://host:8786``),
    and the client to close afterwards. Workers need pia installed and the models' paths."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - distributed is pinned in the lock file
        raise PipelineError("connecting to the Dask cluster", "the 'distributed' package is not installed") from None
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)
    except Exception as exc:
        raise PipelineError(f"connecting to the Dask scheduler at {scheduler}", str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    return client.get_executor(pure=False), client


# --- running -----------------------------------------------------------------------------------

@dataclass
class BatchResult:
    """What a batch did: every item, whether it was interrupted (by which signal), where it wrote."""

    items: list[Item]
    out_dir: Path
    interrupted: int | None = None
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def failed(self) -> list[Item]:
        return [i for i in self.items if i.status in ("invalid", "failed")]

    @property
    def exit_code(self) -> int:
        """0 all rendered or up to date; 2 some models invalid; 3 some reports failed; 128+signal."""
        if self.interrupted:
            return 128 + self.interrupted
        if any(i.status == "failed" for i in self.items):
            return 3
        if any(i.status == "invalid" for i in self.items):
            return 2
        return 0

    def summary(self) -> dict:
        from . import __version__

        return {
            "toolkit_version": __version__,
            "output": shown_path(self.out_dir),
            "interrupted": bool(self.interrupted),
            "counts": {s: self.count(s) for s in ("rendered", "skipped", "invalid", "failed", "interrupted")},
            "total": len(self.items),
            "items": [i.as_dict() for i in self.items],
        }


class _Stop:
    """Turns SIGINT/SIGTERM into a flag the run loop checks (in the main thread only)."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> "_Stop":
        if threading.current_thread() is threading.main_thread():
            for s in (signal.SIGINT, signal.SIGTERM):
                self._old[s] = signal.signal(s, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.signum is not None and signum == signal.SIGINT:
            raise KeyboardInterrupt  # a second Ctrl-C: stop now
        self.signum = signum

    def __exit__(self, *exc) -> None:
        for s, h in self._old.items():
            signal.signal(s, h)


def run(paths: Iterable[str], out_dir: str | os.PathLike, *, jobs: int | None = None, force: bool = False,
        executor: cf.Executor | None = None, in_flight: int | None = None, restart_every: int = RESTART_EVERY,
        date: str | None = None, progress: Callable[["BatchResult", list[Item]], None] | None = None) -> BatchResult:
    """Render every model found under ``paths`` into ``out_dir``; see the module docstring.

    ``executor`` is any concurrent.futures-style executor whose workers can import pia (default: a
    pool of ``jobs`` local processes, ``os.cpu_count()`` by default). At most ``in_flight`` jobs are
    submitted at a time (default: twice the workers). ``progress(result, running)`` is called as
    items start and finish. ``date`` is the report date (default: today).
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _clean_stale(out)
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    own = executor is None
    workers = jobs  # a local pool: no more workers than models found (set when the first is ready)
    report_date = date or dt.date.today().isoformat()
    cwd = os.getcwd()
    running: dict[cf.Future, Item] = {}
    retried: dict[str, int] = {}
    queue: list[Item] = []
    result = BatchResult([], out)

    def submit() -> None:
        """Hand queued items to the executor, at most ``in_flight`` at a time (default: twice the workers)."""
        nonlocal executor
        limit = max(1, in_flight or 2 * workers)
        while queue and len(running) < limit:
            item = queue.pop(0)
            job = Job(item.path, item.id, cwd, report_date)
            if executor is None:  # the first model to render: the workers and their kernels start now,
                executor = local_executor(workers, restart_every)  # while the others are planned
            try:
                fut = executor.submit(render_job, job)
            except cf.BrokenExecutor:
                if not own:
                    raise
                # a worker process died (killed, out of memory): its report is marked failed
                # when its future is collected; the others go on in a fresh pool
                _stop_executor(executor, True)
                executor = local_executor(workers, restart_every)
                fut = executor.submit(render_job, job)
            running[fut] = item

    def ready(item: Item, found: int) -> None:
        nonlocal workers
        if own and executor is None:
            workers = min(jobs, found)
        queue.append(item)
        if stopping is None or stopping.signum is None:  # after Ctrl-C, planning ends without rendering
            submit()

    stopping: _Stop | None = None
    try:
        with _Stop() as stop:
            stopping = stop
            result.items = plan(paths, out, force=force, ready=ready)
            for i in result.items:
                if i.status == "skipped":
                    i.date = _previous_date(out, i.id)
            if progress:
                progress(result, list(running.values()))
            while (queue or running) and stop.signum is None:
                submit()
                if progress:
                    progress(result, list(running.values()))
                done, _ = cf.wait(list(running), timeout=0.25, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    item = running.pop(fut)
                    if (own and not fut.cancelled() and isinstance(fut.exception(), cf.BrokenExecutor)
                            and retried.get(item.path, 0) < 1):
                        retried[item.path] = retried.get(item.path, 0) + 1  # its worker died: once more
                        queue.insert(0, item)
                        continue
                    _finish(item, fut, out, report_date)
                    if progress:
                        progress(result, list(running.values()))
            if stop.signum is not None:
                result.interrupted = stop.signum
    except KeyboardInterrupt:
        result.interrupted = signal.SIGINT
    finally:
        if result.interrupted:
            for fut in running:
                fut.cancel()
            for item in [*running.values(), *queue]:
                item.status, item.error = "interrupted", "the batch was interrupted before this report was finished"
        if own and executor is not None:
            _stop_executor(executor, bool(result.interrupted))
            _clean_kernel_dirs()
    result.seconds = time.perf_counter() - started
    write_index(result)
    return result


def _finish(item: Item, fut: cf.Future, out: Path, date: str) -> None:
    try:
        res: JobResult = fut.result()
    except Exception as exc:  # the worker itself died (killed, out of memory, ...)
        item.status, item.error = "failed", f"the worker rendering it stopped ({type(exc).__name__}: {exc})".replace(" ()", "")
        return
    item.seconds = round(res.seconds, 3)
    item.worker = res.worker
    if not res.ok:
        item.status = "invalid" if res.problems else "failed"
        item.error, item.problems = res.error, res.problems
        return
    try:
        install(out / item.id, res.files)
    except OSError as exc:
        item.status, item.error = "failed", f"writing the report failed: {exc.strerror or exc}"
        return
    item.status, item.date, item.previous = "rendered", date, True


def install(dest: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into a staged folder next to ``dest``, then swap it in. Signals wait until
    the swap is done, so ``dest`` is always either the old complete report or the new one."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        for name, data in files.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = dest.parent / f".{dest.name}.old-{os.getpid()}"
    with _signals_deferred():
        if dest.exists():
            os.replace(dest, old)
        os.replace(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    sigs = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _clean_stale(out: Path) -> None:
    """Remove staged folders left by a batch that was killed outright (SIGKILL, power loss); put
    back a report whose swap was cut between its two renames."""
    for p in out.glob(".*.old-*"):
        name = p.name[1:].rsplit(".old-", 1)[0]
        if not (out / name).exists():
            os.replace(p, out / name)
        else:
            shutil.rmtree(p, ignore_errors=True)
    for p in out.glob(".*.new-*"):
        shutil.rmtree(p, ignore_errors=True)
    for p in out.glob(f".{INDEX}.*.part"):
        p.unlink(missing_ok=True)
    for p in out.glob(f".{SUMMARY}.*.part"):
        p.unlink(missing_ok=True)


def _stop_executor(executor: cf.Executor, interrupted: bool) -> None:
    if not interrupted:
        executor.shutdown(wait=True)
        return
    procs = list(getattr(executor, "_processes", {}).values()) if isinstance(executor, cf.ProcessPoolExecutor) else []
    for p in procs:
        with contextlib.suppress(Exception):
            p.terminate()  # SIGTERM: the worker shuts its kernel down and leaves
    executor.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(timeout=10)


def _previous_date(out: Path, assessment_id: str) -> str | None:
    prev = _read_json(out / SUMMARY) or {}
    for it in prev.get("items", []):
        if it.get("id") == assessment_id and it.get("date"):
            return it["date"]
    try:
        return dt.date.fromtimestamp((out / assessment_id / "findings.json").stat().st_mtime).isoformat()
    except OSError:
        return None


# --- the index ---------------------------------------------------------------------------------

def _entry(out: Path, item: Item) -> dict | None:
    """What the index shows of an assessment, read from its report folder."""
    if not item.id:
        return None
    folder = out / item.id
    data = _read_json(folder / "findings.json")
    if data is None:
        return None
    from .findings import LEVELS

    findings = [f for f in data.get("findings", []) if isinstance(f, dict)]
    opened = [f for f in findings if f.get("status") == "open"]
    counts = {lvl: sum(1 for f in opened if f.get("residual_risk") == lvl) for lvl in reversed(LEVELS)}
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    top: dict[str, dict] = {}
    for f in sorted(opened, key=lambda f: (-rank.get(f.get("residual_risk"), -1), -rank.get(f.get("risk"), -1))):
        t = top.setdefault(f.get("title", ""), {"title": f.get("title", ""), "level": f.get("residual_risk", ""), "count": 0})
        t["count"] += 1
    screening = data.get("screening") or {}
    links = [(label, name) for label, name in (
        ("Assessment (PIA)", "pia.html"), ("Disclosure map", "disclosure-map.html"), ("Findings (JSON)", "findings.json"),
        ("Record of processing (CSV)", "ropa.csv"), ("Disclosures (CSV)", "disclosures.csv")) if (folder / name).is_file()]
    return {
        "id": item.id, "title": item.title, "path": shown_path(item.path), "status": item.status,
        "verdict": screening.get("verdict") or "not screened",
        "open": counts, "total_open": len(opened), "findings": len(findings),
        "top": list(top.values())[:3],
        "date": item.date, "fingerprint": data.get("fingerprint", ""),
        "stale": item.status in ("failed", "invalid", "interrupted") or data.get("fingerprint") != item.fingerprint,
        "links": links,
    }


def order_key(entry: dict) -> tuple:
    """Most open critical risks first, then high, medium, low; then by title."""
    o = entry["open"]
    return (-o.get("critical", 0), -o.get("high", 0), -o.get("medium", 0), -o.get("low", 0), entry["title"].lower())


def write_index(result: BatchResult) -> None:
    """Write DIR/index.html and DIR/batch-summary.json, each whole or not at all."""
    import jinja2

    from . import __version__
    from .diff import write_files_atomic

    out = result.out_dir
    entries = sorted((e for e in (_entry(out, i) for i in result.items) if e), key=order_key)
    problems = [i for i in result.items if i.status in ("invalid", "failed", "interrupted")]
    summary = result.summary()
    summary["index"] = [{k: e[k] for k in ("id", "title", "verdict", "open", "date", "fingerprint", "stale")} for e in entries]
    env = jinja2.Environment(loader=jinja2.PackageLoader("pia", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    page = env.get_template("index.html.j2").render(
        entries=entries, problems=problems, counts=summary["counts"], total=len(result.items),
        interrupted=bool(result.interrupted), version=__version__, levels=("critical", "high", "medium", "low"))
    write_files_atomic(out, {INDEX: page.encode("utf-8"),
                             SUMMARY: (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode("utf-8")})


# --- progress on a terminal --------------------------------------------------------------------

class Progress:
    """A one-line progress bar on a terminal (stderr): counts and the item being rendered."""

    def __init__(self, stream=None, width: int = 28) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._shown = False

    def __call__(self, result: BatchResult, running: list[Item]) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        total = len(result.items)
        done = sum(1 for i in result.items if i.status != "pending")
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        fill = int(self.width * done / total) if total else self.width
        bar = "#" * fill + "-" * (self.width - fill)
        bad = result.count("invalid") + result.count("failed")
        current = ", ".join(i.id or i.path for i in running[:2]) + (" ..." if len(running) > 2 else "")
        from .text import terminal_safe

        line = (f"[{bar}] {done}/{total}  rendered {result.count('rendered')}  skipped {result.count('skipped')}  "
                f"failed {bad}" + (f"  now: {current}" if current else ""))
        cols = shutil.get_terminal_size((100, 20)).columns
        self.stream.write("\r" + terminal_safe(line)[: cols - 1].ljust(cols - 1))
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
