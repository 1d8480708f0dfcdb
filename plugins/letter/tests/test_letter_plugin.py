"""Discovery through the entry points, the renderer contract, byte-stable output, and a real
conversion of both documents to PDF with LibreOffice."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import attrs
import docx
import pytest

import bhxh_comms
from bhxh_comms.report.model import Report
from bhxh_comms.testing import check_renderer, sample_report

RENDERERS = ("bao-cao", "cong-van")


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report(rows=400)


def test_discovered_through_entry_points() -> None:
    pm = bhxh_comms.get_plugin_manager()
    renderers = pm.renderers()
    for name in RENDERERS:
        assert renderers[name].plugin.distribution == "bhxh-comms-letter"
        assert renderers[name].renderer.extension == ".docx"
    assert not pm.load_failures
    commands = pm.cli_commands(reserved={})
    _command, info = commands["letter"]
    assert info.distribution == "bhxh-comms-letter"


def test_the_core_does_not_import_the_plugin() -> None:
    core = Path(bhxh_comms.__file__).parent
    for source in core.rglob("*.py"):
        assert "bhxh_comms_letter" not in source.read_text(encoding="utf-8"), source


@pytest.mark.parametrize("name", RENDERERS)
def test_renderer_contract_and_reproducibility(report: Report, tmp_path: Path, name: str) -> None:
    renderer = bhxh_comms.get_plugin_manager().renderer(name)
    (path,) = check_renderer(renderer, report, tmp_path, {"filename": f"{name}-test.docx"})
    assert path.name == f"{name}-test.docx"


@pytest.mark.parametrize("name", RENDERERS)
def test_timestamps_come_from_the_report(report: Report, tmp_path: Path, name: str) -> None:
    (path,) = bhxh_comms.get_plugin_manager().renderer(name).render(report, tmp_path, {})
    with zipfile.ZipFile(path) as package:
        stamps = {info.date_time for info in package.infolist()}
    assert stamps == {(2026, 1, 15, 15, 0, 0)}  # generated_at 08:00 UTC is 15:00 in Hà Nội
    props = docx.Document(str(path)).core_properties
    assert props.created == props.modified == dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC)
    assert props.author == "bhxh-comms-letter" and props.revision == 1

    later = attrs.evolve(report, metadata=attrs.evolve(report.metadata, generated_at=dt.datetime(2026, 3, 2, 9, 0)))
    (other,) = bhxh_comms.get_plugin_manager().renderer(name).render(later, tmp_path / "later", {})
    assert other.read_bytes() != path.read_bytes()
    assert "ngày 02 tháng 3 năm 2026" in " ".join(
        p.text for cell in docx.Document(str(other)).tables[0]._cells for p in cell.paragraphs
    )


def test_atomic_write_keeps_the_previous_file(report: Report, tmp_path: Path) -> None:
    renderer = bhxh_comms.get_plugin_manager().renderer("cong-van")
    (path,) = renderer.render(report, tmp_path, {})
    before = path.read_bytes()
    broken = tmp_path / "broken.docx"
    document = docx.Document()
    document.add_paragraph("{{ khong_co }}")
    document.save(str(broken))
    with pytest.raises(bhxh_comms.BhxhCommsError):
        renderer.render(report, tmp_path, {"template": str(broken)})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "cong-van.docx"]


def test_signed_documents_leave_out_the_processing_lines(report: Report, tmp_path: Path) -> None:
    """Rows read and file names are for the people who check the data, not for a report that is
    signed and sent: they stay in the Excel notes sheet and the JSON."""
    report = attrs.evolve(report, metadata=attrs.evolve(report.metadata, notes=("Ghi chú cho người đọc",)))
    (path,) = bhxh_comms.get_plugin_manager().renderer("bao-cao").render(report, tmp_path, {})
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Ghi chú cho người đọc" in text
    assert report.metadata.processing and not any(line in text for line in report.metadata.processing)


def test_unknown_option_is_an_error(report: Report, tmp_path: Path) -> None:
    with pytest.raises(bhxh_comms.BhxhCommsError, match="templat"):
        bhxh_comms.get_plugin_manager().renderer("bao-cao").render(report, tmp_path, {"templat": "x.docx"})


def test_converts_to_pdf_with_libreoffice(report: Report, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer) — no PDF check")
    pm = bhxh_comms.get_plugin_manager()
    inputs = [pm.renderer(name).render(report, tmp_path / "docx", {})[0] for name in RENDERERS]
    from bhxh_comms_letter import example_path, render_letter

    inputs.append(render_letter(example_path(), tmp_path / "docx" / "cong-van-1455.docx"))
    out = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, inputs),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    for source in inputs:
        pdf = out / f"{source.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice wrote no {pdf.name}: {done.stdout} {done.stderr}"
        data = pdf.read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
        assert data.startswith(b"%PDF") and pages >= 2, (pdf.name, pages)
