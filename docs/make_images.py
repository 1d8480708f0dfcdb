"""Regenerate the screenshots in docs/images from the bundled example, as a reader sees them.

    python docs/make_images.py

Needs what CI installs: LibreOffice (``soffice``), ``pdftoppm`` (poppler-utils), Chromium and
Playwright (``pip install playwright``; the system Chromium, never a download). Excel and Word
outputs are printed to PDF by LibreOffice and rasterised; the dashboard is screenshot in
headless Chromium at 1280 px.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

IMAGES = Path(__file__).resolve().parent / "images"
CHROMIUM_ARGS = ["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"]


def pdf_of(path: Path, out: Path, profile: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is not installed (Debian: apt-get install libreoffice-writer libreoffice-calc)")
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=300)
    return out / (path.stem + ".pdf")


def page_png(pdf: Path, page: int, name: str) -> None:
    """Page ``page`` of ``pdf`` as ``docs/images/<name>`` (80 dpi: readable, small)."""
    stem = IMAGES / Path(name).stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )


def dashboard_pngs(html: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(html.as_uri())
        page.wait_for_function(
            "document.querySelector('bhxh-dashboard').shadowRoot.querySelectorAll('[data-chart][data-rendered]')"
            ".length >= 4",
            timeout=30_000,
        )
        page.screenshot(path=str(IMAGES / "dashboard.png"), full_page=True)
        page.select_option("select[data-role=province]", "19")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(IMAGES / "dashboard-tinh.png"), full_page=True)
        browser.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        out = root / "example"
        example = [sys.executable, "-m", "bhxh_comms", "example", "--out", str(out)]
        subprocess.run(example, check=True, capture_output=True)
        letter = root / "1455.docx"
        subprocess.run(
            [sys.executable, "-m", "bhxh_comms", "letter", "--example", "cong-van-1455", "--out", str(letter)],
            check=True,
            capture_output=True,
        )
        pdfs = root / "pdf"
        profile = root / "lo-profile"
        workbook = next(out.glob("bao-cao-truyen-thong-*.xlsx"))
        page_png(pdf_of(workbook, pdfs, profile), 1, "excel-summary.png")
        report = pdf_of(out / "bao-cao.docx", pdfs, profile)
        page_png(report, 1, "letter-bao-cao.png")
        text = subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True).stdout
        annex = next(i for i, page in enumerate(text.split("\f"), start=1) if "(Kèm theo Báo cáo" in page)
        page_png(report, annex, "letter-bao-cao-phu-luc.png")  # the annex's first page
        result = pdf_of(out / "cong-van.docx", pdfs, profile)
        page_png(result, 1, "letter-cong-van.png")
        page_png(result, 2, "letter-cong-van-chi-tieu-chua-dat.png")
        page_png(result, 3, "letter-cong-van-chi-tieu-chua-dat-2.png")
        campaign = pdf_of(letter, pdfs, profile)
        page_png(campaign, 1, "letter-cong-van-1455.png")
        page_png(campaign, 2, "letter-cong-van-1455-trang-cuoi.png")
        dashboard_pngs(out / "dashboard.html")
    print(f"images written to {IMAGES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
