"""The built-in json and csv renderers, through the contract every renderer must meet."""

from __future__ import annotations

import json
from pathlib import Path

import bhxh_comms
from bhxh_comms import get_plugin_manager
from bhxh_comms.testing import check_renderer, sample_report


def test_json_renderer(tmp_path: Path) -> None:
    report = sample_report(note='=1+1 <script>alert("x")</script>')
    [path] = check_renderer(get_plugin_manager(autoload=False).renderer("json"), report, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["metadata"]["title"] == "KẾT QUẢ CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG NĂM 2025"
    assert data["metadata"]["generated_at"] == "2026-01-15T08:00:00+00:00"
    assert set(data["tables"]) >= {"national", "by_province", "scorecard", "target_summary", "completeness"}
    national = data["tables"]["national"]
    assert national["columns"][:3] == ["activity_type", "label", "unit"]
    assert len(national["rows"]) == len(bhxh_comms.default_catalogs().activity_types)
    fact = data["facts"][0]
    assert fact["metric"] == "conference.count" and fact["text"].startswith("khoảng ")
    assert '=1+1 <script>alert("x")</script>' in data["metadata"]["notes"]  # data stays data


def test_csv_renderer_neutralises_formulas(tmp_path: Path) -> None:
    report = sample_report()
    table = report.tables["completeness"].copy()
    table.loc[0, "name"] = '=HYPERLINK("http://x")'
    report = bhxh_comms.Report(
        metadata=report.metadata, tables={**report.tables, "completeness": table}, facts=report.facts
    )
    paths = check_renderer(get_plugin_manager(autoload=False).renderer("csv"), report, tmp_path)
    assert {p.name for p in paths} == {f"{name}.csv" for name in report.tables}
    text = (tmp_path / "first" / "completeness.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in text.decode("utf-8-sig")
