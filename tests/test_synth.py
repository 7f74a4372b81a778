"""pia.synth and `pia synth`: valid by construction, reproducible by seed, the sizes asked for."""
from __future__ import annotations

import os
from collections import Counter

import pytest

import pia
from pia import geo, synth
from pia.cli import main
from pia.schema import is_known


def _text(flows, systems=None, seed=0) -> str:
    return "".join(synth.lines(flows, systems, seed))


@pytest.fixture(scope="module")
def big():
    """A model of 2,000 flows (default systems), loaded."""
    return pia.loads(_text(2000, seed=7), "big.yaml")


@pytest.mark.parametrize("flows,systems", [(1, 1), (2, None), (21, 4), (60, 2), (300, 40), (500, None)])
def test_output_validates_with_the_sizes_asked_for(flows, systems):
    m = pia.loads(_text(flows, systems, seed=3))
    sizes = synth.plan(flows, systems)
    assert len(m.flows) == flows
    assert len(m.systems) == sizes["systems"] == (systems if systems is not None else 3 + round(flows / 25))
    assert len(m.parties) == sizes["parties"]
    assert len(m.subjects) == sizes["subject_groups"]
    assert len(m.activities) == sizes["activities"]
    assert len(m.controls) == sizes["controls"]


def test_cloud_connectors_size():
    cc = pia.load("data/cloud_connectors.yaml")
    m = pia.loads(_text(21, 4))
    for section in ("flows", "systems", "parties", "subjects", "activities", "controls"):
        assert len(getattr(m, section)) == len(getattr(cc, section)), section


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    synth.write(a, 700, seed=5)
    synth.write(b, 700, seed=5)
    synth.write(c, 700, seed=6)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert _text(700, seed=5).encode() == a.read_bytes()


def test_flow_ids_are_unique_and_every_reference_resolves(big):
    ids = [f.id for f in big.flows]
    assert len(set(ids)) == len(ids)
    nodes = {x.id for x in (*big.parties, *big.subjects, *big.systems)}
    assert all(f.source in nodes and f.to in nodes and f.source != f.to for f in big.flows)


def test_vendors_in_every_kind_of_country(big):
    vendors = [p for p in big.parties if p.id != big.assessment.controller]
    kinds = Counter()
    for p in vendors:
        if p.country == "unknown":
            kinds["unknown"] += 1
        elif geo.in_eea(p.country):
            kinds["eea"] += 1
        elif p.country == "US":
            kinds["us_dpf" if isinstance(p.certifications, list) and "dpf" in p.certifications else "us"] += 1
        elif geo.adequacy(p.country).status == "adequate":
            kinds["adequate"] += 1
        else:
            kinds["third"] += 1
    assert set(kinds) == {"unknown", "eea", "us_dpf", "us", "adequate", "third"}, kinds


def test_sub_processor_chains_and_roles(big):
    roles = Counter(r for a in big.activities for r in a.roles.values())
    assert {"controller", "processor", "sub_processor", "third_party", "public_authority"} <= set(roles)
    by_id = {p.id: p for p in big.parties}
    chained = [f for f in big.flows if f.source in by_id and f.to in by_id]
    assert chained, "no processor hands data on to a sub-processor"
    for f in chained:  # the receiving party is named as sub-processor in the flow's activity
        assert big.get(f.activity).roles[f.to] == "sub_processor"


def test_mix_of_categories_purposes_bases_and_unknowns(big):
    tax = big.vocabulary
    cats = set(big.categories_used())
    assert any(tax.special(c) == "art9" for c in cats)
    assert any(tax.special(c) == "art10" for c in cats)
    assert any("credentials" in tax.kinds(c) for c in cats)
    assert any("financial" in tax.kinds(c) for c in cats)
    assert len({a.purpose for a in big.activities}) >= 12
    bases = Counter(a.legal_basis for a in big.activities)
    assert {"consent", "contract", "legal_obligation", "legitimate_interests", "unknown", None} <= set(bases)
    retention = Counter(a.retention.period if a.retention else None for a in big.activities)
    assert "unknown" in retention and None in retention and "unlimited" in retention
    mechanisms = Counter(f.transfer.mechanism if f.transfer else None for f in big.flows if big.leaves_eea(f))
    assert {"adequacy", "dpf", "scc", "none", "unknown", None} <= set(mechanisms)
    assert any(not is_known(f.encrypted) for f in big.flows) and any(f.encrypted is True for f in big.flows)
    assert big.notice is not None and big.notice.recipients and big.notice.items
    assert {c.status for c in big.controls} == {"in_place", "planned", "unknown"}


def test_plan_refuses_impossible_sizes():
    with pytest.raises(ValueError, match=r"the number of flows must be a whole number of at least 1 \(got 0\)"):
        synth.plan(0)
    with pytest.raises(ValueError, match=r"the number of systems must be a whole number of at least 1 \(got 0\)"):
        synth.plan(5, 0)


def test_cli_writes_the_model(tmp_path, capsys):
    out = tmp_path / "m.yaml"
    assert main(["synth", "--flows", "21", "--systems", "4", "--seed", "2", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert said == (f"{out}: synthetic model with 21 flows, 4 systems, 7 parties, 7 subject groups, "
                    "11 activities, 9 controls (seed 2)\n")
    assert out.read_bytes() == _text(21, 4, seed=2).encode()
    assert [p.name for p in tmp_path.iterdir()] == ["m.yaml"]  # no temporary file left behind
    assert main(["validate", str(out)]) == 0


@pytest.mark.parametrize("args,message", [
    (["--flows", "0"], "pia synth: --flows must be at least 1, got 0\n"),
    (["--flows", "ten"], "pia synth: --flows must be a whole number, got 'ten'\n"),
    (["--flows", "5", "--systems", "-1"], "pia synth: --systems must be at least 1, got -1\n"),
    (["--flows", "5", "--seed", "x"], "pia synth: --seed must be a whole number, got 'x'\n"),
])
def test_cli_refuses_bad_numbers_with_exit_2(tmp_path, capsys, args, message):
    out = tmp_path / "m.yaml"
    assert main(["synth", *args, "-o", str(out)]) == 2
    assert capsys.readouterr().err == message
    assert not out.exists()


def test_cli_unwritable_target_exit_2_and_nothing_left(tmp_path, capsys):
    out = tmp_path / "missing-folder" / "m.yaml"
    assert main(["synth", "--flows", "5", "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"pia synth: cannot write {out}: No such file or directory\n"
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "m.yaml"
    out.write_text("old\n")

    def broken(*_args, **_kw):
        yield "assessment:\n"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(synth, "lines", broken)
    with pytest.raises(OSError):
        synth.write(out, 10)
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


def test_written_file_has_ordinary_permissions(tmp_path):
    out = tmp_path / "m.yaml"
    synth.write(out, 3)
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
