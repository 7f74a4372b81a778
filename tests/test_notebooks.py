"""Both notebooks run: the explore tour on the flagship model, the PIA notebook on a small model."""
from __future__ import annotations

from pathlib import Path

import pytest

from pia import report

ROOT = Path(__file__).resolve().parent.parent

SMALL = """
assessment:
  id: shop
  title: Web shop checkout
  scope: Buyers of a small web shop in Germany.
  version: "2"
  assessor: Alex Assessor
  controller: shop
  dpo: {name: Dana Privacy, contact: dpo@shop.example}
  dpo_advice: {advice: Proceed once the processor contract is signed., by: Dana Privacy, date: 2026-10-01, accepted: true}
  consultation: {summary: Ten buyers were asked about the checkout; no objections., by: Alex Assessor, date: 2026-10-03}
sources: [{id: notice, title: Shop privacy notice}]
parties:
  - {id: shop, name: Shop GmbH, country: DE, contact: privacy@shop.example}
  - {id: pay, name: PayCo Inc., country: US, certifications: [dpf]}
subjects: [{id: buyers, name: Buyers, category: customer, country: DE}]
systems: [{id: web, name: Shop website, operator: shop, location: DE}]
activities:
  - id: checkout
    name: Checkout and payment
    purpose: essential.service.payment_processing
    legal_basis: contract
    subjects: [buyers]
    categories: [user.contact.email, user.financial.credit_card]
    retention: {period: P10Y, criteria: commercial and tax law}
    scale: 5000
    roles: {shop: controller, pay: processor}
flows:
  - {id: buy, from: buyers, to: web, activity: checkout, encrypted: true}
  - {id: charge, from: web, to: pay, activity: checkout, categories: [user.financial.credit_card], encrypted: true, transfer: {mechanism: dpf}}
controls:
  - {id: tls, name: TLS on every connection, kind: encryption_in_transit, status: in_place, covers: [buy, charge]}
  - {id: dpa, name: Processor contract with PayCo, kind: art28_contract, status: planned, covers: [pay]}
"""


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def test_explore_notebook_runs_on_the_flagship_model():
    nb = report.execute(report.notebook_path("explore"), {"model_path": str(ROOT / "data" / "cloud_connectors.yaml")})
    outs = _outputs(nb)
    assert not [o for o in outs if o.output_type == "error"]
    images = [o for o in outs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the disclosure map and the risk map
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outs)
    assert "google-analytics" in text  # recipients of IP addresses
    assert "'DPIA required'" in text


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    base = tmp_path_factory.mktemp("small")
    model = base / "shop.yaml"
    model.write_text(SMALL, encoding="utf-8")
    params = {"model": str(model), "report_date": "2026-11-25", "output_dir": str(base / "files"), "map_link": ""}
    page = report.render(report.notebook_path("pia_report"), params, base / "pia.html")
    return base, page.read_text(encoding="utf-8")


def test_pia_notebook_runs_on_another_model(small_report):
    base, page = small_report
    assert sorted(p.name for p in (base / "files").iterdir()) == ["disclosures.csv", "findings.json", "ropa.csv"]
    assert '<h1 id="web-shop-checkout">Web shop checkout</h1>' in page
    assert report.external_references(page) == []
    assert "disclosure-map.html" not in page  # no link when no map is written


def test_pia_notebook_shows_sign_off_from_the_model(small_report):
    _, page = small_report
    assert "<th>Advice</th><td>Proceed once the processor contract is signed.</td>" in page
    assert "<th>Advice followed?</th><td>Yes</td>" in page
    assert "<th>Summary of views</th><td>Ten buyers were asked about the checkout; no objections.</td>" in page
    assert "<th>Measures approved by</th><td><span class=\"pia-todo\">not yet done</span></td>" in page


def test_pia_notebook_describes_the_processing_in_plain_names(small_report):
    _, page = small_report
    assert "Contract (GDPR Art. 6(1)(b))" in page
    assert "<strong>Processor</strong> in: Checkout and payment" in page
    assert "EU-US Data Privacy Framework (Decision (EU) 2023/1795)" in page
    assert "Germany → United States" in page
    assert "Processor contract with PayCo (planned)" in page or "Art. 28 contract: planned" in page
    assert "Date of this report</th><td>2026-11-25" in page
