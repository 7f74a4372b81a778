"""Art. 30 records as CSV and Excel: export (formatted, neutralised), import (tolerant, strict), round trips."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import pia
from pia.cli import main
from pia.errors import ModelError
from pia.interop.ropa import HEADER_ALIASES, export_ropa, import_ropa, neutralise, write_ropa
from pia.record import COLUMNS, record

CC = "data/cloud_connectors.yaml"

HOSTILE = """
assessment: {id: hostile, title: Hostile, controller: shop}
parties:
  - {id: shop, name: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")", country: DE, contact: "+49 30 1234"}
  - {id: pay, name: "@SUM(1+1)", country: US}
subjects: [{id: buyers, name: "-2+3", category: customer, country: EU}]
activities:
  - id: checkout
    name: "\\tCheckout"
    description: "=1+1"
    purpose: essential.service.payment_processing
    legal_basis: legitimate_interests
    legitimate_interest: "+fraud prevention"
    subjects: [buyers]
    categories: [user.contact.email]
    roles: {shop: controller, pay: processor}
"""


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


# --- export -------------------------------------------------------------------------------------

def test_neutralise():
    assert [neutralise(v) for v in ("=A1", "+1", "-1", "@x", "\tx", "\rx", "a=b", "", None)] == [
        "'=A1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=b", "", None]


def test_csv_export_has_the_record_columns_and_one_row_per_activity(tmp_path, capsys):
    out = tmp_path / "ropa.csv"
    assert main(["export", "ropa", CC, "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    rows = _rows(out)
    assert rows[0] == COLUMNS
    m = pia.load(CC)
    assert [r[0] for r in rows[1:]] == [a.id for a in m.activities]
    web = next(r for r in rows if r[0] == "web-analytics")
    cell = dict(zip(COLUMNS, web))
    assert cell["Legal basis"] == "Consent (GDPR Art. 6(1)(a))"
    assert cell["Categories of data subjects"] == ("Website and service visitors [visitor]\n"
                                                   "Minors (under 18) who reach the services [minor]")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the UTF-8 (em dashes) right


def test_exported_cells_are_neutralised_in_csv_and_xlsx(tmp_path):
    m = pia.loads(HOSTILE)
    df = export_ropa(m)
    row = df.iloc[0]
    assert row["Controller"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert row["Controller contact"] == "'+49 30 1234"
    assert row["Processors"] == "'@SUM(1+1)"
    assert row["Categories of data subjects"] == "'-2+3 [customer]"
    assert row["Activity"] == "'\tCheckout"
    assert row["Description"] == "'=1+1"
    assert row["Legitimate interest"] == "'+fraud prevention"
    write_ropa(m, tmp_path / "h.csv")
    for r in _rows(tmp_path / "h.csv")[1:]:
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in r)
    write_ropa(m, tmp_path / "h.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "h.xlsx").active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    assert not any(str(c.value).startswith(("=", "+", "-", "@", "\t")) for c in cells if c.value)


def test_xlsx_is_formatted_for_reading(tmp_path):
    out = tmp_path / "ropa.xlsx"
    assert main(["export", "ropa", CC, "-o", str(out)]) == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == COLUMNS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "C2"
    assert ws.cell(row=2, column=8).alignment.wrap_text
    assert ws.column_dimensions["B"].width == 32
    assert ws.column_dimensions["A"].width == 22
    assert ws.max_row == 1 + len(pia.load(CC).activities)
    again = tmp_path / "again.xlsx"
    import time

    time.sleep(2.1)  # zip entries carry a time stamp with a 2-second resolution
    write_ropa(pia.load(CC), again)
    assert again.read_bytes() == out.read_bytes()  # deterministic, no timestamps


def test_export_refuses_other_suffixes(tmp_path):
    with pytest.raises(ModelError, match=r"cannot write a record as '\.ods' \(accepted: \.csv or \.xlsx\)"):
        write_ropa(pia.load(CC), tmp_path / "r.ods")


# --- round trips --------------------------------------------------------------------------------

TRANSFERRED = ["Reference", "Activity", "Description", "Controller", "Controller contact", "Joint controllers", "DPO",
               "Purpose", "Legal basis", "Legitimate interest", "Categories of data subjects",
               "Categories of personal data", "Special-category condition", "Processors", "Sub-processors",
               "Third parties", "Public authorities", "Third-country transfers", "Transfer safeguards", "Retention",
               "Security measures", "Source of the data", "Automated decisions and profiling"]


def _models():
    out = [pia.load(CC), pia.loads(HOSTILE), pia.load("tests/fixtures/hostile/hostile.yaml")]
    from tests.test_record import SMALL

    out.append(pia.loads(SMALL))
    return out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_model_ropa_model_keeps_every_column_but_the_derived_one(tmp_path, suffix):
    for m in _models():
        path = tmp_path / f"{m.assessment.id}{suffix}"
        write_ropa(m, path)
        back = import_ropa(path, taxonomy=m).model()
        want, got = record(m), record(back)
        assert TRANSFERRED + ["DPIA required"] == COLUMNS
        for column in TRANSFERRED:
            assert got[column].tolist() == want[column].tolist(), (m.assessment.id, column)


def test_round_trip_field_by_field(tmp_path):
    m = pia.load(CC)
    write_ropa(m, tmp_path / "r.xlsx")
    back = import_ropa(tmp_path / "r.xlsx", taxonomy=m).model()
    assert [a.id for a in back.activities] == [a.id for a in m.activities]
    for a in m.activities:
        b = back.get(a.id)
        assert (b.name, b.description, b.purpose, b.legal_basis, b.legitimate_interest, b.special_condition) == \
               (a.name, a.description.strip(), a.purpose, a.legal_basis, a.legitimate_interest, a.special_condition)
        assert b.categories == a.categories
        assert [back.get(s).name for s in b.subjects] == [m.get(s).name for s in a.subjects]
        assert [back.get(s).category for s in b.subjects] == [m.get(s).category for s in a.subjects]
        assert {back.name(p): r for p, r in b.roles.items()} == {m.name(p): r for p, r in a.roles.items()}
        assert b.retention.period == a.retention.period
        assert (b.profiling, b.automated_decisions) == (a.profiling, a.automated_decisions)
        assert b.source.kind == a.source.kind
        if a.source.party:
            assert back.name(b.source.party) == m.name(a.source.party)
            assert b.source.description == a.source.description
    assert back.assessment.controller == "the-cloud-connectors"
    assert back.get("google-analytics-google-llc").country == "US"
    ga = [f for f in back.flows if f.to == "google-analytics-google-llc"]
    assert [(f.activity, f.transfer.mechanism) for f in ga] == [("web-analytics", "unknown")]


# --- import: tolerant ---------------------------------------------------------------------------

def test_import_tolerates_column_order_header_spellings_and_semicolons(tmp_path):
    sheet = tmp_path / "hand.csv"
    sheet.write_text(
        "Lawful basis;Processing activity;Data subjects;Personal data;Purpose of processing;Retention period;"
        "Data processors;Recipients;International transfers;Owner\n"
        "Art. 6(1)(b);Payroll;Employees [employee];Name;employment;6 years;PayrollCo;"
        "none;India (IN): PayrollCo;HR\n"
        "legitimate interest;CCTV;Visitor;user.biometric;essential.service.security;30 days;;"
        "Guarding Ltd;none;Facilities\n", encoding="utf-8")
    result = import_ropa(sheet)
    m = result.model()
    payroll, cctv = m.activities
    assert (payroll.id, payroll.name, payroll.legal_basis, payroll.purpose) == ("payroll", "Payroll", "contract", "employment")
    assert payroll.categories == ["user.name"]
    assert (cctv.purpose, cctv.categories, m.get(cctv.subjects[0]).category) == (
        "essential.service.security", ["user.biometric"], "visitor")
    assert m.get(payroll.subjects[0]).category == "employee"
    assert payroll.retention.period == "P6Y"
    assert {m.name(p): r for p, r in payroll.roles.items()} == {"PayrollCo": "processor"}
    assert m.get("payrollco").country == "IN"
    assert cctv.legal_basis == "legitimate_interests" and cctv.retention.days == 30
    assert {m.name(p): r for p, r in cctv.roles.items()} == {"Guarding Ltd": "third_party"}
    assert "column 'Owner' is not part of an Art. 30 record pia knows and was ignored" in result.summary.notes


def test_header_aliases_are_data_and_unambiguous():
    from pia.interop.ropa import _fold

    seen = {}
    for key, aliases in HEADER_ALIASES.items():
        for a in aliases:
            assert seen.setdefault(_fold(a), key) == key, a
    assert all(_fold(c) in seen for c in COLUMNS)


# --- import: bad spreadsheets -------------------------------------------------------------------

def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


GOOD = ["r1", "Newsletter", "marketing.communications.email", "Consent", "Members [customer]", "Email [user.contact.email]"]
HEAD = ["Reference", "Activity", "Purpose", "Legal basis", "Categories of data subjects", "Categories of personal data"]


def test_missing_required_columns(tmp_path):
    path = _write_csv(tmp_path / "r.csv", [["Reference", "Legal basis"], ["r1", "consent"]])
    with pytest.raises(ModelError) as exc:
        import_ropa(path)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:1: header: required column 'Activity' is missing (accepted: headers: Activity, Processing activity, "
        "Name of processing, Processing operation)",
        f"{path}:1: header: required column 'Purpose' is missing (accepted: headers: Purpose, Purposes, "
        "Purpose of processing, Purposes of the processing)",
    ]


def test_every_bad_cell_is_reported_with_row_column_and_reason(tmp_path):
    rows = [HEAD, GOOD,
            ["r2", "Ads", "marketing.advertisng", "consnet", "Members [customer]", "user.contact.emial"],
            ["r3", "Links", "marketing.communications.email", "=HYPERLINK(\"http://evil.example\",\"x\")",
             "Members [customer]", "Email [user.contact.email]"],
            ["r1", "Again", "marketing.communications.email", "Consent", "Members [customr]", "user.contact.email"]]
    path = _write_csv(tmp_path / "r.csv", rows)
    with pytest.raises(ModelError) as exc:
        import_ropa(path)
    got = [(p.line, p.column, p.field, p.message) for p in exc.value.problems]
    assert got == [
        (3, 3, "Purpose", "unknown purpose (data use) 'marketing.advertisng'; did you mean 'marketing.advertising'?"),
        (3, 4, "Legal basis", "unknown legal basis 'consnet'; did you mean 'consent'?"),
        (3, 6, "Categories of personal data", "unknown data category 'user.contact.emial'; did you mean 'user.contact.email'?"),
        (4, 4, "Legal basis", "looks like a formula or CSV-injection payload (=HYPERLINK(\"http://evil.example\",\"x\"))"),
        (5, 1, "Reference", "reference 'r1' is used by an earlier row"),
        (5, 5, "Categories of data subjects", "unknown data subject 'customr'; did you mean 'customer'?"),
    ]


def test_cli_writes_nothing_on_bad_rows_unless_partial(tmp_path, capsys):
    rows = [HEAD, GOOD, ["r2", "Ads", "marketing.advertising", "@SUM(A1)", "Members [customer]", "user.contact.email"]]
    path = _write_csv(tmp_path / "r.csv", rows)
    out = tmp_path / "m.yaml"
    assert main(["import", "ropa", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:4: Legal basis: looks like a formula or CSV-injection payload (@SUM(A1))" in err
    assert not out.exists()
    assert main(["import", "ropa", str(path), "-o", str(out), "--partial"]) == 2
    captured = capsys.readouterr()
    assert f"wrote {out} (1 of 2 activities)" in captured.out
    assert "1 problem in rows left out:" in captured.err
    m = pia.load(out)
    assert [a.id for a in m.activities] == ["r1"]
    assert "1 bad row(s) left out (--partial): rows 3" in out.read_text(encoding="utf-8")


def test_neutralised_cells_read_back_as_text(tmp_path):
    rows = [HEAD + ["Legitimate interest"], GOOD[:3] + ["Legitimate interests"] + GOOD[4:] + ["'=keep members informed"]]
    m = import_ropa(_write_csv(tmp_path / "r.csv", rows)).model()
    assert m.activities[0].legitimate_interest == "=keep members informed"


def _xlsx(path: Path, rows: list[list], edit=None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if edit:
        edit(ws)
    wb.save(path)
    return path


def test_xlsx_merged_cells_and_formulas_are_refused(tmp_path):
    rows = [["Record of processing activities"], HEAD, GOOD, ["r2"] + GOOD[1:], ["r3"] + GOOD[1:]]

    def edit(ws):
        ws.merge_cells("C3:C4")  # purpose merged over two activities
        ws["D5"] = "=IF(1,\"Consent\",\"\")"

    path = _xlsx(tmp_path / "r.xlsx", rows, edit)
    with pytest.raises(ModelError) as exc:
        import_ropa(path)
    assert [(p.line, p.column, p.field, p.message, p.accepted) for p in exc.value.problems] == [
        (3, 3, "Purpose", "merged cells C3:C4", "one value per cell: unmerge the cells and repeat the value in each row"),
        (4, 3, "Purpose", "merged cells C3:C4", "one value per cell: unmerge the cells and repeat the value in each row"),
        (5, 4, "Legal basis", "a formula (=IF(1,\"Consent\",\"\"))", "plain text: replace the formula by its value"),
    ]


def test_unreadable_and_empty_files(tmp_path):
    bad = tmp_path / "r.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="cannot read the workbook"):
        import_ropa(bad)
    empty = _write_csv(tmp_path / "e.csv", [HEAD])
    with pytest.raises(ModelError, match="the record has no rows below its header"):
        import_ropa(empty)
    nohead = _write_csv(tmp_path / "n.csv", [["a", "b"], ["c", "d"]])
    with pytest.raises(ModelError, match="no header row found"):
        import_ropa(nohead)
    with pytest.raises(ModelError, match=r"cannot read a record from '\.txt'"):
        import_ropa(_write_csv(tmp_path / "x.txt", [HEAD]))


def test_custom_terms_need_the_model_taxonomy(tmp_path):
    m = pia.load(CC)
    write_ropa(m, tmp_path / "r.csv")
    with pytest.raises(ModelError) as exc:
        import_ropa(tmp_path / "r.csv")
    p = next(p for p in exc.value.problems if "user.client_data" in p.message)
    assert p.accepted.endswith("for a model's own terms, import with --taxonomy MODEL")
    out = tmp_path / "m.yaml"
    assert main(["import", "ropa", str(tmp_path / "r.csv"), "-o", str(out), "--taxonomy", CC]) == 0
    assert main(["validate", str(out)]) == 0


def test_derived_ids_never_collide_with_references(tmp_path):
    rows = [["Reference", "Activity", "Purpose", "Controller", "Processors", "Categories of data subjects"],
            ["r1", "Newsletter", "marketing.communications.email", "Acme", "Mailer", "Acme [customer]"],
            ["acme", "Shop", "essential.service", "Acme", "none", "Mailer [customer]"],
            ["mailer", "Mail", "essential.service", "Acme", "Mailer", "none"]]
    m = import_ropa(_write_csv(tmp_path / "r.csv", rows)).model()
    assert [a.id for a in m.activities] == ["r1", "acme", "mailer"]
    assert sorted(p.id for p in m.parties) == ["acme-3", "mailer-2"]
    assert sorted(s.id for s in m.subjects) == ["acme-2", "mailer-3"]
    assert m.assessment.controller == "acme-3"


def test_free_text_retention_is_kept_as_criteria_and_the_import_can_be_assessed(tmp_path):
    rows = [HEAD + ["Retention"], GOOD + ["until the member leaves"], ["r2"] + GOOD[1:] + ["6 months — after the last login"]]
    result = import_ropa(_write_csv(tmp_path / "r.csv", rows))
    m = result.model()
    assert (m.get("r1").retention.period, m.get("r1").retention.criteria) == ("unknown", "until the member leaves")
    assert (m.get("r2").retention.period, m.get("r2").retention.criteria) == ("P6M", "after the last login")
    assert "row 2: retention 'until the member leaves' is not a period; kept as the criteria, the period left unknown" \
        in result.summary.notes
    from pia.analysis import analyse

    analysis = analyse(m)
    assert "TRN-01" in {f.rule for f in analysis.findings}  # the record says nothing of the privacy notice
    assert analysis.screening.verdict
