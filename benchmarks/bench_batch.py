"""Batch rendering against a plain loop of ``pia assess``, and -j 1 against -j 2, in one run.

    .venv/bin/python benchmarks/bench_batch.py               # 50 models of 21 flows (Cloud Connectors size)
    .venv/bin/python benchmarks/bench_batch.py --models 10   # a quicker look
    .venv/bin/python benchmarks/bench_batch.py --pairs 5     # -j 2 and -j 1 five times each, alternating

Steps, all in a temporary folder (kept with --keep):
1. ``pia synth --flows 21 --systems 4 --seed K`` for K = 1..N: N different models the size of the
   Cloud Connectors model;
2. a plain loop: ``pia assess MODEL -o loop/<id> --date D`` once per model, one after the other
   (each a new process with a new kernel: what a shell script would do);
3. ``pia batch models -o batch-j2 -j 2 --date D``;
4. ``pia batch models -o batch-j1 -j 1 --date D``;
then compares every output of the loop with the batch's (byte for byte: findings.json, pia.html, pia.ipynb,
ropa.csv, disclosures.csv, disclosure-map.html) and prints the times
and ratios (targets: batch -j 2 at least 5x faster than the loop; -j 2 at least 1.7x faster than
-j 1 on 2 cores). Not a test: timings depend on the machine and on what else runs on it.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIA = [sys.executable, "-m", "pia.cli"]
DATE = "2026-11-25"


def sh(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(args)}\n{done.stderr}")
    return took


def load() -> str:
    """The 1-minute load average (other work on the machine skews every figure)."""
    return f"load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "load n/a"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=int, default=50, help="number of models (default 50)")
    ap.add_argument("--flows", type=int, default=21, help="flows per model (default 21, as Cloud Connectors)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    ap.add_argument("--pairs", type=int, default=1, metavar="N",
                    help="time -j 2 and -j 1 N times, alternating, and give every pair's ratio and the median "
                         "(the machine's speed drifts: a single pair can be off either way)")
    ap.add_argument("--hashseed", metavar="N", help="run every process (and kernel) with PYTHONHASHSEED=N, to tell "
                    "apart differences that come from Python's per-process string hashing (set iteration order)")
    args = ap.parse_args()
    if args.hashseed is not None:
        os.environ["PYTHONHASHSEED"] = args.hashseed

    tmp = Path(tempfile.mkdtemp(prefix="pia-bench-batch-"))
    models = tmp / "models"
    models.mkdir()
    from pia.synth import write

    for k in range(1, args.models + 1):
        write(models / f"model-{k:03d}.yaml", args.flows, 4, k)
    ids = [f"synthetic-{k}" for k in range(1, args.models + 1)]
    print(f"{args.models} models of {args.flows} flows in {models}  (cpus: {os.cpu_count()}"
          + (f", PYTHONHASHSEED={args.hashseed}" if args.hashseed is not None else "") + ")")

    print(f"before the loop: {load()}")
    t_loop = 0.0
    for k in range(1, args.models + 1):
        t_loop += sh([*PIA, "assess", str(models / f"model-{k:03d}.yaml"), "-o", str(tmp / "loop" / ids[k - 1]),
                      "--date", DATE])
    print(f"plain loop of pia assess : {t_loop:8.1f} s   ({t_loop / args.models:.2f} s per model)   {load()} after")
    pairs = []
    for n in range(max(1, args.pairs)):
        tag = "" if n == 0 else f"-{n}"  # every run renders into an empty folder of its own
        t_j2 = sh([*PIA, "batch", str(models), "-o", str(tmp / f"batch-j2{tag}"), "-j", "2", "--date", DATE])
        print(f"pia batch -j 2           : {t_j2:8.1f} s   ({t_j2 / args.models:.2f} s per model)   {load()} after")
        t_j1 = sh([*PIA, "batch", str(models), "-o", str(tmp / f"batch-j1{tag}"), "-j", "1", "--date", DATE])
        print(f"pia batch -j 1           : {t_j1:8.1f} s   ({t_j1 / args.models:.2f} s per model)   {load()} after")
        pairs.append((t_j2, t_j1))
        if n:
            shutil.rmtree(tmp / f"batch-j2{tag}", ignore_errors=True)
            shutil.rmtree(tmp / f"batch-j1{tag}", ignore_errors=True)
    t_j2, t_j1 = pairs[0]

    differ = [i for i in ids if (tmp / "loop" / i / "findings.json").read_bytes()
              != (tmp / "batch-j2" / i / "findings.json").read_bytes()]
    differ1 = [i for i in ids if (tmp / "batch-j1" / i / "findings.json").read_bytes()
               != (tmp / "batch-j2" / i / "findings.json").read_bytes()]
    # every other output too: pia.html, disclosure-map.html, pia.ipynb, ropa.csv, disclosures.csv
    files = sorted(p.name for p in (tmp / "loop" / ids[0]).iterdir())
    other = {name: [i for i in ids if (tmp / "loop" / i / name).read_bytes() != (tmp / "batch-j2" / i / name).read_bytes()]
             for name in files if name != "findings.json"}
    summary = json.loads((tmp / "batch-j2" / "batch-summary.json").read_text())
    print()
    print(f"batch -j 2 vs loop : {t_loop / t_j2:5.2f}x faster   (target >= 5x)")
    print(f"batch -j 2 vs -j 1 : {t_j1 / t_j2:5.2f}x faster   (target >= 1.7x on 2 cores)")
    if len(pairs) > 1:
        ratios = sorted(j1 / j2 for j2, j1 in pairs)
        mid = len(ratios) // 2
        median = ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] + ratios[mid]) / 2
        print(f"  each of {len(pairs)} pairs: {', '.join(f'{j1 / j2:.2f}' for j2, j1 in pairs)}   median {median:.2f}x")
    print(f"findings.json identical to the loop's: {args.models - len(differ)}/{args.models}"
          + (f"  differ: {', '.join(differ)}" if differ else ""))
    print(f"findings.json identical between -j 1 and -j 2: {args.models - len(differ1)}/{args.models}")
    for name, bad in other.items():
        print(f"{name} byte-identical to the loop's: {args.models - len(bad)}/{args.models}"
              + (f"  differ: {', '.join(bad[:5])}" + (" ..." if len(bad) > 5 else "") if bad else ""))
    print(f"batch counts: {summary['counts']}")
    if args.keep:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
