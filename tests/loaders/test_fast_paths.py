"""The fast paths of extraction answer exactly like the plain forms they replace."""
from __future__ import annotations

import ahocorasick
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import responsibility, section_kinds
from loaders.gazetteer import _scanner, gazetteer
from loaders.text import SourceText

NAMES = frozenset({"辽宁省", "辽宁", "阜新市", "阜新", "阜新蒙古族自治县", "彰武县", "新市", "宁省", "abc", "b", "bcd"})
PIECES = sorted(NAMES) + ["省", "市", "县", "阜", "新", "蒙", "健康", "，", "。", "\n", " ", "x", "a", "c", "𠀀", "\x00", "\x01"]


def _plain(names: frozenset[str], text: str) -> list[tuple[int, str]]:
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return list(automaton.iter_long(text))


def _fast(names: frozenset[str], text: str) -> list[tuple[int, str]]:
    automaton, table = _scanner(names)
    return list(automaton.iter_long(text.translate(table)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_region_scan_finds_what_a_plain_automaton_finds(text):
    assert _fast(NAMES, text) == _plain(NAMES, text)


def test_region_scan_on_the_real_gazetteer():
    g = gazetteer()
    text = "辽宁省阜新市彰武县和阜新蒙古族自治县推进健康辽宁建设，威海市环翠区、岫岩县、大连。" * 3
    assert _fast(g._text_names, text) == _plain(g._text_names, text)
    assert [r.name for _, _, r in g.find_all("支持阜新市和彰武县")] == ["阜新市", "彰武县"]


def _label_start_plain(text: str, a: int, b: int) -> int | None:
    """The character-by-character form of ``responsibility._label_start``."""
    line = responsibility._words().label_line
    m = line.match(text[a:b])
    if m and m.end() > 0 and text[a + m.end() - 1] in ":】]":
        return a
    for k in range(a, b):
        if text[k] in "【[":
            m = line.match(text[k:b])
            if m and text[k + m.end() - 1] in "】]":
                return k
        elif k > a and text[k - 1] in "。;":
            m = line.match(text[k:b])
            if m and m.end() > 0 and text[k + m.end() - 1] == ":":
                return k
    return None


CLAUSE_PIECES = ["牵头单位", "配合单位", "责任单位", "牵头", "配合", "负责", "【", "】", "[", "]", "。", ";", ":",
                 "(", ")", "\n", ",", "省卫生健康委", "体改处", "加强监管", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CLAUSE_PIECES), max_size=30).map("".join), st.integers(0, 5))
def test_label_start_matches_the_plain_scan(text, offset):
    a = min(offset, len(text))
    assert responsibility._label_start(text, a, len(text)) == _label_start_plain(text, a, len(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(CLAUSE_PIECES), max_size=30).map("".join))
def test_verb_and_label_checks_match_word_by_word(text):
    w = responsibility._words()
    for a in range(0, len(text) + 1, 3):
        plain_verb = any(v in text[a:] for v, _, _ in w.verbs)
        assert responsibility._has_verb(text, a, len(text)) == plain_verb
        assert responsibility._has_verb_or_label(text, a, len(text)) == (
            plain_verb or any(word in text[a:] for word, _ in w.labels))


@settings(deadline=None)
@given(st.text(alphabet="一二三、。(（)）_ab1２·“”加强总体要求工作总结", max_size=20))
def test_bare_title_keeps_letters_and_digits(title):
    assert section_kinds.bare_title(title) == "".join(ch for ch in title if ch.isalnum())


def test_normalised_text_is_the_same_with_and_without_irregular_characters():
    plain = "一、总体要求\n（一）加强基层，提高服务能力。\n第 3 页\n"
    src = SourceText.from_text(plain, doc_id="d")
    assert src.text == "一、总体要求\n(一)加强基层,提高服务能力。\n\n"
    assert [n.reason for n in src.noise] == ["page furniture"]
    irregular = SourceText.from_text("½" + plain, doc_id="d")  # ½ widens to three characters: the slow path
    assert irregular.text == "1⁄2" + src.text
    assert irregular.evidence(3, 9).quote == "一、总体要求"
    assert src.evidence(7, 10).quote == "（一）"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.lists(st.sampled_from(list("（，）：；　ａ１½㈠ﬁⅢ\ufeff𠀀한가각一。,")), max_size=30).map("".join))
def test_whole_text_normalisation_matches_translate(text):
    from loaders.text import _NFKC, _nfkc_whole

    assert _nfkc_whole(text) == text.translate(_NFKC)


_SENTENCE_END_PLAIN = r"[。!?\n]|(?<=[\u3400-\u9fff)\]”\"》%‰])\.(?!\d)|\.(?=[ \t]*(?:\n|$))"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("。!?\n.a1中)]”\"》%‰ \t,")), max_size=16).map("".join))
def test_sentence_ends_are_found_as_by_the_plain_pattern(text):
    import re

    from loaders.targets import _SENTENCE_END

    plain = re.compile(_SENTENCE_END_PLAIN)
    assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["医院", "大学", "附属", "第一", "委员会", "中心", "省", "推进", "，", "x"]), max_size=20)
       .map("".join))
def test_organisation_suffix_runs_are_found_as_by_a_repeat(text):
    import re

    from loaders.mentions import _suffix_pattern
    from loaders.metadata import rules

    suffixes = sorted(rules()["organisations"]["suffixes"], key=len, reverse=True)
    plain = re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")+")
    assert [m.span() for m in _suffix_pattern().finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_region_scan_of_names_holding_the_gap_characters_stays_plain():
    names = frozenset({"a\x00b", "b\x01", "ab"})
    for text in ("a\x00b\x01ab", "xab\x00", "b\x01b\x01"):
        assert _fast(names, text) == _plain(names, text)
