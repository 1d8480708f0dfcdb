"""The workbook as an official sees it: LibreOffice (which does not recalculate on load)
converts it to PDF, and the PDF shows the cached totals."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import bhxh_comms_excel
import pytest

from bhxh_comms.report.model import Report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc)",
)


def test_libreoffice_converts_the_workbook_to_pdf(report: Report, tmp_path: Path) -> None:
    assert SOFFICE is not None
    # Without the commune sheet: the PDF stays at a few dozen pages.
    (path,) = bhxh_comms_excel.render(report, tmp_path / "xlsx", {"communes": False})
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    env = {**os.environ, "LC_ALL": "vi_VN.UTF-8", "LANG": "vi_VN.UTF-8"}
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env=env,
    )
    pdf = out / (path.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run(
        [pdftotext, "-f", "1", "-l", "2", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert report.metadata.title in text
    # The totals LibreOffice shows are the cached values (it does not recalculate on load).
    total = int(report.tables["province_totals"]["participants"].sum())
    shown = [line for line in text.splitlines() if "Tổng cộng" in line]
    assert shown, text[:2000]
    tokens = [token.replace(".", "").replace(",", "") for token in shown[0].split()]  # any locale's separators
    assert str(total) in tokens, shown[0]


def _pdf(path: Path, tmp_path: Path) -> Path:
    assert SOFFICE is not None
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out)]
    subprocess.run([*command, str(path)], check=True, capture_output=True, timeout=240)
    return out / (path.stem + ".pdf")


def test_the_example_workbook_prints_under_40_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled example, printed as LibreOffice prints it: the commune detail (3.321 rows)
    is outside the print area; its own workbook (excel.communes=separate) prints it all."""
    from bhxh_comms.example import run

    assert run(str(tmp_path / "example")) == 0
    capsys.readouterr()
    (workbook,) = (tmp_path / "example").glob("bao-cao-truyen-thong-*.xlsx")
    pages = _pages(_pdf(workbook, tmp_path))
    assert pages < 40, pages


def _pages(pdf: Path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo is not installed (Debian: apt-get install poppler-utils)")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
