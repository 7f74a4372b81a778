"""Pictures of disclosures: layout without overlaps, markings, aggregation, determinism."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import pia
from pia import maps
from pia.maps import _graph

FIX = Path(__file__).parent / "fixtures" / "disclosure"
sys.path.insert(0, str(FIX))
import bigmodel  # noqa: E402


@pytest.fixture(scope="module")
def cc():
    return pia.load("data/cloud_connectors.yaml")


@pytest.fixture(scope="module")
def chain():
    return pia.load(FIX / "chain.yaml")


@pytest.fixture(scope="module")
def big():
    return pia.loads(bigmodel.yaml_text(300), "big.yaml")


def pictures(model):
    yield "flow", maps.flow_map(model)
    yield "matrix", maps.disclosure_matrix(model)
    yield "transfer", maps.transfer_view(model)
    subject = model.subjects[0].id
    yield "focus", maps.focus_view(model, "subject", subject)


@pytest.mark.parametrize("which", ["cc", "chain", "big", "cycle", "untraced"])
def test_no_text_overlaps_and_all_inside(which, request):
    model = request.getfixturevalue(which) if which in ("cc", "chain", "big") else pia.load(FIX / f"{which}.yaml")
    for name, fig in pictures(model):
        assert maps.text_overlaps(fig) == [], name
        assert maps.texts_outside(fig) == [], name


def test_overlap_check_can_fail():
    fig = maps._figure(3, 1)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.axis("off")
    ax.text(0.1, 0.5, "first label here")
    ax.text(0.15, 0.52, "second label")
    ax.text(0.9, 0.5, "far outside the figure")
    assert maps.text_overlaps(fig) == [("first label here", "second label")]
    assert maps.texts_outside(fig) == ["far outside the figure"]


@pytest.mark.parametrize("which", ["cc", "big"])
def test_same_model_same_bytes(which, request):
    model = request.getfixturevalue(which)
    for (name, a), (_n, b) in zip(pictures(model), pictures(model)):
        assert maps.png(a) == maps.png(b), name
        assert maps.svg(a) == maps.svg(b), name


def test_same_bytes_from_a_fresh_load():
    a = maps.png(maps.flow_map(pia.load("data/cloud_connectors.yaml")))
    b = maps.png(maps.flow_map(pia.load("data/cloud_connectors.yaml")))
    assert a == b and a.startswith(b"\x89PNG")
    assert b"Software" not in a and b"matplotlib" not in a


def test_svg_has_no_date(cc):
    text = maps.svg(maps.flow_map(cc))
    assert "<dc:date>" not in text and "Date" not in text


def test_png_is_200_dpi(cc):
    fig = maps.transfer_view(cc)
    from PIL import Image
    import io

    im = Image.open(io.BytesIO(maps.png(fig)))
    w, h = im.size
    assert abs(w - fig.get_figwidth() * 200) <= 1 and abs(h - fig.get_figheight() * 200) <= 1
    assert im.info["dpi"][0] == pytest.approx(200, abs=0.1)


def test_no_pyplot_figures_left(cc):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    list(pictures(cc))
    assert plt.get_fignums() == before


def _joined(fig) -> str:
    return " ".join(maps.texts(fig))


class TestFlowMapCloudConnectors:
    def test_every_node_named(self, cc):
        text = _joined(maps.flow_map(cc)).replace("\n", " ")
        words = text.split()
        for n in [*cc.subjects, *cc.parties, *cc.systems]:
            if n.id in ("cloud-connectors", "us-hosting"):  # drawn as their systems
                continue
            first = n.name.split()[0]
            assert first in words, n.id

    def test_edges(self, cc):
        nodes, edges, note = _graph(cc)
        by = {(e.source, e.target): e for e in edges}
        ga = by[("website-visitors", "google-analytics")]
        assert ga.groups == ["behaviour", "online identifiers"] and ga.status == "no_adequacy"
        assert by[("website", "user-store")].status == "ok"  # already in the US: onward, same country
        assert by[("registrants", "website")].status == "no_adequacy"
        assert by[("cew-platform", "client-data-centres")].status == "unknown"
        assert by[("customers", "cew-platform")].groups == ["client data"]
        assert by[("user-store", "law-enforcement")].status == "unknown"
        assert by[("user-store", "acquirer")].status == "unknown"
        assert not any(e.undisclosed for e in edges)  # the notice names every recipient
        assert note == ""

    def test_columns_and_bands(self, cc):
        nodes, _e, _n = _graph(cc)
        assert {k: (n.column, n.band) for k, n in nodes.items() if k in (
            "website-visitors", "website", "cew-platform", "user-store", "client-data-centres",
            "google-analytics", "law-enforcement", "acquirer")} == {
            "website-visitors": (0, "eea"), "website": (1, "third"), "cew-platform": (1, "unknown"),
            "user-store": (2, "third"), "client-data-centres": (2, "unknown"),
            "google-analytics": (3, "third"), "law-enforcement": (3, "unknown"), "acquirer": (3, "unknown")}

    def test_legend(self, cc):
        text = _joined(maps.flow_map(cc))
        assert "Leaves the EEA to a country without adequacy" in text
        assert "Recipient not disclosed in the privacy notice" in text


class TestMarkings:
    def test_undisclosed_recipients_marked(self, chain):
        _n, edges, _note = _graph(chain)
        marked = sorted(e.target for e in edges if e.undisclosed)
        assert marked == ["bank", "broker"]
        assert maps.texts(maps.flow_map(chain)).count("not in the notice") == 2

    def test_focus_restricts(self, chain):
        fig = maps.focus_view(chain, "recipient", "bank")
        text = _joined(fig)
        assert "Focus on recipient: Bank" in text
        assert "StatsCorp" not in text and "PayCo" in text
        assert "2 disclosures: 1 subject group, 2 categories, 1 recipient" in text

    def test_focus_string_form(self, chain):
        a = maps.png(maps.flow_map(chain, focus="recipient:bank"))
        assert a == maps.png(maps.focus_view(chain, "recipient", "bank"))

    def test_focus_checked(self, chain):
        with pytest.raises(pia.ModelError):
            maps.focus_view(chain, "recipient", "nobody")

    def test_matrix_marks_us_transfers(self, cc):
        import matplotlib.colors as mc

        fig = maps.disclosure_matrix(cc)
        red = mc.to_rgba("#f19a9a")
        reds = [p for p in fig.axes[0].patches if p.get_facecolor() == red]
        reg = pia.disclosure.register(cc)
        us = reg[reg.apply(pia.disclosure.third_country_without_adequacy, axis=1)]
        # website, portal and user store (controller and processor in the US) and Google Analytics
        assert set(us["recipient"]) == {"website", "support-portal", "user-store", "google-analytics"}
        assert len(reds) == len(us.groupby(["category", "recipient"])) == 38
        hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
        assert hatched == []  # the notice names every recipient

    def test_matrix_hatches_undisclosed(self, chain):
        fig = maps.disclosure_matrix(chain)
        cells = [p for p in fig.axes[0].patches if p.get_hatch() and p.get_width() < 1]
        assert len(cells) == 3  # bank: two categories; broker: one


class TestAggregation:
    def test_big_flow_map_aggregated_and_says_so(self, big):
        nodes, edges, note = _graph(big)
        assert len(nodes) <= 3 + 2 + 2 * 12 + 12
        assert note.startswith("Aggregated for readability (more than 40 nodes): ")
        assert "processors and sub-processors shown as" in note and "by country" in note
        assert any("Aggregated for readability" in t for t in maps.texts(maps.flow_map(big)))

    def test_threshold_is_a_parameter(self, chain, big):
        _n, _e, note = _graph(chain, max_nodes=3)
        assert note == ("Aggregated for readability (more than 3 nodes or arrows): 2 data subjects shown as 1 "
                        "group by jurisdiction. The disclosure register lists every recipient.")
        nodes, _e, note = _graph(big, max_nodes=200)
        assert note.startswith("Aggregated for readability (more than 200 nodes): 200 processors")
        assert "100 third parties and authorities shown as 4 groups by country" in note
        assert len(nodes) == 3 + 2 + 9 + 4
        nodes, _e, note = _graph(big, max_nodes=1000)
        assert note == "" and len(nodes) == 305

    def test_too_many_arrows_one_label_per_target(self):
        from pia import synth

        model = pia.loads("".join(synth.lines(1200, seed=0)), "synth.yaml")
        nodes, edges, note = _graph(model)
        assert note.startswith("Aggregated for readability (more than 40 nodes or arrows)")
        assert len(nodes) <= 16 and len(edges) > 40
        fig = maps.flow_map(model)
        text = maps.texts(fig)
        assert any(t.startswith("(") and " senders)" in t for t in text)
        assert maps.text_overlaps(fig) == [] and maps.texts_outside(fig) == []
        assert fig.get_figheight() < 15

    def test_groups_split_certified_us_recipients(self, big):
        nodes, _e, _note = _graph(big)
        names = sorted(n.name for n in nodes.values() if "United States" in n.name)
        assert names == ["12 processors and sub-processors: United States (certified)",
                         "13 processors and sub-processors: United States (not known to be certified)"]

    def test_matrix_aggregated_and_says_so(self, big):
        text = _joined(maps.disclosure_matrix(big))
        assert "302 recipients grouped by role and country" in text
        assert "processors in United States (certified)" in text.replace("\n", " ")

    def test_matrix_not_aggregated_below_threshold(self, cc):
        assert "Aggregated" not in _joined(maps.disclosure_matrix(cc))


def test_transfer_view_lists_countries(cc):
    text = _joined(maps.transfer_view(cc)).replace("\n", " ")
    assert "United States" in text and "Unknown location" in text
    assert "Adequacy only for certified recipients (e.g. DPF); not known here" in text


class TestSpeedUpsChangeNoByte:
    """The report's SVGs (pia.report.svg_text) are made with shared text measurements and one
    drawing pass instead of two; a fresh figure saved the plain matplotlib way must give the
    same bytes (a matplotlib upgrade that broke either shortcut would show here)."""

    @staticmethod
    def plain_svg(fig) -> str:
        import io

        import matplotlib

        from pia.report import SVG_FONTS

        buf = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": "pia", "svg.fonttype": "none", "font.sans-serif": SVG_FONTS}):
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
        return buf.getvalue()

    @pytest.mark.parametrize("which", ["cc", "chain", "big"])
    def test_report_svgs_equal_plain_savefig(self, which, request):
        from pia.analysis import analyse
        from pia.report import svg_text

        model = request.getfixturevalue(which)
        makers = [lambda: maps.flow_map(model), lambda: maps.disclosure_matrix(model),
                  lambda: maps.transfer_view(model), lambda: maps.focus_view(model, "subject", model.subjects[0].id),
                  lambda: analyse(model).risk_map()]
        for make in makers:
            fast = svg_text(make())
            assert fast == svg_text(make())  # twice: the shared measurements are reused, same bytes
            assert fast == self.plain_svg(make())

    def test_shortcuts_are_undone_after_saving(self, chain):
        import matplotlib.text as mtext

        from pia.report import svg_text

        measure, layout = mtext._get_text_metrics_with_cache, mtext.Text._get_layout
        fig = maps.flow_map(chain)
        svg_text(fig)
        assert mtext._get_text_metrics_with_cache is measure and mtext.Text._get_layout is layout
        assert "draw" not in vars(fig)  # the figure draws normally again
        assert maps.png(fig) == maps.png(maps.flow_map(chain))

    def test_one_drawing_pass_left_alone_with_a_layout_engine(self):
        fig = maps._figure(3, 2)
        fig.set_layout_engine("constrained")
        with maps.one_drawing_pass(fig):
            assert "draw" not in vars(fig)
