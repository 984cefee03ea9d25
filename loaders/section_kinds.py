"""Which sections hold no tasks: background and general requirements, and reviews of past work.

A heading's title (letters and digits only) is matched against the word lists of ``data/structure.json``:

* *excluded* headings (规划背景, 总体要求, 实施步骤 …) open a section whose numbered items are not tasks, though
  the goals they state are still targets;
* *review* headings (2022年工作总结, 主要成效, 存在的问题 …) open a section that reports past work: neither
  tasks nor targets come from it. A title that also names the plan (…工作总结和2023年工作计划) is no review.

>>> is_review("2022年工作总结", top_level=True), is_review("存在的问题", top_level=True)
(True, True)
>>> is_review("2022年工作总结和2023年工作计划", top_level=True), is_review("加强督导总结", top_level=False)
(False, False)
>>> is_excluded("总体要求"), is_excluded("加强基层")
(True, False)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class HeadingWords:
    """The heading word lists and their length limits."""

    excluded: tuple[str, ...]
    excluded_max_len: int
    extra_chars: int
    review: tuple[str, ...]
    review_top: tuple[str, ...]
    plan: tuple[str, ...]
    review_prefix: re.Pattern[str]
    review_extra_chars: int


@lru_cache(maxsize=1)
def heading_words() -> HeadingWords:
    """The word lists of ``data/structure.json`` (cached)."""
    raw = json.loads(resources.files("loaders").joinpath("data/structure.json").read_text(encoding="utf-8"))
    return HeadingWords(
        excluded=tuple(raw["excluded_heading_words"]),
        excluded_max_len=raw["excluded_heading_max_len"],
        extra_chars=raw["excluded_heading_extra_chars"],
        review=tuple(raw["review_heading_words"]),
        review_top=tuple(raw["review_top_words"]),
        plan=tuple(raw["plan_heading_words"]),
        review_prefix=re.compile(raw["review_title_prefix_pattern"]),
        review_extra_chars=raw["review_extra_chars"],
    )


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus the underscore


def bare_title(title: str) -> str:
    """The title's letters and digits only (quotes, brackets and punctuation dropped)."""
    return _NOT_ALNUM.sub("", title)


@lru_cache(maxsize=8)
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding any of ``words`` in a text (``search`` answers like ``any(w in text)``)."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def is_excluded(title: str, words: HeadingWords | None = None) -> bool:
    """True for a background or general-requirements heading (规划背景, 总体要求, 二、实施步骤)."""
    w = words or heading_words()
    title = bare_title(title)
    if len(title) > w.excluded_max_len or not (title.startswith(w.excluded) or title.endswith(w.excluded)):
        return False
    return any(
        (title.startswith(word) or title.endswith(word)) and len(title) - len(word) <= w.extra_chars
        for word in w.excluded)


def is_review(title: str, top_level: bool, words: HeadingWords | None = None) -> bool:
    """True for a heading that reviews past work: a 总结 half, achievements, problems met.

    ``top_level`` admits the short words (总结, 成效) that also end task headings further down
    (（五）加强督导总结).
    """
    w = words or heading_words()
    title = bare_title(title)
    if not title or (w.plan and _any_word(w.plan).search(title)):
        return False
    title = w.review_prefix.sub("", title, count=1) or title
    candidates = w.review + (w.review_top if top_level else ())
    if not (title.endswith(candidates) or title.startswith(candidates)):
        return False
    return any(
        (title.endswith(word) and len(title) - len(word) <= w.review_extra_chars)
        or (title.startswith(word) and len(title) - len(word) <= w.extra_chars)
        for word in candidates)
