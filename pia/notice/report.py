"""notice-check.html: a self-contained page a lawyer can read (no scripts, nothing loaded from outside)."""
from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path

__all__ = ["render_html", "write_outputs"]

_COLOURS = {"clear": ("#e6f4ea", "#1e6b34"), "vague": ("#fff4d6", "#7a5600"),
            "omitted": ("#fde2e1", "#9b1c1c"), "contradicted": ("#3d0a0a", "#ffffff"),
            "stated": ("#e6f4ea", "#1e6b34"), "partly": ("#fff4d6", "#7a5600"), "not_stated": ("#fde2e1", "#9b1c1c")}
_WORDS = {"clear": "clear", "vague": "vague", "omitted": "omitted", "contradicted": "contradicted",
          "stated": "stated", "partly": "partly stated", "not_stated": "not stated", None: "—", "unknown": "unknown"}

_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em} h2{border-bottom:2px solid #333;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.8em 0;font-size:.92em} th,td{border:1px solid #bbb;padding:.35em .5em;vertical-align:top;text-align:left}
th{background:#f0f0f0} .label{display:inline-block;padding:.1em .5em;border-radius:3px;font-family:Arial,sans-serif;font-size:.85em;font-weight:bold;white-space:nowrap}
blockquote{margin:.2em 0;padding:.2em .6em;border-left:3px solid #999;background:#fafafa;font-style:italic}
.muted{color:#555;font-size:.9em} nav ol{columns:2} .legend span{margin-right:1em}
.neg{font-weight:bold;color:#9b1c1c}
"""


def _e(text) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def _label(value) -> str:
    bg, fg = _COLOURS.get(value, ("#eee", "#333"))
    return f'<span class="label" style="background:{bg};color:{fg}">{_e(_WORDS.get(value, value))}</span>'


def _cite(ev: dict) -> str:
    head = _e(ev.get("heading") or "(before the first heading)")
    lead = f'<div class="muted">introduced by: “{_e(ev["lead"])}”</div>' if ev.get("lead") else ""
    return f'<blockquote>{_e(ev["sentence"])}</blockquote><div class="muted">Section “{head}”, paragraph {ev["paragraph"]}</div>{lead}'


def render_html(nc) -> str:
    """The whole page as text."""
    from .lexicon import Lexicon

    lex = Lexicon.default()
    model = nc.model
    title = f"Privacy notice check: {Path(nc.policy).name}"
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_e(title)}</title>"
             f"<style>{_CSS}</style></head><body>", f"<h1>{_e(title)}</h1>"]
    sub = f"Notice: {_e(nc.policy)} ({_e(nc.format)})"
    if model is not None:
        sub += f" — checked against model “{_e(model.assessment.title)}” ({_e(model.assessment.id)})"
    parts.append(f'<p class="muted">{sub}. Rule-based reading with the lexicons {_e(", ".join(nc.lexicon_files))}; '
                 "every statement cites the sentence and section it rests on. A machine reading can miss or "
                 "misread a sentence: check each citation before relying on it.</p>")
    toc = [("summary", "Summary")]
    if model is not None:
        toc += [("flows", "Flows of the model and what the notice says"), ("missing", "Practices missing from the model")]
    toc += [("checklist", "GDPR Art. 13/14 checklist"), ("statements", "Statements found in the notice"),
            ("findings", "Findings for the PIA"), ("sections", "Sections and practice categories (OPP-115)")]
    parts.append("<nav><h2>Contents</h2><ol>" + "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in toc) + "</ol></nav>")

    s = nc.summary()
    rows = [("Paragraphs, list items and table rows read", s["segments"]), ("Statements found", s["statements"]),
            ("of which negative (“we do not …”)", s["negated"])]
    if model is not None:
        rows += [(f"Flows labelled {lab}", s[f"flows_{lab}"]) for lab in ("clear", "vague", "omitted", "contradicted")]
        rows.append(("Practices of the notice missing from the model", s["missing_practices"]))
    rows.append(("Art. 13/14 items not stated", s["checklist_not_stated"]))
    parts.append('<h2 id="summary">Summary</h2><table>' + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows) + "</table>")

    if model is not None:
        parts.append('<h2 id="flows">Flows of the model and what the notice says</h2>'
                     '<p class="legend">' + " ".join(f"<span>{_label(l)} {_e(d)}</span>" for l, d in (
                         ("clear", "recipient and data stated"), ("vague", "only through a broader term"),
                         ("omitted", "not mentioned"), ("contradicted", "the notice denies it"))) + "</p>")
        parts.append("<table><tr><th>Flow</th><th>Recipient</th><th>Label</th><th>Why</th><th>Data categories</th>"
                     "<th>Model’s notice section says</th><th>Sentences relied on</th></tr>")
        for f in nc.flows:
            cats = "<br>".join(f"{_label(r['label'])} {_e(r['category'])}" for r in f["categories"])
            ev = "".join(_cite(e) for e in f["evidence"]) or '<span class="muted">none</span>'
            parts.append(f"<tr><td>{_e(f['flow'])}</td><td>{_e(f['recipient_name'])}</td><td>{_label(f['label'])}</td>"
                         f"<td>{_e(f['reason'])}</td><td>{cats}</td><td>{_e(f.get('model_says') or '—')}</td><td>{ev}</td></tr>")
        parts.append("</table>")
        parts.append('<h2 id="missing">Practices missing from the model</h2>')
        if nc.missing_practices:
            parts.append("<table><tr><th>Party in the notice</th><th>Action</th><th>Data</th><th>Sentence</th></tr>")
            for mp in nc.missing_practices:
                parts.append(f"<tr><td>{_e(mp['party_text'])}</td><td>{_e(mp['action'])}</td><td>{_e(mp['data'])}</td>"
                             f"<td>{_cite(mp['evidence'])}</td></tr>")
            parts.append("</table>")
        else:
            parts.append("<p>Every statement of the notice matches a flow of the model.</p>")

    parts.append('<h2 id="checklist">GDPR Art. 13/14 checklist</h2><table><tr><th>Item</th><th>Article</th>'
                 "<th>Found in the notice</th>" + ("<th>Model says</th><th>Agree?</th>" if model is not None else "")
                 + "<th>Where</th></tr>")
    for c in nc.checklist:
        ev = "".join(_cite(e) for e in c["evidence"][:2]) or '<span class="muted">nothing found</span>'
        extra = ""
        if model is not None:
            agree = {True: "yes", False: "<b>no</b>", None: "model silent"}[c["agreement"]]
            extra = f"<td>{_label(c['model']) if c['model'] else '—'}</td><td>{agree}</td>"
        parts.append(f"<tr><td>{_e(c['item'].replace('_', ' '))}</td><td>{_e(c['article'])}</td><td>{_label(c['found'])}</td>{extra}<td>{ev}</td></tr>")
    parts.append("</table>")

    parts.append('<h2 id="statements">Statements found in the notice</h2><table><tr><th>#</th><th>Who</th><th>Does</th>'
                 "<th>Which data</th><th>Purpose</th><th>Condition</th><th>Sentence and section</th></tr>")
    for st in nc.statements:
        does = (f'<span class="neg">does not</span> {_e(st.action)}' if st.negated else _e(st.action))
        who = f"{_e(st.party_text)}<div class=\"muted\">{_e(lex.party_names.get(st.party, st.party.removeprefix('name:')))}</div>"
        parts.append(f"<tr><td>{_e(st.id)}</td><td>{who}</td><td>{does}</td><td>{_e(st.data_text)}<div class=\"muted\">{_e(st.data)}</div></td>"
                     f"<td>{_e(st.purpose or '—')}</td><td>{_e(st.condition or '—')}</td><td>{_cite(st.evidence)}</td></tr>")
    parts.append("</table>")

    parts.append('<h2 id="findings">Findings for the PIA</h2>')
    fs = nc.findings()
    if fs:
        parts.append("<table><tr><th>Risk</th><th>Finding</th><th>Law</th><th>Elements</th><th>What to do</th></tr>")
        for f in fs:
            parts.append(f"<tr><td>{_e(f.risk)}<div class=\"muted\">severity {f.severity}, likelihood {f.likelihood}</div></td>"
                         f"<td><b>{_e(f.title)}</b><br>{_e(f.description)}</td><td>{_e('; '.join(f.refs))}</td>"
                         f"<td>{_e(', '.join(f.elements))}</td><td>{_e(f.recommendation)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No findings.</p>")

    parts.append('<h2 id="sections">Sections and practice categories (OPP-115)</h2><table><tr><th>#</th><th>Section</th><th>Kind</th><th>Practices</th><th>Text</th></tr>')
    names = {pid: name for pid, (name, _) in lex.practices.items()}
    for seg in nc.segments:
        parts.append(f"<tr><td>{seg.index}</td><td>{_e(seg.heading)}</td><td>{_e(seg.kind.replace('_', ' '))}</td>"
                     f"<td>{_e('; '.join(names.get(p, p) for p in seg.practices))}</td><td>{_e(seg.text[:400])}</td></tr>")
    parts.append("</table></body></html>\n")
    return "\n".join(parts)


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_outputs(nc, out_dir: str | Path) -> list[Path]:
    """Write notice-check.html and notice-check.json into ``out_dir`` (created), each atomically."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = nc.as_json()
    data["findings"] = [f.as_dict() for f in nc.findings()]
    page = render_html(nc)
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    paths = [out / "notice-check.json", out / "notice-check.html"]
    _atomic_write(paths[0], text)
    _atomic_write(paths[1], page)
    return paths
