"""How pia scales: time and memory from 1k to 100k flows, on synthetic models (``pia synth``).

    .venv/bin/python benchmarks/bench_scale.py                 # 1k, 10k, 100k flows; `pia assess` at 10k
    .venv/bin/python benchmarks/bench_scale.py --sizes 1000    # quick look

For each size it writes a synthetic model (seed 0, default number of systems), then measures, each
in a fresh Python process so that the figures do not depend on each other:

- the steps of the library, one after the other: load + validate (``pia.load``), graph build
  (``pia.graph.build``), all rules and the screening (``pia.analysis.analyse``), the disclosure
  register with transitive disclosure (``pia.disclosure.register``), with wall-clock and CPU
  time and the peak resident memory reached after each step;
- ``pia check MODEL`` from the command line: file to findings, wall time and peak memory;
- at 10k flows, ``pia assess MODEL`` (the full report), wall time and peak memory.

Besides: ``pia validate`` of the Cloud Connectors model, and which heavy modules ``import pia``
loads. Figures go to ``benchmarks/out/bench-scale.json`` and ``benchmarks/out/bench-scale.md``
with the machine they came from (CPU, cores, RAM, load average, Python and package versions);
the table is printed too. CPU time is given beside wall time because on a shared machine the
wall clock also counts the time other processes held the CPU.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PIA = [sys.executable, "-m", "pia.cli"]
#: Targets of issue 8 (seconds, bytes).
TARGETS = {"check_100k_s": 10.0, "check_100k_bytes": 2 * 1024**3, "assess_10k_s": 60.0, "validate_cc_s": 1.0}
PACKAGES = ("pia", "pydantic", "pydantic_core", "PyYAML", "networkx", "pandas", "matplotlib", "fideslang",
            "papermill", "nbconvert", "jinja2")


# --- measuring --------------------------------------------------------------------------------

def _worker(path: str) -> None:
    """Run in a child process: time each library step on the model at ``path``; print JSON."""
    steps: list[dict] = []
    started = time.perf_counter(), time.process_time()

    def step(name: str, fn):
        w, c = time.perf_counter(), time.process_time()
        value = fn()
        steps.append({"step": name, "wall_s": round(time.perf_counter() - w, 3),
                      "cpu_s": round(time.process_time() - c, 3), "peak_rss_bytes": _maxrss(resource.RUSAGE_SELF)})
        return value

    import pia  # noqa: F401  (import time counted apart)

    steps.append({"step": "import pia", "wall_s": round(time.perf_counter() - started[0], 3),
                  "cpu_s": round(time.process_time() - started[1], 3), "peak_rss_bytes": _maxrss(resource.RUSAGE_SELF)})
    from pia import graph
    from pia.model import load

    model = step("load + validate", lambda: load(path))
    step("graph build", lambda: graph.build(model))
    extra: dict = {"flows": len(model.flows), "systems": len(model.systems), "parties": len(model.parties)}
    try:
        from pia.analysis import analyse
    except ImportError:
        extra["analyse"] = "not available"
    else:
        result = step("rules + screening", lambda: analyse(model))
        extra["findings"] = len(result.findings)
    try:
        from pia.disclosure import register
    except ImportError:
        extra["register"] = "not available"
    else:
        rows = step("disclosure register", lambda: register(model))
        extra["register_rows"] = len(rows)
    print(json.dumps({"steps": steps, **extra}))


def _maxrss(who: int) -> int:
    """Peak resident memory in bytes (Linux reports kilobytes)."""
    return resource.getrusage(who).ru_maxrss * 1024


def _child(argv: list[str], timeout: float) -> dict:
    """Run ``argv``; wall time, CPU time and peak memory of that process alone (os.wait4)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, "MPLBACKEND": "Agg"})
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                return {"ok": False, "error": f"timed out after {timeout:.0f} s"}
            time.sleep(0.01)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return {"ok": proc.returncode in (0, 1), "exit": proc.returncode, "wall_s": round(wall, 3),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 3), "peak_rss_bytes": usage.ru_maxrss * 1024,
            "stdout": stdout, "stderr": stderr[-2000:]}


def _steps(model: Path, timeout: float) -> dict:
    run = _child([sys.executable, __file__, "--worker", str(model)], timeout)
    if not run.get("ok") or run.get("exit") != 0:
        return {"error": run.get("error") or run.get("stderr", "").strip().splitlines()[-1:]}
    data = json.loads(run["stdout"].strip().splitlines()[-1])
    data["process_peak_rss_bytes"] = run["peak_rss_bytes"]
    return data


def _import_cost() -> dict:
    code = ("import sys, time; t = time.perf_counter(); import pia; w = time.perf_counter() - t; "
            "heavy = lambda: sorted(m for m in ('pandas', 'matplotlib', 'networkx', 'pydantic', 'papermill', "
            "'nbconvert') if m in sys.modules); a = heavy(); m = pia.load('data/cloud_connectors.yaml'); "
            "pia.graph.build(m); import json; print(json.dumps({'import_s': round(w, 3), 'after_import': a, "
            "'after_load_and_graph': heavy()}))")
    run = _child([sys.executable, "-c", code], 120)
    if run.get("exit") != 0:
        return {"error": run.get("stderr") or run.get("error")}
    return json.loads(run["stdout"])


def _machine() -> dict:
    from importlib import metadata

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    import yaml

    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_bytes": ram, "os": platform.platform(),
        "python": platform.python_version(), "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "packages": versions, "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# --- reporting --------------------------------------------------------------------------------

def _mb(n: int | None) -> str:
    return "" if not n else f"{n / 1024**2:,.0f} MB"


def _s(x) -> str:
    return "" if x is None else f"{x:.2f} s"


def _markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"# pia at scale — {result['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_bytes'] / 1024**3:.1f} GB RAM, {m['os']}; "
        f"Python {m['python']} (libyaml: {'yes' if m['libyaml'] else 'no'}); load average "
        f"{' / '.join(map(str, m['load_average_at_start']))} at start, "
        f"{' / '.join(map(str, result.get('load_average_at_end', [])))} at end.",
        "",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".",
        "",
        f"Command: `{result['command']}`",
        "",
        "## Library steps (one fresh process per size; wall / CPU time, peak memory after the step)",
        "",
    ]
    sizes = [r for r in result["sizes"]]
    header = "| step | " + " | ".join(f"{r['flows']:,} flows" for r in sizes) + " |"
    lines += [header, "|---|" + "---|" * len(sizes)]
    names: list[str] = []
    for r in sizes:
        for s in r.get("steps", {}).get("steps", []):
            if s["step"] not in names:
                names.append(s["step"])
    for name in names:
        cells = []
        for r in sizes:
            found = [s for s in r.get("steps", {}).get("steps", []) if s["step"] == name]
            cells.append(f"{_s(found[0]['wall_s'])} / {_s(found[0]['cpu_s'])}, {_mb(found[0]['peak_rss_bytes'])}"
                         if found else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| model: systems / parties / findings / register rows | " + " | ".join(
        f"{r.get('steps', {}).get('systems', '')} / {r.get('steps', {}).get('parties', '')} / "
        f"{r.get('steps', {}).get('findings', '—')} / {r.get('steps', {}).get('register_rows', '—')}" for r in sizes) + " |")
    lines.append("| synthetic model file | " + " | ".join(
        f"{r['file_bytes'] / 1024**2:.1f} MB, written in {_s(r['synth_s'])}" for r in sizes) + " |")
    lines += ["", "## Commands (wall / CPU time, peak memory of the process)", "",
              "| command | flows | result | target |", "|---|---|---|---|"]
    for c in result["commands"]:
        if c.get("ok"):
            res = f"{_s(c['wall_s'])} / {_s(c['cpu_s'])}, {_mb(c['peak_rss_bytes'])} (exit {c['exit']})"
        else:
            res = "failed: " + str(c.get("error") or c.get("stderr", "")).strip()[-200:]
        lines.append(f"| `{c['command']}` | {c['flows']:,} | {res} | {c.get('target', '')} |")
    imp = result.get("import", {})
    if "error" not in imp:
        lines += ["", f"`import pia`: {_s(imp.get('import_s'))}; heavy modules loaded by it: "
                      f"{', '.join(imp.get('after_import', [])) or 'none'}; after `pia.load` + `pia.graph.build`: "
                      f"{', '.join(imp.get('after_load_and_graph', [])) or 'none'}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="flow counts, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--assess-at", type=int, default=10000, help="run `pia assess` at this size (0: never)")
    parser.add_argument("--out", default=str(OUT), help="folder for the JSON and Markdown (default: benchmarks/out)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per measured process")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker)
        return 0
    sys.path.insert(0, str(ROOT))
    from pia import synth

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    result: dict = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    "command": "python benchmarks/bench_scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "machine": _machine(), "seed": args.seed, "sizes": [], "commands": []}
    result["import"] = _import_cost()
    cc = _child([*PIA, "validate", "data/cloud_connectors.yaml"], args.timeout)
    result["commands"].append({"command": "pia validate data/cloud_connectors.yaml", "flows": 21,
                               "target": "< 1 s", **{k: v for k, v in cc.items() if k != "stdout"}})
    with tempfile.TemporaryDirectory(prefix="pia-bench-") as tmp:
        for n in sizes:
            path = Path(tmp) / f"synth-{n}.yaml"
            t = time.perf_counter()
            synth.write(path, n, seed=args.seed)
            entry = {"flows": n, "synth_s": round(time.perf_counter() - t, 3), "file_bytes": path.stat().st_size}
            print(f"{n:>7} flows: measuring the library steps ...", file=sys.stderr, flush=True)
            entry["steps"] = _steps(path, args.timeout)
            result["sizes"].append(entry)
            print(f"{n:>7} flows: pia check ...", file=sys.stderr, flush=True)
            run = _child([*PIA, "check", str(path)], args.timeout)
            target = "< 10 s, < 2 GB" if n == 100_000 else ""
            result["commands"].append({"command": f"pia check synth-{n}.yaml", "flows": n, "target": target,
                                       **{k: v for k, v in run.items() if k != "stdout"}})
            if n == args.assess_at:
                print(f"{n:>7} flows: pia assess ...", file=sys.stderr, flush=True)
                report = Path(tmp) / f"report-{n}"
                run = _child([*PIA, "assess", str(path), "-o", str(report), "--date", "2026-01-01"], args.timeout)
                result["commands"].append({"command": f"pia assess synth-{n}.yaml", "flows": n, "target": "< 60 s",
                                           **{k: v for k, v in run.items() if k != "stdout"}})
                if report.exists():
                    result["assess_outputs"] = {p.name: p.stat().st_size for p in sorted(report.iterdir()) if p.is_file()}
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (out / "bench-scale.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = _markdown(result)
    (out / "bench-scale.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"written: {out / 'bench-scale.json'}, {out / 'bench-scale.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
