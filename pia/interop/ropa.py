"""Art. 30 records of processing activities (ROPA) as CSV or Excel, in and out.

:func:`export_ropa` writes :func:`pia.record.record` as CSV (UTF-8) or ``.xlsx`` (bold header,
frozen panes, column widths, wrapped text). Every cell starting with ``= + - @``, a tab or a carriage
return is prefixed with ``'`` so that no spreadsheet runs it as a formula (CSV/formula injection).

:func:`import_ropa` reads such a sheet back, tolerant of column order and of common header
spellings (:data:`HEADER_ALIASES`), and reports every bad cell with its row, column and reason:
unknown taxonomy terms (with a "did you mean"), merged cells, formulas and injection payloads,
missing required columns. Nothing is returned as a model until the sheet is clean, unless
``partial=True`` (good rows kept, bad ones listed).

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("plain text"), neutralise("")
('plain text', '')
>>> header_key("Lawful basis (Art. 6)")
'legal_basis'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelError, Problem
from ..record import ART9_NAMES, COLUMNS, LEGAL_BASIS_NAMES
from ..schema import ART9_CONDITIONS, LEGAL_BASES, TRANSFER_MECHANISMS, UNKNOWN
from .common import ImportSummary, model_yaml, parse_retention, short_slug, slug, suggest, unique_id, write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Model

__all__ = ["export_ropa", "write_ropa", "import_ropa", "RopaImport", "neutralise", "HEADER_ALIASES",
           "header_key", "REQUIRED", "FORMULA_START"]

#: First characters that make a spreadsheet treat a cell as a formula (or a DDE payload).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Column field -> header spellings accepted (compared lower-case, punctuation and spaces folded).
HEADER_ALIASES: dict[str, list[str]] = {
    "reference": ["Reference", "Ref", "ID", "Activity id", "Activity ID", "Record id", "No", "Number"],
    "activity": ["Activity", "Processing activity", "Name of processing", "Processing operation", "Name of the processing",
                 "Activity name", "Process", "Processing"],
    "description": ["Description", "Description of processing", "Details", "Notes"],
    "controller": ["Controller", "Data controller", "Name of controller", "Controller name"],
    "controller_contact": ["Controller contact", "Controller contact details", "Contact details of controller",
                           "Contact", "Controller's contact details"],
    "joint_controllers": ["Joint controllers", "Joint controller", "Joint controller(s)"],
    "dpo": ["DPO", "Data protection officer", "DPO contact", "DPO contact details", "Data protection officer contact"],
    "purpose": ["Purpose", "Purposes", "Purpose of processing", "Purposes of the processing", "Purpose of the processing",
                "Data use"],
    "legal_basis": ["Legal basis", "Lawful basis", "Legal basis for processing", "Lawful basis for processing",
                    "Article 6 basis", "Lawful basis (Art. 6)", "Legal basis (Art. 6)", "Art. 6 basis"],
    "legitimate_interest": ["Legitimate interest", "Legitimate interests", "Legitimate interest pursued",
                            "Legitimate interests pursued"],
    "subjects": ["Categories of data subjects", "Data subjects", "Categories of individuals", "Data subject categories",
                 "Subjects", "Individuals"],
    "categories": ["Categories of personal data", "Personal data", "Data categories", "Categories of data",
                   "Personal data categories", "Types of personal data", "Data"],
    "special_condition": ["Special-category condition", "Special category condition", "Article 9 condition",
                          "Art. 9 condition", "Special category basis", "Condition for special category data",
                          "Special categories condition"],
    "processors": ["Processors", "Processor", "Data processors", "Recipients: processors"],
    "sub_processors": ["Sub-processors", "Sub-processor", "Subprocessors", "Recipients: sub-processors"],
    "third_parties": ["Third parties", "Third party", "Third-party recipients", "Recipients: third parties",
                      "Recipients", "Categories of recipients"],
    "authorities": ["Public authorities", "Authorities", "Public authority", "Recipients: public authorities"],
    "transfers": ["Third-country transfers", "Third country transfers", "International transfers", "Transfers",
                  "Transfers to third countries", "Countries"],
    "safeguards": ["Transfer safeguards", "Safeguards", "Transfer mechanism", "Transfer mechanisms",
                   "Safeguards for transfers", "Appropriate safeguards"],
    "retention": ["Retention", "Retention period", "Time limits for erasure", "Retention schedule", "Storage period",
                  "Envisaged time limits for erasure"],
    "security": ["Security measures", "Technical and organisational measures", "Technical and organizational measures",
                 "TOMs", "Security", "Measures"],
    "source": ["Source of the data", "Source", "Data source", "Source of data", "Source of personal data"],
    "automation": ["Automated decisions and profiling", "Automated decision-making and profiling",
                   "Automated decision making", "Automated decisions"],
    "profiling": ["Profiling"],
    "dpia": ["DPIA required", "DPIA", "DPIA needed", "Is a DPIA required"],
}
#: Columns a sheet must have.
REQUIRED = ("activity", "purpose")

_ROLE_FIELDS = {"processors": "processor", "sub_processors": "sub_processor", "third_parties": "third_party",
                "authorities": "public_authority"}
_EMPTY = {"", "none", "n/a", "na", "-", "not applicable", "nil", "no one", "nobody"}


def _fold(text: str) -> str:
    t = str(text).lower().replace("&", " and ").replace("organization", "organisation")
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


_ALIAS_INDEX = {_fold(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases}


def header_key(header: Any) -> str | None:
    """The field a column header names, or None."""
    if header is None:
        return None
    return _ALIAS_INDEX.get(_fold(str(header)))


def neutralise(value: Any) -> Any:
    """Prefix text starting with a formula character with ``'`` (text, not a formula, in any sheet)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# --- export ------------------------------------------------------------------------------------

def export_ropa(model: "Model") -> "Any":
    """The record of ``model`` with every cell neutralised, as a pandas DataFrame."""
    from ..record import record

    df = record(model, sep="\n")
    return df.map(neutralise)


def write_ropa(model: "Model", path: str | Path) -> Path:
    """Write the record as ``.csv`` or ``.xlsx`` (chosen by the suffix), atomically."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ModelError([Problem(str(path), message=f"cannot write a record as '{p.suffix or 'no suffix'}'",
                                  accepted=".csv or .xlsx")])
    df = export_ropa(model)
    if suffix == ".csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(list(df.columns))
        writer.writerows(df.itertuples(index=False, name=None))
        write_atomic(p, "\ufeff" + buf.getvalue())
    else:
        write_atomic(p, _xlsx_bytes(df, model))
    return p


def _xlsx_bytes(df: Any, model: "Model") -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Record of processing"
    ws.append(list(df.columns))
    for row in df.itertuples(index=False, name=None):
        ws.append(list(row))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = wrap
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
            cell.data_type = "s"  # text, never a formula (values are neutralised too)
    widths = {"Reference": 22, "Activity": 32, "Description": 50}
    for i, name in enumerate(df.columns, 1):
        longest = max([len(line) for v in df[name] for line in str(v).splitlines() or [""]] + [len(name) // 2])
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, max(12, min(48, longest + 2)))
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.creator = "pia"
    wb.properties.title = f"Record of processing activities: {model.assessment.title}"
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so that equal content gives equal bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


# --- import ------------------------------------------------------------------------------------

@dataclass
class RopaImport:
    """The result of :func:`import_ropa`: model data, the bad cells, and the summary."""

    data: dict
    problems: list[Problem]
    summary: ImportSummary
    rows: int = 0
    kept: int = 0
    comments: dict = field(default_factory=dict)

    def yaml(self) -> str:
        header = ["pia model imported from an Art. 30 record by `pia import ropa`.", "", *self.summary.lines(), ""]
        return model_yaml(self.data, header, self.comments)

    def model(self, name: str = "<imported record>") -> "Model":
        from ..model import loads

        return loads(self.yaml(), name)


@dataclass
class _Sheet:
    name: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)


def _read_csv(path: Path, name: str) -> _Sheet:
    import csv
    import io

    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ModelError([Problem(name, message="this is a binary file, not CSV text",
                                  accepted="a UTF-8 CSV file, or an .xlsx workbook")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _sheet(name, [(i, r) for i, r in enumerate(rows, 1)])


def _read_xlsx(path: Path, name: str) -> _Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ModelError([Problem(name, message=f"cannot read the workbook ({type(exc).__name__})",
                                  accepted="an .xlsx workbook saved by Excel or LibreOffice")]) from None
    ws = wb.worksheets[0]
    merged: dict[tuple[int, int], str] = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = str(rng)
    rows = []
    for r, row in enumerate(ws.iter_rows(), 1):
        cells = []
        for c, cell in enumerate(row, 1):
            value = cell.value
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=") and cell.data_type != "s"):
                value = _Formula(str(value))
            elif (r, c) in merged:
                value = _Merged(merged[(r, c)], value)
            cells.append(value)
        rows.append((r, cells))
    return _sheet(name, rows)


class _Formula(str):
    """A cell holding a formula."""


class _Merged:
    def __init__(self, ref: str, value: Any) -> None:
        self.ref = ref
        self.value = value


def _sheet(name: str, rows: list[tuple[int, list[Any]]]) -> _Sheet:
    header_at = None
    for idx, (number, cells) in enumerate(rows[:15]):
        keys = {header_key(_plain(c)) for c in cells} - {None}
        if len(keys) >= 2:
            header_at = idx
            break
    if header_at is None:
        raise ModelError([Problem(name, message="no header row found (none of the first 15 rows names at least two "
                                  "known columns)", accepted="a header row such as: " + ", ".join(COLUMNS[:8]) + ", ...")])
    number, headers = rows[header_at]
    return _Sheet(name, number, [str(_plain(h) or "").strip() for h in headers], rows[header_at + 1:])


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, _Merged) else value


def import_ropa(path: str | Path, *, partial: bool = False, assessment_id: str | None = None,
                name: str | None = None, taxonomy: "Model | None" = None) -> RopaImport:
    """Read a record of processing activities (``.csv`` or ``.xlsx``) into model data.

    Taxonomy terms are resolved against fideslang's taxonomy, extended with the ``taxonomy``
    section of the model ``taxonomy`` when given (its extensions are copied into the result).

    Raises :class:`~pia.errors.ModelError` when the file cannot be read, lacks a required column,
    or (without ``partial``) has any bad cell. With ``partial``, bad rows are left out and listed in
    ``problems``.
    """
    name = str(path) if name is None else name
    p = Path(path)
    if not p.is_file():
        raise ModelError([Problem(name, message="no such file")])
    suffix = p.suffix.lower()
    if suffix == ".csv":
        sheet = _read_csv(p, name)
    elif suffix in (".xlsx", ".xlsm"):
        sheet = _read_xlsx(p, name)
    else:
        raise ModelError([Problem(name, message=f"cannot read a record from '{p.suffix or 'a file without suffix'}'",
                                  accepted=".csv or .xlsx")])
    return _Builder(sheet, assessment_id or slug(p.stem), partial, taxonomy).run()


class _Builder:
    def __init__(self, sheet: _Sheet, assessment_id: str, partial: bool, taxonomy: "Model | None") -> None:
        from ..taxonomy import Taxonomy

        self.sheet = sheet
        self.partial = partial
        self.assessment_id = assessment_id
        self.extensions = taxonomy.taxonomy if taxonomy is not None else None
        self.tax = taxonomy.vocabulary if taxonomy is not None else Taxonomy.default()
        self.summary = ImportSummary(f"the record {Path(sheet.name).name}")
        self.columns: dict[str, int] = {}
        self.parties: dict[str, dict] = {}  # name -> party
        self.subjects: dict[tuple[str, str], dict] = {}
        self.controls: dict[str, dict] = {}
        self.flows_of: dict[str, list[dict]] = {}  # activity id -> transfers to turn into flows
        self.ids: set[str] = set()  # activity ids given so far
        self.taken: set[str] = set()  # every id in use or reserved (all rows' references)
        self.names = {kind: {_fold(t.name): k for k, t in terms.items()} for kind, terms in self.tax.terms.items()}

    def problem(self, row: int, key: str, message: str, accepted: str = "") -> Problem:
        col = self.columns.get(key, -1) + 1
        header = self.sheet.headers[col - 1] if col else key
        return Problem(self.sheet.name, row, col, header, message, accepted)

    def run(self) -> RopaImport:
        problems: list[Problem] = []
        for i, h in enumerate(self.sheet.headers):
            key = header_key(h)
            if key and key not in self.columns:
                self.columns[key] = i
            elif key:
                self.summary.note(f"column '{h}' repeats '{self.sheet.headers[self.columns[key]]}' and was ignored")
            elif h:
                self.summary.note(f"column '{h}' is not part of an Art. 30 record pia knows and was ignored")
        # a record written by `pia export ropa` puts one item per line: ';' is then part of a name
        self.pia_layout = self.sheet.headers[:len(COLUMNS)] == COLUMNS
        missing = [k for k in REQUIRED if k not in self.columns]
        if missing:
            raise ModelError([Problem(self.sheet.name, self.sheet.header_row, 0, "header",
                                      f"required column '{HEADER_ALIASES[k][0]}' is missing",
                                      "headers: " + ", ".join(HEADER_ALIASES[k][:4])) for k in missing])
        if "dpia" in self.columns:
            self.summary.note("the 'DPIA required' column is derived by pia's screening and was not imported")
        ref_col = self.columns.get("reference", self.columns["activity"])
        for _number, cells in self.sheet.rows:
            value = _plain(cells[ref_col]) if ref_col < len(cells) else None
            if value not in (None, ""):
                text = str(value).strip()
                self.taken.add(self.reference(text) if "reference" in self.columns else short_slug(text))
        activities: list[dict] = []
        bad_rows = 0
        total = 0
        self.dpo: Any = None
        self.controller_counts: dict[str, int] = {}
        for number, cells in self.sheet.rows:
            if all(_plain(c) in (None, "") or (isinstance(_plain(c), str) and not _plain(c).strip()) for c in cells):
                continue
            total += 1
            row_problems: list[Problem] = []
            values = self.cells(number, cells, row_problems)
            act = self.activity(number, values, row_problems) if not row_problems else None
            if row_problems:
                problems += row_problems
                bad_rows += 1
                continue
            activities.append(act)
        if total == 0:
            raise ModelError([Problem(self.sheet.name, self.sheet.header_row, 0, "", "the record has no rows below its header",
                                      "one row per processing activity")])
        if problems and not self.partial:
            raise ModelError(problems)
        data = self.model_data(activities)
        if problems:
            self.summary.note(f"{bad_rows} bad row(s) left out (--partial): rows "
                              + ", ".join(str(r) for r in sorted({p.line for p in problems})))
        return RopaImport(data, problems, self.summary, total, len(activities))

    # -- cells --
    def cells(self, number: int, cells: list[Any], problems: list[Problem]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, idx in self.columns.items():
            value = cells[idx] if idx < len(cells) else None
            if isinstance(value, _Merged):
                problems.append(self.problem(number, key, f"merged cells {value.ref}",
                                             "one value per cell: unmerge the cells and repeat the value in each row"))
                continue
            if isinstance(value, _Formula):
                problems.append(self.problem(number, key, f"a formula ({_short(value)})",
                                             "plain text: replace the formula by its value"))
                continue
            if value is None:
                text = ""
            elif isinstance(value, float) and value.is_integer():
                text = str(int(value))
            else:
                text = str(value).strip(" ")
            if text.startswith(FORMULA_START):
                problems.append(self.problem(number, key, f"looks like a formula or CSV-injection payload ({_short(text)})",
                                             "plain text; a value meant literally can start with ' (apostrophe)"))
                continue
            if text.startswith("'") and text[1:].startswith(FORMULA_START):
                out[key] = text[1:]  # neutralised by pia export ropa (or typed as text in a spreadsheet)
            else:
                out[key] = text.strip()
        return out

    # -- one row -> one activity --
    def activity(self, row: int, v: dict[str, str], problems: list[Problem]) -> dict | None:
        name = v.get("activity", "")
        if not name:
            problems.append(self.problem(row, "activity", "the activity has no name", "the name of the processing activity"))
        ref = self.reference(v["reference"]) if v.get("reference") else short_slug(name)
        if ref in self.ids:
            problems.append(self.problem(row, "reference" if v.get("reference") else "activity",
                                         f"reference '{ref}' is used by an earlier row", "one row per activity, each with its own reference"))
        a: dict[str, Any] = {"id": ref, "name": name}
        if v.get("description"):
            a["description"] = v["description"]
        a["purpose"] = self.term(row, "purpose", "data_use", v.get("purpose", ""), problems, required=True)
        a["legal_basis"] = self.legal_basis(row, v.get("legal_basis", ""), problems)
        li = v.get("legitimate_interest", "")
        if li and _fold(li) not in _EMPTY and li.lower() != UNKNOWN:
            a["legitimate_interest"] = li
        special = self.special(row, v.get("special_condition", ""), problems)
        if special:
            a["special_condition"] = special
        a["subjects"] = self.subject_list(row, v.get("subjects", ""), problems)
        a["categories"] = [c for c in (self.term(row, "categories", "data_category", item, problems)
                                       for item in self.items(v.get("categories", ""))) if c]
        source = self.source(row, v.get("source", ""))
        if source is not None:
            a["source"] = source
        a["retention"] = self.retention(row, v.get("retention", ""), problems)
        auto, prof = self.automation(row, v, problems)
        a["profiling"], a["automated_decisions"] = prof, auto
        roles: dict[str, str] = {}
        controllers = [n for n in self.items(v.get("controller", "")) if n.lower() != UNKNOWN]
        contacts = self.items(v.get("controller_contact", ""))
        for i, n in enumerate(controllers):
            contact = contacts[i] if i < len(contacts) and contacts[i].lower() != UNKNOWN else None
            pid = self.party(n, contact=contact)
            roles[pid] = "controller"
            self.controller_counts[pid] = self.controller_counts.get(pid, 0) + 1
        for n in self.items(v.get("joint_controllers", "")):
            roles[self.party(n)] = "joint_controller"
        for key, role in _ROLE_FIELDS.items():
            for n in self.items(v.get(key, "")):
                pid = self.party(n, kind="authority" if role == "public_authority" else None)
                roles.setdefault(pid, role)
        a["roles"] = roles
        dpo = v.get("dpo", "")
        if dpo and self.dpo is None:
            self.dpo = dpo
        elif dpo and dpo != self.dpo:
            self.summary.note(f"row {row}: DPO '{dpo}' differs from the first row's; the first was kept")
        self.flows_of[ref] = self.transfers(row, v, roles, problems)
        for m in self.items(v.get("security", "")):
            self.control(m, ref)
        if problems:
            return None
        self.ids.add(ref)
        return a

    def items(self, text: str) -> list[str]:
        return _items(text, self.pia_layout)

    @staticmethod
    def reference(text: str) -> str:
        """The activity id a row's reference (or, without one, its name) gives."""
        if re.match(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", text):
            return text
        return short_slug(text)

    def term(self, row: int, key: str, kind: str, text: str, problems: list[Problem], required: bool = False) -> str | None:
        text = text.strip()
        if not text or text.lower() == UNKNOWN:
            if required:
                problems.append(self.problem(row, key, "no purpose given", "a fideslang data use, e.g. 'analytics.reporting'"))
            return None
        m = re.search(r"\[([^\[\]]+)\]\s*$", text)
        candidate = m.group(1).strip() if m else text
        if self.tax.has(kind, candidate):
            return candidate
        by_name = self.names[kind].get(_fold(text if not m else text[:m.start()]))
        if by_name and not m:
            return by_name
        label = {"data_use": "purpose (data use)", "data_category": "data category", "data_subject": "data subject"}[kind]
        hint = suggest(candidate, self.tax.terms[kind])
        if not hint:
            close = suggest(_fold(candidate), list(self.names[kind]))
            if close:
                hint = f"; did you mean '{self.names[kind][close.split(chr(39))[1]]}'?"
        problems.append(self.problem(row, key, f"unknown {label} '{candidate}'{hint}",
                                     f"a fideslang {kind.replace('_', ' ')} key or name, written as key, name, or 'Name [key]'; "
                                     "for a model's own terms, import with --taxonomy MODEL"))
        return None

    def legal_basis(self, row: int, text: str, problems: list[Problem]) -> str:
        t = _fold(text)
        if not t or t == UNKNOWN or t in _EMPTY:
            return UNKNOWN
        for key, name in LEGAL_BASIS_NAMES.items():
            if t.startswith(_fold(name)) or t.startswith(_fold(key)) or t.rstrip("s") == _fold(name).rstrip("s"):
                return key
        m = re.search(r"6\s*\(\s*1\s*\)\s*\(\s*([a-f])\s*\)", text)
        if m:
            return list(LEGAL_BASES)[ord(m.group(1)) - ord("a")]
        problems.append(self.problem(row, "legal_basis", f"unknown legal basis '{text}'" + suggest(t, [_fold(n) for n in LEGAL_BASIS_NAMES.values()]),
                                     "; ".join(f"{n} (Art. 6(1)({chr(97 + i)}))" for i, n in enumerate(LEGAL_BASIS_NAMES.values())) + "; unknown"))
        return UNKNOWN

    def special(self, row: int, text: str, problems: list[Problem]) -> str | None:
        t = _fold(text)
        if not t or t in _EMPTY:
            return None
        if t == UNKNOWN:
            return UNKNOWN
        for key, name in ART9_NAMES.items():
            if t.startswith(_fold(name)) or t == _fold(key):
                return key
        m = re.search(r"9\s*\(\s*2\s*\)\s*\(\s*([a-j])\s*\)", text)
        if m:
            return list(ART9_CONDITIONS)[ord(m.group(1)) - ord("a")]
        problems.append(self.problem(row, "special_condition", f"unknown special-category condition '{text}'"
                                     + suggest(t, [_fold(n) for n in ART9_NAMES.values()]),
                                     ", ".join(ART9_NAMES.values()) + ", not applicable, unknown"))
        return None

    def subject_list(self, row: int, text: str, problems: list[Problem]) -> list[str]:
        out = []
        for item in self.items(text):
            m = re.search(r"\[([^\[\]]+)\]\s*$", item)
            label = item[:m.start()].strip() if m else item
            key = self.term(row, "subjects", "data_subject", item, problems)
            if key is None:
                continue
            group = self.subjects.get((label, key))
            if group is None:
                gid = unique_id(short_slug(label), self.taken)
                self.taken.add(gid)
                group = {"id": gid, "name": label, "category": key, "country": UNKNOWN}
                self.subjects[(label, key)] = group
                self.summary.gap("country of data subjects", gid)
            if group["id"] not in out:
                out.append(group["id"])
        return out

    def source(self, row: int, text: str) -> Any:
        if not text or text.lower() == UNKNOWN:
            return UNKNOWN
        head, _, desc = text.partition(" — ")
        t = _fold(head)
        if t in ("the data subjects", "data subjects", "data subject", "the data subject", "the individual",
                 "individuals", "directly from the data subject", "from the data subject"):
            out: dict[str, Any] = {"kind": "data_subject"}
        elif t in ("publicly available sources", "public", "public sources", "publicly available"):
            out = {"kind": "public"}
        elif t in ("another system", "system"):
            out = {"kind": "system"}
        else:
            out = {"kind": "party", "party": self.party(head.strip())}
        if desc.strip():
            out["description"] = desc.strip()
        return out if len(out) > 1 else out["kind"]

    def retention(self, row: int, text: str, problems: list[Problem]) -> Any:
        """A period ('2 years', P2Y, 'unlimited'), optionally ' — criteria'; other text is taken as the
        criteria, with the period unknown."""
        if not text or text.lower() == UNKNOWN:
            return UNKNOWN
        value = parse_retention(text)
        if isinstance(value, dict) and value.get("period") == UNKNOWN and value.get("criteria") == text:
            self.summary.note(f"row {row}: retention '{_short(text)}' is not a period; kept as the criteria, the "
                              "period left unknown")
        return value

    def automation(self, row: int, v: dict[str, str], problems: list[Problem]) -> tuple[Any, Any]:
        def tri(text: str, key: str) -> Any:
            t = _fold(text)
            if t in ("yes", "true", "y", "1"):
                return True
            if t in ("no", "false", "n", "0", "none"):
                return False
            if t in ("", UNKNOWN):
                return UNKNOWN
            problems.append(self.problem(row, key, f"expected yes, no or unknown, got '{_short(text)}'", "yes, no, unknown"))
            return UNKNOWN

        text = v.get("automation", "")
        auto = prof = UNKNOWN
        m = re.fullmatch(r"\s*automated decisions:\s*([^;]*?)\s*;\s*profiling:\s*(.*?)\s*", text, re.I)
        if m:
            auto, prof = tri(m.group(1), "automation"), tri(m.group(2), "automation")
        elif text:
            auto = tri(text, "automation")
        if "profiling" in v:
            prof = tri(v["profiling"], "profiling")
        return auto, prof

    def transfers(self, row: int, v: dict[str, str], roles: dict[str, str], problems: list[Problem]) -> list[dict]:
        """Recipients outside the EEA (countries from 'Third-country transfers', mechanisms from 'Transfer
        safeguards'): each becomes a flow from the controller to the recipient."""
        out = []
        for entry in self.items(v.get("transfers", "")):
            if ":" not in entry:
                continue
            place, _, names = entry.partition(":")
            code = _country_code(place.strip())
            if code is None:
                problems.append(self.problem(row, "transfers", f"unknown country '{place.strip()}'",
                                             "'Country (XX): recipient, recipient', e.g. 'United States (US): PayCo'"))
                continue
            for n in [x.strip() for x in names.split(",") if x.strip()]:
                self.party(n)
                party = self.parties[n]
                if code != UNKNOWN:
                    party["country"] = code
        mech: dict[str, dict] = {}
        for entry in self.items(v.get("safeguards", "")):
            m = re.match(r"^(.*?) \((?:[^()]|\([^()]*\))*\):\s*(.+)$", entry)
            if not m:
                continue
            mech[m.group(1).strip()] = _mechanism(m.group(2))
        for n, t in sorted(mech.items()):
            if n in self.parties:
                out.append({"to": self.parties[n]["id"], "transfer": t})
        return out

    def party(self, name: str, contact: str | None = None, kind: str | None = None) -> str:
        name = name.strip()
        if name not in self.parties:
            pid = unique_id(short_slug(name), self.taken)
            self.taken.add(pid)
            self.parties[name] = {"id": pid, "name": name, "country": UNKNOWN, "certifications": UNKNOWN}
            if kind:
                self.parties[name]["kind"] = kind
        party = self.parties[name]
        if contact and "contact" not in party:
            party["contact"] = contact
        return party["id"]

    def control(self, text: str, target: str) -> None:
        m = re.match(r"^(.*?)\s*\((in place|planned|status unknown)\)$", text)
        name, status = (m.group(1), {"in place": "in_place", "planned": "planned", "status unknown": UNKNOWN}[m.group(2)]) \
            if m else (text, UNKNOWN)
        c = self.controls.get(name)
        if c is None:
            c = {"id": "", "name": name, "kind": "other", "status": status, "covers": []}
            self.controls[name] = c
        if target not in c["covers"]:
            c["covers"].append(target)

    # -- the whole model --
    def model_data(self, activities: list[dict]) -> dict:
        taken = self.taken
        flows = []
        controller = max(sorted(self.controller_counts), key=lambda p: self.controller_counts[p]) if self.controller_counts else None
        for a in activities:
            for t in self.flows_of.get(a["id"], []):
                sender = next((p for p, r in a["roles"].items() if r == "controller"), controller)
                if sender == t["to"] or sender is None:
                    sender = a["subjects"][0] if a["subjects"] else None
                if sender is None or sender == t["to"]:
                    self.summary.note(f"activity '{a['id']}': the transfer to '{t['to']}' has no sender and was left out")
                    continue
                fid = unique_id(f"{a['id']}-to-{t['to']}", taken)
                taken.add(fid)
                flows.append({"id": fid, "from": sender, "to": t["to"], "activity": a["id"], "transfer": t["transfer"]})
        used_parties = {p for a in activities for p in a["roles"]} | {f["to"] for f in flows}
        used_parties |= {a["source"]["party"] for a in activities if isinstance(a.get("source"), dict) and a["source"].get("party")}
        parties = sorted((p for p in self.parties.values() if p["id"] in used_parties), key=lambda p: p["id"])
        for p in parties:
            if p["country"] == UNKNOWN:
                self.summary.gap("country", p["id"])
        used_subjects = {s for a in activities for s in a["subjects"]}
        controls = []
        kept = {a["id"] for a in activities}
        for name, c in sorted(self.controls.items()):
            covers = [x for x in c["covers"] if x in kept]
            if not covers:
                continue
            cid = unique_id(short_slug(name), taken)
            taken.add(cid)
            controls.append({**c, "id": cid, "covers": covers})
        for a in activities:
            for what, key in (("legal basis", "legal_basis"), ("retention", "retention"), ("profiling", "profiling"),
                              ("automated decisions", "automated_decisions"), ("source of the data", "source")):
                if a.get(key, UNKNOWN) == UNKNOWN:
                    self.summary.gap(what, a["id"])
        self.summary.note("systems, flows other than third-country transfers, scale and encryption are not part of an "
                          "Art. 30 record: left out (add them to the model)")
        dpo: Any = UNKNOWN
        if self.dpo and self.dpo.lower() != UNKNOWN:
            name, _, contact = self.dpo.partition(", ")
            dpo = {"name": name.strip() or UNKNOWN, "contact": contact.strip() or UNKNOWN}
        else:
            self.summary.gap("DPO", "assessment")
        assessment = {"id": self.assessment_id, "title": f"Record of processing activities {Path(self.sheet.name).name}",
                      "scope": "The processing activities listed in the record.", "version": "1"}
        if controller:
            assessment["controller"] = controller
        assessment["dpo"] = dpo
        out: dict[str, Any] = {"assessment": assessment}
        if self.extensions is not None:
            ext = self.extensions.model_dump(mode="json", exclude_defaults=True)
            if ext:
                out["taxonomy"] = ext
        return {**out,
                "parties": parties,
                "subjects": sorted((s for s in self.subjects.values() if s["id"] in used_subjects), key=lambda s: s["id"]),
                "activities": activities,
                "flows": flows,
                "controls": controls}


def _items(text: str, lines_only: bool = False) -> list[str]:
    """Items of a list cell: one per line when the cell has several lines (or ``lines_only``), else
    separated by ';' ('none' and blanks dropped)."""
    if not text:
        return []
    out = []
    for part in (text.splitlines() if lines_only or "\n" in text.strip() else text.split(";")):
        p = part.strip().lstrip("•*·").strip()
        if p and _fold(p) not in _EMPTY:
            out.append(p)
    return out


def _short(text: str, n: int = 40) -> str:
    text = str(text).replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _country_code(place: str) -> str | None:
    from .. import geo

    if _fold(place) in ("unknown location", UNKNOWN, "unknown"):
        return UNKNOWN
    m = re.search(r"\(([A-Z]{2})\)\s*$", place)
    if m and geo.is_country(m.group(1)):
        return m.group(1)
    if geo.is_country(place.upper()) and len(place) == 2:
        return place.upper()
    names = {_fold(n): c for c, n in geo.countries().items()}
    return names.get(_fold(place))


def _mechanism(text: str) -> Any:
    t = _fold(text)
    derogation = None
    m = re.search(r"49\s*\(\s*1\s*\)\s*\(\s*([a-g])\s*\)", text)
    if m:
        letter = m.group(1)
        derogation = {"a": "explicit_consent", "b": "contract", "c": "contract", "d": "public_interest",
                      "e": "legal_claims", "f": "vital_interests", "g": "public_register"}[letter]
    for key, name in TRANSFER_MECHANISMS.items():
        if t.startswith(_fold(name)):
            return {"mechanism": key, "derogation": derogation} if derogation and key == "derogation" else key
    for key, words in (("dpf", ("data privacy framework", "dpf")), ("scc", ("standard contractual", "scc")),
                       ("bcr", ("binding corporate", "bcr")), ("adequacy", ("adequacy",)),
                       ("derogation", ("derogation", "art 49")), ("none", ("none", "no transfer mechanism"))):
        if any(w in t for w in words):
            return {"mechanism": key, "derogation": derogation} if derogation and key == "derogation" else key
    return UNKNOWN

