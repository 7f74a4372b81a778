"""The report runner's shortcuts give exactly what the long way gives: messages read straight from
the kernel's sockets, Markdown remembered, the exporter's light copy, the notebook written without
nbformat's copy, and a batch that starts rendering while it still plans."""
from __future__ import annotations

import copy
from pathlib import Path
from queue import Empty

import nbformat
import pytest
import zmq
from jupyter_client.session import Session
from nbformat import v4

from pia import batch, report

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests" / "fixtures" / "diff" / "base.yaml").read_text()


class _Channel:
    def __init__(self, socket, session):
        self.socket, self.session = socket, session


@pytest.fixture()
def pair():
    ctx = zmq.Context()
    a, b = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)
    a.bind("inproc://pia-test-recv")
    b.connect("inproc://pia-test-recv")
    yield a, b
    a.close(0)
    b.close(0)
    ctx.term()


def test_recv_reads_a_signed_message_as_jupyter_client_does(pair):
    sender, receiver = pair
    session = Session(key=b"secret")
    parent = session.msg("execute_request", {"code": "1"})
    session.send(sender, "stream", {"name": "stdout", "text": "hi\n"}, parent=parent)
    msg = report._recv(_Channel(receiver, session), 1.0)
    assert msg["msg_type"] == "stream"
    assert msg["content"] == {"name": "stdout", "text": "hi\n"}
    assert msg["parent_header"]["msg_id"] == parent["header"]["msg_id"]
    assert isinstance(msg["header"]["date"], str)  # left as text: nothing reads it


def test_recv_refuses_a_message_signed_with_another_key(pair):
    sender, receiver = pair
    Session(key=b"other").send(sender, "status", {"execution_state": "idle"})
    with pytest.raises(ValueError, match="invalid signature"):
        report._recv(_Channel(receiver, Session(key=b"secret")), 1.0)


def test_recv_times_out_with_empty(pair):
    _, receiver = pair
    with pytest.raises(Empty):
        report._recv(_Channel(receiver, Session(key=b"secret")), 0.05)


def _notebook():
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# Title\n\nSome *emphasis* and a [link](#title)."),
        v4.new_code_cell("x", outputs=[
            v4.new_output("display_data", data={"text/markdown": "## Part\n\n- one\n- two"}),
            v4.new_output("display_data", data={"text/html": "<table><tr><td>1</td></tr></table>"}),
        ]),
    ])


def test_html_is_the_same_with_the_markdown_cache_cold_and_warm():
    exporter = report._get_exporter()
    exporter._markdown_cache.clear()
    cold = report.to_html(_notebook())
    assert exporter._markdown_cache  # the cell's and the output's Markdown were kept
    warm = report.to_html(_notebook())
    assert warm == cold
    assert "<em>emphasis</em>" in cold and "<li>two</li>" in cold


def test_markdown_with_attachments_is_not_cached():
    exporter = report._get_exporter()
    exporter._markdown_cache.clear()
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("![x](attachment:x.png)", attachments={
        "x.png": {"image/png": "iVBORw0KGgo="}})])
    report.to_html(nb)
    assert exporter._markdown_cache == {}


def test_export_leaves_the_notebook_as_it_was():
    nb = _notebook()
    before = copy.deepcopy(nb)
    report.to_html(nb)
    assert nb == before


def test_written_notebook_is_byte_identical_to_nbformats(tmp_path):
    nb = _notebook()
    nb.cells[1].outputs.append(v4.new_output("stream", name="stdout", text="a\nb\n"))
    expected = v4.writes(copy.deepcopy(nb))  # what nbformat.write writes
    report._write_nb(nb, tmp_path / "x.ipynb")
    written = (tmp_path / "x.ipynb").read_text(encoding="utf-8")
    assert written == expected + ("" if expected.endswith("\n") else "\n")
    nbformat.validate(nbformat.reads(written, as_version=4))


def test_plan_hands_over_each_model_to_render_as_soon_as_it_is_planned(tmp_path):
    models = tmp_path / "m"
    models.mkdir()
    for k in range(3):
        (models / f"shop-{k}.yaml").write_text(BASE.replace("  id: shop\n", f"  id: shop-{k}\n", 1))
    (models / "shop-9.yaml").write_text(BASE)  # the id "shop" is used by nothing else: rendered too
    (models / "broken.yaml").write_text("assessment:\n  id: broken\n")
    seen = []
    items = batch.plan([str(models)], tmp_path / "out", ready=lambda item, found: seen.append((item.id, found, len(seen))))
    assert [s[0] for s in seen] == ["shop-0", "shop-1", "shop-2", "shop"]
    assert {s[1] for s in seen} == {5}  # every model file found, the broken one included
    assert sorted(i.id for i in items if i.status == "pending") == ["shop", "shop-0", "shop-1", "shop-2"]
    assert [i.status for i in items if i.path.endswith("broken.yaml")] == ["invalid"]
