"""Task-division tables (任务分工表): rows become tasks with lead and support bodies from their columns."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import structure
from loaders.task_tables import find_tables
from loaders.text import SourceText


def parse(text: str) -> structure.ParsedStructure:
    return structure.parse(SourceText.from_text(text, doc_id="t"))


def rows(text: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(t.id, t.title, t.lead, t.support) for t in parse(text).tasks]


TAB_TABLE = ("县卫生健康局关于印发2023年重点任务分工的通知\n\n"
             "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
             "1\t完善分级诊疗，推进紧密型县域医共体建设和乡村一体化管理\t医政股\t财务股、基层股\t2023年12月底\n"
             "2\t加强疾病预防控制体系建设\t疾控股\t\t2023年6月\n"
             "3\t提升妇幼健康服务水平\t妇幼股、各乡镇卫生院\t县妇幼保健站\t2023年12月\n"
             "\n各单位要加强协调，按时完成各项任务。\n")


def test_tab_rows_are_tasks_with_lead_and_support_columns():
    assert rows(TAB_TABLE) == [
        ("1", "完善分级诊疗", ("医政股",), ("财务股", "基层股")),
        ("2", "加强疾病预防控制体系建设", ("疾控股",), ()),
        ("3", "提升妇幼健康服务水平", ("妇幼股", "各乡镇卫生院"), ("县妇幼保健站",)),
    ]


def test_row_evidence_quotes_the_row_and_the_closing_paragraph_is_outside_it():
    parsed = parse(TAB_TABLE)
    last = parsed.tasks[-1]
    assert last.evidence.quote == "3\t提升妇幼健康服务水平\t妇幼股、各乡镇卫生院\t县妇幼保健站\t2023年12月"
    assert last.responsibility_text == "妇幼股、各乡镇卫生院 县妇幼保健站"
    for r in parsed.responsibilities:
        assert TAB_TABLE[r.evidence.start:r.evidence.end] == r.evidence.quote == r.org
    assert parsed.task_at(TAB_TABLE.index("各单位要加强协调")) is None
    assert parsed.task_at(TAB_TABLE.index("疾控股")) == "2"


def test_space_separated_table_with_a_responsible_column_and_a_first_listed_rule():
    table = ("序号  主要任务  责任单位  完成时间\n"
             "1  建设县域医共体  县卫健局、县医保局、县财政局  2024年\n"
             "2  提升基层服务能力  县卫健局  2024年\n")
    assert rows(table)[0][2:] == (("县卫健局", "县医保局", "县财政局"), ())
    ruled = "各项任务中，排在首位的为牵头单位。\n" + table
    assert rows(ruled) == [("1", "建设县域医共体", ("县卫健局",), ("县医保局", "县财政局")),
                           ("2", "提升基层服务能力", ("县卫健局",), ())]


def test_full_width_spaces_separate_cells_too():
    table = "序号　　工作任务　　牵头部门　　配合部门\n1　　开展健康促进行动　　宣传科　　疾控科\n"
    assert rows(table) == [("1", "开展健康促进行动", ("宣传科",), ("疾控科",))]


def test_a_row_continues_over_wrapped_lines():
    table = ("序号\t重点任务\t牵头单位\t配合单位\n"
             "1\t推进紧密型县域医共体建设，\t基层科\t财务科、\n"
             "在全县开展试点\t\t医政科\n"
             "整体推进\n"
             "2\t开展健康促进\t宣传科\t疾控科\n")
    first, second = parse(table).tasks
    assert (first.id, first.lead, first.support) == ("1", ("基层科",), ("财务科", "医政科"))
    assert first.text.endswith("整体推进")
    assert (second.id, second.lead, second.support) == ("2", ("宣传科",), ("疾控科",))


def test_rows_without_a_number_column_are_numbered_in_order():
    table = "重点任务\t牵头单位\t配合单位\n推进医养结合，扩大服务供给\t老龄科\t医政科\n开展健康促进行动\t宣传科\t疾控科\n"
    assert [r[:2] for r in rows(table)] == [("1", "推进医养结合"), ("2", "开展健康促进行动")]


def test_a_table_under_a_heading_belongs_to_it_and_the_next_heading_closes_it():
    text = ("一、总体要求\n坚持人民至上。\n二、任务分工\n序号\t重点任务\t牵头单位\t配合单位\n"
            "1\t推进医养结合\t老龄科\t医政科\n2\t开展健康促进\t宣传科\t疾控科\n三、保障措施\n加强组织领导。\n")
    assert [(i, lead) for i, _, lead, _ in rows(text)] == [("二/1", ("老龄科",)), ("二/2", ("宣传科",)), ("三", ())]


def test_group_headings_inside_a_table_are_sections():
    text = ("序号\t重点任务\t牵头单位\t配合单位\n一、强化基层\n1\t推进医共体建设\t基层科\t财务科\n"
            "2\t加强村医队伍\t基层科\t人事科\n二、公共卫生\n3\t开展健康促进\t宣传科\t疾控科\n")
    parsed = parse(text)
    assert [s.title for s in parsed.sections] == ["强化基层", "公共卫生"]
    assert [(t.id, t.section_id) for t in parsed.tasks] == [("1", "一"), ("2", "一"), ("3", "二")]


def test_a_cell_written_as_a_clause_is_read_as_one():
    table = "序号\t工作内容\t责任单位\n1\t开展健康促进\t县卫健局牵头，县教育局配合\n"
    assert rows(table) == [("1", "开展健康促进", ("县卫健局",), ("县教育局",))]


def test_tables_without_task_or_responsibility_columns_are_not_task_tables():
    indicators = "序号\t指标\t2020年\t2025年\t属性\n1\t人均预期寿命（岁）\t78\t79\t预期性\n"
    assert find_tables(indicators) == []
    no_task = "序号\t指标名称\t目标值\t责任单位\n1\t孕产妇死亡率\t10/10万\t妇幼科\n"
    assert find_tables(no_task) == []
    prose = "各单位  要按照任务分工  抓好落实\n"
    assert find_tables(prose) == []


def test_words_in_a_responsibility_column_that_are_not_bodies_are_skipped():
    table = "序号\t重点任务\t牵头单位\t配合单位\n1\t开展健康促进\t宣传科\t疾控科等有关单位、持续推进\n"
    assert rows(table) == [("1", "开展健康促进", ("宣传科",), ("疾控科",))]


cell = st.text(alphabet=st.sampled_from(list("序号重点任务牵头配合单位科股、，。1234 \t\n一、")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell, min_size=1, max_size=5), max_size=6))
def test_tables_of_arbitrary_cells_never_break_parsing(table):
    text = "序号\t重点任务\t牵头单位\t配合单位\n" + "\n".join("\t".join(r) for r in table)
    src = SourceText.from_text(text, doc_id="t")
    parsed = structure.parse(src)
    for task, (start, end) in zip(parsed.tasks, parsed.spans):
        assert 0 <= start <= end <= len(src.text)
        assert text[task.evidence.start:task.evidence.end] == task.evidence.quote
    for r in parsed.responsibilities:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.quote


def test_a_category_column_before_the_task_column_is_not_the_task():
    table = ("序号\t任务类别\t主要工作内容\t牵头单位\t配合单位\t时间节点\n"
             "1\t医疗服务\t开展改善就医感受行动\t医政科\t护理科\t2023年底\n")
    assert rows(table) == [("1", "开展改善就医感受行动", ("医政科",), ("护理科",))]


def test_a_lead_marked_inside_a_responsible_column():
    table = "序号\t重点任务\t责任单位\n1\t开展健康促进\t县卫健局（牵头）、县教育局、县体育局\n"
    assert rows(table) == [("1", "开展健康促进", ("县卫健局",), ("县教育局", "县体育局"))]
