"""The command line: exit codes, messages on stderr, no traceback for user mistakes."""

from __future__ import annotations

import subprocess
from pathlib import Path
import sys

import pytest

from bhxh_comms.cli import main


def test_unit_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit", "Tỉnh Bắc Kạn", "--on", "2025-08-01"]) == 0
    out = capsys.readouterr().out
    assert "19  Tỉnh Thái Nguyên" in out and "mã cũ 06" in out


def test_unit_lookup_lists_predecessors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit", "Ninh Bình", "--on", "2026-01-01"]) == 0
    assert "35 Hà Nam, 36 Nam Định, 37 Ninh Bình" in capsys.readouterr().out


def test_user_mistakes_give_a_message_and_non_zero_exit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit", "Atlantis", "--on", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi / error: không tìm thấy đơn vị “Atlantis”")
    with pytest.raises(SystemExit) as info:
        main(["unit", "Hà Nội", "--on", "hôm qua"])
    assert info.value.code == 2
    assert "invalid date" in capsys.readouterr().err


def test_no_traceback_from_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "unit", "Atlantis"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Atlantis" in result.stderr


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "plugins" in out and "example" in out and "Aggregate" in out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "bhxh-comms 0." in capsys.readouterr().out


def test_example_runs_the_whole_flow(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["example", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Thái Nguyên ← Bắc Kạn, Thái Nguyên" in out
    assert "Đọc 45.945 dòng = 45.942 hợp lệ + 3 bị loại" in out
    assert "Kết quả, trong năm 2025, BHXH 34 tỉnh đã triển khai thực hiện được khoảng" in out
    assert (tmp_path / "report.json").is_file() and (tmp_path / "national.csv").is_file()
    assert (tmp_path / "dong-bi-loai.xlsx").is_file()
