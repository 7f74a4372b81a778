"""The ``pia`` command: a thin adapter over the library.

Each sub-command lives in ``pia/commands/<name>.py`` with ``register(subparsers)`` adding its
parser and setting ``func``; the function returns the exit code. Errors the library raises become
messages and exit codes here, never tracebacks:

- 0 done; 1 a gate tripped (e.g. ``--fail-on``); 2 invalid input (file, line, field and reason
  listed); 3 a processing step failed (named); 130 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading

from . import __version__

#: Sub-command modules, in the order ``pia --help`` lists them.
COMMANDS = ["validate", "synth", "diff", "check", "assess", "map", "notice_check", "importer", "exporter", "batch"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pia",
        description="Privacy impact assessments as code: validate a model of personal-data flows, "
        "assess it, and map who receives which data.",
    )
    parser.add_argument("--version", action="version", version=f"pia {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"pia.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .errors import ModelError, PiaError, PipelineError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    old_term = _catch_sigterm()
    try:
        return int(args.func(args) or 0)
    except ModelError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except PipelineError as exc:
        print(f"pia: {exc}", file=sys.stderr)
        return 3
    except PiaError as exc:
        print(f"pia: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt as exc:
        term = isinstance(exc, Terminated)
        print(f"pia: interrupted{' (SIGTERM)' if term else ''}; nothing half-written was left behind.", file=sys.stderr)
        return 143 if term else 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: a message, not a traceback
        if os.environ.get("PIA_DEBUG"):
            raise
        print(f"pia: internal error ({type(exc).__name__}: {exc}). Set PIA_DEBUG=1 for details.", file=sys.stderr)
        return 70
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that the clean-up of an interrupt runs (temporary
    folders removed, kernels shut down, the previous report left in place)."""


def _on_sigterm(signum, frame):
    raise Terminated()


def _catch_sigterm():
    """Turn SIGTERM into :class:`Terminated`; return the previous handler (None when not possible)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
