"""``pia export fides|ropa``: write a model as Fides manifests or as an Art. 30 record (CSV/xlsx)."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("export", help="write a model as Fides manifests or an Art. 30 record (CSV/xlsx)",
                       description="Export a model for other tools. Exit 0: written; 2: invalid model.")
    kinds = p.add_subparsers(dest="format", metavar="FORMAT", required=True)
    f = kinds.add_parser("fides", help="Fides (fideslang) manifests that fideslang loads and validates",
                         description="Write organization.yml, taxonomy.yml (the model's own terms, if any) and "
                         "systems.yml. fideslang cannot express countries, transfer mechanisms, encryption or "
                         "controls; those are left out (listed on the terminal).")
    f.add_argument("model", metavar="MODEL", help="model file or folder")
    f.add_argument("-o", "--output", metavar="DIR", required=True, help="folder for the manifests")
    f.set_defaults(func=run_fides)
    r = kinds.add_parser("ropa", help="the Art. 30 record of processing activities, as .csv or .xlsx",
                         description="One row per processing activity with the columns a DPO expects. Cells that a "
                         "spreadsheet would run as a formula (starting with = + - @) are prefixed with '.")
    r.add_argument("model", metavar="MODEL", help="model file or folder")
    r.add_argument("-o", "--output", metavar="FILE", required=True, help="FILE.csv or FILE.xlsx")
    r.set_defaults(func=run_ropa)


def run_fides(args) -> int:
    from ..interop.fides import write_fides
    from ..model import load
    from ..text import terminal_safe

    model = load(args.model)
    written, notes = write_fides(model, args.output)
    for n in notes:
        print(terminal_safe(f"note: {n}"))
    print(terminal_safe("wrote " + ", ".join(str(p) for p in written)))
    return 0


def run_ropa(args) -> int:
    from ..interop.ropa import write_ropa
    from ..model import load
    from ..text import terminal_safe

    model = load(args.model)
    path = write_ropa(model, args.output)
    print(terminal_safe(f"wrote {path} ({len(model.activities)} processing activities)"))
    return 0
