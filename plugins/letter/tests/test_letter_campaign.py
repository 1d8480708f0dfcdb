"""A letter of seed 004's shape without any Report: the bundled data file reproduces Công văn
1455/BHXH-TT, through the API and the ``bhxh-comms letter`` command."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from bhxh_comms_letter import SettingsError, example_path, load_letter_data, render_letter


def texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    found = []
    for table in document.tables[:1]:
        for cell in table._cells:
            found += [p.text for p in cell.paragraphs]
    found += [p.text for p in document.paragraphs]
    for table in document.tables[1:]:
        for cell in table._cells:
            found += [p.text for p in cell.paragraphs]
    return [t for t in found if t.strip()]


@pytest.fixture(scope="module")
def letter_1455(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_letter(example_path(), tmp_path_factory.mktemp("cv") / "1455.docx")


def test_1455_header_and_recipients(letter_1455: Path) -> None:
    lines = texts(letter_1455)
    assert lines[:7] == [
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1455/BHXH-TT",
        "V/v truyền thông cao điểm về BHXH, BHYT nhân Kỳ họp thứ 7 Quốc hội khóa XV",
        "Hà Nội, ngày 20 tháng 5 năm 2024",
        "Kính gửi:",
    ]
    assert lines[7:9] == [
        "- Các đơn vị trực thuộc BHXH Việt Nam;",
        "- Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương (BHXH các tỉnh).",
    ]
    assert lines[9].startswith("Kỳ họp thứ 7 Quốc hội khóa XV (Kỳ họp) diễn ra từ ngày 20/5/2024 đến ngày 28/6/2024.")


def test_1455_numbered_sections(letter_1455: Path) -> None:
    lines = texts(letter_1455)
    headings = [t for t in lines if t[:2] in ("1.", "2.", "3.") and not t[2:3].isdigit()]
    assert headings == ["1. Nội dung truyền thông", "2. Hình thức truyền thông", "3. Tổ chức thực hiện"]
    assert any(t.startswith("1.1. Kết quả nổi bật trong tổ chức, thực hiện chính sách BHXH") for t in lines)
    assert any(t.startswith("1.6. Thông tin, truyền thông về một số nội dung dự báo") for t in lines)
    assert "2.3. Tăng cường lượt phát thanh trên hệ thống loa truyền thanh cơ sở." in lines
    for heading in ("3.1. Trung tâm Truyền thông", "3.2. Tạp chí BHXH", "3.5. BHXH các tỉnh, thành phố"):
        assert heading in lines
    document = docx.Document(str(letter_1455))
    heading = next(p for p in document.paragraphs if p.text == "3.1. Trung tâm Truyền thông")
    assert all(r.bold for r in heading.runs if r.text)
    assert any(t.endswith("024.36285231) để được hướng dẫn chi tiết./.") for t in lines)


def test_1455_signature_and_distribution(letter_1455: Path) -> None:
    lines = texts(letter_1455)
    assert lines[-8:] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Tổng Giám đốc (để b/c);",
        "- Các Phó Tổng Giám đốc;",
        "- Lưu: VT, TT.",
        "KT. TỔNG GIÁM ĐỐC",
        "PHÓ TỔNG GIÁM ĐỐC",
        "Đào Việt Ánh",
    ]


def test_same_data_same_bytes(letter_1455: Path, tmp_path: Path) -> None:
    again = render_letter(example_path(), tmp_path / "again.docx")
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(letter_1455.read_bytes()).digest()


def test_office_settings_under_the_letters_own(tmp_path: Path) -> None:
    office = tmp_path / "office.toml"
    office.write_text(
        'issuing_body = "Bảo hiểm xã hội tỉnh Lào Cai"\nparent_body = "Bảo hiểm xã hội Việt Nam"\n'
        'symbol = "BHXH"\nunit_symbol = "TT"\nplace = "Lào Cai"\n'
        'recipients = ["Ủy ban nhân dân các xã, phường"]\n'
        '[signer]\nauthority = ""\ntitle = "Giám đốc"\nname = "Lê Văn C"\n',
        encoding="utf-8",
    )
    data = {"subject": "tuyên truyền BHYT học sinh", "opening": ["Đoạn mở đầu."], "settings": {"date": "2025-09-03"}}
    lines = texts(render_letter(data, tmp_path / "thu.docx", settings=office))
    assert lines[:2] == ["BẢO HIỂM XÃ HỘI VIỆT NAM", "BẢO HIỂM XÃ HỘI TỈNH LÀO CAI"]
    assert "Lào Cai, ngày 03 tháng 9 năm 2025" in lines
    assert "Kính gửi: Ủy ban nhân dân các xã, phường" in lines
    assert lines[-2:] == ["GIÁM ĐỐC", "Lê Văn C"]


def test_bad_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="subject"):
        load_letter_data({"opening": ["x"]})
    with pytest.raises(SettingsError, match=r"sections\[1\]\.items\[1\]"):
        load_letter_data({"subject": "x", "sections": [{"title": "A", "items": [{"tittle": "typo"}]}]})
    broken = tmp_path / "broken.toml"
    broken.write_text('subject = "x\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"broken\.toml"):
        load_letter_data(broken)
    with pytest.raises(SettingsError, match=r"signing authority .KT."):
        load_letter_data({"subject": "x", "settings": {"signer": {"authority": "KT"}}})


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bhxh_comms", *args], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_cli_letter_end_to_end(tmp_path: Path) -> None:
    listed = run_cli("--help")
    assert "letter" in listed.stdout and "bhxh-comms-letter" in listed.stdout

    data = tmp_path / "thu.toml"
    data.write_text(
        'subject = "tổ chức Ngày BHYT Việt Nam"\nopening = ["Nhân Ngày BHYT Việt Nam (1/7), đề nghị…"]\n'
        '[settings]\nnumber = "12"\ndate = 2025-06-20\n'
        '[[sections]]\ntitle = "Nội dung"\n[[sections.items]]\ntext = "Truyền thông & vận động <BHYT>."\n',
        encoding="utf-8",
    )
    out = tmp_path / "thu.docx"
    done = run_cli("letter", "--data", str(data), "--out", str(out))
    assert done.returncode == 0, done.stderr
    lines = texts(out)
    assert "Số: 12/BHXH-TT" in lines and "1.1. Truyền thông & vận động <BHYT>." in lines

    template = tmp_path / "mau.docx"
    assert run_cli("letter", "--write-template", "--out", str(template)).returncode == 0
    refused = run_cli("letter", "--write-template", "--out", str(template))
    assert refused.returncode == 2 and "--force" in refused.stderr  # never overwritten by surprise
    report_template = tmp_path / "bao-cao.docx"
    assert run_cli("letter", "--write-template", "bao-cao", "--out", str(report_template)).returncode == 0
    assert "BÁO CÁO" in [p.text for p in docx.Document(str(report_template)).paragraphs]
    document = docx.Document(str(template))
    document.add_paragraph("Ghi chú riêng của đơn vị: {{ subject }}")
    document.save(str(template))
    done = run_cli("letter", "--data", str(data), "--template", str(template), "--out", str(out))
    assert done.returncode == 2 and "--force" in done.stderr  # thu.docx exists
    done = run_cli("letter", "--data", str(data), "--template", str(template), "--out", str(out), "--force")
    assert done.returncode == 0, done.stderr
    wrong = run_cli("letter", "--data", str(data), "--out", str(tmp_path / "thu.pdf"))
    assert wrong.returncode == 2 and "must end in .docx" in wrong.stderr
    assert "Ghi chú riêng của đơn vị: tổ chức Ngày BHYT Việt Nam" in texts(out)

    example = run_cli("letter", "--example", "cong-van-1455", "--out", str(tmp_path / "1455.docx"))
    assert example.returncode == 0 and "Số: 1455/BHXH-TT" in texts(tmp_path / "1455.docx")


def test_cli_errors_without_traceback(tmp_path: Path) -> None:
    done = run_cli("letter", "--data", str(tmp_path / "khong-co.toml"), "--out", str(tmp_path / "x.docx"))
    assert done.returncode == 2 and "khong-co.toml" in done.stderr and "Traceback" not in done.stderr
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK not really")
    done = run_cli("letter", "--example", "cong-van-1455", "--template", str(bad), "--out", str(tmp_path / "y.docx"))
    assert done.returncode == 2 and "bad.docx" in done.stderr and "Traceback" not in done.stderr
