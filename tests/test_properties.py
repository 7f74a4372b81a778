"""Property-based tests: generated valid models never crash a command; generated invalid input always
gives exit code 2 and a located message, never a traceback."""
from __future__ import annotations

import contextlib
import io
import re
import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia import cli
from pia.schema import CONSENT_MECHANISMS, LEGAL_BASES, ROLES, TRANSFER_MECHANISMS

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

ids = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8)
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
countries = st.sampled_from(["DE", "FR", "US", "IN", "JP", "BR", "EU", "unknown", "CH", "CN"])
categories = st.sampled_from(["user.contact.email", "user.name", "user.device.ip_address", "user.financial",
                              "user.health_and_medical", "user.authorization.credentials", "user.childrens",
                              "user.behavior.browsing_history", "user.location.precise", "user.criminal_history"])
uses = st.sampled_from(["essential.service", "analytics.reporting", "marketing.communications.email",
                        "employment.recruitment", "third_party_sharing.legal_obligation", "personalize.profiling"])
subject_keys = st.sampled_from(["customer", "employee", "visitor", "patient", "job_applicant"])
tri = st.sampled_from([True, False, "unknown", None])


@st.composite
def valid_models(draw) -> dict:
    """A random model that is valid by construction."""
    n_parties = draw(st.integers(1, 5))
    n_subjects = draw(st.integers(1, 3))
    n_systems = draw(st.integers(0, 3))
    parties = [{"id": f"p{i}", "name": draw(texts) or f"Party {i}", "country": draw(countries),
                "certifications": draw(st.sampled_from([[], ["dpf"], "unknown"]))} for i in range(n_parties)]
    subjects = [{"id": f"s{i}", "name": draw(texts) or f"Subjects {i}", "category": draw(subject_keys),
                 "country": draw(countries)} for i in range(n_subjects)]
    systems = [{"id": f"y{i}", "name": f"System {i}", "operator": f"p{draw(st.integers(0, n_parties - 1))}",
                "location": draw(countries)} for i in range(n_systems)]
    nodes = [p["id"] for p in parties] + [s["id"] for s in subjects] + [y["id"] for y in systems]
    activities = []
    for i in range(draw(st.integers(1, 4))):
        a = {"id": f"a{i}", "name": draw(texts) or f"Activity {i}", "purpose": draw(uses),
             "subjects": sorted(set(draw(st.lists(st.sampled_from([s["id"] for s in subjects]), min_size=1, max_size=3)))),
             "categories": sorted(set(draw(st.lists(categories, min_size=1, max_size=4)))),
             "roles": {p["id"]: draw(st.sampled_from(ROLES)) for p in draw(st.lists(st.sampled_from(parties), max_size=3,
                                                                                   unique_by=lambda p: p["id"]))}}
        for key, strat in (("legal_basis", st.sampled_from([*LEGAL_BASES, "unknown"])),
                           ("consent", st.sampled_from(CONSENT_MECHANISMS)),
                           ("retention", st.sampled_from(["P1Y", "30 days", "unknown", "unlimited"])),
                           ("profiling", tri), ("automated_decisions", tri),
                           ("scale", st.sampled_from([10, 100000, 5e6, "unknown"]))):
            value = draw(st.one_of(st.none(), strat))
            if value is not None:
                a[key] = value
        activities.append(a)
    flows = []
    for i in range(draw(st.integers(0, 8))):
        src, dst = draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True)) if len(nodes) > 1 else (None, None)
        if src is None:
            break
        f = {"id": f"f{i}", "from": src, "to": dst, "activity": draw(st.sampled_from(activities))["id"]}
        enc = draw(tri)
        if enc is not None:
            f["encrypted"] = enc
        mech = draw(st.one_of(st.none(), st.sampled_from(list(TRANSFER_MECHANISMS))))
        if mech is not None:
            f["transfer"] = mech
        flows.append(f)
    controls = []
    if flows and draw(st.booleans()):
        controls.append({"id": "c0", "name": "Encryption", "kind": "encryption_in_transit",
                         "covers": [flows[0]["id"]]})
    return {"assessment": {"id": "generated", "title": draw(texts) or "Generated"},
            "parties": parties, "subjects": subjects, "systems": systems, "activities": activities,
            "flows": flows, "controls": controls}


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, data, name="model.yaml") -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def commands_for(path: str) -> list[list[str]]:
    """Commands that only read a model and print: every one that exists must survive any valid model."""
    cmds = [["validate", path]]
    if "check" in cli.COMMANDS:
        cmds += [["check", path, "--format", fmt] for fmt in ("text", "json", "sarif")]
    return cmds


@SETTINGS
@given(model=valid_models())
def test_generated_valid_models_never_crash(tmp_path_factory, model):
    path = write(tmp_path_factory.mktemp("valid"), model)
    for argv in commands_for(path):
        code, _out, err = run_cli(*argv)
        assert code in (0, 1), f"{argv}: exit {code}\n{err}"
        assert "Traceback" not in err and "internal error" not in err


LOCATED = re.compile(r"model\.yaml(:\d+(:\d+)?)?: ")


def mutations(model: dict):
    """Ways to break a valid model, each a (description, mutate) pair."""
    def drop_title(m): del m["assessment"]["title"]
    def bad_role(m): m["activities"][0]["roles"] = {m["parties"][0]["id"]: "overlord"}
    def bad_country(m): m["parties"][0]["country"] = "XX"
    def dangling_flow(m): m["flows"] = [{"id": "fx", "from": "nowhere", "to": m["parties"][0]["id"], "activity": "a0"}]
    def bad_category(m): m["activities"][0]["categories"] = ["user.contact.emial"]
    def duplicate_id(m): m["parties"].append(dict(m["parties"][0]))
    def unknown_field(m): m["activities"][0]["colour"] = "blue"
    def wrong_type(m): m["activities"][0]["subjects"] = "s0"
    def bad_retention(m): m["activities"][0]["retention"] = "for a while"
    def bad_basis(m): m["activities"][0]["legal_basis"] = "because"
    def unknown_section(m): m["extras"] = {}
    def bad_id(m): m["parties"][0]["id"] = "has space"
    return [drop_title, bad_role, bad_country, dangling_flow, bad_category, duplicate_id, unknown_field,
            wrong_type, bad_retention, bad_basis, unknown_section, bad_id]


@SETTINGS
@given(model=valid_models(), which=st.integers(0, 11))
def test_generated_invalid_models_exit_2_with_location(tmp_path_factory, model, which):
    mutate = mutations(model)[which]
    mutate(model)
    path = write(tmp_path_factory.mktemp("invalid"), model)
    for argv in commands_for(path):
        code, _out, err = run_cli(*argv)
        assert code == 2, f"{mutate.__name__}: {argv} exited {code}: {err}"
        assert LOCATED.search(err), f"{mutate.__name__}: no file location in {err!r}"
        assert "Traceback" not in err


@SETTINGS
@given(blob=st.binary(max_size=300))
def test_random_bytes_exit_2(tmp_path_factory, blob):
    path = write(tmp_path_factory.mktemp("bytes"), blob)
    code, _out, err = run_cli("validate", path)
    assert code == 2 and LOCATED.search(err) and "Traceback" not in err


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text_exit_2(tmp_path_factory, text):
    path = write(tmp_path_factory.mktemp("text"), text)
    code, _out, err = run_cli("validate", path)
    assert code == 2 and LOCATED.search(err) and "Traceback" not in err


def test_hostile_model_is_valid():
    code, out, err = run_cli("validate", "tests/fixtures/hostile/hostile.yaml")
    assert code == 0, err
    assert "valid model 'hostile'" in out
