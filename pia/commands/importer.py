"""``pia import fides|ropa``: turn Fides manifests or an Art. 30 spreadsheet into a pia model.

The model is written only when the input is clean and the result validates (atomically: a reader
never sees half a file). The import summary, which lists what the input could not say, is printed
and written as the comment header of the model.
"""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("import", help="write a model from Fides manifests or an Art. 30 record (CSV/xlsx)",
                       description="Import a data map written elsewhere. Exit 0: model written; 2: invalid input "
                       "(every problem listed with file, line or row, field and reason; nothing written unless "
                       "--partial).")
    kinds = p.add_subparsers(dest="format", metavar="FORMAT", required=True)
    f = kinds.add_parser("fides", help="Fides (fideslang) manifests: organization, systems, datasets, taxonomy",
                         description="Read Fides manifests with fideslang and write a pia model. Countries, transfer "
                         "mechanisms and encryption (and anything else a manifest leaves out) become 'unknown' and are "
                         "listed in the import summary.")
    f.add_argument("paths", nargs="+", metavar="PATH", help="manifest file, or folder searched for .yml/.yaml files")
    f.add_argument("-o", "--output", metavar="MODEL.yaml", required=True, help="the model file to write")
    f.add_argument("--id", help="assessment id (default: the organization's key)")
    f.set_defaults(func=run_fides)
    r = kinds.add_parser("ropa", help="an Art. 30 record of processing activities (.csv or .xlsx)",
                         description="Read a record of processing activities, one row per activity, and write a pia "
                         "model. Columns may come in any order and under common spellings (e.g. 'Lawful basis').")
    r.add_argument("path", metavar="FILE", help="the record: .csv or .xlsx")
    r.add_argument("-o", "--output", metavar="MODEL.yaml", required=True, help="the model file to write")
    r.add_argument("--partial", action="store_true",
                   help="write the good rows even when some are bad (the bad ones are listed; exit code 2)")
    r.add_argument("--taxonomy", metavar="MODEL",
                   help="a pia model whose own data categories, subjects and uses the record may name")
    r.add_argument("--id", help="assessment id (default: from the file name)")
    r.set_defaults(func=run_ropa)


def _write(result, output: str) -> None:
    from ..errors import ModelError, Problem
    from ..interop.common import write_atomic

    text = result.yaml()
    try:
        result.model(output)
    except ModelError as exc:  # the input made a model pia cannot accept: say so, write nothing
        raise ModelError([Problem(output, p.line, p.column, p.field, f"the imported model is invalid: {p.message}",
                                  p.accepted) for p in exc.problems]) from None
    write_atomic(output, text)


def run_fides(args) -> int:
    from ..interop.fides import import_fides
    from ..text import terminal_safe

    result = import_fides(args.paths, assessment_id=args.id)
    _write(result, args.output)
    print(terminal_safe(str(result.summary)))
    print(terminal_safe(f"wrote {args.output}"))
    return 0


def run_ropa(args) -> int:
    from ..interop.ropa import import_ropa
    from ..model import load
    from ..text import terminal_safe

    taxonomy = load(args.taxonomy) if args.taxonomy else None
    result = import_ropa(args.path, partial=args.partial, assessment_id=args.id, taxonomy=taxonomy)
    if result.kept == 0:
        for p in result.problems:
            print(terminal_safe(str(p)), file=sys.stderr)
        print(terminal_safe(f"{args.path}: no good row; nothing written"), file=sys.stderr)
        return 2
    _write(result, args.output)
    print(terminal_safe(str(result.summary)))
    print(terminal_safe(f"wrote {args.output} ({result.kept} of {result.rows} activities)"))
    if result.problems:
        n = len(result.problems)
        print(terminal_safe(f"{n} problem{'s' if n != 1 else ''} in rows left out:"), file=sys.stderr)
        for p in result.problems:
            print(terminal_safe(f"  {p}"), file=sys.stderr)
        return 2
    return 0
