"""pia.report: papermill + nbconvert pipeline, reviewer HTML, atomic writes, failure naming."""
from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import nbformat.v4 as v4
import pytest

from pia import report as r
from pia.errors import PipelineError


def _notebook(path: Path) -> Path:
    params = v4.new_code_cell("fail = False\nlabel = 'default'")
    params.metadata["tags"] = ["parameters"]
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# Tiny report"),
        params,
        v4.new_markdown_cell("## Tables"),
        v4.new_code_cell(
            "import sys, warnings\nimport pandas as pd\nfrom pia import report as r\n"
            "warnings.warn('NOISY-WARNING')\nprint('STDERR-TEXT', file=sys.stderr)\n"
            "r.table(pd.DataFrame({'Name': ['<b>x</b>', None], 'Value': ['unknown', label]}), caption='A table')"),
        v4.new_markdown_cell("## Figure"),
        v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
                         "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 2, 3])\nr.figure(fig, alt='A line')"),
        v4.new_code_cell("r.md('### Made by code\\nSome *prose*.')"),
        v4.new_code_cell("print('PLAIN-STDOUT')"),
        v4.new_markdown_cell("## Failing part\n\nText."),
        v4.new_code_cell("if fail:\n    raise ValueError('boom')"),
        v4.new_markdown_cell("## Tables"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return _notebook(tmp_path_factory.mktemp("nb") / "tiny.ipynb")


@pytest.fixture(scope="module")
def rendered(tiny, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    html = r.render(tiny, {"label": "INJECTED"}, out / "tiny.html", executed_ipynb=out / "tiny.ipynb")
    return out, html.read_text(encoding="utf-8")


def test_parameters_are_injected_and_executed_notebook_written(rendered):
    out, page = rendered
    assert "INJECTED" in page
    nb = nbformat.read(out / "tiny.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_no_code_no_prompts_no_stderr(rendered, tiny):
    _, page = rendered
    for text in ("warnings.warn", "r.table(", "import pandas", "In [", "Out[", "NOISY-WARNING", "STDERR-TEXT",
                 "Traceback", "fail = False"):
        assert text not in page, text
    assert "PLAIN-STDOUT" in page  # printed results are content, stderr is not


def test_nothing_loaded_from_outside(rendered):
    _, page = rendered
    assert r.external_references(page) == []
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()


def test_external_check_catches_nbconverts_default_template(rendered):
    from nbconvert import HTMLExporter

    out, _ = rendered
    nb = nbformat.read(out / "tiny.ipynb", as_version=4)
    default, _ = HTMLExporter().from_notebook_node(nb)
    found = r.external_references(default)
    assert any("require" in x for x in found), found


def test_table_of_contents_has_working_anchors(rendered):
    _, page = rendered
    nav = page[page.index("<nav"):page.index("</nav>")]
    targets = re.findall(r'href="#([^"]+)"', nav)
    texts = re.findall(r'<a href="#[^"]+">([^<]+)</a>', nav)
    assert texts == ["Tiny report", "Tables", "Figure", "Made by code", "Failing part", "Tables"]
    ids = re.findall(r'<h[1-3] id="([^"]+)"', page)
    assert targets == ids and len(set(ids)) == len(ids)  # the repeated heading got its own id


def test_figure_is_embedded_svg_without_dates(rendered):
    _, page = rendered
    m = re.search(r'<img alt="A line" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page) or \
        re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"[^>]*alt="A line"', page)
    assert m, "figure not embedded as SVG data URI"
    svg = base64.b64decode(m.group(1)).decode()
    assert "<svg" in svg and "<dc:date>" not in svg


def test_table_cells_escaped_and_unknowns_marked(rendered):
    _, page = rendered
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert '<span class="pia-unknown">not recorded</span>' in page
    assert '<span class="pia-unknown">unknown</span>' in page
    assert "<caption>A table</caption>" in page


def test_failing_cell_names_its_section(tiny, tmp_path):
    with pytest.raises(PipelineError) as exc:
        r.execute(tiny, {"fail": True}, name="tiny")
    assert str(exc.value) == "tiny: section 'Failing part' failed: ValueError: boom"
    assert "Traceback" not in str(exc.value)


def test_failed_render_keeps_previous_files(tiny, tmp_path):
    out = tmp_path / "tiny.html"
    ipynb = tmp_path / "tiny.ipynb"
    r.render(tiny, {"label": "FIRST"}, out, executed_ipynb=ipynb)
    before = (out.read_bytes(), ipynb.read_bytes())
    with pytest.raises(PipelineError):
        r.render(tiny, {"label": "SECOND", "fail": True}, out, executed_ipynb=ipynb)
    assert (out.read_bytes(), ipynb.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.html", "tiny.ipynb"]


def test_warm_kernel_is_reused_and_left_running(tiny):
    with r.kernel() as km:
        pid = km.provisioner.pid if km.provisioner else None
        a = r.execute(tiny, {"label": "one"}, kernel_manager=km)
        b = r.execute(tiny, {"label": "two"}, kernel_manager=km)
        assert km.is_alive()
        assert (km.provisioner.pid if km.provisioner else None) == pid
    assert not km.has_kernel
    html_a, html_b = r.to_html(a), r.to_html(b)
    assert "one" in html_a and "two" in html_b


def test_staged_folder_swaps_only_when_complete(tmp_path):
    dest = tmp_path / "report"
    with r.staged(dest) as tmp:
        (tmp / "a.txt").write_text("first")
        (tmp / "stale.txt").write_text("old")
    with pytest.raises(RuntimeError):
        with r.staged(dest) as tmp:
            (tmp / "a.txt").write_text("half")
            raise RuntimeError("step failed")
    assert (dest / "a.txt").read_text() == "first"
    with r.staged(dest) as tmp:
        (tmp / "a.txt").write_text("second")
    assert sorted(p.name for p in dest.iterdir()) == ["a.txt"]
    assert (dest / "a.txt").read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_section_of_without_heading():
    nb = v4.new_notebook(cells=[v4.new_code_cell("x = 1")])
    assert r.section_of(nb, 0) == "the start of the report"


def test_keyvalue_shows_not_yet_done():
    out = r.keyvalue([("Signed by", None), ("Date", "2026-01-02")])
    data, _ = out._repr_mimebundle_()
    page = data["text/html"]
    assert "<th>Signed by</th><td><span class=\"pia-todo\">not yet done</span></td>" in page
    assert "<th>Date</th><td>2026-01-02</td>" in page


def test_table_from_rows_same_as_from_a_dataframe():
    import pandas as pd

    rows = [{"Name": "<b>x</b>", "Count": 3, "Where": None, "Level": r.badge("high")},
            {"Name": "unknown", "Count": 12, "Where": "DE", "Level": r.badge(None)}]
    kwargs = dict(caption="A table", raw=("Level",), numeric=("Count",))
    from_rows = r.table(rows, **kwargs)._repr_mimebundle_()
    assert from_rows == r.table(pd.DataFrame(rows), **kwargs)._repr_mimebundle_()
    page = from_rows[0]["text/html"]
    assert '<td class="num">12</td>' in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert r.table([], empty="Nothing here.")._repr_mimebundle_()[0] == {"text/markdown": "*Nothing here.*"}


def test_outputs_keep_their_order_and_a_failure_stops_the_run(tmp_path):
    """All cells are sent to the kernel at once: outputs still land in their cells in the order
    they were made, the first failing cell stops the run (later cells never run), and the same
    kernel runs the next notebook normally."""
    marker = tmp_path / "ran"
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# Order"),
        v4.new_code_cell("from IPython.display import HTML, display\nprint('first')\ndisplay(HTML('<b>second</b>'))\n"
                         "print('third')\ndisplay(HTML('<b>fourth</b>'))"),
        v4.new_markdown_cell("## Breaks"),
        v4.new_code_cell("raise KeyError('nope')"),
        v4.new_code_cell(f"open({str(marker)!r}, 'w').write('x')"),
    ])
    with r.kernel() as km:
        with pytest.raises(PipelineError) as exc:
            r.execute(nb, name="order", kernel_manager=km)
        assert str(exc.value) == "order: section 'Breaks' failed: KeyError: 'nope'"
        assert not marker.exists()
        done = r.execute(v4.new_notebook(cells=nb.cells[:2]), kernel_manager=km)
    outs = done.cells[1].outputs
    assert [(o.output_type, o.get("text") or o.data["text/html"]) for o in outs] == [
        ("stream", "first\n"), ("display_data", "<b>second</b>"), ("stream", "third\n"), ("display_data", "<b>fourth</b>")]
    assert done.cells[1].execution_count == 3  # the first run's two cells counted before it (no reset here)


def test_two_kernels_side_by_side_print_nothing_of_their_own(tmp_path):
    """Kernels keep no input history on disk: two of them used to share IPython's SQLite history
    and one printed 'Session/line number was not unique in database' into a report."""
    nb = v4.new_notebook(cells=[v4.new_code_cell("x = 1"), v4.new_code_cell("x + 1")])
    with r.kernel() as a, r.kernel() as b:
        runs = [r.execute(nb, kernel_manager=km) for km in (a, b, a, b)]
    for done in runs:
        assert [o.output_type for c in done.cells for o in c.outputs] == ["execute_result"]
        assert done.cells[1].outputs[0].data["text/plain"] == "2"


def test_display_updates_and_clear_output_as_nbclient_does():
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("from IPython.display import HTML, display, clear_output\n"
                         "h = display(HTML('<i>old</i>'), display_id='shared')"),
        v4.new_code_cell("print('gone')\nclear_output()\nprint('kept')"),
        v4.new_code_cell("h.update(HTML('<i>new</i>'))\nprint('waits')\nclear_output(wait=True)\nprint('after')"),
    ])
    done = r.execute(nb)
    first, second, third = (c.outputs for c in done.cells)
    assert [o.data["text/html"] for o in first] == ["<i>new</i>"]  # updated in place, in the earlier cell
    assert [o.text for o in second] == ["kept\n"]
    assert [o.text for o in third] == ["after\n"]
