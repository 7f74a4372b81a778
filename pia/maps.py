"""Pictures of who receives which personal data: flow map, disclosure matrix, focus and transfers.

Every function takes a loaded model and returns a :class:`matplotlib.figure.Figure` built without
pyplot (no global state; nothing to close). The layout is computed, not simulated: nodes go in
columns by role and bands by jurisdiction, sorted by name; edge labels sit in the lane before their
target and are spread apart vertically, so no two texts overlap. Same model, same image bytes:
use :func:`png` or :func:`svg` (fixed font, no dates, fixed SVG ids).

Large models are aggregated above ``max_nodes`` (by role and country, then by role and
jurisdiction; matrix columns by role and country, rows by category group) and the figure says so.

>>> import pia
>>> m = pia.load("data/cloud_connectors.yaml")
>>> fig = flow_map(m)
>>> png(fig) == png(flow_map(m))
True
"""
from __future__ import annotations

import contextlib
import io
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from . import geo
from .schema import UNKNOWN

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .model import Model

__all__ = ["write_map", "flow_map", "disclosure_matrix", "focus_view", "transfer_view", "png", "svg", "save", "show",
           "COLUMNS", "BANDS", "MAX_NODES", "text_overlaps",
           "texts_outside", "texts"]

#: Columns of the flow map, left to right.
COLUMNS = ("Data subjects", "Collecting systems and controllers", "Processors and sub-processors",
           "Third parties and authorities")
#: Jurisdiction bands, top to bottom: (key, label, background colour).
BANDS = (("eea", "EEA", "#eef5fb"),
         ("adequate", "Adequacy decision", "#eef7ee"),
         ("third", "Third country without adequacy", "#fbeeee"),
         ("unknown", "Location unknown", "#f4f4f4"))
#: Above this many nodes (matrix: recipients or categories) pictures aggregate.
MAX_NODES = 40

_FONT = "DejaVu Sans"
_RC = {"font.family": "sans-serif", "font.sans-serif": [_FONT], "svg.hashsalt": "pia-maps",
       "svg.fonttype": "path", "path.simplify": True, "hatch.linewidth": 0.6}
_EDGE_STYLE = {  # status -> (colour, linestyle, linewidth, legend text)
    "ok": ("#6b7280", "-", 0.9, "Flow (EEA, adequate country, or already outside the EEA)"),
    "no_adequacy": ("#c0262d", (0, (5, 2)), 1.6, "Leaves the EEA to a country without adequacy"),
    "unknown": ("#d97706", (0, (1.5, 1.5)), 1.3, "Destination location unknown"),
}
_UNDISCLOSED = "#7c3aed"
_ROLE_COLUMN = {"controller": 1, "joint_controller": 1, "processor": 2, "sub_processor": 2,
                "third_party": 3, "public_authority": 3}


# --- output -----------------------------------------------------------------------------------

@contextlib.contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(_RC):
        yield


def _figure(width: float, height: float) -> "Figure":
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _add(ax, artist):
    """Add a patch or line to an Axes whose limits are set explicitly (every picture here):
    ``add_patch``/``add_line`` would also grow the data limits, walking each path, for nothing."""
    return ax.add_artist(artist)


def fixed_clip(ax):
    """The Axes, with the transform of its background patch worked out once.

    Every artist added to an Axes is clipped to that patch, and matplotlib builds the patch's
    transform anew for each one (a chain of transform objects, most of the cost of adding a
    text or a box). The patch stays the unit square of the Axes, so one transform, still
    following the Axes' position, serves them all: same clip boxes, same pictures."""
    patch = ax.patch
    transform = patch.get_transform()
    patch.get_transform = lambda: transform
    return ax


#: Text extents measured by matplotlib while saving figures in this process, shared by every
#: figure and renderer (see :func:`shared_text_metrics`). Bounded: emptied when it grows large.
_METRICS: dict = {}
_METRICS_MAX = 50_000


@contextlib.contextmanager
def shared_text_metrics() -> Iterator[None]:
    """Let every figure saved inside this block share text measurements.

    matplotlib measures each text with FreeType again for every renderer it creates: twice per
    ``savefig`` with ``bbox_inches="tight"`` (a layout pass, then the real one) and again for
    the next figure, though the extent of a string depends only on the string, the font
    properties, the dpi and the font settings in force. This keeps one table for the process,
    keyed on all of those (and the renderer's type), so the pictures are byte for byte the
    same, only cheaper. Within the block a text's layout (lines, offsets, box relative to its
    anchor) is also worked out once for all texts alike, not once for the tight box and again
    for the drawing. Performance only; nested use is fine.
    """
    import matplotlib
    import matplotlib.text as mtext

    orig = mtext._get_text_metrics_with_cache
    if getattr(orig, "_pia_shared", False):  # already inside such a block
        yield
        return
    rc = matplotlib.rcParams
    settings = tuple((k, str(rc[k])) for k in sorted(rc) if k.startswith(("font.", "text.", "mathtext.")))

    def metrics(renderer, text, fontprop, ismath, dpi):
        if ismath == "TeX":
            return orig(renderer, text, fontprop, ismath, dpi)
        prop = fontprop.copy()  # FontProperties is mutable; its hash and equality are its state
        key = (type(renderer), text, prop, ismath, dpi, settings)
        found = _METRICS.get(key)
        if found is None:
            found = orig(renderer, text, prop, ismath, dpi)
            if len(_METRICS) >= _METRICS_MAX:
                _METRICS.clear()
            _METRICS[key] = found
        return found

    metrics._pia_shared = True  # type: ignore[attr-defined]
    layout = mtext.Text._get_layout
    layouts: dict = {}

    def get_layout(text, renderer):
        # a text's layout (relative to its anchor) depends only on these: measured once per block
        # for the tight-box pass and the drawing, and shared by texts alike (legend entries, labels)
        key = (type(renderer), text.get_figure(root=True).dpi, text._get_wrapped_text(), text._fontproperties.copy(),
               text.get_rotation(), text._horizontalalignment, text._verticalalignment, text._get_multialignment(),
               text._linespacing, text.get_rotation_mode(), text.get_usetex(), text._parse_math)
        found = layouts.get(key)
        if found is None:
            found = layouts[key] = layout(text, renderer)
        return found

    mtext._get_text_metrics_with_cache = metrics
    mtext.Text._get_layout = get_layout
    try:
        yield
    finally:
        mtext._get_text_metrics_with_cache = orig
        mtext.Text._get_layout = layout


@contextlib.contextmanager
def one_drawing_pass(fig: "Figure") -> Iterator[None]:
    """Let ``savefig(bbox_inches="tight")`` draw the figure once instead of twice.

    With a tight box matplotlib first draws the whole figure with drawing switched off, only to
    update layout state, then measures the box, then draws for real. The pictures of this
    package have no layout engine and no artist whose extent needs that pass (texts, patches,
    arrows and legends measure themselves when asked), so the box and the bytes written are the
    same without it; skipped only then. Performance only.
    """
    if fig.get_layout_engine() is not None:  # constrained/tight layout need the pass
        yield
        return
    real = fig.draw

    def draw(renderer):
        inner = getattr(renderer, "_renderer", renderer)  # a vector backend's mixed-mode renderer
        if "draw_path" in vars(inner):  # drawing switched off (RendererBase._draw_disabled)
            return None
        return real(renderer)

    fig.draw = draw
    try:
        yield
    finally:
        del fig.draw


def png(fig: "Figure", dpi: int = 200) -> bytes:
    """The figure as PNG bytes (200 dpi: crisp in HTML), without time or software metadata."""
    buf = io.BytesIO()
    with _style(), shared_text_metrics():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def svg(fig: "Figure") -> str:
    """The figure as SVG text with fixed ids and no date (text drawn as paths)."""
    buf = io.StringIO()
    with _style(), shared_text_metrics():
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def save(fig: "Figure", path, dpi: int = 200) -> None:
    """Write the figure to ``path`` (.png or .svg)."""
    from pathlib import Path

    p = Path(path)
    if p.suffix.lower() == ".svg":
        p.write_text(svg(fig), encoding="utf-8")
    else:
        p.write_bytes(png(fig, dpi))


def show(fig: "Figure"):
    """Display object for a notebook: the PNG at 200 dpi, shown at its natural size."""
    from IPython.display import Image

    return Image(data=png(fig), format="png", width=int(fig.get_figwidth() * 100))


def text_overlaps(fig: "Figure", pad: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts whose rendered boxes overlap (for checking layouts)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in fig.findobj(lambda a: a.__class__.__name__ in ("Text", "Annotation")):
        if not t.get_visible() or not t.get_text().strip():
            continue
        bb = t.get_window_extent(renderer)
        boxes.append((t.get_text(), bb.expanded(1.0, 1.0).padded(pad)))
    boxes.sort(key=lambda b: b[1].x0)
    out = []
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1:]:
            if b.x0 >= a.x1:
                break
            if a.overlaps(b) and min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5:
                out.append((ta, tb))
    return out


def texts_outside(fig: "Figure") -> list[str]:
    """Visible, non-empty texts not wholly inside the figure (for checking layouts)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    w, h = fig.bbox.width, fig.bbox.height
    out = []
    for t in fig.findobj(lambda a: a.__class__.__name__ in ("Text", "Annotation")):
        if t.get_visible() and t.get_text().strip():
            bb = t.get_window_extent(renderer)
            if bb.x0 < -0.5 or bb.y0 < -0.5 or bb.x1 > w + 0.5 or bb.y1 > h + 0.5:
                out.append(t.get_text())
    return out


def texts(fig: "Figure") -> list[str]:
    """Every visible text of a figure, in drawing order (legend entries included)."""
    return [t.get_text() for t in fig.findobj(lambda a: a.__class__.__name__ in ("Text", "Annotation"))
            if t.get_visible() and t.get_text().strip()]


# --- the graph drawn: nodes and edges after classification and aggregation ----------------------

@dataclass
class _Node:
    id: str
    name: str
    column: int
    band: str
    detail: str
    members: list[str] = field(default_factory=list)


@dataclass
class _Edge:
    source: str
    target: str
    groups: list[str]
    status: str
    undisclosed: bool
    flows: list[str]


def _band(model: "Model", node: str) -> str:
    country = model.location(node)
    party = model.party_of(node)
    certs = getattr(model.index.get(party), "certifications", None) if party else None
    status = geo.adequacy(country, certs if isinstance(certs, list) else None).status
    return {"eea": "eea", "adequate": "adequate", "unknown": "unknown"}.get(status, "third")


def _roles(model: "Model") -> dict[str, set[str]]:
    """Roles each node's party plays in the activities of the flows touching it."""
    acts = {a.id: a for a in model.activities}
    out: dict[str, set[str]] = {}
    for f in model.flows:
        for node in (f.source, f.to):
            party = model.party_of(node)
            role = acts[f.activity].roles.get(party) if party else None
            out.setdefault(node, set())
            if role:
                out[node].add(role)
    return out


def _column(model: "Model", node: str, roles: set[str]) -> int:
    if model.kind_of(node) == "subject":
        return 0
    if model.party_of(node) == model.assessment.controller and model.assessment.controller:
        return 1
    cols = [_ROLE_COLUMN[r] for r in roles if r in _ROLE_COLUMN]
    return min(cols) if cols else 3


def _role_text(roles: set[str]) -> str:
    if not roles:
        return "role not given"
    return ", ".join(sorted(r.replace("_", " ").replace("public authority", "authority") for r in roles))


def _graph(model: "Model", flow_cats: dict[str, set[str]] | None = None, *, max_nodes: int = MAX_NODES):
    """Nodes and edges to draw, aggregated when there are more than ``max_nodes`` nodes.

    ``flow_cats`` restricts the drawing to some flows and, per flow, to some categories (focus).
    Returns (nodes by id, edges, note saying what was aggregated or '').
    """
    from .disclosure import category_group, register

    reg = register(model)
    undisclosed_nodes = set(reg.loc[reg["disclosed_in_notice"].isin(["not_stated", UNKNOWN]), "recipient"])
    flows = [f for f in model.flows if flow_cats is None or f.id in flow_cats]
    roles = _roles(model)
    nodes: dict[str, _Node] = {}
    for f in flows:
        for n in (f.source, f.to):
            if n not in nodes:
                country = model.location(n)
                where = geo.country_name(country) if country != "EU" else "EU / EEA"
                kind = model.kind_of(n)
                detail = where if kind == "subject" else f"{where} · {_role_text(roles.get(n, set()))}"
                nodes[n] = _Node(n, model.name(n), _column(model, n, roles.get(n, set())), _band(model, n),
                                 detail, [n])
    note = ""
    alias = {n: n for n in nodes}
    if len(nodes) > max_nodes:
        grouped, alias, note = _aggregate(model, nodes, max_nodes)
    else:
        grouped = nodes
    edges = _edges(model, flows, alias, flow_cats, undisclosed_nodes)
    if len(edges) > max_nodes:  # still too many arrows to draw one by one: group by jurisdiction only
        grouped, alias, note = _aggregate(model, nodes, max_nodes, coarse=True)
        edges = _edges(model, flows, alias, flow_cats, undisclosed_nodes)
        note = note.replace("nodes): ", f"nodes or arrows): ", 1)
    return grouped, edges, note


def _edges(model: "Model", flows: list, alias: dict, flow_cats, undisclosed_nodes: set) -> list[_Edge]:
    from .disclosure import category_group

    edges: dict[tuple[str, str], _Edge] = {}
    for f in flows:
        u, v = alias[f.source], alias[f.to]
        if u == v:
            continue
        cats = model.flow_categories(f) if flow_cats is None else sorted(flow_cats[f.id])
        if flow_cats is not None and len(cats) <= 3:  # a focus names the categories themselves
            groups = {model.vocabulary.name("data_category", c) for c in cats}
        else:
            groups = {category_group(model, c) for c in cats}
        status = _flow_status(model, f)
        undisclosed = f.to in undisclosed_nodes
        e = edges.get((u, v))
        if e is None:
            edges[(u, v)] = _Edge(u, v, sorted(groups), status, undisclosed, [f.id])
        else:
            e.groups = sorted(set(e.groups) | groups)
            e.status = _worse(e.status, status)
            e.undisclosed = e.undisclosed or undisclosed
            e.flows.append(f.id)
    return list(edges.values())


def _flow_status(model: "Model", f) -> str:
    if geo.in_eea(model.location(f.to)) is None:
        return "unknown"
    if model.leaves_eea(f) is True and _band(model, f.to) == "third":
        return "no_adequacy"
    return "ok"


def _worse(a: str, b: str) -> str:
    order = ["ok", "unknown", "no_adequacy"]
    return max(a, b, key=order.index)


def _aggregate(model: "Model", nodes: dict[str, _Node], max_nodes: int, coarse: bool = False):
    """Group crowded columns: by (column, country), and by (column, band) if still crowded;
    ``coarse``: every column by (column, band)."""
    per_column = 1 if coarse else max(1, max_nodes // 4)
    alias = {n: n for n in nodes}
    out: dict[str, _Node] = {}
    said = []
    for col in range(4):
        members = sorted((n for n in nodes.values() if n.column == col), key=lambda n: n.id)
        if len(members) <= per_column:
            out.update({n.id: n for n in members})
            continue
        by_country: dict[str, list[_Node]] = {}
        for n in members:
            key = f"{model.location(n.id)}|{n.band}" if col else f"{n.band}|{n.band}"
            by_country.setdefault(key, []).append(n)
        how = "country" if col else "jurisdiction"
        groups = {("c", k): v for k, v in by_country.items()}
        if len(groups) > per_column or coarse:
            how = "jurisdiction"
            groups = {}
            for n in members:
                groups.setdefault(("b", n.band), []).append(n)
        label = COLUMNS[col].lower()
        for (kind, key), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if len(group) == 1:
                out[group[0].id] = group[0]
                continue
            gid = f"group:{col}:{kind}:{key}"
            if kind == "c":
                country, band = key.split("|")
                where = geo.country_name(country) if col else dict((b[0], b[1]) for b in BANDS)[band]
                if col and band == "adequate" and geo.adequacy(country).status == "conditional":
                    where += " (certified)"
                elif col and band == "third" and geo.adequacy(country).status == "conditional":
                    where += " (not known to be certified)"
            else:
                where = dict((b[0], b[1]) for b in BANDS)[key]
            names = ", ".join(n.name for n in group[:3]) + (", ..." if len(group) > 3 else "")
            out[gid] = _Node(gid, f"{len(group)} {label}: {where}", col, group[0].band,
                             names, [n.id for n in group])
            for n in group:
                alias[n.id] = gid
        shown = len({alias[n.id] for n in members})
        if shown < len(members):
            said.append(f"{len(members)} {label} shown as {shown} group{'s' if shown != 1 else ''} by {how}")
    note = ("Aggregated for readability (more than %d nodes): " % max_nodes + "; ".join(said)
            + ". The disclosure register lists every recipient.") if said else ""
    return out, alias, note


# --- flow map ---------------------------------------------------------------------------------

_NODE_W, _GAP, _LEFT, _TOP = 1.75, 1.5, 0.35, 1.0
_NODE_FS, _DETAIL_FS, _LABEL_FS = 7.5, 6.0, 6.5
_LINE = 1.25 / 72  # inches per point of font size, with line spacing


def _wrap(text: str, width: int, max_lines: int = 4) -> list[str]:
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return lines


def flow_map(model: "Model", focus: tuple[str, str] | str | None = None, *, max_nodes: int = MAX_NODES,
             title: str | None = None) -> "Figure":
    """The flow map: columns by role, bands by jurisdiction, edges labelled with category groups.

    ``focus`` (``("recipient", "google-analytics")`` or ``"recipient:google-analytics"``) draws
    only the flows carrying data of that subject group, category or recipient.
    """
    if focus is not None:
        kind, ident = _focus_pair(model, focus)
        return focus_view(model, kind, ident, max_nodes=max_nodes)
    heading = title or f"Disclosure map: {model.assessment.title}"
    return _draw_map(model, None, heading, max_nodes=max_nodes)


def _focus_pair(model: "Model", focus) -> tuple[str, str]:
    from .disclosure import check_focus, parse_focus

    if isinstance(focus, str):
        return parse_focus(model, focus)
    kind, ident = focus
    check_focus(model, kind, ident)
    return kind, ident


def _draw_map(model: "Model", flow_cats, heading: str, *, max_nodes: int, subtitle: str = "") -> "Figure":
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle

    nodes, edges, note = _graph(model, flow_cats, max_nodes=max_nodes)
    with _style():
        # 1. node boxes: wrapped text, stacked per (band, column) cell, sorted by name
        wrapw = 23
        box: dict[str, tuple[float, float]] = {}  # id -> (height, y offset within cell)
        texts: dict[str, tuple[list[str], list[str]]] = {}
        for n in nodes.values():
            name = _wrap(n.name, wrapw, 4)
            detail = _wrap(n.detail, int(wrapw * _NODE_FS / _DETAIL_FS), 2)
            texts[n.id] = (name, detail)
            h = len(name) * _NODE_FS * _LINE + len(detail) * _DETAIL_FS * _LINE + 0.16
            box[n.id] = (h, 0.0)
        bands = [b for b in BANDS if any(n.band == b[0] for n in nodes.values())]
        used = sorted({n.column for n in nodes.values()})
        slot = {c: i for i, c in enumerate(used)}  # empty columns take no room
        cells: dict[tuple[str, int], list[_Node]] = {}
        for n in sorted(nodes.values(), key=lambda n: (n.name.lower(), n.id)):
            cells.setdefault((n.band, n.column), []).append(n)
        pos, band_span = _place(cells, bands, box, slot)
        # fewer crossings: a few deterministic sweeps ordering each cell by its neighbours' heights
        nbrs: dict[str, list[str]] = {}
        for e in edges:
            nbrs.setdefault(e.source, []).append(e.target)
            nbrs.setdefault(e.target, []).append(e.source)
        for _sweep in range(4):
            for key, stack in cells.items():
                def bary(n: _Node) -> float:
                    ys = [pos[m][1] + pos[m][2] / 2 for m in nbrs.get(n.id, [])]
                    return sum(ys) / len(ys) if ys else pos[n.id][1]
                stack.sort(key=lambda n: (round(bary(n), 6), n.name.lower(), n.id))
            pos, band_span = _place(cells, bands, box, slot)

        # 2. edges: lane before the target, label packing per lane
        def lane_of(e: _Edge) -> int:
            s, t = slot[nodes[e.source].column], slot[nodes[e.target].column]
            if s == t:  # within a column: the lane on its right, or on its left for the last column
                return t if t < len(used) - 1 or t == 0 else t - 1
            return t - 1 if s < t else t  # lane k lies between column k and k+1

        def mid_y(n: str) -> float:
            x, y0, h = pos[n]
            return y0 + h / 2

        labels = []
        indeg: dict[str, int] = {}
        outdeg: dict[str, int] = {}
        for e in edges:
            indeg[e.target] = indeg.get(e.target, 0) + 1
            outdeg[e.source] = outdeg.get(e.source, 0) + 1
        for e in edges:
            k = lane_of(e)
            lx = _LEFT + k * (_NODE_W + _GAP) + _NODE_W + _GAP / 2
            s, t = pos[e.source], pos[e.target]
            sx = s[0] + (_NODE_W if slot[nodes[e.source].column] <= k else 0)
            tx = t[0] + (0 if slot[nodes[e.target].column] > k else _NODE_W)
            sy, ty = mid_y(e.source), mid_y(e.target)
            # fan-in (many edges into the target): label near the source; otherwise near the target
            near_source = indeg[e.target] > outdeg[e.source]
            want = 0.8 * sy + 0.2 * ty if near_source else 0.2 * sy + 0.8 * ty
            labels.append({"edge": e, "parts": [{"edge": e, "sx": sx}], "lane": k, "x": lx, "want": want,
                           "tx": tx})
        merged = len(edges) > max_nodes
        if merged:  # too many arrows to label one by one: one label per target, "what arrives here"
            by_target: dict[tuple[str, int], dict] = {}
            for lab in labels:
                e = lab["edge"]
                m = by_target.get((e.target, lab["lane"]))
                if m is None:
                    by_target[(e.target, lab["lane"])] = {
                        **lab, "want": mid_y(e.target),
                        "edge": _Edge("", e.target, list(e.groups), e.status, e.undisclosed, list(e.flows))}
                else:
                    me = m["edge"]
                    me.groups = sorted(set(me.groups) | set(e.groups))
                    me.status, me.undisclosed = _worse(me.status, e.status), me.undisclosed or e.undisclosed
                    me.flows += e.flows
                    m["parts"] = m["parts"] + lab["parts"]
            labels = list(by_target.values())
        for lab in labels:
            e = lab["edge"]
            lines = _wrap(", ".join(e.groups), 24, 5)
            if merged and len(lab["parts"]) > 1:
                lines.append(f"({len(e.flows)} flows from {len(lab['parts'])} senders)")
            elif len(e.flows) > 1 and any(k.startswith("group:") for k in (e.source, e.target)):
                lines.append(f"({len(e.flows)} flows)")
            if e.undisclosed:
                lines.append("not in the notice")
            lab["lines"] = lines
            lab["h"] = len(lines) * _LABEL_FS * _LINE + 0.06
        for k in sorted({lab["lane"] for lab in labels}):
            lane = sorted((lab for lab in labels if lab["lane"] == k),
                          key=lambda lab: (lab["want"], lab["edge"].source, lab["edge"].target))
            _pack(lane, top=_TOP + 0.3, pad=0.08)
        bottom = max([band_span[b[0]][1] for b in bands] + [lab["y"] + lab["h"] / 2 + 0.3 for lab in labels])

        # 3. draw
        ncol = max(len(used), 1)
        width = max(_LEFT + ncol * _NODE_W + (ncol - 1) * _GAP + 0.35, 9.0)
        legend_h = 0.95 + (0.45 if note else 0)
        height = bottom + legend_h
        fig = _figure(width, height)
        ax = fixed_clip(fig.add_axes((0, 0, 1, 1)))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.axis("off")
        ax.text(0.25, 0.32, heading, fontsize=11, fontweight="bold", va="center", ha="left")
        if subtitle:
            ax.text(0.25, 0.62, subtitle, fontsize=7.5, va="center", ha="left", color="#374151")
        for col in used:
            label = COLUMNS[col]
            ax.text(_LEFT + slot[col] * (_NODE_W + _GAP) + _NODE_W / 2, _TOP + 0.05, "\n".join(_wrap(label, 24)), fontsize=8,
                    fontweight="bold", ha="center", va="center", color="#111827")
        for key, label, colour in bands:
            top, bot = band_span[key]
            _add(ax, Rectangle((0.1, top), width - 0.2, bot - top - 0.12, facecolor=colour,
                                   edgecolor="none", zorder=0))
            ax.text(0.2, top + 0.1, label, fontsize=7, fontweight="bold", va="top",
                    ha="left", color="#374151", zorder=1, linespacing=1.15)

        # anchors spread along each node side, ordered by where the other end is
        sides: dict[tuple[str, str], list] = {}
        for lab in labels:
            e = lab["edge"]
            for part in lab["parts"]:
                src = part["edge"].source
                sides.setdefault((src, "R" if part["sx"] > pos[src][0] else "L"), []).append((lab["y"], part, "s"))
            sides.setdefault((e.target, "L" if lab["tx"] == pos[e.target][0] else "R"), []).append((lab["y"], lab, "t"))
        for (n, _side), items in sides.items():
            items.sort(key=lambda it: (it[0], it[1]["edge"].source, it[1]["edge"].target))
            x0, y0, h = pos[n]
            for i, (_y, item, end) in enumerate(items):
                item["a" + end] = y0 + h * (i + 1) / (len(items) + 1)

        for lab in labels:
            e = lab["edge"]
            colour, ls, lw, _ = _EDGE_STYLE[e.status]
            w = max(len(line) for line in lab["lines"]) * _LABEL_FS * 0.62 / 72 + 0.12
            w = min(w, _GAP - 0.15)
            lx, ly = lab["x"], lab["y"]
            for part in lab["parts"]:
                pc, pls, plw, _ = _EDGE_STYLE[part["edge"].status]
                near = lx - w / 2 if part["sx"] < lx else lx + w / 2
                _add(ax, Line2D([part["sx"], near], [part["as"], ly], color=pc, linestyle=pls,
                                   linewidth=plw, zorder=2, solid_capstyle="butt"))
            exit_x = lx + w / 2 if lab["tx"] > lx else lx - w / 2
            _add(ax, FancyArrowPatch((exit_x, ly), (lab["tx"], lab["at"]), arrowstyle="-|>",
                                         mutation_scale=9, color=colour, linestyle=ls, linewidth=lw,
                                         shrinkA=0, shrinkB=1, zorder=2))
            edge_colour = _UNDISCLOSED if e.undisclosed else colour
            _add(ax, FancyBboxPatch((lx - w / 2, ly - lab["h"] / 2), w, lab["h"],
                                        boxstyle="round,pad=0,rounding_size=0.04", facecolor="white",
                                        edgecolor=edge_colour, linewidth=0.9 if e.undisclosed else 0.6,
                                        zorder=3))
            body = lab["lines"][:-1] if e.undisclosed else lab["lines"]
            line_h = _LABEL_FS * _LINE
            top = ly - lab["h"] / 2 + 0.03
            for i, text in enumerate(body):
                ax.text(lx, top + (i + 0.5) * line_h, text, fontsize=_LABEL_FS, ha="center", va="center",
                        color="#111827", zorder=4)
            if e.undisclosed:
                ax.text(lx, top + (len(body) + 0.5) * line_h, "not in the notice", fontsize=_LABEL_FS,
                        ha="center", va="center", color=_UNDISCLOSED, fontweight="bold", zorder=4)

        for n in nodes.values():
            x, y0, h = pos[n.id]
            is_group = n.id.startswith("group:")
            _add(ax, FancyBboxPatch((x, y0), _NODE_W, h, boxstyle="round,pad=0,rounding_size=0.06",
                                        facecolor="#ffffff", edgecolor="#1f2937", zorder=5,
                                        linewidth=1.2 if is_group else 0.8,
                                        linestyle="--" if is_group else "-"))
            name, detail = texts[n.id]
            cy = y0 + 0.08
            for line in name:
                ax.text(x + 0.1, cy + _NODE_FS * _LINE / 2, line, fontsize=_NODE_FS, fontweight="bold",
                        ha="left", va="center", zorder=6, color="#111827")
                cy += _NODE_FS * _LINE
            for line in detail:
                ax.text(x + 0.1, cy + _DETAIL_FS * _LINE / 2, line, fontsize=_DETAIL_FS, ha="left",
                        va="center", zorder=6, color="#4b5563")
                cy += _DETAIL_FS * _LINE

        handles = [Line2D([], [], color=c, linestyle=ls, linewidth=lw, label=text)
                   for c, ls, lw, text in _EDGE_STYLE.values()]
        handles.append(Patch(facecolor="white", edgecolor=_UNDISCLOSED, linewidth=1.0,
                             label="Recipient not disclosed in the privacy notice"))
        handles += [Patch(facecolor=c, edgecolor="#d1d5db", label=f"Band: {lab}") for _k, lab, c in bands]
        leg = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.25 / width, 1 - (bottom + 0.05) / height),
                        ncol=3, fontsize=6.5, frameon=False, handlelength=3, columnspacing=1.5)
        leg.set_zorder(7)
        if note:
            ax.text(0.25, height - 0.1, "\n".join(_wrap(note, int((width - 0.5) * 12), 3)), fontsize=7,
                    ha="left", va="bottom", color="#92400e", fontweight="bold", linespacing=1.2)
    return fig


def _place(cells: dict, bands: list, box: dict, slot: dict[int, int]):
    """Positions (x left, y top, height; y downward, inches) of nodes stacked in their cells,
    and the vertical span of each band."""
    vgap = 0.22
    y = _TOP + 0.35
    band_span: dict[str, tuple[float, float]] = {}
    pos: dict[str, tuple[float, float, float]] = {}
    for key, _label, _colour in bands:
        top = y
        heights = {}
        for col in slot:
            stack = cells.get((key, col), [])
            heights[col] = sum(box[n.id][0] for n in stack) + vgap * max(0, len(stack) - 1)
        inner = max(heights.values()) if heights else 0
        for col in slot:
            cy = top + 0.38 + (inner - heights[col]) / 2
            for n in cells.get((key, col), []):
                h = box[n.id][0]
                pos[n.id] = (_LEFT + slot[col] * (_NODE_W + _GAP), cy, h)
                cy += h + vgap
        y = top + inner + 0.68
        band_span[key] = (top, y)
    return pos, band_span


def _pack(lane: list[dict], top: float, pad: float) -> None:
    """Place labels of one lane at their wanted heights, pushed apart so none overlap; a
    backward pass then pulls the stack up where it drifted below its wishes."""
    prev = top
    for lab in lane:
        y = max(lab["want"], prev + lab["h"] / 2)
        lab["y"] = y
        prev = y + lab["h"] / 2 + pad
    nxt = None
    for lab in reversed(lane):
        limit = nxt - lab["h"] / 2 - pad if nxt is not None else float("inf")
        floor = top + lab["h"] / 2
        lab["y"] = max(floor, min(lab["y"], limit, max(lab["want"], floor)) if lab["y"] > lab["want"] else min(lab["y"], limit))
        nxt = lab["y"] - lab["h"] / 2
    # a last forward pass guarantees the spacing whatever the backward pass did
    prev = top
    for lab in lane:
        lab["y"] = max(lab["y"], prev + lab["h"] / 2)
        prev = lab["y"] + lab["h"] / 2 + pad


# --- focus ------------------------------------------------------------------------------------

def focus_view(model: "Model", kind: str, ident: str, *, max_nodes: int = MAX_NODES) -> "Figure":
    """The flow map restricted to one subject group, data category or recipient."""
    from .disclosure import focus as focus_rows

    rows = focus_rows(model, kind, ident)
    flow_cats: dict[str, set[str]] = {}
    for rec in rows.itertuples(index=False):
        for fid in [*rec.path_flows.split(", "), *rec.via_flows.split(", ")]:
            if fid:
                flow_cats.setdefault(fid, set()).add(rec.category)
    # only categories a flow really carries (a broader flow carries the narrower one received)
    tax = model.vocabulary
    for fid, cats in flow_cats.items():
        carried = model.flow_categories(fid)
        flow_cats[fid] = {c for c in cats if any(tax.is_a(c, fc) or tax.is_a(fc, c) for fc in carried)} or set(carried)
    name = ident if kind == "category" and not model.vocabulary.has("data_category", ident) else (
        model.vocabulary.name("data_category", ident) if kind == "category" else model.name(ident))
    what = {"subject": "data subject group", "category": "data category", "recipient": "recipient"}[kind]
    n_rec = rows["recipient"].nunique()
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    sub = (f"{count(len(rows), 'disclosure')}: {count(rows['subject'].nunique(), 'subject group')}, "
           f"{count(rows['category'].nunique(), 'category').replace('categorys', 'categories')}, "
           f"{count(n_rec, 'recipient')}")
    return _draw_map(model, flow_cats, f"Focus on {what}: {name}", max_nodes=max_nodes, subtitle=sub)


# --- matrix -----------------------------------------------------------------------------------

def _cell_status(part: list[dict]) -> str:
    """Colour of a matrix cell from its register rows: no adequacy, unknown place, or fine."""
    from .disclosure import third_country_without_adequacy

    if any(third_country_without_adequacy(r) for r in part):
        return "no_adequacy"
    if any(r["leaves_eea"] is None for r in part):
        return "unknown"
    return "ok"


def _first(rows: list[dict], key: str, value: str) -> dict:
    """``value`` of the first row of each ``key`` (rows in register order)."""
    out: dict = {}
    for r in rows:
        if r[key] not in out:
            out[r[key]] = r[value]
    return out


def disclosure_matrix(model: "Model", *, max_nodes: int = MAX_NODES) -> "Figure":
    """Data category x recipient: cells coloured by where the data goes, hatched when the
    recipient is not disclosed in the notice; the number is how many subject groups."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    from .disclosure import register

    # the register's rows as dicts, grouped in plain Python (pandas costs more than the drawing
    # at the size of a real model: one DataFrame per cell)
    recs = register(model).to_dict("records")
    roles = _roles(model)
    notes = []
    recipients = list(dict.fromkeys(r["recipient"] for r in recs))
    col_of = {n: _column(model, n, roles.get(n, set())) for n in recipients}
    band_of = {n: _band(model, n) for n in recipients}
    for r in recs:
        n = r["recipient"]
        r["col_key"], r["col_name"] = n, r["recipient_name"]
        r["col_order"] = (col_of[n], _band_rank(band_of[n]), model.name(n).lower())
    if len(recipients) > max_nodes:
        for r in recs:
            r["col_key"] = f"{col_of[r['recipient']]}:{r['country']}:{band_of[r['recipient']]}"
        sizes = _sizes(recs, "col_key")

        def group_name(r) -> str:
            where = geo.country_name(r["country"])
            if geo.adequacy(r["country"]).status == "conditional":
                where += " (certified)" if band_of[r["recipient"]] == "adequate" else " (not certified)"
            return f"{COLUMNS[col_of[r['recipient']]].split(' and ')[0].lower()} in {where} ({sizes[r['col_key']]})"

        for r in recs:
            r["col_name"] = group_name(r)
            r["col_order"] = (col_of[r["recipient"]], _band_rank(band_of[r["recipient"]]), r["country"])
        how = "role and country"
        if len({r["col_key"] for r in recs}) > max_nodes:  # still too wide: role and jurisdiction
            how = "role and jurisdiction"
            bands = {b[0]: b[1] for b in BANDS}
            for r in recs:
                r["col_key"] = f"{col_of[r['recipient']]}:{band_of[r['recipient']]}"
            sizes = _sizes(recs, "col_key")
            for r in recs:
                n = r["recipient"]
                r["col_name"] = f"{COLUMNS[col_of[n]].split(' and ')[0].lower()}: {bands[band_of[n]]} ({sizes[r['col_key']]})"
                r["col_order"] = (col_of[n], _band_rank(band_of[n]), "")
        notes.append(f"{len(recipients)} recipients grouped by {how}")
    for r in recs:
        r["row_key"], r["row_name"] = r["category"], r["category_name"]
        r["row_order"] = (r["category_group"], r["category_name"].lower())
    n_categories = len({r["category"] for r in recs})
    if n_categories > max_nodes:
        for r in recs:
            r["row_key"] = r["row_name"] = r["category_group"]
            r["row_order"] = (r["category_group"], "")
        notes.append(f"{n_categories} data categories grouped by category group")
    cols = sorted(_first(recs, "col_key", "col_order").items(), key=lambda kv: (kv[1], kv[0]))
    rows = sorted(_first(recs, "row_key", "row_order").items(), key=lambda kv: (kv[1], kv[0]))
    col_names = _first(recs, "col_key", "col_name")
    row_names = _first(recs, "row_key", "row_name")
    ci = {k: i for i, (k, _o) in enumerate(cols)}
    ri = {k: i for i, (k, _o) in enumerate(rows)}
    cell = 0.3
    row_label_w = 3.7
    col_lines = [_wrap(col_names[k], 26, 2) for k, _o in cols]
    col_label_h = 26 * 6.5 * 0.62 / 72 + 0.25
    width = max(row_label_w + cell * len(cols) + 0.5, 7.0)
    title_lines = _wrap(f"Who receives which data: {model.assessment.title}", int((width - 0.4) * 9), 3)
    top = 0.75 + 0.2 * len(title_lines) + col_label_h
    width = max(row_label_w + cell * len(cols) + 0.5, 7.0)
    legend_h = 0.75 + (0.45 if notes else 0)
    height = top + cell * len(rows) + legend_h
    colours = {"ok": "#b7dfb9", "unknown": "#fcd68a", "no_adequacy": "#f19a9a"}
    with _style():
        fig = _figure(width, height)
        ax = fixed_clip(fig.add_axes((0, 0, 1, 1)))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.axis("off")
        ax.text(0.2, 0.15, "\n".join(title_lines), fontsize=10.5, fontweight="bold", va="top", linespacing=1.2)
        ax.text(0.2, 0.2 + 0.2 * len(title_lines), "\n".join(_wrap(
            "Rows: data categories. Columns: recipients (by role, then jurisdiction). "
            "Number: subject groups whose data it is.", int((width - 0.4) * 15), 2)),
            fontsize=7, va="top", color="#374151")
        for (k, _o), lines in zip(cols, col_lines):
            x = row_label_w + ci[k] * cell + cell / 2
            ax.text(x, top - 0.08, "\n".join(lines), rotation=90, fontsize=6.5, ha="center", va="bottom",
                    linespacing=1.05)
        grouped = any(r["row_key"] != r["category_group"] for r in recs)  # rows are categories: show their groups
        previous = None
        for k, order in rows:
            y = top + ri[k] * cell + cell / 2
            ax.text(row_label_w - 0.08, y, _wrap(str(row_names[k]), 36, 1)[0], fontsize=6.5, ha="right", va="center")
            if grouped and order[0] != previous:
                ax.text(0.2, y, _wrap(order[0], 27, 1)[0], fontsize=6.5, ha="left", va="center",
                        color="#6b7280", fontstyle="italic")
                if previous is not None:
                    _add(ax, Line2D([0.2, row_label_w + cell * len(cols)], [top + ri[k] * cell] * 2, color="#9ca3af",
                                    lw=0.6, zorder=3))
                previous = order[0]
        parts: dict[tuple[str, str], list[dict]] = {}
        for r in recs:
            parts.setdefault((r["row_key"], r["col_key"]), []).append(r)
        for (rk, ck), part in sorted(parts.items(), key=lambda kv: kv[0]):
            status = _cell_status(part)
            undisclosed = any(r["disclosed_in_notice"] in ("not_stated", UNKNOWN) for r in part)
            x, y = row_label_w + ci[ck] * cell, top + ri[rk] * cell
            _add(ax, Rectangle((x, y), cell, cell, facecolor=colours[status], edgecolor="white", linewidth=0.8))
            if undisclosed:
                _add(ax, Rectangle((x + 0.02, y + 0.02), cell - 0.04, cell - 0.04, facecolor="none",
                                       edgecolor=_UNDISCLOSED, hatch="////", linewidth=0.8))
            ax.text(x + cell / 2, y + cell / 2, str(len({r["subject"] for r in part})), fontsize=6.5, ha="center",
                    va="center", color="#111827", fontweight="bold")
        for i in range(len(rows) + 1):
            _add(ax, Line2D([row_label_w, row_label_w + cell * len(cols)], [top + i * cell] * 2, color="#e5e7eb", lw=0.4,
                            zorder=0))
        handles = [Patch(facecolor=colours["no_adequacy"], label="Third country without adequacy"),
                   Patch(facecolor=colours["unknown"], label="Location unknown"),
                   Patch(facecolor=colours["ok"], label="EEA, adequate, or already outside"),
                   Patch(facecolor="white", edgecolor=_UNDISCLOSED, hatch="////", label="Not disclosed in the notice")]
        ax.legend(handles=handles, loc="upper left", ncol=2, fontsize=6.5, frameon=False,
                  bbox_to_anchor=(0.2 / width, 1 - (top + cell * len(rows) + 0.1) / height))
        if notes:
            text = ("Aggregated for readability: " + "; ".join(notes)
                    + ". The disclosure register lists every recipient and category.")
            ax.text(0.2, height - 0.08, "\n".join(_wrap(text, int((width - 0.4) * 13), 3)), fontsize=7,
                    color="#92400e", fontweight="bold", va="bottom", linespacing=1.2)
    return fig


def _sizes(recs: list[dict], key: str) -> dict[str, int]:
    """Number of distinct recipients per value of ``key``."""
    seen: dict[str, set] = {}
    for r in recs:
        seen.setdefault(r[key], set()).add(r["recipient"])
    return {k: len(v) for k, v in seen.items()}


def _band_rank(band: str) -> int:
    return [b[0] for b in BANDS].index(band)


# --- transfers --------------------------------------------------------------------------------

_STATUS_TEXT = {"eea": "EEA (not a third country)", "adequate": "Adequacy decision",
                "conditional": "Adequacy only for certified recipients (e.g. DPF); not known here",
                "none": "No adequacy decision", "unknown": "Location unknown"}
_STATUS_COLOUR = {"eea": "#b7dfb9", "adequate": "#b7dfb9", "conditional": "#f19a9a", "none": "#f19a9a",
                  "unknown": "#fcd68a"}


def transfer_view(model: "Model", *, max_nodes: int = MAX_NODES) -> "Figure":
    """Countries the data reaches, their adequacy status, the transfer mechanisms used and the
    recipients there (third countries and unknown places first)."""
    from matplotlib.patches import Rectangle

    from .disclosure import by_country

    table = by_country(model)
    cols = [("Country", 1.5, 20), ("Adequacy", 2.0, 28), ("Mechanisms used", 1.6, 22),
            ("Recipients", 3.6, 52), ("Data subject groups", 2.9, 42)]
    rows = []
    for r in table.to_dict("records"):
        statuses = r["adequacy"].split(", ")
        worst = max(statuses, key=lambda s: ["eea", "adequate", "unknown", "conditional", "none"].index(s))
        recips = r["recipients"].split(", ")
        if len(recips) > 6 or r["n_recipients"] > max_nodes // 4:
            recips = recips[:5] + [f"and {r['n_recipients'] - 5} more"]
        subjects = r["subjects"].split(", ")
        if len(subjects) > 5:
            subjects = subjects[:4] + [f"and {len(subjects) - 4} more"]
        cells = [r["country_name"][:1].upper() + r["country_name"][1:], "; ".join(_STATUS_TEXT[s] for s in statuses), r["transfer_mechanisms"],
                 "; ".join(recips), "; ".join(subjects)]
        wrapped = [_wrap(c, w, 6) for c, (_h, _w, w) in zip(cells, cols)]
        rows.append((worst, wrapped, r))
    line_h = 7 * _LINE
    heights = [max(len(w) for w in wrapped) * line_h + 0.14 for _s, wrapped, _r in rows]
    width = 0.4 + sum(c[1] for c in cols)
    height = 1.2 + sum(heights) + 0.3
    with _style():
        fig = _figure(width, height)
        ax = fixed_clip(fig.add_axes((0, 0, 1, 1)))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.axis("off")
        ax.text(0.2, 0.3, "Where the data goes: countries, adequacy and transfer mechanisms", fontsize=10.5,
                fontweight="bold", va="center")
        ax.text(0.2, 0.56, "Mechanisms as recorded on the flows that carry the data out of the EEA; "
                "'unknown' and 'none given' mean no safeguard is documented.", fontsize=7, va="center",
                color="#374151")
        x = 0.2
        for head, w, _c in cols:
            ax.text(x + 0.06, 0.9, head, fontsize=7.5, fontweight="bold", va="center")
            x += w
        y = 1.05
        for (worst, wrapped, _r), h in zip(rows, heights):
            _add(ax, Rectangle((0.2, y), width - 0.4, h - 0.04, facecolor="#fafafa", edgecolor="#e5e7eb", lw=0.5))
            _add(ax, Rectangle((0.2 + cols[0][1], y), cols[1][1], h - 0.04, facecolor=_STATUS_COLOUR[worst],
                                   edgecolor="none"))
            x = 0.2
            for (head, w, _c), lines in zip(cols, wrapped):
                for i, line in enumerate(lines):
                    ax.text(x + 0.06, y + 0.07 + (i + 0.5) * line_h, line, fontsize=7, va="center",
                            fontweight="bold" if head == "Country" else "normal")
                x += w
            y += h
    return fig


# --- the page ---------------------------------------------------------------------------------

def write_map(model_path, out_dir=None, *, focus: str | None = None, kernel_manager=None,
              timeout: int | None = 600):
    """Write disclosure-map.html and disclosures.csv for a model into ``out_dir`` (default
    ``reports/<assessment id>/``); other files there are left alone. Returns the folder.

    The model and the focus are checked first (:class:`~pia.errors.ModelError`); the page comes
    from notebooks/disclosure_map.ipynb run with papermill. Each file is written next to its
    destination and moved into place only when both are complete.
    """
    import os
    import tempfile
    from pathlib import Path

    from .disclosure import parse_focus, register
    from .model import load
    from .report import default_output, notebook_path, render

    model = load(model_path)
    if focus:
        parse_focus(model, focus)
    dest = Path(out_dir) if out_dir is not None else default_output(model)
    dest.mkdir(parents=True, exist_ok=True)
    csv_text = register(model).to_csv(index=False, lineterminator="\n")
    tmp = Path(tempfile.mkdtemp(prefix=".disclosure-map.new-", dir=dest))
    try:
        render(notebook_path("disclosure_map"), {"model": os.path.abspath(model_path), "focus": focus},
               tmp / "disclosure-map.html", kernel_manager=kernel_manager, name="disclosure map", timeout=timeout)
        (tmp / "disclosures.csv").write_text(csv_text, encoding="utf-8")
        os.replace(tmp / "disclosures.csv", dest / "disclosures.csv")
        os.replace(tmp / "disclosure-map.html", dest / "disclosure-map.html")
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return dest
