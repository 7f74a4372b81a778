"""benchmarks/bench_notice.py: how gold files are read and how two readers' gold files are compared."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_notice", ROOT / "benchmarks" / "bench_notice.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _gold(path: Path, *rows: str) -> None:
    path.write_text("notice: 01_shop.txt\nsplit: dev\nstatements:\n" + "".join(f"  - {r}\n" for r in rows),
                    encoding="utf-8")


def test_a_denial_is_read_whether_written_negated_or_true(bench, tmp_path):
    _gold(tmp_path / "a.gold.yaml", "[third_parties, user, negated]", "[name:The Larkspur Trust, user.name, true]",
          "[stripe, user.contact.email]")
    _, gold = bench.gold_of(tmp_path / "a.gold.yaml")
    assert gold == {("third_parties", "user", True), ("name:larkspur trust", "user.name", True),
                    ("stripe", "user.contact.email", False)}


def test_a_category_outside_the_taxonomy_stops_the_benchmark_naming_file_and_line(bench, tmp_path):
    _gold(tmp_path / "b.gold.yaml", "[stripe, user.contact.email]", "[stripe, user.contact.postcode]")
    with pytest.raises(SystemExit) as exc:
        bench.gold_of(tmp_path / "b.gold.yaml")
    assert str(exc.value).startswith("b.gold.yaml:5: 'user.contact.postcode' is not a data category of the taxonomy")


def test_agreement_scores_the_second_reader_against_the_first_and_pia_against_both(bench, tmp_path):
    first, second = tmp_path / "notices", tmp_path / "second"
    first.mkdir(), second.mkdir()
    (first / "01_shop.txt").write_text("We share your email address with Stripe.\n", encoding="utf-8")
    _gold(first / "01_shop.gold.yaml", "[stripe, user.contact.email]", "[first_party, user.contact.email]")
    _gold(second / "01_shop.gold.yaml", "[stripe, user.contact.email]", "[stripe, user.name]", "[google, user]")
    res = bench.agreement(second, first)
    row = res["notices"][0]
    assert (row["first"], row["second"], row["both"]) == (2, 3, 1)
    assert row["only_first"] == [["first_party", "user.contact.email", False]]
    assert row["only_second"] == [["google", "user", False], ["stripe", "user.name", False]]
    assert res["readers"] == {"both": 1, "first": 2, "second": 3, "precision": 0.333, "recall": 0.5, "f1": 0.4}
    assert row["pred_vs_second"][0] == 1 and res["pred_vs_second"]["recall"] == 0.333


def test_agreement_can_take_the_first_readers_gold_from_another_folder(bench, tmp_path):
    notices, first, second = tmp_path / "notices", tmp_path / "first", tmp_path / "second"
    for d in (notices, first, second):
        d.mkdir()
    (notices / "01_shop.txt").write_text("We share your email address with Stripe.\n", encoding="utf-8")
    _gold(notices / "01_shop.gold.yaml", "[google, user]")  # the adjudicated gold: not used here
    _gold(first / "01_shop.gold.yaml", "[stripe, user.contact.email]")
    _gold(second / "01_shop.gold.yaml", "[stripe, user.contact.email]", "[stripe, user.name]")
    res = bench.agreement(second, notices, reference=first)
    assert res["readers"] == {"both": 1, "first": 1, "second": 2, "precision": 0.5, "recall": 1.0, "f1": 0.667}
    assert res["pred_vs_first"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}


@pytest.mark.parametrize("written, compared", [
    ("name:Clients", "name:client"), ("name:the client", "name:client"),
    ("name:Other Driving Schools", "name:other driving school"), ("name:charities", "name:charity"),
    ("name:Access", "name:access"), ("name:Bus", "name:bus"),
])
def test_unknown_recipients_compare_without_a_plural(bench, written, compared):
    assert bench._norm_party(written) == compared
