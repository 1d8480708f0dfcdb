"""The report's sections after the figures (assessment, difficulties, causes, tasks): the
office's own text from a narrative file, or marked places to write — never invented prose."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from bhxh_comms_letter.narrative import PLACEHOLDER, load_narrative, narrative_skeleton

import bhxh_comms
from bhxh_comms.report.model import Report
from bhxh_comms.testing import sample_report

NARRATIVE = {
    "assessment": ["Năm 2025, công tác truyền thông được triển khai đồng bộ, bài bản."],
    "difficulties": ["Cơ chế tài chính cho các hình thức truyền thông mới chưa đầy đủ.", "Nhân lực còn mỏng."],
    "causes": ["Định mức chi chưa được sửa đổi kịp thời."],
    "tasks": ["Đẩy mạnh truyền thông trên nền tảng số.", "Tập huấn kỹ năng cho cộng tác viên."],
}


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report(rows=600)


def body(report: Report, tmp_path: Path, options: dict[str, object]) -> list[docx.text.paragraph.Paragraph]:
    (path,) = bhxh_comms.get_plugin_manager().renderer("bao-cao").render(report, tmp_path, options)
    return [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_with_a_narrative_file_the_report_has_every_section(report: Report, tmp_path: Path) -> None:
    narrative = tmp_path / "nhan-dinh.toml"
    narrative.write_text(
        "\n".join(f"{key} = {values!r}".replace("'", '"') for key, values in NARRATIVE.items()), encoding="utf-8"
    )
    texts = [p.text for p in body(report, tmp_path / "a", {"narrative": str(narrative)})]
    headings = [t for t in texts if re.match(r"^\d\. ", t)]
    assert headings == [
        "1. Kết quả đạt được",
        "2. Kết quả thực hiện chỉ tiêu",
        "3. Đánh giá chung",
        "4. Khó khăn, hạn chế",
        "5. Nguyên nhân",
        "6. Nhiệm vụ trọng tâm năm 2026",
    ]
    start = texts.index("3. Đánh giá chung")
    assert texts[start : start + 10] == [
        "3. Đánh giá chung",
        *NARRATIVE["assessment"],
        "4. Khó khăn, hạn chế",
        *NARRATIVE["difficulties"],
        "5. Nguyên nhân",
        *NARRATIVE["causes"],
        "6. Nhiệm vụ trọng tâm năm 2026",
        *NARRATIVE["tasks"],
    ]
    assert not any(t.startswith("[Đơn vị bổ sung") for t in texts)


# Every sentence the template itself writes (the rest come from the core's statements):
FIXED = [
    r"BÁO CÁO",
    r"Kết quả công tác thông tin, truyền thông năm \d{4}",
    r"Thực hiện Kế hoạch công tác thông tin, truyền thông năm \d{4}, trên cơ sở báo cáo của BHXH [\d/]+ tỉnh, "
    r"BHXH Việt Nam báo cáo kết quả công tác thông tin, truyền thông năm \d{4} như sau:",
    r"\d\. (Kết quả đạt được|Kết quả thực hiện chỉ tiêu|Đánh giá chung|Khó khăn, hạn chế|Nguyên nhân|"
    r"Nhiệm vụ trọng tâm năm \d{4})",
    r"Kết quả theo từng hình thức truyền thông tại Bảng 1; kết quả theo từng tỉnh, thành phố tại Phụ lục kèm theo "
    r"Báo cáo này\.",
    r"Bảng \d\. .+",
    r"Kết quả đánh giá các chỉ tiêu theo Kế hoạch năm \d{4}:",
    r"Ghi chú về số liệu:",
    r"Trên đây là báo cáo kết quả công tác thông tin, truyền thông năm \d{4} của BHXH Việt Nam\./\.",
    r"Phụ lục",
    r"KẾT QUẢ CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG THEO TỈNH,\sTHÀNH\sPHỐ NĂM\s\d{4}",
    r"\(Kèm theo Báo cáo số .+ của BHXH Việt Nam\)",
    re.escape(PLACEHOLDER).replace(r"\{heading\}", ".+"),
]


def test_without_a_narrative_file_nothing_is_invented(report: Report, tmp_path: Path) -> None:
    paragraphs = body(report, tmp_path, {})
    said = report.statements
    core = {*said.national, said.reporting}
    core |= {f"- {t.sentence};" for t in said.targets} | {f"- {t.sentence}." for t in said.targets}
    core |= {f"- {n};" for n in report.metadata.notes} | {f"- {n}" for n in report.metadata.notes}
    invented = [p.text for p in paragraphs if p.text not in core and not any(re.fullmatch(f, p.text) for f in FIXED)]
    assert invented == []
    places = [p for p in paragraphs if p.text.startswith("[Đơn vị bổ sung")]
    assert [p.text for p in places] == [
        PLACEHOLDER.format(heading=h)
        for h in ("Đánh giá chung", "Khó khăn, hạn chế", "Nguyên nhân", "Nhiệm vụ trọng tâm năm 2026")
    ]
    assert all(run.italic for p in places for run in p.runs if run.text.strip())


def test_a_narrative_file_is_started_from_a_runs_report(tmp_path: Path, report: Report) -> None:
    json_path = bhxh_comms.get_plugin_manager().renderer("json").render(report, tmp_path / "run", {})[0]
    out = tmp_path / "nhan-dinh.toml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bhxh_comms",
            "letter",
            "--write-narrative",
            "--from",
            str(json_path),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert report.statements.national[0] in text  # the figure sentences, as comments
    assert load_narrative(out) == load_narrative(None)  # nothing written yet: every section empty
    assert text == narrative_skeleton(__import__("json").loads(json_path.read_text(encoding="utf-8")))
    with pytest.raises(bhxh_comms.BhxhCommsError):
        load_narrative({"assesment": ["typo"]})
