"""Check a model against the published privacy notice.

:func:`check` segments the notice, labels segments with OPP-115 practices, extracts statements
and, given a model, labels each flow to a recipient ``clear`` (recipient and data stated),
``vague`` (only through a broader term: "third parties", "contact information"), ``omitted`` or
``contradicted`` (the notice denies it); lists the statements no flow matches (practices missing
from the model); and fills the GDPR Art. 13/14 checklist from the text, compared with the model's
``notice`` section.

>>> import pia
>>> from pia.notice import check
>>> nc = check("tests/fixtures/notice/tiny.md", pia.load("tests/fixtures/notice/tiny_model.yaml"))
>>> [(f["flow"], f["label"]) for f in nc.flows]
[('shop-to-mailer', 'clear'), ('shop-to-stats', 'omitted'), ('visitors-to-shop', 'vague')]
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ModelError, Problem
from ..findings import Finding
from ..schema import NOTICE_ITEMS, UNKNOWN
from .extract import Statement, extract
from .lexicon import Lexicon, tokenize_text
from .segment import Segment, segment_file, sentences

__all__ = ["NoticeCheck", "check", "draft_model", "findings_for", "notice_texts", "LABELS"]

#: Flow labels, best first.
LABELS = ("clear", "vague", "omitted", "contradicted")
_SHARING = {"collect", "receive", "use", "share", "transfer", "retain"}
_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class NoticeCheck:
    """The result of :func:`check`."""

    policy: str
    format: str
    segments: list[Segment]
    statements: list[Statement]
    flows: list[dict] = field(default_factory=list)
    missing_practices: list[dict] = field(default_factory=list)
    checklist: list[dict] = field(default_factory=list)
    model: Any = None
    lexicon_files: list[str] = field(default_factory=list)

    # -- outputs ---------------------------------------------------------------------------------
    def as_json(self) -> dict:
        """The content of notice-check.json (deterministic: no dates, stable order)."""
        out: dict[str, Any] = {
            "policy": self.policy,
            "format": self.format,
            "lexicons": self.lexicon_files,
            "summary": self.summary(),
            "segments": [s.as_dict() for s in self.segments],
            "statements": [s.as_dict() for s in self.statements],
            "checklist": self.checklist,
        }
        if self.model is not None:
            out["model"] = self.model.assessment.id
            out["flows"] = self.flows
            out["missing_practices"] = self.missing_practices
        return out

    def summary(self) -> dict:
        out = {"segments": len(self.segments), "statements": len(self.statements),
               "negated": sum(1 for s in self.statements if s.negated)}
        if self.model is not None:
            for label in LABELS:
                out[f"flows_{label}"] = sum(1 for f in self.flows if f["label"] == label)
            out["missing_practices"] = len(self.missing_practices)
        out["checklist_not_stated"] = sum(1 for c in self.checklist if c["found"] == "not_stated")
        return out

    def findings(self) -> list[Finding]:
        """Transparency findings for the PIA (see :mod:`pia.notice.findings`)."""
        from .findings import notice_findings

        return notice_findings(self)


# --- entry points ---------------------------------------------------------------------------------

def check(policy_path: str | Path, model: Any = None, lexicon: Lexicon | None = None) -> NoticeCheck:
    """Check the notice at ``policy_path`` (plain text, Markdown or HTML), against ``model`` if given.

    ``model`` is a :class:`pia.model.Model` or a path to one. Raises :class:`~pia.errors.ModelError`
    when the notice cannot be read (or the model is invalid).
    """
    if model is not None and not hasattr(model, "flows"):
        from ..model import load

        model = load(model)
    lex = lexicon or Lexicon.default()
    name = str(policy_path)
    p = Path(policy_path)
    try:
        if p.is_dir():
            raise IsADirectoryError(name)
        size = p.stat().st_size
        if size > _MAX_BYTES:
            raise ModelError([Problem(name, message=f"the notice is too large ({size} bytes)",
                                      accepted=f"a notice of at most {_MAX_BYTES // (1024 * 1024)} MB")])
        segments, fmt = segment_file(p)
    except FileNotFoundError:
        raise ModelError([Problem(name, message="cannot read the privacy notice: no such file",
                                  accepted="a plain-text, Markdown or HTML file")]) from None
    except IsADirectoryError:
        raise ModelError([Problem(name, message="cannot read the privacy notice: it is a folder",
                                  accepted="a plain-text, Markdown or HTML file")]) from None
    except UnicodeDecodeError as exc:
        raise ModelError([Problem(name, message=f"cannot read the privacy notice: not UTF-8 text (byte {exc.start})",
                                  accepted="a plain-text, Markdown or HTML file in UTF-8")]) from None
    except PermissionError:
        raise ModelError([Problem(name, message="cannot read the privacy notice: permission denied",
                                  accepted="a readable plain-text, Markdown or HTML file")]) from None
    except OSError as exc:
        raise ModelError([Problem(name, message=f"cannot read the privacy notice: {exc.strerror or exc}",
                                  accepted="a plain-text, Markdown or HTML file")]) from None
    if not segments:
        raise ModelError([Problem(name, message="the privacy notice holds no text",
                                  accepted="a plain-text, Markdown or HTML file with the notice's text")])
    if model is not None and model.assessment.controller in model.index:
        # the model knows who publishes the notice: its name, with and without "The", is the first party
        name = model.name(model.assessment.controller)
        lex = lex.with_first_party(list(dict.fromkeys(
            n for n in (name, re.sub(r"^The\s+", "", name), re.sub(r"\s*\(.*\)\s*$", "", name)) if n)))
    statements = extract(segments, lex)
    _label_practices(segments, statements, lex)
    from ..text import shown_path

    nc = NoticeCheck(shown_path(name), fmt, segments, statements, model=model, lexicon_files=lex.files)
    nc.checklist = _checklist(segments, lex, model, statements)
    if model is not None:
        matcher = _PartyMatcher(model, lex)
        nc.flows = _label_flows(model, statements, matcher)
        nc.missing_practices = _missing_practices(model, statements, matcher)
    return nc


def notice_texts(model: Any) -> list[dict]:
    """The privacy-notice texts a model points to: each source of kind ``privacy_notice`` with a
    ``path`` (relative to the model file or folder), with the file as shown in outputs and the
    SHA-256 of its bytes (``None`` when it cannot be read). Reports cite these; batch runs redo a
    report when one changes.
    """
    base = Path(model.path or ".")
    base = base if base.is_dir() else base.parent
    out = []
    for src in model.sources:
        rel = getattr(src, "path", None)
        if not rel or src.kind != "privacy_notice":
            continue
        p = base / rel
        try:
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
        except OSError:
            digest = None
        out.append({"source": src.id, "path": str(p), "file": rel, "sha256": digest})
    return out


def findings_for(model: Any, texts: list[dict] | None = None) -> list[Finding]:
    """Transparency findings from checking the model against the notice texts its sources point to
    (see :func:`notice_texts`). A text that cannot be read or holds no text gives one finding saying
    so (the check could not be made: unknown is not safe); a model without such sources gives ``[]``.
    ``texts``: :func:`notice_texts` of the model, when the caller has them already.
    """
    out: list[Finding] = []
    for t in notice_texts(model) if texts is None else texts:
        problem = None
        if t["sha256"] is None:
            problem = "the file cannot be found or read"
        else:
            try:
                nc = check(t["path"], model)
            except ModelError as exc:
                problem = exc.problems[0].message if exc.problems else "the file cannot be read"
            else:
                out += nc.findings()
                continue
        out.append(Finding(
            rule="notice.text-unavailable",
            title="The privacy notice's text could not be checked",
            description=f"Source '{t['source']}' points to the notice text at '{t['file']}', but {problem}. "
                        "What the notice actually tells people was therefore not compared with the model: "
                        "recipients, data and Art. 13/14 items may be missing from it without this assessment saying so.",
            severity=2, likelihood=3,
            refs=["GDPR Art. 12(1)", "GDPR Art. 13", "GDPR Art. 14"],
            elements=[t["source"]],
            recommendation=f"Put the notice's text (plain text, Markdown or HTML) at '{t['file']}' relative to the "
                           "model, or correct the source's path, and assess again.",
            linddun="Unawareness", category="transparency", missing=["the privacy notice's text"],
            evidence=[f"The model's source '{t['source']}' gives the path '{t['file']}'"]))
    return out


# --- OPP-115 practices ------------------------------------------------------------------------------

def _label_practices(segments: list[Segment], statements: list[Statement], lex: Lexicon) -> None:
    by_seg: dict[int, set[str]] = {}
    for st in statements:
        if st.party == "first_party":
            by_seg.setdefault(st.paragraph, set()).add("first_party_collection")
        else:
            by_seg.setdefault(st.paragraph, set()).add("third_party_sharing")
    for seg in segments:
        labels = set(by_seg.get(seg.index, set()))
        toks = tokenize_text(seg.heading + " . " + seg.text)
        for pid, (_, table) in lex.practices.items():
            if table.find(toks):
                labels.add(pid)
        seg.practices = [p for p in lex.practices if p in labels]


# --- the Art. 13/14 checklist -------------------------------------------------------------------------

def _checklist(segments: list[Segment], lex: Lexicon, model: Any, statements: list[Statement] | None = None) -> list[dict]:
    units = []
    for seg in segments:
        for s in sentences(seg.text):
            units.append((s, seg))
    out = []
    for item, article in NOTICE_ITEMS.items():
        pats = lex.checklist.get(item, {"stated": [], "partly": []})
        found, evidence = "not_stated", []
        for level in ("stated", "partly"):
            hits = [(s, seg) for s, seg in units if any(p.search(s) for p in pats[level])]
            if hits:
                found = level
                evidence = [{"sentence": s, "heading": seg.heading, "paragraph": seg.index} for s, seg in hits]
                break
        if item in ("data_categories", "purposes") and found != "stated" and statements:
            key = "data" if item == "data_categories" else "purpose"
            pick = [st for st in statements if not st.negated and getattr(st, key) not in (None, "user")]
            if pick:
                found = "stated"
                evidence = [{"sentence": st.sentence, "heading": st.heading, "paragraph": st.paragraph} for st in pick]
        if item == "recipients" and statements is not None:
            named = [st for st in statements if st.party_kind in ("named", "class") and not st.negated]
            vague = [st for st in statements if st.party_kind == "vague" and not st.negated]
            found, pick = ("stated", named) if named else (("partly", vague) if vague else ("not_stated", []))
            evidence = [{"sentence": st.sentence, "heading": st.heading, "paragraph": st.paragraph} for st in pick]
        evidence = list({(e["sentence"], e["paragraph"]): e for e in evidence}.values())[:3]
        row = {"item": item, "article": article, "found": found, "evidence": evidence}
        if model is not None:
            st = model.notice.items.get(item) if model.notice is not None else None
            row["model"] = st.status if st is not None else None
            row["model_section"] = (st.section if st is not None else None) or ""
            if st is None or st.status == UNKNOWN:
                row["agreement"] = None
            else:
                row["agreement"] = st.status == found
        out.append(row)
    return out


# --- matching model parties with statement parties -------------------------------------------------

class _PartyMatcher:
    """How a model party relates to each statement party: first, named, class, vague (or not)."""

    def __init__(self, model: Any, lex: Lexicon) -> None:
        self.model, self.lex = model, lex
        self._cache: dict[str, dict[str, str]] = {}

    def relations(self, party_id: str) -> dict[str, str]:
        if party_id in self._cache:
            return self._cache[party_id]
        m, lex = self.model, self.lex
        rel: dict[str, str] = {}
        if party_id == m.assessment.controller:
            rel["first_party"] = "first"
        else:
            party = m.index.get(party_id)
            name = getattr(party, "name", party_id) or party_id
            words = " ".join(str(x) for x in (name, party_id.replace("-", " "), getattr(party, "url", "") or ""))
            text = (words + " " + (getattr(party, "description", "") or "")).lower()
            named = {mm.value for mm in lex.parties.find(tokenize_text(words)) if mm.value in lex.party_class}
            for v in named:
                rel[v] = "named"
            for cid, cues in lex.class_cues.items():
                if cid in lex.vague_classes:
                    continue
                if any(c in text for c in cues) or any(lex.party_class[v] == cid for v in named):
                    rel.setdefault(cid, "class")
            for mm in lex.parties.find(tokenize_text(words)):
                if mm.value not in lex.party_class and mm.value not in lex.vague_classes and mm.value != "first_party":
                    rel.setdefault(mm.value, "class")
            if getattr(party, "kind", "") == "authority":
                rel.setdefault("law_enforcement", "class")
            for cid in lex.vague_classes:
                rel.setdefault(cid, "vague")
            rel["_name"] = _norm(name)
        self._cache[party_id] = rel
        return rel

    def relation(self, party_id: str, statement_party: str) -> str | None:
        rel = self.relations(party_id)
        if statement_party.startswith("name:"):
            n = _norm(statement_party[5:])
            return "named" if n and (n in rel.get("_name", "") or rel.get("_name", "-") in n) else None
        return rel.get(statement_party)


def _norm(text: str) -> str:
    return " ".join(t.word for t in tokenize_text(text) if t.word.isalnum())


def _data_relation(tax, flow_cat: str, stated: str) -> str | None:
    if flow_cat == stated or tax.is_a(stated, flow_cat):
        return "exact"
    if tax.is_a(flow_cat, stated):
        return "broader"
    return None


# --- flows ----------------------------------------------------------------------------------------------

def _recipient(model, flow) -> str | None:
    try:
        return model.party_of(flow.to)
    except KeyError:
        return None


def _label_flows(model, statements: list[Statement], matcher: _PartyMatcher) -> list[dict]:
    tax = model.vocabulary
    disclosed = model.notice.recipients if model.notice is not None else {}
    out = []
    for flow in sorted(model.flows, key=lambda f: f.id):
        party = _recipient(model, flow)
        if party is None:
            continue
        cats = model.flow_categories(flow)
        rows = []
        used: dict[str, Statement] = {}
        contradicted = False
        mentioned = False
        rank = {"first": 0, "named": 0, "class": 1, "vague": 2}
        related = sorted(((st, matcher.relation(party, st.party)) for st in statements),
                         key=lambda x: (rank.get(x[1], 3), int(x[0].id[1:])))
        related = [(st, r) for st, r in related if r is not None and st.action in _SHARING | {"sell"}]
        for c in cats:
            best, best_st = "omitted", []
            for st, r in related:
                d = _data_relation(tax, c, st.data)
                if st.negated:
                    if d and not st.condition and st.action != "sell":
                        contradicted = True
                        best, best_st = "contradicted", [st]
                    continue
                if r != "vague":
                    mentioned = True
                if d is None:
                    continue
                lab = "clear" if (d == "exact" and r in ("first", "named", "class")) else "vague"
                if best == "contradicted":
                    continue
                if LABELS.index(lab) < LABELS.index(best):
                    best, best_st = lab, [st]
                elif lab == best and len(best_st) < 3:
                    best_st.append(st)
            for st in best_st:
                used[st.id] = st
            rows.append({"category": c, "label": best, "statements": [s.id for s in best_st]})
        labels = {r["label"] for r in rows}
        if contradicted:
            label = "contradicted"
        elif labels == {"clear"}:
            label = "clear"
        elif labels <= {"omitted"} and not mentioned:
            label = "omitted"
        else:
            label = "vague"
        reason = _flow_reason(label, rows, mentioned, model.name(party))
        out.append({
            "flow": flow.id, "recipient": party, "recipient_name": model.name(party), "label": label,
            "reason": reason, "categories": rows, "mentioned": mentioned,
            "model_says": disclosed.get(party) if party != model.assessment.controller else None,
            "evidence": _dedupe_evidence([used[k] for k in sorted(used, key=lambda x: int(x[1:]))]),
        })
    return out


def _dedupe_evidence(sts: list[Statement]) -> list[dict]:
    out: dict[tuple, dict] = {}
    for st in sts:
        key = (st.sentence, st.paragraph)
        if key in out:
            out[key]["statements"].append(st.id)
        else:
            out[key] = st.evidence | {"statements": [st.id]}
    return list(out.values())


def _flow_reason(label: str, rows: list[dict], mentioned: bool, name: str) -> str:
    n = {lab: [r["category"] for r in rows if r["label"] == lab] for lab in LABELS}
    if label == "contradicted":
        return f"The notice denies giving {', '.join(n['contradicted'])} to {name}, yet the model has this flow."
    if label == "clear":
        return f"The notice names {name} (or its kind of recipient) and each category it receives."
    if label == "omitted":
        return f"The notice does not mention {name} or any kind of recipient it belongs to."
    parts = []
    if n["vague"]:
        parts.append(f"only a broader term covers {', '.join(n['vague'])}")
    if n["omitted"]:
        parts.append(f"nothing covers {', '.join(n['omitted'])}")
    if n["clear"]:
        parts.append(f"stated clearly: {', '.join(n['clear'])}")
    lead = f"The notice mentions {name}" if mentioned else f"The notice covers {name} only as 'third parties' or a similar catch-all"
    return lead + "; " + "; ".join(parts) + "."


def _missing_practices(model, statements: list[Statement], matcher: _PartyMatcher) -> list[dict]:
    tax = model.vocabulary
    flows = []
    for f in model.flows:
        party = _recipient(model, f)
        if party is not None:
            flows.append((f, party, model.flow_categories(f)))
    out: dict[tuple, dict] = {}
    for st in statements:
        if st.negated:
            continue
        if not tax.has("data_category", st.data):
            continue
        matched = False
        for f, party, cats in flows:
            if matcher.relation(party, st.party) is None:
                continue
            if any(_data_relation(tax, c, st.data) or tax.is_a(c, st.data) for c in cats):
                matched = True
                break
        if matched:
            continue
        key = (st.party, st.data)
        if key not in out:
            parties = sorted({p for _, p, _ in flows if matcher.relation(p, st.party) not in (None, "vague")})
            text = model.name(model.assessment.controller) if st.party == "first_party" and model.assessment.controller else st.party_text
            out[key] = {"party": st.party, "party_text": text, "data": st.data, "action": st.action,
                        "statements": [st.id], "model_parties": parties, "evidence": st.evidence}
        else:
            out[key]["statements"].append(st.id)
    return [out[k] for k in sorted(out, key=lambda k: int(out[k]["statements"][0][1:]))]


# --- a draft model ---------------------------------------------------------------------------------------

def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:60] or "item"


def draft_model(nc: NoticeCheck, model_id: str = "draft") -> str:
    """A draft model (YAML text) built from the notice's statements, for a privacy officer to complete.

    Everything the notice does not say is ``unknown``; the draft passes ``pia validate``.
    """
    import yaml

    positive = [s for s in nc.statements if not s.negated]
    title = next((seg.path[0] for seg in nc.segments if seg.path), "") or "Privacy notice"
    controller = "first-party"
    parties: dict[str, dict] = {controller: {
        "id": controller, "name": "The organisation publishing the notice (name to complete)",
        "kind": "organisation", "country": UNKNOWN, "certifications": UNKNOWN, "contact": UNKNOWN}}
    lex = Lexicon.default()
    pid_of: dict[str, str] = {"first_party": controller}
    for s in positive:
        if s.party in pid_of:
            continue
        name = s.party[5:] if s.party.startswith("name:") else lex.party_names.get(s.party, s.party)
        pid = _slug(name)
        pid_of[s.party] = pid
        kind = "authority" if s.party == "law_enforcement" else ("group" if s.party_kind in ("class", "vague") else "organisation")
        parties[pid] = {"id": pid, "name": name, "kind": kind, "country": UNKNOWN, "certifications": UNKNOWN,
                        "evidence": [{"section": s.heading or "(untitled)", "source": "notice"}]}
    by_purpose: dict[str, list[Statement]] = {}
    for s in positive:
        by_purpose.setdefault(s.purpose or "essential.service", []).append(s)
    activities, flows = [], []
    system = "service"
    for purpose in sorted(by_purpose):
        sts = by_purpose[purpose]
        aid = _slug(purpose)
        cats = sorted({s.data for s in sts})
        roles = {controller: "controller"}
        for s in sts:
            if s.party != "first_party":
                roles[pid_of[s.party]] = UNKNOWN
        activity = {
            "id": aid, "name": f"Processing for {purpose}" + ("" if any(s.purpose for s in sts) else " (purpose not stated: to confirm)"),
            "purpose": purpose, "legal_basis": UNKNOWN, "subjects": ["data-subjects"], "categories": cats,
            "source": UNKNOWN, "scale": UNKNOWN, "retention": UNKNOWN, "profiling": UNKNOWN,
            "automated_decisions": UNKNOWN, "roles": {k: v for k, v in roles.items() if v != UNKNOWN},
            "systems": [system],
            "evidence": sorted({s.heading or "(untitled)" for s in sts})[:5],
        }
        activity["evidence"] = [{"section": h, "source": "notice"} for h in activity["evidence"]]
        activities.append(activity)
        flows.append({"id": f"{aid}-collection", "from": "data-subjects", "to": system, "activity": aid,
                      "encrypted": UNKNOWN, "transfer": UNKNOWN})
        per_party: dict[str, set[str]] = {}
        for s in sts:
            if s.party != "first_party":
                per_party.setdefault(pid_of[s.party], set()).add(s.data)
        for pid in sorted(per_party):
            flows.append({"id": f"{aid}-to-{pid}"[:80], "from": system, "to": pid, "activity": aid,
                          "categories": sorted(per_party[pid]), "encrypted": UNKNOWN, "transfer": UNKNOWN})
    items = {}
    for row in nc.checklist:
        entry: dict[str, Any] = {"status": row["found"]}
        if row["evidence"] and row["evidence"][0]["heading"]:
            entry["section"] = row["evidence"][0]["heading"]
        items[row["item"]] = entry
    doc = {
        "assessment": {"id": model_id, "title": f"Draft model from the notice: {title}", "version": "0.1",
                       "controller": controller, "dpo": UNKNOWN,
                       "description": "Drafted by pia notice-check from the notice's statements. Every 'unknown' "
                                      "is information the notice does not give; complete it before assessing."},
        "sources": [{"id": "notice", "title": title, "kind": "privacy_notice", "note": f"Drafted from {Path(nc.policy).name}"}],
        "parties": list(parties.values()),
        "subjects": [{"id": "data-subjects", "name": "People the notice is addressed to (to refine)",
                      "category": "customer", "country": UNKNOWN}],
        "systems": [{"id": system, "name": "The service the notice covers (to refine)", "kind": "service",
                     "operator": controller, "location": UNKNOWN}],
        "activities": activities,
        "flows": flows,
        "notice": {"source": "notice", "items": items,
                   "recipients": {pid: ("vague" if any(s.party_kind == "vague" for s in positive if pid_of[s.party] == pid) else "stated")
                                  for pid in sorted(parties) if pid != controller}},
    }
    head = ("# Draft model written by `pia notice-check --draft` from the privacy notice.\n"
            "# 'unknown' marks what the notice does not say. Check every party, category and purpose;\n"
            "# then run `pia validate` and `pia notice-check` against the notice again.\n")
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
