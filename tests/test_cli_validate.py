"""``pia validate`` end to end, as a user runs it: a real process, its exit code and output."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIX = "tests/fixtures/model"
GOLDEN = ROOT / FIX / "golden"
PIA = Path(sys.executable).with_name("pia")
LOCATED = re.compile(r"^  \S+?(:\d+:\d+)?: .+$")


def pia(*args: str) -> subprocess.CompletedProcess:
    cmd = [str(PIA)] if PIA.exists() else [sys.executable, "-m", "pia.cli"]
    env = {k: v for k, v in os.environ.items() if k != "PIA_DEBUG"}
    return subprocess.run([*cmd, *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)


def models_in_data() -> list[str]:
    """Every model bundled in data/: each .yaml file, and each folder holding .yaml files."""
    data = ROOT / "data"
    files = sorted(p for p in data.glob("*.y*ml"))
    folders = sorted(p for p in data.iterdir() if p.is_dir() and any(p.rglob("*.y*ml")))
    return [str(p.relative_to(ROOT)) for p in files + folders]


def test_valid_model_prints_its_summary_and_exits_0():
    result = pia("validate", f"{FIX}/full.yaml")
    assert result.returncode == 0
    assert result.stdout == (GOLDEN / "validate_full.txt").read_text()
    assert result.stderr == ""


def test_folder_model_gives_the_same_summary_but_its_own_path():
    result = pia("validate", f"{FIX}/split")
    assert result.returncode == 0
    expected = (GOLDEN / "validate_full.txt").read_text().replace(f"{FIX}/full.yaml", f"{FIX}/split")
    assert result.stdout == expected


def test_invalid_model_lists_every_problem_and_exits_2():
    result = pia("validate", f"{FIX}/bad/several_errors.yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (GOLDEN / "validate_several_errors.txt").read_text()


def test_every_bad_fixture_exits_2_with_one_line_per_problem_and_no_traceback():
    from tests.test_model import BAD

    names = sorted(BAD)
    result = pia("validate", *(f"{FIX}/bad/{n}" for n in names))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.splitlines()
    expected: list[str] = []
    for name in names:  # one block per file, in the order given
        n = len(BAD[name])
        expected.append(f"{n} problem{'s' if n != 1 else ''} found:")
        expected += ["  " + m.replace("{f}", f"{FIX}/bad/{name}") for m in BAD[name]]
    assert lines == expected
    assert all(LOCATED.match(line) for line in lines if line.startswith("  "))


def test_valid_and_invalid_together():
    result = pia("validate", f"{FIX}/full.yaml", f"{FIX}/bad/invalid_role.yaml", f"{FIX}/split")
    assert result.returncode == 2
    assert result.stdout.count("valid model 'bakery-loyalty'") == 2
    assert result.stderr.splitlines() == [
        "1 problem found:",
        f"  {FIX}/bad/invalid_role.yaml:19:31: activities[0].roles.payco: invalid role 'procesor'; did you mean "
        "'processor'? (accepted: controller, joint_controller, processor, sub_processor, third_party, public_authority)",
    ]


def test_missing_path():
    result = pia("validate", "no/such/model.yaml")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "1 problem found:\n  no/such/model.yaml: no such file or folder\n"


def test_folder_with_problems_in_several_files():
    result = pia("validate", f"{FIX}/bad_folder/refs")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "4 problems found:"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        f"{FIX}/bad_folder/refs/10-parties.yaml"] + [f"{FIX}/bad_folder/refs/20-processing/activities.yaml"] * 3


def test_usage_errors_and_version():
    result = pia("validate")
    assert result.returncode == 2 and "the following arguments are required: PATH" in result.stderr
    result = pia("--version")
    assert (result.returncode, result.stdout) == (0, "pia 0.1.0\n")


@pytest.mark.parametrize("path", models_in_data())
def test_every_bundled_model_is_valid(path):
    result = pia("validate", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{path}: valid model '")


def test_the_bundled_models_include_a_folder_and_several_kinds():
    paths = models_in_data()
    assert {"data/cloud_connectors.yaml", "data/health_appointments.yaml", "data/hr_outsourcing"} <= set(paths)


def test_import_pia_is_cheap():
    """Neither ``import pia`` nor loading a model pulls in pandas, matplotlib or the notebook stack."""
    code = (
        "import sys\n"
        "import pia\n"
        "light = sorted(m for m in ('pandas', 'matplotlib', 'pydantic', 'yaml', 'networkx') if m in sys.modules)\n"
        "import pia.model\n"
        "pia.load('data/cloud_connectors.yaml')\n"
        "heavy = ('pandas', 'matplotlib', 'papermill', 'nbconvert', 'nbclient', 'numpy', 'networkx')\n"
        "print(light, sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[] []\n"


def test_pia_validate_does_not_load_the_report_stack():
    code = (
        "import sys, io, contextlib\n"
        "from pia import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = cli.main(['validate', 'data/cloud_connectors.yaml'])\n"
        "heavy = ('pandas', 'matplotlib', 'papermill', 'nbconvert', 'nbclient')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 []\n"
