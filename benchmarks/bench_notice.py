"""Precision and recall of pia.notice statement extraction on the labelled notices.

Each benchmarks/notices/NAME.gold.yaml lists the notice's (recipient, data category[, negated])
statements as a person reads them. A statement counts as found when pia.notice extracts the same
recipient (lexicon id, or "name:<vendor>" for vendors outside the lexicon), the same fideslang
category and the same polarity.

Splits: ``dev`` is notices 01-14 (07-14 were once held out, ``split: held_out`` or ``held_out_2``
in their gold files; they were measured blind once each and have been development data since, so
they count as dev here). ``held_out_3`` (15-18) was written blind to the extractor and is reported
apart; ``--splits dev`` runs the extractor on the dev notices only, so tuning never sees held-out
rows.

    .venv/bin/python benchmarks/bench_notice.py                     # table, every split
    .venv/bin/python benchmarks/bench_notice.py --splits dev        # dev notices only
    .venv/bin/python benchmarks/bench_notice.py --json              # machine-readable
    .venv/bin/python benchmarks/bench_notice.py --verbose           # also list misses and false hits
    .venv/bin/python benchmarks/bench_notice.py --agreement DIR     # a second reader's gold against the first
    .venv/bin/python benchmarks/bench_notice.py --agreement benchmarks/agreement/second --reference benchmarks/agreement/first
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pia.notice import check  # noqa: E402


#: words in front of a name that are not part of it: "the pharmacy", "your health insurer" and "pharmacy",
#: "health insurer" name the same recipient (gold files write either form)
_NAME_ARTICLES = re.compile(r"^(?:(?:the|a|an|your|our|their|its|his|her|my)\s+)+")


def _norm_party(p: str) -> str:
    """``name:`` recipients compared case-, punctuation-, article- and plural-insensitively ("name:The
    Pharmacies" is "name:pharmacy"); a ``name:`` that is, whole, a phrase of a lexicon vendor or class is that id
    ("name:Meta" is ``meta`` once the lexicon knows Meta), so gold written against an older lexicon and
    predictions from a newer one name the same recipient the same way; lexicon ids exactly."""
    if p.startswith("name:"):
        words = _NAME_ARTICLES.sub("", re.sub(r"[^a-z0-9]+", " ", p[5:].lower()).strip())
        known = _lexicon_id(words)
        return known or "name:" + _singular(words)
    return p


def _singular(words: str) -> str:
    """The last word of an unknown recipient without a plural "s" ("clients" and "client", "other
    driving schools" and "other driving school" are one recipient: readers write either, round 9);
    "ss" and short words stay ("access", "bus")."""
    head, _, last = words.rpartition(" ")
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return f"{head} {last}".strip()


def _lexicon_id(words: str) -> str | None:
    from pia.notice.lexicon import Lexicon, tokenize_text  # noqa: PLC0415
    toks = tokenize_text(words)
    hit = Lexicon.default().parties.match_at(toks, 0) if toks else None
    return hit[1] if hit and hit[0] == len(toks) and hit[1] != "first_party" else None


def gold_of(path: Path) -> tuple[dict, set[tuple]]:
    """The gold statements of a notice. A data category that is not a key of pia's taxonomy could
    never be matched: it stops the benchmark, naming the file and the line."""
    from pia.taxonomy import Taxonomy  # noqa: PLC0415

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    tax = Taxonomy.default()
    gold = set()
    for row in doc["statements"]:
        if not tax.has("data_category", row[1]):
            line = next((n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row[1] in text), 0)
            sys.exit(f"{path.name}:{line}: '{row[1]}' is not a data category of the taxonomy "
                     "(accepted: a fideslang data category key, e.g. user.contact.address.postal_code)")
        gold.add((_norm_party(row[0]), row[1], len(row) > 2 and row[2] in ("negated", True)))
    return doc, gold


def predicted(notice: Path) -> set[tuple]:
    nc = check(notice)
    return {(_norm_party(s.party), s.data, s.negated) for s in nc.statements}


def score(tp: int, fp: int, fn: int) -> tuple[float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


#: gold-file split -> split reported (the first held-out notices are development data now)
SPLIT_ALIASES = {"held_out": "dev", "held_out_2": "dev", "held_out_3": "dev"}


def split_of(gold_path: Path) -> str:
    """The split of a gold file, read from its ``split:`` line only (held-out gold stays unread)."""
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"split:\s*([\w-]+)", line)
        if m:
            return SPLIT_ALIASES.get(m.group(1), m.group(1))
    return "dev"


def parse_only(spec: str) -> set[int]:
    """Notice numbers from ``"01-18"`` or ``"3,5,10-12"`` (the leading number of a notice's file name)."""
    numbers: set[int] = set()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        lo, _, hi = part.partition("-")
        numbers.update(range(int(lo), int(hi or lo) + 1))
    return numbers


def number_of(path: Path) -> int | None:
    m = re.match(r"(\d+)", path.name)
    return int(m.group(1)) if m else None


def run(folder: Path = HERE / "notices", splits: tuple[str, ...] | None = None,
        only: set[int] | None = None) -> dict:
    rows = []
    for gold_path in sorted(folder.glob("*.gold.yaml")):
        if only is not None and number_of(gold_path) not in only:
            continue  # filtered by file name before the file is opened
        split = split_of(gold_path)
        if splits is not None and split not in splits:
            continue
        doc, gold = gold_of(gold_path)
        pred = predicted(folder / doc["notice"])
        tp, fp, fn = len(gold & pred), len(pred - gold), len(gold - pred)
        p, r = score(tp, fp, fn)
        rows.append({"notice": doc["notice"], "split": split, "gold": len(gold), "predicted": len(pred),
                     "tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
                     "missed": sorted(map(list, gold - pred)), "false": sorted(map(list, pred - gold))})
    out = {"notices": rows}
    present = sorted({r["split"] for r in rows}, key=lambda s: (s != "dev", s))
    for split in [*present, "all"]:
        sel = [r for r in rows if split == "all" or r["split"] == split]
        if not sel:
            continue
        tp, fp, fn = (sum(r[k] for r in sel) for k in ("tp", "fp", "fn"))
        p, r = score(tp, fp, fn)
        out[split] = {"notices": len(sel), "tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3)}
    return out


def agreement(second: Path, folder: Path = HERE / "notices", reference: Path | None = None) -> dict:
    """How far two people's gold statements for the same notices agree: every ``NAME.gold.yaml`` in
    ``second`` (annotated by someone who saw only the notice and GUIDELINES.md) against the gold file of
    that name in ``reference`` (default: ``folder``, where the notices are). Precision and recall of the second reading against the first (their F1 is
    the same either way round) bound what any extractor can score against one reader; the extractor is
    also scored against the second reading."""
    rows = []
    for path in sorted(second.glob("*.gold.yaml")):
        _, b = gold_of(path)
        doc, a = gold_of((reference or folder) / path.name)
        pred = predicted(folder / doc["notice"])
        rows.append({"notice": doc["notice"], "first": len(a), "second": len(b), "both": len(a & b),
                     "pred_vs_first": (len(pred & a), len(pred - a), len(a - pred)),
                     "pred_vs_second": (len(pred & b), len(pred - b), len(b - pred)),
                     "only_first": sorted(map(list, a - b)), "only_second": sorted(map(list, b - a))})
    out = {"notices": rows}
    if rows:
        both, first, sec = (sum(r[k] for r in rows) for k in ("both", "first", "second"))
        p, r = score(both, sec - both, first - both)
        out["readers"] = {"both": both, "first": first, "second": sec, "precision": round(p, 3), "recall": round(r, 3),
                          "f1": round(2 * both / (first + sec), 3) if first + sec else 1.0}
        for key in ("pred_vs_first", "pred_vs_second"):
            tp, fp, fn = (sum(r[key][i] for r in rows) for i in range(3))
            p, r = score(tp, fp, fn)
            out[key] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--splits", default="", help="comma-separated splits to run (default: all)")
    ap.add_argument("--only", default="", metavar="NUMBERS",
                    help="notice numbers to run, e.g. 01-18 or 3,5,10-12; other files are never opened")
    ap.add_argument("--agreement", metavar="DIR", type=Path,
                    help="compare a second person's gold files in DIR with the gold of the same names")
    ap.add_argument("--reference", metavar="DIR", type=Path,
                    help="with --agreement: the first reader's gold files (default: benchmarks/notices)")
    args = ap.parse_args(argv)
    if args.agreement:
        res = agreement(args.agreement, reference=args.reference)
        if args.json:
            print(json.dumps(res, indent=2))
            return 0
        print(f"{'notice':34} {'first':>5} {'second':>6} {'both':>4}  second vs first (p/r)  pia vs first  pia vs second")
        for r in res["notices"]:
            p, rc = score(r["both"], r["second"] - r["both"], r["first"] - r["both"])
            pf, rf = score(*r["pred_vs_first"])
            ps, rs = score(*r["pred_vs_second"])
            print(f"{r['notice']:34} {r['first']:5} {r['second']:6} {r['both']:4}  {p:.3f}/{rc:.3f}            "
                  f"{pf:.3f}/{rf:.3f}  {ps:.3f}/{rs:.3f}")
            if args.verbose:
                for m in r["only_first"]:
                    print(f"    first only:  {m}")
                for m in r["only_second"]:
                    print(f"    second only: {m}")
        if res["notices"]:
            t = res["readers"]
            print(f"READERS  both={t['both']} first={t['first']} second={t['second']}  second vs first: "
                  f"precision={t['precision']:.3f} recall={t['recall']:.3f} F1={t['f1']:.3f}")
            for key, label in (("pred_vs_first", "PIA vs FIRST"), ("pred_vs_second", "PIA vs SECOND")):
                t = res[key]
                print(f"{label:13} tp={t['tp']} fp={t['fp']} fn={t['fn']}  precision={t['precision']:.3f} recall={t['recall']:.3f}")
        return 0
    res = run(splits=tuple(args.splits.split(",")) if args.splits else None,
              only=parse_only(args.only) if args.only else None)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"{'notice':34} {'split':10} {'gold':>4} {'pred':>4} {'tp':>3} {'fp':>3} {'fn':>3} {'prec':>6} {'rec':>6}")
    for r in res["notices"]:
        print(f"{r['notice']:34} {r['split']:10} {r['gold']:4} {r['predicted']:4} {r['tp']:3} {r['fp']:3} {r['fn']:3} "
              f"{r['precision']:6.3f} {r['recall']:6.3f}")
        if args.verbose:
            for m in r["missed"]:
                print(f"    missed: {m}")
            for m in r["false"]:
                print(f"    false:  {m}")
    for split in [k for k in res if k != "notices"]:
        if split in res:
            s = res[split]
            print(f"{split.upper():44} tp={s['tp']} fp={s['fp']} fn={s['fn']}  precision={s['precision']:.3f} recall={s['recall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
