"""Split a privacy notice (plain text, Markdown or HTML) into sections and paragraphs.

Every segment keeps the heading it sits under, so that each statement can cite the sentence *and*
the heading it rests on. List items keep the sentence that introduces the list (``lead``), table
rows keep the table's header cells, because both are read together with them.

>>> segs = segment_text("# Sharing\\n\\nWe share data with:\\n\\n- Stripe, for payments\\n", "md")
>>> [(s.kind, s.heading, s.text, s.lead) for s in segs]
[('paragraph', 'Sharing', 'We share data with:', ''), ('list_item', 'Sharing', 'Stripe, for payments', 'We share data with:')]
"""
from __future__ import annotations

import functools
import html as _html
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Segment", "segment_file", "segment_text", "detect_format", "sentences"]


@dataclass
class Segment:
    """One paragraph, list item or table row of a notice."""

    index: int  #: 0-based position in the notice (the "paragraph index" evidence cites)
    kind: str  #: paragraph, list_item or table_row
    text: str
    heading: str = ""  #: nearest heading above ("" before the first heading)
    path: list[str] = field(default_factory=list)  #: all headings above, outermost first
    lead: str = ""  #: for list items: the paragraph that introduces the list
    header: list[str] = field(default_factory=list)  #: for table rows: the header cells
    cells: list[str] = field(default_factory=list)  #: for table rows: the cells
    links: list[str] = field(default_factory=list)  #: URLs of links in the segment
    practices: list[str] = field(default_factory=list)  #: OPP-115 categories (filled by labelling)

    def as_dict(self) -> dict:
        d = {"index": self.index, "kind": self.kind, "heading": self.heading, "path": self.path,
             "text": self.text, "practices": self.practices}
        if self.lead:
            d["lead"] = self.lead
        if self.header:
            d["header"] = self.header
            d["cells"] = self.cells
        if self.links:
            d["links"] = self.links
        return d


def detect_format(path: str | Path, text: str) -> str:
    """``html``, ``md`` or ``text``, from the suffix, else from the content."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    head = text.lstrip()[:2000].lower()
    if head.startswith("<!doctype html") or "<html" in head or re.search(r"<(p|h[1-6]|body|div)[ >]", head):
        return "html"
    if re.search(r"^#{1,6} \S", text, re.M) or re.search(r"^\|.*\|\s*$", text, re.M):
        return "md"
    return "text"


def segment_file(path: str | Path) -> tuple[list[Segment], str]:
    """Read and segment a notice file; returns (segments, format). Raises OSError/UnicodeError."""
    raw = Path(path).read_bytes()
    nul = raw.find(b"\x00")
    if nul >= 0:  # valid UTF-8 perhaps, but a binary file, not a notice
        raise UnicodeDecodeError("utf-8", raw, nul, nul + 1, "NUL byte: a binary file")
    text = raw.decode("utf-8-sig")
    fmt = detect_format(path, text)
    return segment_text(text, fmt), fmt


def segment_text(text: str, fmt: str = "text") -> list[Segment]:
    """Segment notice text given its format (``html``, ``md`` or ``text``)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "html":
        return _html_segments(text)
    if fmt == "md":
        return _md_segments(text)
    return _text_segments(text)


# --- sentences --------------------------------------------------------------------------------

_ABBREV = ("e.g.", "i.e.", "etc.", "inc.", "ltd.", "co.", "corp.", "u.s.", "no.", "art.", "vs.", "mr.",
           "mrs.", "dr.", "st.", "approx.", "incl.", "para.", "s.a.", "b.v.")
_SPLIT = re.compile(r"(?<=[.!?;])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (abbreviations such as e.g. and Inc. do not end one).

    >>> sentences("We use e.g. Stripe Inc. for payments. We never sell data.")
    ['We use e.g. Stripe Inc. for payments.', 'We never sell data.']
    >>> sentences("It reaches Cloudflare first. It sees your IP address.")
    ['It reaches Cloudflare first.', 'It sees your IP address.']
    >>> sentences("Do you sell my data? No. We never do (see No. 4).")
    ['Do you sell my data?', 'No.', 'We never do (see No. 4).']
    """
    return list(_split_sentences(text))


@functools.lru_cache(maxsize=8192)
def _split_sentences(text: str) -> tuple[str, ...]:
    """:func:`sentences`, remembered: the extractor's passes (statements, payments, sign-in, ...) split the
    same paragraphs again, and each split runs twenty abbreviation patterns."""
    protected = text
    for i, abbr in enumerate(_ABBREV):
        # a whole word only: "list." and "first." end sentences, they are not "st."
        # ("No." is the answer "No." unless a number follows: "No. 5")
        pattern = r"(?<![\w.])" + re.escape(abbr) + (r"(?=\s*\d)" if abbr in ("no.", "art.") else "")
        protected = re.sub(pattern, lambda m, i=i: f"\x00{i}\x01", protected, flags=re.I)
    out = []
    for part in _SPLIT.split(protected):
        part = re.sub(r"\x00(\d+)\x01", lambda m: _restore(text, m), part).strip()
        if part:
            out.append(part)
    return tuple(out) or ((text.strip(),) if text.strip() else ())


def _restore(original: str, m: re.Match) -> str:
    abbr = _ABBREV[int(m.group(1))]
    found = re.search(re.escape(abbr), original, re.I)
    return found.group(0) if found else abbr


# --- builders -----------------------------------------------------------------------------------

class _Builder:
    def __init__(self) -> None:
        self.out: list[Segment] = []
        self.path: list[tuple[int, str]] = []
        self.last_para = ""

    def heading(self, level: int, text: str) -> None:
        text = _clean(text)
        if not text:
            return
        while self.path and self.path[-1][0] >= level:
            self.path.pop()
        self.path.append((level, text))
        self.last_para = ""

    def add(self, kind: str, text: str, lead: str = "", header=None, cells=None, links=None) -> None:
        text = _clean(text)
        if not text:
            return
        names = [t for _, t in self.path]
        self.out.append(Segment(len(self.out), kind, text, names[-1] if names else "", names, lead,
                                list(header or []), list(cells or []), sorted(set(links or []))))
        if kind == "paragraph":
            self.last_para = text


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
_URL = re.compile(r"https?://[^\s)>\]\"']+")


def _md_inline(text: str) -> tuple[str, list[str]]:
    links = [m.group(2) for m in _MD_LINK.finditer(text)]
    text = _MD_LINK.sub(r"\1", text)
    links += [u.rstrip(".,;") for u in _URL.findall(text)]
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return _html.unescape(text), links


def _md_segments(text: str) -> list[Segment]:
    b = _Builder()
    lines = text.split("\n")
    para: list[str] = []
    lead = ""
    table: list[list[str]] = []
    item: list[str] = []
    parents: list[tuple[int, str, str]] = []  #: open list items: (indent, text, lead) - for nested lists
    item_lead = ""

    def flush_para():
        nonlocal para
        if para:
            t, links = _md_inline(" ".join(para))
            b.add("paragraph", t, links=links)
        para = []

    def flush_item():
        nonlocal item
        if item:
            t, links = _md_inline(" ".join(item))
            b.add("list_item", t, lead=item_lead, links=links)
            parents.append((item_indent, b.out[-1].text if b.out else t, item_lead))
        item = []

    item_indent = 0

    def flush_table():
        nonlocal table
        rows = [r for r in table if not all(re.fullmatch(r":?-{2,}:?", c.strip()) for c in r if c.strip())]
        if rows:
            header = [_md_inline(c)[0].strip() for c in rows[0]]
            for r in rows[1:]:
                cells, links = [], []
                for c in r:
                    t, ls = _md_inline(c)
                    cells.append(_clean(t))
                    links += ls
                b.add("table_row", " | ".join(cells), lead=b.last_para, header=header, cells=cells, links=links)
        table = []

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", stripped)
        if stripped.startswith("|") or (table and "|" in stripped and stripped):
            flush_para(); flush_item()
            table.append([c for c in stripped.strip("|").split("|")])
            i += 1
            continue
        if table:
            flush_table()
        bold = re.fullmatch(r"(\*\*|__)([^*_]+?)\1", stripped) if not para and not item else None
        if bold and (bold.group(2).rstrip().endswith("?") or (
                len(bold.group(2).split()) <= 5 and bold.group(2).rstrip()[-1:] not in ".!:;,")):
            # a line in bold alone, as FAQs write questions ("**Do you sell my data?**"): a heading under the others
            flush_para(); flush_item(); lead = ""
            b.heading(6, bold.group(2).strip())
        elif m:
            flush_para(); flush_item(); lead = ""
            b.heading(len(m.group(1)), _md_inline(m.group(2))[0])
        elif stripped and para == [] and re.fullmatch(r"(=+|-+)", nxt) and not re.match(r"^([-*+]|\d+[.)])\s", stripped):
            flush_item(); lead = ""
            b.heading(1 if nxt.startswith("=") else 2, _md_inline(stripped)[0])
            i += 1
        elif re.match(r"^([-*+]|\d+[.)])\s+", stripped) and not (
                para and re.match(r"^\d+[.)]", stripped) and not re.match(r"^1[.)]", stripped)):
            # (a number other than 1 inside a wrapped paragraph continues it, as in CommonMark: "... aged 5 to\n11. Your")
            flush_para()
            flush_item()
            if b.out and b.out[-1].kind == "paragraph":
                lead = b.last_para
                parents.clear()
            elif not (b.out and b.out[-1].kind == "list_item"):
                lead = ""
                parents.clear()
            item_indent = len(line) - len(line.lstrip())
            while parents and parents[-1][0] >= item_indent:
                parents.pop()
            # a nested item is introduced by its parent item when that ends with a colon ("From the school:")
            item_lead = parents[-1][1] if parents and parents[-1][1].rstrip().endswith(":") else lead
            item = [re.sub(r"^([-*+]|\d+[.)])\s+", "", stripped)]
        elif not stripped:
            flush_para(); flush_item()
        elif item and line.startswith((" ", "\t")):
            item.append(stripped)
        else:
            if item:
                flush_item(); lead = ""
                parents.clear()
            para.append(stripped)
        i += 1
    flush_para(); flush_item(); flush_table()
    return b.out


def _is_text_heading(block: list[str]) -> bool:
    if len(block) != 1:
        return False
    line = block[0].strip()
    words = line.split()
    return (0 < len(words) <= 12 and line[-1] not in ".:;,?!\"”" and ":" not in line
            and (line[0].isupper() or line[0].isdigit()) and not line.startswith(("-", "*", "•")))


#: words a wrapped line may end with but a heading does not ("We share your data with")
_OPEN_ENDS = {"with", "and", "or", "to", "the", "a", "an", "of", "for", "your", "our", "by", "in", "on", "at", "as",
              "from", "that", "which", "is", "are", "we", "you", "may", "will", "such", "including", "like"}


def _text_segments(text: str) -> list[Segment]:
    b = _Builder()
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    lead = ""
    for block in blocks:
        if _is_text_heading(block):
            lead = ""
            b.heading(1, block[0])
            continue
        first = block[0].strip()
        if len(block) > 1 and _is_text_heading(block[:1]) and len(first.split()) <= 8 and len(first) < 60 \
                and block[1].strip()[:1].isupper() and len(first) < 0.6 * len(block[1].strip()) \
                and first.split()[-1].lower() not in _OPEN_ENDS:
            # a short heading line straight above its paragraph ("What we collect" / "When you donate, ...")
            lead = ""
            b.heading(1, block[0])
            block = block[1:]
        items: list[list[str]] = []
        para: list[str] = []
        for line in block:
            s = line.strip()
            if re.match(r"^([-*•]|\d+[.)])\s+", s):
                items.append([re.sub(r"^([-*•]|\d+[.)])\s+", "", s)])
            elif items:
                items[-1].append(s)
            else:
                para.append(s)
        if para and lead and not items and re.match(r"^\(?(?:[a-z]|[ivx]{1,4})\)\s+", para[0]):
            # "namely:" then "(a) Quillbird Ltd, which ...;" in paragraphs of their own: items of the list the
            # paragraph before introduces (round 10)
            t, links = _md_inline(" ".join([re.sub(r"^\(?(?:[a-z]|[ivx]{1,4})\)\s+", "", para[0])] + para[1:]))
            b.add("list_item", t, lead=lead, links=links)
            continue
        if para:
            t, links = _md_inline(" ".join(para))
            b.add("paragraph", t, links=links)
            lead = b.last_para if items or t.endswith(":") else ""
        for it in items:
            t, links = _md_inline(" ".join(it))
            b.add("list_item", t, lead=lead, links=links)
    return b.out


def _html_segments(text: str) -> list[Segment]:
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(text, "html.parser")
    for t in soup(["script", "style", "noscript", "template", "head", "svg", "nav", "footer"]):
        t.decompose()
    b = _Builder()
    blocks = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote"}

    def links_of(tag) -> list[str]:
        return [a.get("href") for a in tag.find_all("a") if a.get("href", "").startswith(("http", "mailto:"))]

    def text_of(tag) -> str:
        return tag.get_text(" ")

    def walk(node, lead: str = "") -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                b.heading(int(name[1]), text_of(child))
            elif name in ("p", "dt", "dd", "blockquote"):
                b.add("paragraph", text_of(child), links=links_of(child))
            elif name in ("ul", "ol"):
                intro = b.last_para
                for li in child.find_all("li", recursive=False):
                    nested = li.find_all(["ul", "ol"])
                    for n in nested:
                        n.extract()
                    b.add("list_item", text_of(li), lead=intro, links=links_of(li))
                    for n in nested:
                        for sub in n.find_all("li"):
                            b.add("list_item", text_of(sub), lead=_clean(text_of(li)), links=links_of(sub))
            elif name == "table":
                rows = child.find_all("tr")
                header: list[str] = []
                intro = b.last_para
                for r in rows:
                    cells = [_clean(text_of(c)) for c in r.find_all(["td", "th"])]
                    if not header and (r.find("th") is not None and r.find("td") is None):
                        header = cells
                        continue
                    if not header:
                        header = cells
                        continue
                    b.add("table_row", " | ".join(cells), lead=intro, header=header, cells=cells, links=links_of(r))
            elif name in blocks:
                b.add("paragraph", text_of(child), links=links_of(child))
            else:
                if any(isinstance(c, Tag) and (c.name in blocks or c.name in ("ul", "ol", "table", "div", "section", "article", "main"))
                       for c in child.children):
                    walk(child)
                else:
                    b.add("paragraph", text_of(child), links=links_of(child))

    walk(soup.body or soup)
    return b.out
