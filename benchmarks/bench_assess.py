"""Time ``pia assess`` on the Cloud Connectors model against a floor measured in the same run.

The floor is the least any notebook-based report can cost here: a fresh process that runs, with
papermill, a notebook importing only pandas, matplotlib and networkx, then converts it to HTML
with nbconvert. Both are run as separate processes, alternately, several times; medians are shown.

    .venv/bin/python benchmarks/bench_assess.py [--repeat N] [--model PATH]

Target: pia assess within 1.5x of the floor. This is a benchmark, not a test: it prints figures.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIA = Path(sys.executable).with_name("pia")

FLOOR = r'''
import sys
import nbformat.v4 as v4
import papermill
from nbconvert import HTMLExporter

nb = v4.new_notebook(cells=[v4.new_code_cell("import pandas, matplotlib, networkx")])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
out = papermill.execute_notebook(nb, None, kernel_name="python3", progress_bar=False)
html, _ = HTMLExporter().from_notebook_node(out)
open(sys.argv[1], "w").write(html)
'''


def _time(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and everything it started, kernels included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--model", default="data/cloud_connectors.yaml")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        floor_cmd = [sys.executable, "-c", FLOOR, str(Path(tmp) / "floor.html")]
        assess_cmd = [str(PIA), "assess", args.model, "-o", str(Path(tmp) / "report"), "--date", "2026-01-01"]
        _time(floor_cmd), _time(assess_cmd)  # warm the file cache
        floor, assess = [], []
        for _ in range(args.repeat):
            floor.append(_time(floor_cmd))
            assess.append(_time(assess_cmd))
    f, a = statistics.median(w for w, _ in floor), statistics.median(w for w, _ in assess)
    fc, ac = statistics.median(c for _, c in floor), statistics.median(c for _, c in assess)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"model: {args.model}   runs: {args.repeat} each, alternating, medians   "
          f"CPUs: {os.cpu_count()}   load average: {load:.1f}")
    print(f"floor (papermill: import pandas, matplotlib, networkx; nbconvert HTML): wall {f:6.2f} s  cpu {fc:5.2f} s  "
          f"(wall min {min(w for w, _ in floor):.2f}, max {max(w for w, _ in floor):.2f})")
    print(f"pia assess                                                          : wall {a:6.2f} s  cpu {ac:5.2f} s  "
          f"(wall min {min(w for w, _ in assess):.2f}, max {max(w for w, _ in assess):.2f})")
    print(f"ratio pia assess / floor: wall {a / f:.2f}x, cpu {ac / fc:.2f}x (target: wall within 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
