"""Hand-built extractions (the records the loaders emit) for the graph tests."""
from __future__ import annotations

import unicodedata

import pytest

from graph.kglite_store import KGLiteStore
from loaders.records import (
    CitationKind,
    Comparator,
    DocumentMeta,
    Extraction,
    Level,
    ProgrammeMention,
    Reference,
    Responsibility,
    Role,
    Section,
    Target,
    Task,
)
from loaders.text import SourceText

LIAONING = """辽宁省卫生健康委员会
2019年全省卫生健康工作任务分解方案
根据《“健康中国2030”规划纲要》和《健康中国行动（2019—2030年）》，制定本方案。
一、深化医改
（一）推进紧密型县域医共体建设，县域内就诊率达到90%以上。（规信处牵头，体改处、基层处配合）
（二）推进家庭医生签约服务。（规划发展与信息化处、基层处分别负责）
二、公共卫生
（三）孕产妇死亡率控制在10/10万以下。（妇幼处负责）
"""

FUXIN = """阜新市卫生健康委员会
阜新市“十四五”卫生与健康发展规划
贯彻落实《2019年全省卫生健康工作任务分解方案》，按照《健康中国行动(2019-2030年)》要求。
一、主要任务
（一）到2025年，县域就诊率达到92%。
"""


def _at(src: SourceText, needle: str, nth: int = 0):
    needle, start = unicodedata.normalize("NFKC", needle), -1
    for _ in range(nth + 1):
        start = src.text.index(needle, start + 1)
    return src.evidence(start, start + len(needle))


def liaoning(text: str = LIAONING, source: str = "liaoning.txt") -> Extraction:
    src = SourceText.from_text(text)
    ev = lambda s, n=0: _at(src, s, n)
    tasks = (
        Task("（一）", "一", "推进紧密型县域医共体建设", "推进紧密型县域医共体建设，县域内就诊率达到90%以上。",
             ev("推进紧密型县域医共体建设，县域内就诊率达到90%以上。"), ("规信处",), ("体改处", "基层处")),
        Task("（二）", "一", "推进家庭医生签约服务", "推进家庭医生签约服务。", ev("推进家庭医生签约服务。"),
             ("规划发展与信息化处", "基层处"), (), split=True),
        Task("（三）", "二", "孕产妇死亡率控制在10/10万以下", "孕产妇死亡率控制在10/10万以下。",
             ev("孕产妇死亡率控制在10/10万以下。"), ("妇幼处",)),
    )
    return Extraction(
        doc_id=src.doc_id, source=source, encoding="utf-8",
        meta=DocumentMeta(title="2019年全省卫生健康工作任务分解方案", issuer="辽宁省卫生健康委员会", year=2019,
                          region="辽宁省", level=Level.PROVINCE, kind="work report",
                          evidence={"issuer": ev("辽宁省卫生健康委员会"), "region": ev("辽宁省")}),
        sections=(Section("一", "一", "深化医改", 1, None, ev("一、深化医改")),
                  Section("二", "二", "公共卫生", 1, None, ev("二、公共卫生"))),
        tasks=tasks,
        responsibilities=(
            Responsibility("（一）", "规信处", Role.LEAD, False, ev("规信处")),
            Responsibility("（一）", "体改处", Role.SUPPORT, False, ev("体改处")),
            Responsibility("（一）", "基层处", Role.SUPPORT, False, ev("基层处")),
            Responsibility("（二）", "规划发展与信息化处", Role.LEAD, True, ev("规划发展与信息化处")),
            Responsibility("（二）", "基层处", Role.LEAD, True, ev("基层处", 1)),
            Responsibility("（三）", "妇幼处", Role.LEAD, False, ev("妇幼处")),
        ),
        targets=(
            Target("县域内就诊率", "90%", 90.0, "%", Comparator.GE, None, None, "（一）", "县域内就诊率达到90%以上",
                   ev("县域内就诊率达到90%以上")),
            Target("孕产妇死亡率", "10/10万", 10.0, "/10万", Comparator.LE, None, None, "（三）",
                   "孕产妇死亡率控制在10/10万以下", ev("孕产妇死亡率控制在10/10万以下")),
        ),
        programmes=(ProgrammeMention("医共体", "紧密型县域医共体", "（一）", ev("紧密型县域医共体")),
                    ProgrammeMention("家庭医生签约", "家庭医生签约服务", "（二）", ev("家庭医生签约服务"))),
        references=(
            Reference("《“健康中国2030”规划纲要》", None, Level.NATIONAL, CitationKind.BASIS, None,
                      ev("《“健康中国2030”规划纲要》")),
            Reference("《健康中国行动（2019—2030年）》", None, Level.NATIONAL, CitationKind.BASIS, None,
                      ev("《健康中国行动（2019—2030年）》")),
        ),
    )


def fuxin(text: str = FUXIN, source: str = "fuxin.txt") -> Extraction:
    src = SourceText.from_text(text)
    ev = lambda s, n=0: _at(src, s, n)
    return Extraction(
        doc_id=src.doc_id, source=source, encoding="utf-8",
        meta=DocumentMeta(title="阜新市“十四五”卫生与健康发展规划", issuer="阜新市卫生健康委员会", year=2021,
                          region="阜新市", parent_region="辽宁省", level=Level.CITY, kind="five-year plan",
                          period=(2021, 2025), evidence={"region": ev("阜新市")}),
        sections=(Section("一", "一", "主要任务", 1, None, ev("一、主要任务")),),
        tasks=(Task("一/（一）", "一", "到2025年，县域就诊率达到92%", "到2025年，县域就诊率达到92%。",
                    ev("到2025年，县域就诊率达到92%。")),),
        targets=(Target("县域就诊率", "92%", 92.0, "%", Comparator.GE, 2025, None, "一/（一）",
                        "到2025年，县域就诊率达到92%", ev("县域就诊率达到92%")),),
        references=(
            Reference("《2019年全省卫生健康工作任务分解方案》", None, Level.PROVINCE, CitationKind.IMPLEMENTS, None,
                      ev("《2019年全省卫生健康工作任务分解方案》")),
            Reference("《健康中国行动(2019-2030年)》", None, Level.NATIONAL, CitationKind.BASIS, None,
                      ev("《健康中国行动(2019-2030年)》")),
        ),
    )


@pytest.fixture
def store(tmp_path) -> KGLiteStore:
    s = KGLiteStore(tmp_path / "g.kgl")
    s.ensure_schema()
    return s


#: Parameters for every shipped named query on the liaoning + fuxin graph (both stores' tests use them).
QUERY_PARAMS = {"indicator": "县域就诊率", "region_code": "210000", "organisation": "辽宁省卫生健康委员会",
                "programme": "医共体", "text": "健康",  # 健康 names bodies and tasks: search and search_tasks
                "name": "阜新市“十四五”卫生与健康发展规划", "include_stubs": True, "descendants": True, "year": None,
                "offset": 0, "limit": 50, "cap": 50, "role": None,
                "ids": ["org:210000:卫生健康委员会/规划发展与信息化处"], "indicator_id": "ind:县域内就诊率",
                "region_codes": ["210000", "210900"], "prefix": "21"}


def query_params(names: tuple[str, ...]) -> dict:
    """The parameters a named query declares, with document ids of the liaoning and fuxin extractions."""
    docs = {"doc_id": lambda: liaoning().doc_id, "doc_ids": lambda: [liaoning().doc_id, fuxin().doc_id],
            "target_ids": lambda: [f"{liaoning().doc_id}#g:1", f"{fuxin().doc_id}#g:1"]}
    return {p: docs[p]() if p in docs else QUERY_PARAMS[p] for p in names}
