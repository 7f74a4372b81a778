"""pia.yamlio: safe, strict YAML with positions."""
from __future__ import annotations

import datetime as dt

import pytest

from pia.errors import ModelError
from pia.yamlio import MAX_ALIAS_RATIO, MAX_DEPTH, format_path, parse_yaml, read_yaml


def messages(text: str | bytes, name: str = "m.yaml") -> list[str]:
    with pytest.raises(ModelError) as info:
        parse_yaml(text, name)
    return [str(p) for p in info.value.problems]


def test_plain_values_and_their_positions():
    data, pos = parse_yaml("a:\n  b: [1, 2.5, true, null, 2026-01-02, text]\n  'c d': {x: 1}\n", "m.yaml")
    assert data == {"a": {"b": [1, 2.5, True, None, dt.date(2026, 1, 2), "text"], "c d": {"x": 1}}}
    assert pos[()] == (1, 1)
    assert pos[("a",)] == (1, 1)  # a key's position is where the key is written
    assert pos[("a", "b")] == (2, 3)
    assert pos[("a", "b", 0)] == (2, 7) and pos[("a", "b", 5)] == (2, 39)
    assert pos[("a", "c d", "x")] == (3, 11)


def test_keys_stay_text_as_written():
    data, _ = parse_yaml("1: one\non: two\nnull: three\n", "m.yaml")
    assert data == {"1": "one", "on": "two", "null": "three"}


def test_quoted_scalars_are_text():
    data, _ = parse_yaml("a: '2026-01-01'\nb: \"true\"\nc: '1e5'\nd: 1e5\n", "m.yaml")
    assert data == {"a": "2026-01-01", "b": "true", "c": "1e5", "d": "1e5"}  # YAML 1.1: 1e5 is text


def test_byte_order_mark_and_bytes_input_accepted():
    assert parse_yaml("\ufeffa: 1\n".encode("utf-8"), "m.yaml")[0] == {"a": 1}
    assert parse_yaml("\ufeffa: 1\n", "m.yaml")[0] == {"a": 1}


def test_tabs_inside_text_and_after_colons_are_fine():
    data, _ = parse_yaml("a: |\n  line\n  \tindented by a tab inside the text\nb:\t2\nc: [1,\t2]\n", "m.yaml")
    assert data == {"a": "line\n\tindented by a tab inside the text\n", "b": 2, "c": [1, 2]}


def test_tab_indentation_is_located():
    assert messages("a:\n  b: 1\n\tc: 2\n") == [
        "m.yaml:3:1: a tab character is used for indentation (accepted: spaces for indentation)"]
    assert messages("a:\n  - x\n \t- y\n") == [
        "m.yaml:3:2: a tab character is used for indentation (accepted: spaces for indentation)"]


def test_anchors_and_a_few_aliases_are_fine():
    data, _ = parse_yaml("base: &e [{section: Intro}]\none: *e\ntwo: *e\n", "m.yaml")
    assert data["one"] == data["two"] == [{"section": "Intro"}]


def test_alias_ratio_limit():
    # 40 written values, repeated by aliases a little more than the limit allows
    items = ", ".join(f"v{i}" for i in range(40))
    fine = "a: &a [" + items + "]\nb: [" + ", ".join(["*a"] * 10) + "]\n"
    assert parse_yaml(fine, "m.yaml")[0]["b"][9][39] == "v39"
    uses = (MAX_ALIAS_RATIO * 50 + 10_000) // 41 + 1
    bomb = "a: &a [" + items + "]\nb: [" + ", ".join(["*a"] * uses) + "]\n"
    [msg] = messages(bomb)
    assert msg.startswith("m.yaml:1:1: aliases expand the document to ")
    assert msg.endswith("(an 'alias bomb') (accepted: aliases that repeat the document at most 100 times over)")


def test_recursive_alias_in_a_list():
    assert messages("a: &a [1, *a]\n") == [
        "m.yaml:1:4: an alias refers to a value that contains it (a recursive alias) (accepted: aliases (*name) "
        "to values defined before them)"]


def test_undefined_alias():
    assert messages("a: *nowhere\n") == ["m.yaml:1:4: YAML error: found undefined alias"]


def test_nesting_limit_is_exactly_max_depth():
    ok = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"  # the innermost list is MAX_DEPTH levels down
    parse_yaml(ok, "m.yaml")
    too_deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    [msg] = messages(too_deep)
    assert msg.endswith(": values are nested more than 64 levels deep (accepted: at most 64 levels of nesting)")
    # libyaml's own limit (far deeper) gives the same message, not a crash
    [msg] = messages("a: " + "[" * 20000 + "]" * 20000 + "\n")
    assert msg == "m.yaml:1:1003: values are nested more than 64 levels deep (accepted: at most 64 levels of nesting)"


@pytest.mark.parametrize("text, tag", [
    ("a: !!python/object:os.system {x: 1}\n", "!!python/object:os.system"),
    ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
    ("a: !!set {x, y}\n", "!!set"),
    ("a: !!omap [x: 1]\n", "!!omap"),
    ("a: !local [1]\n", "!local"),
    ("? !!python/tuple [1, 2]\n: x\n", None),
])
def test_tags_are_refused(text, tag):
    [msg] = messages(text)
    if tag is None:
        assert msg == "m.yaml:1:3: a key must be plain text, not a list or mapping (accepted: plain text keys)"
    else:
        assert f"unsupported YAML tag '{tag}'" in msg
        assert msg.startswith("m.yaml:1:4: a: ")
        assert msg.endswith("(accepted: plain YAML values (text, numbers, true/false, dates, lists, mappings), no tags)")


def test_every_duplicate_key_is_reported():
    assert messages("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n") == [
        "m.yaml:4:3: b.x: duplicate key 'x' (first defined on line 3) (accepted: each key once per mapping)",
        "m.yaml:5:1: a: duplicate key 'a' (first defined on line 1) (accepted: each key once per mapping)",
    ]


def test_invalid_dates():
    assert messages("a: 2026-02-30\n") == ["m.yaml:1:4: a: invalid date '2026-02-30' (accepted: a real date as YYYY-MM-DD)"]
    assert parse_yaml("a: 2026-02-28 10:30:00\n", "m.yaml")[0] == {"a": dt.datetime(2026, 2, 28, 10, 30)}


def test_control_characters_and_encodings():
    assert messages("a: b\nc: \"d\x1be\"\n") == [
        "m.yaml:2:6: the control character U+001B is not allowed in YAML (accepted: printable text; write special "
        "characters as escapes inside double quotes)"]
    assert messages(b"a: b\nc: \xff\n") == ["m.yaml:2:4: invalid UTF-8 byte 0xff (accepted: a UTF-8 YAML text file)"]
    assert messages("a: b\n".encode("utf-16")) == [
        "m.yaml: this is a binary file, not YAML text (accepted: a UTF-8 YAML text file)"]


def test_empty_documents():
    for text in ("", "   \n\n", "---\n", "--- \n...\n", "~\n", "null\n"):
        assert messages(text) == ["m.yaml: the file is empty (accepted: a YAML mapping with the model's sections)"]
    assert messages("# only\n   # comments\n") == [
        "m.yaml: the file holds only comments (accepted: a YAML mapping with the model's sections)"]


def test_one_document_with_explicit_markers_is_fine():
    assert parse_yaml("---\na: 1\n...\n", "m.yaml")[0] == {"a": 1}
    assert messages("a: 1\n---\nb: 2\n") == [
        "m.yaml:2:1: the file holds more than one YAML document (accepted: one YAML document per file (no second "
        "'---'))"]


def test_read_yaml_names_the_file_as_given(tmp_path):
    f = tmp_path / "m.yaml"
    f.write_text("a: [1\n")
    with pytest.raises(ModelError) as info:
        read_yaml(f, "models/m.yaml")
    assert [str(p) for p in info.value.problems] == [
        "models/m.yaml:2:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence "
        "that starts on line 1)"]
    with pytest.raises(ModelError) as info:
        read_yaml(tmp_path / "missing.yaml")
    assert [str(p) for p in info.value.problems] == [f"{tmp_path / 'missing.yaml'}: file not found"]


def test_format_path():
    assert format_path(("flows", 3, "to")) == "flows[3].to"
    assert format_path(("notice", "items", "purposes")) == "notice.items.purposes"
    assert format_path((2, "a")) == "[2].a"
    assert format_path(()) == ""


def test_only_true_and_false_are_booleans():
    """YAML 1.1 would read Norway's code NO (and yes/on/off) as booleans; pia reads them as text."""
    from pia.yamlio import parse_yaml

    data, _ = parse_yaml("country: NO\nflag: yes\nother: off\nt: true\nf: False\n", "x.yaml")
    assert data == {"country": "NO", "flag": "yes", "other": "off", "t": True, "f": False}


def test_norway_is_a_country_and_yes_is_not_a_boolean():
    import pia
    from pia.errors import ModelError

    text = ("assessment: {id: x, title: X}\nparties: [{id: p, name: P, country: NO}]\n"
            "subjects: [{id: s, name: S, category: customer}]\n"
            "activities: [{id: a, name: A, purpose: essential.service, subjects: [s], categories: [user.name]}]\n"
            "flows: [{id: f, from: s, to: p, activity: a, encrypted: yes}]\n")
    with pytest.raises(ModelError) as err:
        pia.loads(text, "m.yaml")
    assert [str(p) for p in err.value.problems] == [
        "m.yaml:5:46: flows[0].encrypted: invalid value 'yes' (accepted: true, false, unknown)"]
    assert pia.loads(text.replace("encrypted: yes", "encrypted: true"), "m.yaml").parties[0].country == "NO"
