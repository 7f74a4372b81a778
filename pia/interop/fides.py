"""Fides (fideslang) manifests in and out.

:func:`import_fides` reads manifests with the ``fideslang`` package itself (organization, system with
privacy declarations and egress/ingress, dataset, custom data categories/uses/subjects) and builds
a pia model as plain data:

- the organization becomes the controller party; its controller contact and DPO fill the
  assessment's controller and DPO fields;
- each system becomes a system (operated by the organization, or by the vendor named in its
  ``legal_name``, which then becomes a party acting as processor);
- each privacy declaration becomes a processing activity: data use -> purpose, data subjects ->
  subject groups, data categories (or, where the declaration names none, those of its datasets),
  legal basis, special-category basis, retention, and the third parties it shares data with;
- egress/ingress become flows; datasets become data stores, with a flow from each system that uses
  them;
- what fideslang cannot say (countries, transfer mechanisms, encryption, and legal basis, retention
  and profiling where a manifest leaves them out) becomes ``unknown`` and is listed in an
  :class:`~pia.interop.common.ImportSummary`, written as the comment header of the model.

:func:`export_fides` writes manifests that fideslang loads and validates, carrying what fideslang
can express. Both are deterministic and linear in the size of their input.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelError, Problem
from ..schema import UNKNOWN, is_known
from .common import ImportSummary, model_yaml, parse_retention, short_slug, slug, suggest, unique_id, write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Model

__all__ = ["import_fides", "import_fides_text", "export_fides", "FidesImport", "manifest_files",
           "LEGAL_BASIS_FROM_FIDES", "SPECIAL_FROM_FIDES"]

#: fideslang LegalBasisForProcessingEnum value -> pia legal basis.
LEGAL_BASIS_FROM_FIDES = {
    "Consent": "consent",
    "Contract": "contract",
    "Legal obligations": "legal_obligation",
    "Vital interests": "vital_interests",
    "Public interest": "public_task",
    "Legitimate interests": "legitimate_interests",
}
#: fideslang SpecialCategoryLegalBasisEnum value -> pia Art. 9(2) condition.
SPECIAL_FROM_FIDES = {
    "Explicit consent": "explicit_consent",
    "Employment, social security and social protection": "employment",
    "Vital interests": "vital_interests",
    "Not-for-profit bodies": "not_for_profit",
    "Made public by the data subject": "made_public",
    "Legal claims or judicial acts": "legal_claims",
    "Reasons of substantial public interest (with a basis in law)": "substantial_public_interest",
    "Health or social care (with a basis in law)": "health_care",
    "Public health (with a basis in law)": "public_health",
    "Archiving, research and statistics (with a basis in law)": "archiving_research",
}
_TRANSFER_FROM_FIDES = {"adequacy decision": "adequacy", "sccs": "scc", "bcrs": "bcr"}
_SYSTEM_KIND = {"service": "service", "application": "application", "database": "datastore",
                "datastore": "datastore", "website": "website", "platform": "platform"}
_KIND_TO_TYPE = {"service": "Service", "application": "Application", "datastore": "Database",
                 "website": "Website", "platform": "Platform", "system": "System"}
_RESOURCES = ("organization", "system", "dataset", "data_category", "data_use", "data_subject")
_IGNORED = ("policy", "evaluation", "registry")


class FidesImport:
    """The result of an import: the model as plain data, YAML text, and the summary."""

    def __init__(self, data: dict, comments: dict, summary: ImportSummary) -> None:
        self.data = data
        self.comments = comments
        self.summary = summary

    def yaml(self) -> str:
        """The model as readable YAML, the import summary as its comment header."""
        header = ["pia model imported from Fides (fideslang) manifests by `pia import fides`.", "",
                  *self.summary.lines(), ""]
        return model_yaml(self.data, header, self.comments)

    def model(self, name: str = "<imported from Fides>") -> "Model":
        from ..model import loads

        return loads(self.yaml(), name)


def manifest_files(paths: list[str | Path]) -> list[tuple[str, Path]]:
    """(name as shown, path) of every manifest: files as given, folders searched for .yml/.yaml."""
    out: list[tuple[str, Path]] = []
    problems = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in (".yml", ".yaml"))
            if not found:
                problems.append(Problem(str(given), message="the folder holds no .yml or .yaml file",
                                        accepted="Fides manifest files (YAML)"))
            out += [(str(Path(str(given)) / f.relative_to(p)), f) for f in found]
        elif p.is_file():
            out.append((str(given), p))
        else:
            problems.append(Problem(str(given), message="no such file or folder"))
    if problems:
        raise ModelError(problems)
    return out


def import_fides(paths: list[str | Path], *, assessment_id: str | None = None) -> FidesImport:
    """Read Fides manifests (files or folders) and map them to a pia model.

    Raises :class:`~pia.errors.ModelError` naming file, line and field for manifests fideslang
    rejects, for unknown taxonomy keys, and for references to resources no manifest defines.
    """
    from ..yamlio import read_yaml

    docs = []
    problems: list[Problem] = []
    for name, path in manifest_files(paths):
        try:
            raw, pos = read_yaml(path, name)
        except ModelError as exc:
            problems += exc.problems
            continue
        docs.append((name, raw, pos))
    if problems:
        raise ModelError(problems)
    label = ", ".join(Path(n).name for n, _r, _p in docs) if len(docs) <= 6 else f"{len(docs)} manifest files"
    return _Importer(docs, label, assessment_id).run()


def import_fides_text(texts: dict[str, str], *, assessment_id: str | None = None) -> FidesImport:
    """Like :func:`import_fides`, from ``{file name: YAML text}`` (tests, notebooks)."""
    from ..yamlio import parse_yaml

    docs = []
    problems: list[Problem] = []
    for name in sorted(texts):
        try:
            docs.append((name, *parse_yaml(texts[name], name)))
        except ModelError as exc:
            problems += exc.problems
    if problems:
        raise ModelError(problems)
    return _Importer(docs, ", ".join(sorted(texts)), assessment_id).run()


# --- import ------------------------------------------------------------------------------------

class _Importer:
    def __init__(self, docs: list, label: str, assessment_id: str | None) -> None:
        self.docs = docs
        self.summary = ImportSummary(f"Fides manifests: {label}")
        self.assessment_id = assessment_id
        self.problems: list[Problem] = []
        self.comments: dict[tuple[str, str], str] = {}
        self.ids: set[str] = set()
        # parsed resources: kind -> list of (file, line, fideslang object, raw dict)
        self.res: dict[str, list] = {k: [] for k in _RESOURCES}
        self.paths: dict[int, tuple] = {}  # id(resource) -> (file, positions, path of the resource)
        self.source_of: dict[str, str] = {}  # manifest file -> source id
        self.transfer_of: dict[str, str] = {}  # system key -> its one transfer mechanism
        self.party_names: dict[str, str] = {}  # third party named in a declaration -> party id
        self._named: dict[tuple[str, str], dict] = {}
        self._basename: dict[str, str] = {}
        self._cover: dict[str, tuple[set, set]] = {}

    # -- parsing with fideslang --
    def parse(self) -> None:
        from fideslang import model_map
        from pydantic import ValidationError

        from ..yamlio import format_path

        for name, raw, pos in self.docs:
            if not isinstance(raw, dict):
                self.problems.append(Problem(name, *pos.get((), (0, 0)), "", "a Fides manifest must be a mapping of "
                                             "resource types", ", ".join(_RESOURCES)))
                continue
            for kind, items in raw.items():
                if kind in _IGNORED:
                    for item in items or []:
                        key = item.get("fides_key", "?") if isinstance(item, dict) else "?"
                        self.summary.note(f"{kind} '{key}' ({Path(name).name}) is not part of a pia model and was "
                                          "not imported")
                    continue
                if kind not in _RESOURCES:
                    line, col = pos.get((kind,), (0, 0))
                    self.problems.append(Problem(name, line, col, kind, f"unknown Fides resource type '{kind}'"
                                                 + suggest(kind, _RESOURCES), ", ".join(_RESOURCES + _IGNORED)))
                    continue
                if items is None:
                    continue
                if not isinstance(items, list):
                    line, col = pos.get((kind,), (0, 0))
                    self.problems.append(Problem(name, line, col, kind, "expected a list of resources",
                                                 "a YAML list (- fides_key: ...)"))
                    continue
                for i, item in enumerate(items):
                    try:
                        obj = model_map[kind].model_validate(item)
                    except ValidationError as exc:
                        for err in exc.errors():
                            path = (kind, i, *err["loc"])
                            probe = path
                            while probe and probe not in pos:
                                probe = probe[:-1]
                            line, col = pos.get(probe, (0, 0))
                            msg = err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
                            self.problems.append(Problem(name, line, col, format_path(path), f"fideslang: {msg}"))
                        continue
                    line = pos.get((kind, i), (0, 0))[0]
                    self.res[kind].append((name, line, obj, item))
                    self.paths[id(obj)] = (name, pos, (kind, i))

    def where(self, name: str, line: int) -> str:
        base = self._basename.get(name)
        if base is None:
            base = self._basename[name] = Path(name).name
        return f"{base}:{line}" if line else base

    def new_id(self, base: str) -> str:
        i = unique_id(slug(base), self.ids)
        self.ids.add(i)
        return i

    # -- the mapping --
    def run(self) -> FidesImport:
        from ..taxonomy import Taxonomy

        self.parse()
        self.tax = Taxonomy.default()
        data: dict[str, Any] = {}
        data["sources"] = self.sources()
        data["taxonomy"] = self.taxonomy()
        self.check_keys()
        if self.problems:
            raise ModelError(self.problems)
        parties: list[dict] = []
        org = self.organization(data, parties)
        self.org_id = org
        subjects: dict[str, dict] = {}
        systems: list[dict] = []
        activities: list[dict] = []
        flows: list[dict] = []
        self.datasets = self.dataset_map(systems)
        self.system_ids: dict[str, str] = {}
        sys_objs = sorted(self.res["system"], key=lambda r: r[2].fides_key)
        for name, line, s, raw in sys_objs:
            if s.fides_key in self.system_ids:
                self.problems.append(Problem(name, line, 0, "system.fides_key",
                                             f"system '{s.fides_key}' is defined twice", "each fides_key once"))
                continue
            self.system_ids[s.fides_key] = self.new_id(s.fides_key)
        if self.problems:
            raise ModelError(self.problems)
        self.decl_ids: dict[str, list[tuple[str, Any]]] = {}
        for name, line, s, raw in sys_objs:
            self.system(name, line, s, raw, systems, parties, subjects, activities, flows)
        self.dataflows(sys_objs, subjects, flows)
        if self.problems:
            raise ModelError(self.problems)
        data["parties"] = sorted(parties, key=lambda p: p["id"])
        data["subjects"] = sorted(subjects.values(), key=lambda s: s["id"])
        data["systems"] = sorted(systems, key=lambda s: s["id"])
        data["activities"] = sorted(activities, key=lambda a: a["id"])
        data["flows"] = sorted(flows, key=lambda f: f["id"])
        for f in data["flows"]:
            for what, value in (("encryption in transit", f.get("encrypted")),):
                if value == UNKNOWN:
                    self.summary.gap(what, f["id"])
        result = FidesImport(self.assessment(data, org), self.comments, self.summary)
        return result

    def sources(self) -> list[dict]:
        out = []
        for name, _raw, _pos in self.docs:
            sid = self.new_id("fides-" + Path(name).stem)
            self.source_of[name] = sid
            out.append({"id": sid, "title": f"Fides manifest {Path(name).name}", "kind": "fides_manifest",
                        "note": f"Read by fideslang from {name}."})
        return out

    def cite(self, name: str, section: str) -> dict:
        return {"source": self.source_of[name], "section": section}

    def taxonomy(self) -> dict:
        out: dict[str, list] = {"data_categories": [], "data_subjects": [], "data_uses": []}
        kinds = (("data_category", "data_categories"), ("data_use", "data_uses"), ("data_subject", "data_subjects"))
        from ..taxonomy import Term

        for kind, section in kinds:
            for name, line, obj, raw in sorted(self.res[kind], key=lambda r: r[2].fides_key):
                key = obj.fides_key
                if self.tax.has(kind, key):
                    if not self.tax.get(kind, key).custom:
                        self.summary.note(f"{kind} '{key}' ({Path(name).name}) repeats fideslang's default "
                                          "taxonomy; the default was kept")
                    continue
                entry: dict[str, Any] = {"key": key}
                if kind != "data_subject":
                    parent = obj.parent_key or (key.rsplit(".", 1)[0] if "." in key else None)
                    if parent is None:
                        self.problems.append(Problem(name, line, 0, f"{kind}.{key}.parent_key",
                                                     f"custom {kind} '{key}' has no parent",
                                                     "a parent_key from fideslang's taxonomy (pia extends it below an "
                                                     "existing key)"))
                        continue
                    entry["parent"] = parent
                entry["name"] = obj.name or key
                if obj.description:
                    entry["description"] = obj.description.strip()
                if kind == "data_subject" and getattr(obj, "automated_decisions_or_profiling", None):
                    self.summary.note(f"data subject '{key}' is marked as subject to automated decisions or "
                                      "profiling; pia records this per activity (left unknown)")
                out[section].append(entry)
                self.comments[("taxonomy", key)] = f"from {self.where(name, line)}"
                self.tax.add(kind, Term(key, entry["name"], entry.get("parent"), custom=True))
        return {k: v for k, v in out.items() if v}

    def check_keys(self) -> None:
        """Every data category, use and subject key must be in the taxonomy (fideslang's or custom)."""
        from ..yamlio import format_path

        def check(obj: Any, sub: tuple, kind: str, key: str) -> None:
            if self.tax.has(kind, key):
                return
            name, pos, base = self.paths[id(obj)]
            path = base + sub
            probe = path
            while probe and probe not in pos:
                probe = probe[:-1]
            line, col = pos.get(probe, (0, 0))
            self.problems.append(Problem(name, line, col, format_path(path), f"unknown {kind.replace('_', ' ')} '{key}'"
                                         + suggest(key, self.tax.terms[kind]),
                                         f"a fideslang {kind.replace('_', ' ')} key, or one defined in a custom "
                                         "taxonomy manifest"))

        for _name, _line, s, raw in self.res["system"]:  # raw: fideslang sorts declarations by name
            for j, d in enumerate(raw.get("privacy_declarations") or []):
                decl = ("privacy_declarations", j)
                check(s, decl + ("data_use",), "data_use", d["data_use"])
                for k, c in enumerate(d.get("data_categories") or []):
                    check(s, decl + ("data_categories", k), "data_category", c)
                for k, subj in enumerate(d.get("data_subjects") or []):
                    check(s, decl + ("data_subjects", k), "data_subject", subj)
            for direction in ("egress", "ingress"):
                for j, flow in enumerate(raw.get(direction) or []):
                    for k, c in enumerate(flow.get("data_categories") or []):
                        check(s, (direction, j, "data_categories", k), "data_category", c)
        for _name, _line, ds, _raw in self.res["dataset"]:
            for c in _dataset_categories(ds):
                if not self.tax.has("data_category", c):
                    check(ds, ("collections",), "data_category", c)

    def organization(self, data: dict, parties: list[dict]) -> str:
        orgs = sorted(self.res["organization"], key=lambda r: r[2].fides_key)
        if len(orgs) > 1:
            self.summary.note("several organizations are defined; the first ('" + orgs[0][2].fides_key
                              + "') is the controller, the others became parties")
        if not orgs:
            keys = sorted({s.organization_fides_key for _n, _l, s, _r in self.res["system"]} or {"default_organization"})
            oid = self.new_id(keys[0])
            parties.append({"id": oid, "name": f"Organisation '{keys[0]}' (not described in the manifests)",
                            "country": UNKNOWN, "certifications": UNKNOWN, "contact": UNKNOWN})
            self.summary.gap("controller contact", oid)
            self.summary.gap("country", oid)
            self.dpo = UNKNOWN
            self.summary.gap("DPO", "assessment")
            self.org_name = keys[0]
            return oid
        first = None
        for name, line, org, raw in orgs:
            oid = self.new_id(org.fides_key)
            party: dict[str, Any] = {"id": oid, "name": org.name or org.fides_key, "country": UNKNOWN,
                                     "certifications": UNKNOWN}
            c = org.controller
            contact = _contact_text(c)
            party["contact"] = contact or UNKNOWN
            if org.security_policy:
                party["url"] = str(org.security_policy)
            desc = (org.description or "").strip()
            if org.representative and (org.representative.name or org.representative.email):
                rep = _contact_text(org.representative, with_name=True)
                desc = (desc + "\n" if desc else "") + f"Representative: {rep}."
            if desc:
                party["description"] = desc
            party["evidence"] = [self.cite(name, f"organization {org.fides_key}")]
            parties.append(party)
            self.comments[("parties", oid)] = f"organization {org.fides_key}, from {self.where(name, line)}"
            self.summary.gap("country", oid)
            if not contact:
                self.summary.gap("controller contact", oid)
            if first is None:
                first = oid
                self.org_name = org.name or org.fides_key
                d = org.data_protection_officer
                if d and (d.name or d.email or d.phone or d.address):
                    self.dpo = {"name": d.name or UNKNOWN, "contact": _contact_text(d) or UNKNOWN}
                else:
                    self.dpo = UNKNOWN
                    self.summary.gap("DPO", "assessment")
        return first

    def assessment(self, data: dict, org: str) -> dict:
        out = {
            "assessment": {
                "id": self.assessment_id or org,
                "title": f"{self.org_name}: processing described in Fides manifests",
                "scope": "Systems, privacy declarations and datasets of the Fides manifests listed in `sources`.",
                "version": "1",
                "controller": org,
                "dpo": self.dpo,
            },
            **data,
        }
        if not out["taxonomy"]:
            del out["taxonomy"]
        return out

    def dataset_map(self, systems: list[dict]) -> dict[str, tuple[str, list[str]]]:
        """fides dataset key -> (pia system id, categories used in it)."""
        out: dict[str, tuple[str, list[str]]] = {}
        for name, line, ds, _raw in sorted(self.res["dataset"], key=lambda r: r[2].fides_key):
            sid = self.new_id(ds.fides_key)
            cats = _dataset_categories(ds)
            out[ds.fides_key] = (sid, cats)
            fields = sum(_count_fields(c.fields) for c in ds.collections)
            entry = {"id": sid, "name": ds.name or ds.fides_key, "kind": "datastore", "operator": self.org_id,
                     "location": UNKNOWN,
                     "description": ((ds.description or "").strip() + f" ({len(ds.collections)} collection(s), "
                                     f"{fields} field(s); categories: {', '.join(cats) or 'none declared'})").strip(),
                     "evidence": [self.cite(name, f"dataset {ds.fides_key}")]}
            systems.append(entry)
            self.comments[("systems", sid)] = f"dataset {ds.fides_key}, from {self.where(name, line)}"
            self.summary.gap("location (country) of systems", sid)
        return out

    def subject(self, key: str, subjects: dict[str, dict]) -> str:
        if key not in subjects:
            sid = self.new_id(key if key not in self.ids else key + "-subjects")
            subjects[key] = {"id": sid, "name": self.tax.name("data_subject", key), "category": key,
                             "country": UNKNOWN}
            self.summary.gap("country of data subjects", sid)
        return subjects[key]["id"]

    def system(self, name: str, line: int, s: Any, raw: dict, systems: list, parties: list, subjects: dict,
               activities: list, flows: list) -> None:
        sid = self.system_ids[s.fides_key]
        operator = self.org_id
        vendor = (s.legal_name or "").strip()
        role_of_org = "controller"
        resp = [str(getattr(r, "value", r)) for r in (s.responsibility or [])]
        if "Controller" not in resp and "Processor" in resp:
            role_of_org = "processor"
        elif "Controller" not in resp and "Sub-Processor" in resp:
            role_of_org = "sub_processor"
        if vendor and vendor != self.org_name:
            operator = self.new_id(vendor)
            party = {"id": operator, "name": vendor, "country": UNKNOWN, "certifications": UNKNOWN}
            if s.legal_address:
                party["description"] = f"Legal address: {s.legal_address}"
            if s.dpo:
                party["contact"] = s.dpo
            party["evidence"] = [self.cite(name, f"system {s.fides_key} (legal_name)")]
            parties.append(party)
            self.comments[("parties", operator)] = f"vendor of system {s.fides_key}, from {self.where(name, line)}"
            self.summary.gap("country", operator)
        kind = _SYSTEM_KIND.get((s.system_type or "").strip().lower(), "system")
        entry = {"id": sid, "name": s.name or s.fides_key, "kind": kind, "operator": operator, "location": UNKNOWN}
        desc = (s.description or "").strip()
        if s.administrating_department and s.administrating_department != "Not defined":
            desc = (desc + " " if desc else "") + f"Administered by: {s.administrating_department}."
        if desc:
            entry["description"] = desc
        entry["evidence"] = [self.cite(name, f"system {s.fides_key}")]
        systems.append(entry)
        self.comments[("systems", sid)] = f"system {s.fides_key}, from {self.where(name, line)}"
        self.summary.gap("location (country) of systems", sid)
        meta_ids = ((s.meta or {}).get("pia_activity_ids") or {}) if isinstance(s.meta, dict) else {}
        if not s.privacy_declarations:
            self.summary.note(f"system '{s.fides_key}' declares no privacy declaration: it is a system without "
                              "processing activities")
        set_fields = s.model_fields_set
        mechanisms = [_TRANSFER_FROM_FIDES.get(str(b).strip().lower()) for b in s.legal_basis_for_transfers]
        if len(mechanisms) == 1 and mechanisms[0]:
            self.transfer_of[s.fides_key] = mechanisms[0]
        elif s.legal_basis_for_transfers:
            self.summary.note(f"system '{s.fides_key}' names transfer bases {', '.join(s.legal_basis_for_transfers)}; "
                              "which flow uses which is not said (left unknown)")
        decls = self.decl_ids.setdefault(s.fides_key, [])
        for j, d in enumerate(s.privacy_declarations):
            label = d.name or self.tax.name("data_use", d.data_use)
            wanted = meta_ids.get(d.name or "") if isinstance(meta_ids, dict) else None
            aid = wanted if isinstance(wanted, str) and wanted and wanted not in self.ids else None
            if aid:
                self.ids.add(aid)
            else:
                aid = self.new_id(short_slug(label) if d.name else f"{s.fides_key}-{d.data_use}")
            decls.append((aid, d))
            a: dict[str, Any] = {"id": aid, "name": label}
            if d.features:
                a["description"] = "Features: " + ", ".join(d.features) + "."
            a["purpose"] = d.data_use
            if d.legal_basis_for_processing:
                a["legal_basis"] = LEGAL_BASIS_FROM_FIDES[str(getattr(d.legal_basis_for_processing, "value",
                                                                      d.legal_basis_for_processing))]
            else:
                a["legal_basis"] = UNKNOWN
                self.summary.gap("legal basis", aid)
            categories = list(dict.fromkeys(d.data_categories))
            refs = list(dict.fromkeys([*(d.dataset_references or []), *s.dataset_references]))
            if not categories:
                for ref in refs:
                    if ref in self.datasets:
                        categories += [c for c in self.datasets[ref][1] if c not in categories]
                if categories:
                    self.summary.note(f"activity '{aid}': categories taken from its datasets "
                                      f"({', '.join(r for r in refs if r in self.datasets)})")
                else:
                    self.summary.gap("categories of personal data", aid)
            if d.special_category_legal_basis:
                a["special_condition"] = SPECIAL_FROM_FIDES[str(getattr(d.special_category_legal_basis, "value",
                                                                        d.special_category_legal_basis))]
            elif d.processes_special_category_data or any(self.tax.special(c) for c in categories):
                a["special_condition"] = UNKNOWN
                self.summary.gap("special-category condition", aid)
            a["subjects"] = [self.subject(k, subjects) for k in dict.fromkeys(d.data_subjects)]
            if not a["subjects"]:
                self.summary.gap("categories of data subjects", aid)
            a["categories"] = categories
            a["source"] = UNKNOWN
            self.summary.gap("source of the data", aid)
            a["scale"] = UNKNOWN
            a["retention"] = parse_retention(d.retention_period)
            if a["retention"] == UNKNOWN:
                self.summary.gap("retention", aid)
            a["profiling"] = bool(s.uses_profiling) if "uses_profiling" in set_fields else UNKNOWN
            if a["profiling"] == UNKNOWN:
                self.summary.gap("profiling", aid)
            a["automated_decisions"] = UNKNOWN
            self.summary.gap("automated decisions", aid)
            roles = {self.org_id: role_of_org}
            if operator != self.org_id:
                roles[operator] = "processor" if role_of_org == "controller" else "sub_processor"
            a["roles"] = roles
            a["systems"] = [sid]
            a["evidence"] = [self.cite(name, f"system {s.fides_key}, privacy declaration {label}")]
            activities.append(a)
            self.comments[("activities", aid)] = (f"privacy declaration '{label}' of system {s.fides_key}, "
                                                  f"from {self.where(name, line)}")
            # third parties named in the declaration
            if d.data_shared_with_third_parties or d.third_parties:
                names = [t.strip() for t in re.split(r"[;\n]", d.third_parties or "") if t.strip()]
                if not names:
                    names = [f"Third parties of {label} (not named)"]
                shared = [c for c in d.shared_categories if self.tax.has("data_category", c)
                          and any(self.tax.is_a(c, ac) or self.tax.is_a(ac, c) for ac in categories)]
                for tp in names:
                    pid = self.party_by_name(tp, parties, name, s.fides_key)
                    roles[pid] = "third_party"
                    fid = self.new_id(f"{sid}-to-{pid}")
                    flow = {"id": fid, "from": sid, "to": pid, "activity": aid}
                    if shared:
                        flow["categories"] = shared
                    flow.update({"encrypted": UNKNOWN, "transfer": UNKNOWN})
                    self.summary.gap("transfer mechanism", fid)
                    flows.append(flow)
                    self.comments[("flows", fid)] = f"third parties of system {s.fides_key}, from {self.where(name, line)}"
            # storage in the datasets it references
            for ref in refs:
                if ref not in self.datasets:
                    self.summary.note(f"system '{s.fides_key}' references dataset '{ref}', which no manifest defines")
                    continue
                ds_id, ds_cats = self.datasets[ref]
                fid = self.new_id(f"{aid}-to-{ds_id}")
                flow = {"id": fid, "from": sid, "to": ds_id, "activity": aid}
                carried = [c for c in ds_cats if any(self.tax.is_a(c, ac) or self.tax.is_a(ac, c) for ac in categories)]
                if carried and carried != categories:
                    flow["categories"] = carried
                flow["encrypted"] = UNKNOWN
                flows.append(flow)
                self.comments[("flows", fid)] = f"dataset reference of system {s.fides_key}, from {self.where(name, line)}"

    def party_by_name(self, text: str, parties: list, name: str, system: str) -> str:
        if text in self.party_names:
            return self.party_names[text]
        pid = self.new_id(text[:60])
        parties.append({"id": pid, "name": text, "kind": "organisation", "country": UNKNOWN, "certifications": UNKNOWN,
                        "evidence": [self.cite(name, f"system {system}, third_parties")]})
        self.party_names[text] = pid
        self.summary.gap("country", pid)
        return pid

    def dataflows(self, sys_objs: list, subjects: dict, flows: list) -> None:
        """egress/ingress -> flows, once per (sender, receiver); user flows to/from subject groups."""
        edges: dict[tuple[str, str], dict] = {}  # (from fides key, to fides key) -> info
        for name, line, s, _raw in sys_objs:
            for direction in ("egress", "ingress"):
                for df in getattr(s, direction) or []:
                    other = df.fides_key
                    pair = (s.fides_key, other) if direction == "egress" else (other, s.fides_key)
                    if df.type == "user":
                        pair = (s.fides_key, "user") if direction == "egress" else ("user", s.fides_key)
                    info = edges.setdefault(pair, {"cats": None, "where": (name, line), "type": df.type})
                    if df.data_categories:
                        info["cats"] = list(dict.fromkeys((info["cats"] or []) + list(df.data_categories)))
        # systems that receive nothing from another system or dataset collect from their subjects
        receives = {b for (a, b), info in edges.items() if a != "user"}
        for name, line, s, _raw in sys_objs:
            if s.fides_key not in receives and ("user", s.fides_key) not in edges:
                edges[("user", s.fides_key)] = {"cats": None, "where": (name, line), "type": "implied"}
        for (src, dst), info in sorted(edges.items()):
            name, line = info["where"]
            if src == "user" or dst == "user":
                system = dst if src == "user" else src
                for aid, d in self.decl_ids.get(system, []):
                    for key in dict.fromkeys(d.data_subjects):
                        subj = subjects[key]["id"]
                        a, b = (subj, self.system_ids[system]) if src == "user" else (self.system_ids[system], subj)
                        fid = self.new_id(f"{a}-to-{b}")
                        flows.append({"id": fid, "from": a, "to": b, "activity": aid, "encrypted": UNKNOWN})
                        how = "collection implied by the declaration" if info["type"] == "implied" else f"{info['type']} flow"
                        self.comments[("flows", fid)] = f"{how} of system {system}, from {self.where(name, line)}"
                continue
            a_id = self.node_id(src)
            b_id = self.node_id(dst)
            if a_id is None or b_id is None:
                missing = src if a_id is None else dst
                self.problems.append(Problem(name, line, 0, f"system egress/ingress",
                                             f"flow between '{src}' and '{dst}' names '{missing}', which no manifest "
                                             "defines" + suggest(missing, list(self.system_ids) + list(self.datasets)),
                                             "the fides_key of a system or dataset, or 'user'"))
                continue
            pick = self.pick_activity(src, dst, info["cats"])
            if pick is None:
                self.summary.note(f"flow from '{src}' to '{dst}' was not imported: neither system declares a purpose "
                                  "(privacy declaration)")
                continue
            aid, acats = pick
            fid = self.new_id(f"{a_id}-to-{b_id}")
            flow: dict[str, Any] = {"id": fid, "from": a_id, "to": b_id, "activity": aid}
            if info["cats"]:
                carried = [c for c in info["cats"] if not acats or any(self.tax.is_a(c, x) or self.tax.is_a(x, c) for x in acats)]
                if carried:
                    flow["categories"] = carried
            mech = self.transfer_of.get(src)
            flow["encrypted"] = UNKNOWN
            flow["transfer"] = mech or UNKNOWN
            if not mech:
                self.summary.gap("transfer mechanism", fid)
            flows.append(flow)
            self.comments[("flows", fid)] = f"egress/ingress {src} -> {dst}, from {self.where(name, line)}"

    def node_id(self, key: str) -> str | None:
        if key in self.system_ids:
            return self.system_ids[key]
        if key in self.datasets:
            return self.datasets[key][0]
        return None

    def pick_activity(self, src: str, dst: str, cats: list[str] | None) -> tuple[str, list[str]] | None:
        """The declaration a flow serves: one naming it in egress/ingress, else the receiver's first
        declaration sharing its categories, else the sender's."""
        for system, attr, other in ((src, "egress", dst), (dst, "ingress", src)):
            named = self.named_flows(system, attr)
            if other in named:
                return named[other]
        for system in (dst, src):
            for aid, d in self.decl_ids.get(system, []):
                if not cats or self.compatible(aid, d, cats):
                    return aid, list(d.data_categories)
        return None

    def named_flows(self, system: str, attr: str) -> dict[str, tuple[str, list[str]]]:
        """For a system: resource named in its declarations' egress (or ingress) -> first such declaration."""
        key = (system, attr)
        if key not in self._named:
            out: dict[str, tuple[str, list[str]]] = {}
            for aid, d in self.decl_ids.get(system, []):
                for other in getattr(d, attr) or []:
                    out.setdefault(other, (aid, list(d.data_categories)))
            self._named[key] = out
        return self._named[key]

    def compatible(self, aid: str, d: Any, cats: list[str]) -> bool:
        """True when one of ``cats`` is, or is below or above, a category the declaration names."""
        if aid not in self._cover:
            declared = set(d.data_categories)
            above = {a for c in declared for a in self.tax.ancestors(c)}
            self._cover[aid] = (declared, above)
        declared, above = self._cover[aid]
        return any(c in above or any(a in declared for a in self.tax.ancestors(c)) for c in cats)

def _contact_text(c: Any, with_name: bool = False) -> str:
    if c is None:
        return ""
    parts = [c.name] if with_name and c.name else []
    parts += [p for p in (c.email, c.phone, c.address) if p]
    return ", ".join(parts)


def _count_fields(fields: Any) -> int:
    n = 0
    stack = list(fields or [])
    while stack:
        f = stack.pop()
        n += 1
        stack.extend(f.fields or [])
    return n


def _dataset_categories(ds: Any) -> list[str]:
    """Every category declared on a dataset, its collections and (nested) fields, first-seen order."""
    seen: dict[str, None] = dict.fromkeys(ds.data_categories or [])
    for coll in ds.collections:
        seen.update(dict.fromkeys(coll.data_categories or []))
        stack = list(reversed(coll.fields or []))
        while stack:
            f = stack.pop()
            seen.update(dict.fromkeys(f.data_categories or []))
            stack.extend(reversed(f.fields or []))
    return list(seen)


# --- export ------------------------------------------------------------------------------------

_LEGAL_TO_FIDES = {v: k for k, v in LEGAL_BASIS_FROM_FIDES.items()}
_SPECIAL_TO_FIDES = {v: k for k, v in SPECIAL_FROM_FIDES.items()}


_NOT_KEY = re.compile(r"[^A-Za-z0-9_.<>\-]+")


def _fkey(text: str) -> str:
    """A fides_key for a pia id (ids are already valid keys; other text is folded)."""
    key = _NOT_KEY.sub("_", text).strip("_")
    return key or "item"


def export_fides(model: "Model") -> tuple[dict[str, dict], list[str]]:
    """Fides manifests for ``model``: ``({file name: manifest}, notes)``.

    Files: ``organization.yml``, ``taxonomy.yml`` (custom keys, if any), ``systems.yml``. Each
    activity becomes one privacy declaration, on its first system (or, failing that, on the system
    its flows start from or reach; activities without any system go to a system named after the
    organisation). Notes list what fideslang cannot carry.
    """
    notes: list[str] = []
    a = model.assessment
    org_party = model.index.get(a.controller) if a.controller else None
    org_key = _fkey(a.controller or a.id)
    org: dict[str, Any] = {"fides_key": org_key, "name": getattr(org_party, "name", None) or a.title}
    if org_party is not None and org_party.description:
        org["description"] = org_party.description.strip()
    if org_party is not None and is_known(org_party.contact):
        org["controller"] = _contact_dict(org_party.name, org_party.contact)
    if a.dpo is not None and (is_known(a.dpo.name) or is_known(a.dpo.contact)):
        org["data_protection_officer"] = _contact_dict(a.dpo.name if is_known(a.dpo.name) else "",
                                                       a.dpo.contact if is_known(a.dpo.contact) else "")
    files: dict[str, dict] = {"organization.yml": {"organization": [org]}}

    tax: dict[str, list] = {}
    for c in model.taxonomy.data_categories:
        tax.setdefault("data_category", []).append(
            {"fides_key": c.key, "organization_fides_key": org_key, "name": c.name, "description": c.description,
             "parent_key": c.parent})
    for u in model.taxonomy.data_uses:
        tax.setdefault("data_use", []).append(
            {"fides_key": u.key, "organization_fides_key": org_key, "name": u.name, "description": u.description,
             "parent_key": u.parent})
    for s in model.taxonomy.data_subjects:
        tax.setdefault("data_subject", []).append(
            {"fides_key": s.key, "organization_fides_key": org_key, "name": s.name, "description": s.description})
    if tax:
        files["taxonomy.yml"] = tax

    systems = {s.id: s for s in model.systems}
    flows_by_activity: dict[str, list] = {}
    for f in model.flows:
        flows_by_activity.setdefault(f.activity, []).append(f)
    home: dict[str, str] = {}
    fallback = None
    for act in model.activities:
        sid = next((s for s in act.systems if s in systems), None)
        if sid is None:
            for f in flows_by_activity.get(act.id, []):
                if f.to in systems or f.source in systems:
                    sid = f.to if f.to in systems else f.source
                    break
        if sid is None:
            fallback = fallback or unique_id(f"{a.controller or a.id}-processing", set(systems))
            sid = fallback
            notes.append(f"activity '{act.id}' names no system; it was put on system '{fallback}'")
        home[act.id] = sid
    decls: dict[str, list[dict]] = {}
    decl_names: dict[str, set[str]] = {}
    meta_ids: dict[str, dict[str, str]] = {}
    tax_model = model.vocabulary
    for act in model.activities:
        sid = home[act.id]
        d: dict[str, Any] = {"name": act.name, "data_use": act.purpose, "data_categories": list(act.categories),
                             "data_subjects": list(dict.fromkeys(model.get(s).category for s in act.subjects))}
        if is_known(act.legal_basis):
            d["legal_basis_for_processing"] = _LEGAL_TO_FIDES[act.legal_basis]
        r = act.retention
        if r is not None and is_known(r.period):
            d["retention_period"] = r.period + (f" — {r.criteria}" if r.criteria else "")
        elif r is not None and r.criteria:
            d["retention_period"] = r.criteria
        special = any(tax_model.special(c) for c in act.categories)
        if special or is_known(act.special_condition):
            d["processes_special_category_data"] = True
        if is_known(act.special_condition):
            if act.special_condition in _SPECIAL_TO_FIDES:
                d["special_category_legal_basis"] = _SPECIAL_TO_FIDES[act.special_condition]
            else:
                notes.append(f"activity '{act.id}': fideslang has no value for condition '{act.special_condition}'")
        third = sorted(p for p, r in act.roles.items() if r == "third_party")
        if third:
            d["data_shared_with_third_parties"] = True
            d["third_parties"] = "; ".join(model.name(p) for p in third)
            shared = []
            for f in flows_by_activity.get(act.id, []):
                if f.to in third:
                    shared += [c for c in model.flow_categories(f) if c not in shared]
            d["shared_categories"] = shared
        names = decl_names.setdefault(sid, set())
        if act.name in names:
            d["name"] = f"{act.name} ({act.id})"
        names.add(d["name"])
        decls.setdefault(sid, []).append(d)
        meta_ids.setdefault(sid, {})[d["name"]] = act.id
    out_systems = []
    egress: dict[str, dict[str, list]] = {}
    ingress: dict[str, dict[str, list]] = {}
    subjects = {s.id for s in model.subjects}
    for f in model.flows:
        if f.source in systems and (f.to in systems or f.to in subjects):
            target = f.to if f.to in systems else "user"
            egress.setdefault(f.source, {}).setdefault(_fkey(target), [])
        if f.to in systems and f.source in subjects:
            ingress.setdefault(f.to, {}).setdefault("user", [])
        if f.to in systems and f.source in systems:
            ingress.setdefault(f.to, {}).setdefault(_fkey(f.source), [])
    all_ids = list(systems) + ([fallback] if fallback else [])
    for sid in sorted(all_ids):
        s = systems.get(sid)
        entry: dict[str, Any] = {"fides_key": _fkey(sid), "organization_fides_key": org_key,
                                 "name": s.name if s else f"Processing of {org['name']} not tied to a system",
                                 "system_type": _KIND_TO_TYPE.get(s.kind if s else "system", "System")}
        if s is not None and s.description:
            entry["description"] = s.description.strip()
        if s is not None and s.operator and s.operator != a.controller:
            entry["legal_name"] = model.name(s.operator)
        profiling = {act.profiling for act in model.activities if home[act.id] == sid}
        if profiling in ({True}, {False}):  # fideslang says it per system, pia per activity
            entry["uses_profiling"] = profiling.pop()
        entry["meta"] = {"pia_id": sid, "pia_activity_ids": dict(sorted(meta_ids.get(sid, {}).items()))}
        for direction, table in (("egress", egress), ("ingress", ingress)):
            if sid in table:
                entry[direction] = [{"fides_key": k, "type": "user" if k == "user" else "system"}
                                    for k in sorted(table[sid])]
        entry["privacy_declarations"] = sorted(decls.get(sid, []), key=lambda d: d["name"])
        out_systems.append(entry)
    files["systems.yml"] = {"system": out_systems}
    lost = [f.id for f in model.flows if not ((f.source in systems or f.source in subjects) and
                                              (f.to in systems or f.to in subjects))]
    if lost:
        notes.append(f"{len(lost)} flow(s) to or from parties are carried only as third_parties text: "
                     + ", ".join(lost[:8]) + (" ..." if len(lost) > 8 else ""))
    notes.append("fideslang has no field for countries, transfer mechanisms, encryption or controls: "
                 "they are not exported")
    _validate_manifests(files)
    return files, notes


def _contact_dict(name: str | None, contact: str | None) -> dict:
    contact = contact or ""
    d = {"name": name or ""}
    if "@" in contact and " " not in contact.strip():
        d["email"] = contact
    else:
        d["address"] = contact
    return d


def _validate_manifests(files: dict[str, dict]) -> None:
    from fideslang import model_map
    from pydantic import ValidationError

    from ..errors import PipelineError

    for name, manifest in files.items():
        for kind, items in manifest.items():
            for item in items:
                try:
                    model_map[kind].model_validate(item)
                except ValidationError as exc:  # pragma: no cover - a bug in the exporter
                    raise PipelineError("writing Fides manifests", f"{name}: {exc}") from None


def write_fides(model: "Model", out_dir: str | Path) -> tuple[list[Path], list[str]]:
    """Write the manifests of :func:`export_fides` into ``out_dir`` (each file atomically)."""
    import yaml

    files, notes = export_fides(model)
    written = []
    for name, manifest in files.items():
        head = (f"# Fides manifest written by `pia export fides` from pia model '{model.assessment.id}'.\n"
                "# fideslang cannot express countries, transfer mechanisms, encryption or controls.\n")
        text = head + yaml.dump(manifest, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                                allow_unicode=True, width=100)
        path = Path(out_dir) / name
        write_atomic(path, text)
        written.append(path)
    return written, notes
