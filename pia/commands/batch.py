"""``pia batch PATH... -o DIR [-j N] [--force] [--executor local|dask --scheduler ADDRESS]``:
render every model found into DIR/<assessment id>/ and write DIR/index.html."""
from __future__ import annotations

import contextlib
import os
import sys


def _positive(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {n}")
    return n


from .assess import _date  # the same --date check as pia assess


def register(sub) -> None:
    p = sub.add_parser(
        "batch", help="render every model found into DIR/<assessment id>/, with an index for reviewers",
        description="Find every model under PATH... (YAML files with an `assessment` section, and folders "
        "whose files make one model), render each as `pia assess` does into DIR/<assessment id>/, and write "
        "DIR/index.html (ordered by risk) and DIR/batch-summary.json. Reports whose model and toolkit are "
        "unchanged are skipped unless --force. Invalid or failing models are reported and the others still "
        "render; a report appears whole or not at all, and a previous good report stays when its "
        "regeneration fails or the run is interrupted. Exit 0 all done; 2 some models invalid; 3 some "
        "reports failed; 130/143 interrupted.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="model files, or folders to search for models")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the reports and the index")
    p.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help=f"reports rendered in parallel (default: the number of cores, {os.cpu_count()})")
    p.add_argument("--force", action="store_true", help="render every model, even when its report is up to date")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local: worker processes on this machine (default); dask: an existing Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask)")
    p.add_argument("--restart-every", type=_positive, default=None, metavar="N",
                   help="restart a worker's kernel after N reports (default: 200; always after a failure)")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="date printed in the reports (default: today)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..batch import RESTART_EVERY, Progress, dask_executor, run as run_batch
    from ..text import terminal_safe

    if args.executor == "dask" and not args.scheduler:
        print("pia batch: --executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)", file=sys.stderr)
        return 2
    if args.scheduler and args.executor != "dask":
        print("pia batch: --scheduler is only used with --executor dask", file=sys.stderr)
        return 2
    executor = client = in_flight = None
    if args.executor == "dask":
        executor, client = dask_executor(args.scheduler)
        in_flight = 2 * max(1, sum(client.nthreads().values()))
    progress = Progress(sys.stderr)
    try:
        result = run_batch(args.paths, args.output, jobs=args.jobs, force=args.force, executor=executor,
                           in_flight=in_flight, restart_every=args.restart_every or RESTART_EVERY, date=args.date,
                           progress=progress)
    finally:
        progress.close()
        if client is not None:
            from ..batch import shutdown_kernels

            with contextlib.suppress(Exception):
                client.run(shutdown_kernels)  # leave no kernel running on the cluster
            client.close()
    for item in result.failed:
        print(terminal_safe(f"pia batch: {item.path}: {item.error}"), file=sys.stderr)
        for p in item.problems:
            print(terminal_safe(f"  {p}"), file=sys.stderr)
    c = result.summary()["counts"]
    line = (f"{result.out_dir}/index.html: {c['rendered']} rendered, {c['skipped']} up to date, "
            f"{c['invalid']} invalid, {c['failed']} failed")
    if result.interrupted:
        line += f", {c['interrupted']} not reached (interrupted)"
    print(terminal_safe(line + f" in {result.seconds:.1f}s"))
    if result.interrupted:
        print("pia batch: interrupted; finished reports are in place, the others were not started or were discarded "
              "whole, and the next run renders them.", file=sys.stderr)
    return result.exit_code
