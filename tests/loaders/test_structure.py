"""Structure parsing: numbering styles, ids, exclusions, fragments, and robustness on arbitrary text."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import structure
from loaders.text import SourceText

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def parse(text: str) -> structure.ParsedStructure:
    return structure.parse(SourceText.from_text(text, doc_id="t"))


def ids(text: str) -> list[str]:
    return [t.id for t in parse(text).tasks]


def test_numbers_running_on_across_sections_stand_alone_and_restarting_ones_take_the_parent():
    unique = "一、改革\n（一）甲任务。内容。\n（二）乙任务。内容。\n二、服务\n（三）丙任务。内容。\n"
    restart = "一、改革\n（一）甲任务。内容。\n（二）乙任务。内容。\n二、服务\n（一）丙任务。内容。\n"
    assert ids(unique) == ["（一）", "（二）", "（三）"]
    assert ids(restart) == ["一/（一）", "一/（二）", "二/（一）"]


def test_half_width_numbering_keeps_the_written_form_in_ids():
    text = "一.改革\n(一)甲任务.内容。\n(二)乙任务。\n二.服务\n(一)丙任务。\n"
    assert ids(text) == ["一/(一)", "一/(二)", "二/(一)"]


def test_background_and_general_requirements_are_not_tasks():
    text = ("一、发展基础\n“十三五”期间成绩显著。\n二、总体要求\n（一）指导思想\n坚持人民至上。\n（二）主要目标\n"
            "到2025年人均预期寿命达到80岁。\n三、重点任务\n（一）加强基层能力。内容。\n（二）深化医改。内容。\n")
    parsed = parse(text)
    assert [t.title for t in parsed.tasks] == ["加强基层能力", "深化医改"]
    assert {s.id for s in parsed.sections} >= {"一", "二", "二/（一）", "三"}


def test_a_section_without_items_is_one_task_and_chapters_nest():
    text = ("第一章 总则\n坚持人民至上。\n第二章 重点任务\n第一节 加强基层\n内容。\n第二节 强化监管\n内容。\n"
            "第三章 保障\n第一节 加强投入\n内容。\n")
    assert ids(text) == ["第一章", "第二章/第一节", "第二章/第二节", "第三章/第一节"]


def test_bare_number_lines_and_inline_enumerations_with_groups():
    text = ("1\n全面实施健康行动。\n推进各项工作。\n2\n深化医改。\n总述。一是推广经验。内容。二是推进改革。内容。\n3\n"
            "加强服务能力建设。\n公共卫生方面。一是加强应急。内容。二是强化防控。医疗服务方面。要优化资源。"
            "一是推进基层改革。内容。二是增加供给。内容。\n")
    assert ids(text) == ["1", "2/一是", "2/二是", "3/公共卫生方面/一是", "3/公共卫生方面/二是",
                         "3/医疗服务方面/一是", "3/医疗服务方面/二是"]
    assert parse(text).tasks[1].title == "推广经验"


def test_enumerations_inside_a_numbered_item_stay_in_the_item():
    text = "一、改革\n（一）强化县医院。一是加强专科。二是提升能力。\n（二）提升基层。内容。\n"
    assert ids(text) == ["一/（一）", "一/（二）"]


def test_task_headings_split_over_lines_and_inline_continuation():
    text = ("四、主要任务\n（一）构建体系\n任务1:提升质量\n1.着力专科建设。加强专科。2.强化质量管理。加强质控。\n任务\n\n"
            "2:构建医联体\n1.完善医疗集团。内容。\n2.推进医共体。内容。\n")
    parsed = parse(text)
    assert [t.id for t in parsed.tasks] == ["四/（一）/任务1/1", "四/（一）/任务1/2", "四/（一）/任务2/1",
                                           "四/（一）/任务2/2"]
    assert parsed.tasks[1].title == "强化质量管理"
    assert parsed.tasks[0].text.endswith("加强专科。")


def test_boxes_attach_to_the_section_and_a_box_without_heading_is_recognised():
    text = ("三、公共卫生\n（一）完善疾控体系\n内容。\n专栏1 防控能力工程\n1.建设疾控中心。内容。\n2.应用指挥平台。内容。\n"
            "四、妇幼\n（一）加强妇幼服务\n内容。\n（二）促进儿童健康\n内容。\n1.妇幼专科建设。内容。\n2.母婴安全行动。内容。\n")
    parsed = parse(text)
    assert [t.id for t in parsed.tasks] == ["三/（一）", "专栏1/1", "专栏1/2", "四/（一）", "四/（二）",
                                           "四/专栏/1", "四/专栏/2"]
    assert parsed.tasks[1].group == "防控能力工程"


def test_numbered_boxes_in_one_section_keep_their_own_ids():
    text = ("二、主要任务\n（一）强化公卫\n内容。\n专栏1 疾控工程\n1.建设实验室。内容。\n2.建设平台。内容。\n"
            "（二）优化医疗\n内容。\n专栏2 医疗工程\n1.建设中心。内容。\n")
    assert ids(text) == ["二/（一）", "专栏1/1", "专栏1/2", "二/（二）", "专栏2/1"]


def test_half_width_full_stop_ends_a_title_but_not_a_number():
    text = "二、任务\n1.优化布局.每个街道建设1.5个中心.\n2.加强队伍.全科医生达到3.5名.3.推进改革.内容.\n"
    parsed = parse(text)
    assert [(t.id, t.title) for t in parsed.tasks] == [("二/1", "优化布局"), ("二/2", "加强队伍"), ("二/3", "推进改革")]


def test_timetable_phases_are_not_tasks():
    text = ("一、重点任务\n（一）组建集团。内容。\n（二）统一管理。内容。\n二、进度安排\n（一）试点阶段。内容。\n"
            "（二）推广阶段。内容。\n三、保障措施\n（一）加强领导。内容。\n（二）第二阶段（2022年1月至6月）。全面推开。\n")
    assert ids(text) == ["一/（一）", "一/（二）", "三/（一）"]


def test_a_phase_word_without_a_date_range_stays_a_task():
    text = "一、任务\n（一）巩固脱贫攻坚成果同乡村振兴有效衔接阶段性任务。内容。\n（二）推进改革。内容。\n"
    assert ids(text) == ["一/（一）", "一/（二）"]


def test_item_runs_nest_under_their_item_when_the_document_has_no_boxes():
    """Numbers under a single parent carry the parent's path, as do numbers that restart."""
    text = "一、改革\n（一）加强服务\n总述内容。\n1.甲事项。内容。\n2.乙事项。内容。\n（二）强化监管\n1.丙事项。\n"
    assert ids(text) == ["一/（一）/1", "一/（一）/2", "一/（二）/1"]


def test_closing_paragraph_and_signature_are_outside_the_last_task():
    text = "1\n全面实施健康行动。\n推进。\n这里,要特别强调加强党的建设。\n\n市卫生健康委员会\n2023年4月19日\n"
    parsed = parse(text)
    assert parsed.tasks[0].text.endswith("推进。")
    closing = parsed.tasks[0].evidence.end + 5
    assert parsed.task_at(closing) is None


def test_text_without_numbering_is_one_task_with_its_responsibility():
    text = "加强基层卫生人才队伍建设，推进乡村医生待遇落实。（省卫生健康委牵头，省财政厅、省人社厅配合）"
    parsed = parse(text)
    assert len(parsed.tasks) == 1
    task = parsed.tasks[0]
    assert task.title == "加强基层卫生人才队伍建设"
    assert task.lead == ("省卫生健康委",) and task.support == ("省财政厅", "省人社厅")
    assert parsed.task_at(3) == task.id


def test_blank_text_has_no_tasks():
    assert parse("   \n\n").tasks == ()


def test_task_evidence_quotes_the_original_and_spans_feed_task_at():
    text = "一、改革\n（一）推动健康建设。落实规划。（规信处负责）\n（二）打造服务新模式。推进建设。\n"
    src = SourceText.from_text(text, doc_id="t")
    parsed = structure.parse(src)
    first, second = parsed.tasks
    assert first.evidence.quote == text[first.evidence.start:first.evidence.end]
    assert first.evidence.quote.startswith("（一）推动健康建设") and first.evidence.quote.endswith("（规信处负责）")
    assert parsed.task_at(parsed.spans[1][0] + 2) == second.id
    assert parsed.task_at(0) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三四五六七八九十是、.,，。;：:（）()123456789专栏任务第章节方面 \n\t牵头负责配合处局委\r") + ["\u3000"]),
               max_size=300) | st.text(max_size=200))
def test_parse_never_raises_and_spans_stay_in_bounds(text):
    src = SourceText.from_text(text, doc_id="h")
    parsed = structure.parse(src)
    assert len(parsed.spans) == len(parsed.tasks)
    previous_end = 0
    for task, (start, end) in zip(parsed.tasks, parsed.spans):
        assert 0 <= start < end <= len(src.text) and start >= previous_end
        previous_end = end
        ev = task.evidence
        assert 0 <= ev.start <= ev.end <= len(src.original)
        assert ev.quote == src.original[ev.start:ev.end]
    for r in parsed.responsibilities:
        assert r.evidence.quote == src.original[r.evidence.start:r.evidence.end]
        assert unicodedata.normalize("NFKC", r.evidence.quote) == r.org
    assert len({t.id for t in parsed.tasks}) == len(parsed.tasks)


GOLDEN = {
    "000_e4dd95c232bc7188.txt": (26, ["（一）", "（七）", "（二十六）"]),
    "001_81666edb039b5196.txt": (39, ["1", "2/一是", "5/公共卫生方面/一是", "5/质量监管方面/四是", "9"]),
    "002_01bdced4e8deef8f.txt": (32, ["一/（一）", "七/（六）"]),
    "003_de9819be6dc67c16.txt": (49, ["任务1/1", "任务1/2", "任务2/1", "任务18/2"]),
    "004_ded2a7bfeb3d78d6.txt": (71, ["三/（一）", "专栏1/1", "九/专栏/1", "十/专栏/4", "十二/（四）"]),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_documents_parse_to_their_tasks(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {name} is not in samples/")
    src, _ = SourceText.from_bytes(path.read_bytes(), name)
    parsed = structure.parse(src)
    count, some_ids = GOLDEN[name]
    assert len(parsed.tasks) == count
    assert set(some_ids) <= {t.id for t in parsed.tasks}


def test_notice_header_and_attachment_line_are_not_tasks():
    text = ("XX省卫生健康委员会关于印发工作要点的通知\n各市卫生健康委：\n现将要点印发给你们。\n"
            "一、总体要求\n坚持以人民健康为中心。\n二、重点工作\n（一）深化医改\n1、推进分级诊疗。内容。\n"
            "2、完善药品保障。内容。\n三、保障措施\n（一）加强组织领导。内容。\n附件：1.重点任务分工表\n")
    parsed = parse(text)
    assert [t.id for t in parsed.tasks] == ["二/（一）/1", "二/（一）/2", "三/（一）"]
    assert parsed.tasks[-1].text == "（一）加强组织领导。内容。"


def test_attachment_list_after_the_last_section_is_no_sub_item():
    text = ("一、加强组织领导\n各地要高度重视。\n二、做好总结评估\n各地要按时报送进展。\n\n"
            "附件:1.试点单位名单\n2.工作进展统计表\n3.联系人回执\n\n某省卫生健康委员会\n2023年4月2日\n")
    parsed = parse(text)
    assert [t.id for t in parsed.tasks] == ["一", "二"]
    assert parsed.tasks[-1].text == "二、做好总结评估\n各地要按时报送进展。"


def test_attachment_list_before_the_body_leaves_the_outline_alone():
    text = ("附件：1.实施方案\n2.任务分工表\n\n一、总体要求\n坚持人民至上。\n二、重点任务\n"
            "1.推进分级诊疗。内容。\n2.完善药品保障。内容。\n")
    assert ids(text) == ["二/1", "二/2"]
