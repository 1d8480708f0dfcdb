"""Fixtures of the dashboard plugin's tests: one hostile sample report rendered once, and a
headless system Chromium driven by Playwright (the browser tests skip when either is missing)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bhxh_comms import get_plugin_manager
from bhxh_comms.report.model import Report
from bhxh_comms.testing import sample_report

HOSTILE_NOTE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SKIP_BROWSER = (
    "browser tests need the Debian package `chromium` (apt-get install chromium fonts-liberation2) "
    "and the PyPI package `playwright` (pip install playwright; never `playwright install`)"
)


@pytest.fixture(scope="session")
def hostile_note() -> str:
    return HOSTILE_NOTE


@pytest.fixture(scope="session")
def report() -> Report:
    return sample_report(note=HOSTILE_NOTE)


@pytest.fixture(scope="session")
def outputs(report: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three outputs of the renderer, as installed (found through the plugin manager)."""
    renderer = get_plugin_manager().renderer("dashboard")
    paths = renderer.render(report, tmp_path_factory.mktemp("dashboard"))
    return {path.name: path for path in paths}


@pytest.fixture(scope="session")
def dashboard_data(outputs: dict[str, Path]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(outputs["dashboard.json"].read_text(encoding="utf-8"))
    return data


def _chromium() -> str | None:
    candidate = os.environ.get("BHXH_COMMS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).is_file() else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(SKIP_BROWSER)
    if executable is None:
        pytest.skip(SKIP_BROWSER)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OfflinePage:
    """A page whose requests other than ``file://`` are aborted and recorded, with the console
    errors and uncaught exceptions recorded too."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def open(self, path: Path, charts: int = 3) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.wait_for_charts(charts)
        return self.page

    def wait_for_charts(self, charts: int = 3) -> None:
        self.page.wait_for_function(
            # charts in the page and in the dashboards' shadow roots
            "(n) => [document, ...Array.from(document.querySelectorAll('bhxh-dashboard'), h => h.shadowRoot)]"
            ".filter(Boolean).reduce((k, r) => k + r.querySelectorAll('[data-chart][data-rendered]').length, 0) >= n",
            arg=charts,
            timeout=30_000,
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def offline_page(browser: Any) -> Iterator[Callable[..., OfflinePage]]:
    pages: list[OfflinePage] = []

    def make(width: int = 1280, height: int = 900) -> OfflinePage:
        page = OfflinePage(browser, width, height)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()
