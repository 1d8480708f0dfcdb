"""The commune lists, their crosswalk, and what changes for users when the plugin is installed.

The plugin is used from the installed distribution, through bhxh-comms' plugin manager, as
users get it.
"""

from __future__ import annotations

import collections
import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from bhxh_comms_units_vn import LEGACY_SET_ID, NEW_SET_ID

import bhxh_comms
from bhxh_comms.ingest.reader import read_reports
from bhxh_comms.ingest.template import write_template
from bhxh_comms.models.units import UnitRegistry

AFTER = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def units() -> UnitRegistry:
    return bhxh_comms.get_plugin_manager().units()


def test_the_plugin_gives_the_two_commune_lists(units: UnitRegistry) -> None:
    assert units.unit_set_on(AFTER, level="commune").id == NEW_SET_ID
    assert units.unit_set_on(dt.date(2024, 6, 1), level="commune").id == LEGACY_SET_ID
    assert units.get(LEGACY_SET_ID).successor_set == NEW_SET_ID


def test_counts_match_the_official_figures(units: UnitRegistry) -> None:
    new, old = units.get(NEW_SET_ID), units.get(LEGACY_SET_ID)
    # 34 provinces, 3,321 communes since 1/7/2025: 2,621 xã, 687 phường, 13 đặc khu.
    assert len(new) == 3321
    assert collections.Counter(u.kind for u in new.units) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert len({u.parent for u in new.units}) == 34
    # The legacy list: 10,035 communes of the 63 provinces as they stood in 2025 (before 1/7).
    assert len(old) == 10035
    assert collections.Counter(u.kind for u in old.units) == {"xã": 7695, "phường": 1724, "thị trấn": 616}
    assert len({u.parent for u in old.units}) == 63


@pytest.mark.parametrize(("commune_set", "province_set"), [(NEW_SET_ID, "vn-34"), (LEGACY_SET_ID, "vn-63")])
def test_communes_per_province_agree_with_the_core(units: UnitRegistry, commune_set: str, province_set: str) -> None:
    provinces = units.get(province_set)
    counts = collections.Counter(u.parent for u in units.get(commune_set).units)
    assert {code: counts[code] for code in provinces.codes} == {u.code: u.communes for u in provinces.units}


def test_the_commune_crosswalk_agrees_with_the_province_crosswalk(units: UnitRegistry) -> None:
    """Every old commune goes to a new commune of the new province its old province went into."""
    provinces = units.crosswalk("vn-63", "vn-34")
    new = units.get(NEW_SET_ID)
    wrong = [
        u.code
        for u in units.get(LEGACY_SET_ID).units
        if any(new[c].parent != provinces[u.parent or ""] for c in (u.successor or "", *u.divided_into))
    ]
    assert wrong == []


def test_where_the_package_and_the_core_disagree_on_names() -> None:
    """Said here, not silently: the package calls old province 46 "Huế" (a city since
    1/1/2025); the core keeps "Thừa Thiên Huế", its name for most of the 63-province years.
    Every other province name agrees."""
    import sqlite3

    from bhxh_comms_units_vn.dataset import data_dir

    with sqlite3.connect(f"{(data_dir() / 'dataset.db').as_uri()}?mode=ro", uri=True) as db:
        names = dict(db.execute("SELECT DISTINCT provinceCode, provinceShort FROM admin_units_legacy"))
        new_names = dict(db.execute("SELECT DISTINCT provinceCode, provinceShort FROM admin_units"))
    db.close()
    core = bhxh_comms.default_units()
    differ = {
        code: (unit.name, names[code])
        for code, unit in zip(core.get("vn-63").codes, core.get("vn-63").units, strict=True)
    }
    assert {c: d for c, d in differ.items() if d[0] != d[1]} == {"46": ("Thừa Thiên Huế", "Huế")}
    assert all(core.get("vn-34")[code].name == name for code, name in new_names.items())


KNOWN = [
    # (set, code, full name, province, district)
    (NEW_SET_ID, "00004", "Phường Ba Đình", "01", None),
    (NEW_SET_ID, "00070", "Phường Hoàn Kiếm", "01", None),
    (NEW_SET_ID, "02014", "Xã Bạch Thông", "19", None),
    (NEW_SET_ID, "26740", "Phường Sài Gòn", "79", None),
    (NEW_SET_ID, "26732", "Đặc khu Côn Đảo", "79", None),
    (NEW_SET_ID, "31078", "Đặc khu Phú Quốc", "91", None),
    (NEW_SET_ID, "21548", "Đặc khu Lý Sơn", "51", None),
    (LEGACY_SET_ID, "00001", "Phường Phúc Xá", "01", "Quận Ba Đình"),
    (LEGACY_SET_ID, "02017", "Xã Quang Thuận", "06", "Huyện Bạch Thông"),
    (LEGACY_SET_ID, "26740", "Phường Bến Nghé", "79", "Quận 1"),
    (LEGACY_SET_ID, "00634", "Phường Đại Mỗ", "01", "Quận Nam Từ Liêm"),
]


@pytest.mark.parametrize(("set_id", "code", "full_name", "province", "district"), KNOWN, ids=lambda v: str(v))
def test_known_communes(
    units: UnitRegistry, set_id: str, code: str, full_name: str, province: str, district: str | None
) -> None:
    unit = units.get(set_id)[code]
    assert (unit.full_name, unit.parent, unit.district) == (full_name, province, district)
    assert unit.latitude is not None and 8 < unit.latitude < 24 and 102 < (unit.longitude or 0) < 110


def test_a_merged_commune_through_the_crosswalk(units: UnitRegistry) -> None:
    """Xã Bạch Thông (Thái Nguyên) = Quang Thuận + Dương Phong + Đồng Thắng (Bắc Kạn)."""
    walk = units.crosswalk(LEGACY_SET_ID, NEW_SET_ID)
    assert walk["02017"] == walk["02014"] == walk["02059"] == "02014"
    olds = units.predecessors_of("02014", set_id=NEW_SET_ID)[LEGACY_SET_ID]
    assert sorted(u.name for u in olds) == ["Dương Phong", "Quang Thuận", "Đồng Thắng"]
    assert units.mapping_kinds(LEGACY_SET_ID, NEW_SET_ID)["02014"] == "merged"
    assert units.mapping_kinds(LEGACY_SET_ID, NEW_SET_ID)["00097"] != "exact"  # Phúc Xá and others


def test_a_divided_commune_through_the_crosswalk(units: UnitRegistry) -> None:
    """Phường Đại Mỗ (Nam Từ Liêm) was divided among five new wards; its default is the new Đại Mỗ,
    and the old code 00634 now names another ward (Tây Mỗ): codes are read by date."""
    old = units.get(LEGACY_SET_ID)["00634"]
    assert old.divided_into == ("00622", "00634", "00637", "09556", "09886")
    assert old.successor == "00637" and units.get(NEW_SET_ID)["00637"].full_name == "Phường Đại Mỗ"
    assert units.get(NEW_SET_ID)["00634"].full_name == "Phường Tây Mỗ"
    kinds = units.mapping_kinds(LEGACY_SET_ID, NEW_SET_ID)
    assert {kinds[c] for c in old.divided_into} == {"divided"}
    assert sum(len(u.divided_into) > 1 for u in units.get(LEGACY_SET_ID).units) == 471


def test_resolving_a_commune_by_name(units: UnitRegistry) -> None:
    found = units.resolve_commune("Xã Quang Thuận, Bạch Thông, Bắc Kạn", on=AFTER)
    assert (found.unit.code, found.unit.parent) == ("02014", "19")
    assert found.mapped_from is not None and found.mapped_from.code == "02017"
    assert units.resolve_commune("quang thuan, huyen bach thong, bac kan", on=AFTER).unit.code == "02014"
    assert units.resolve_commune("P. Hoan Kiem, Ha Noi", on=AFTER).unit.code == "00070"
    assert units.resolve_commune("Ba Đình, Thanh Hóa", on=AFTER).unit.code == "16171"  # a xã, not the phường
    before = units.resolve_commune("Chương Dương, Thường Tín, Hà Nội", on=dt.date(2024, 1, 1))
    assert before.unit.full_name == "Xã Chương Dương" and before.mapped_from is None
    with pytest.raises(bhxh_comms.BhxhCommsError) as info:
        units.resolve_commune("Bach Thong, Ha Noi", on=AFTER)
    assert "không tìm thấy xã, phường" in info.value.message_vi


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("province,commune,date,activity_type,count,participants\n" + "\n".join(rows) + "\n", "utf-8")
    return path


def test_validation_checks_communes_against_the_list_in_force(units: UnitRegistry, tmp_path: Path) -> None:
    rows = [
        "19,02014,2026-03-02,conference,1,40",  # 2: Xã Bạch Thông, by code
        "19,96012,2026-03-03,conference,1,40",  # 3: Cà Mau-like code in Thái Nguyên's file: unknown
        "96,01100,2026-03-04,conference,1,40",  # 4: Hà Nội-like code in Cà Mau's file: unknown
        "19,00070,2026-03-05,conference,1,40",  # 5: Phường Hoàn Kiếm (Hà Nội) in Thái Nguyên
        "19,02017,2026-03-06,conference,1,40",  # 6: legacy Quang Thuận on a 2026 date: mapped
        "01,00634,2026-03-07,conference,1,40",  # 7: 00634 is Tây Mỗ in 2026: as it is
        "01,Dai Mo,2025-03-07,conference,1,40",  # 8: the old Đại Mỗ, by name, before the change
        "01,Phường Đại Mỗ,2024-03-07,conference,1,40",  # 9: ambiguous? no: one Đại Mỗ in old Hà Nội
        "01,Chương Dương,2024-03-08,conference,1,40",  # 10: two Chương Dương in old Hà Nội
        "19,bach thong,2026-03-09,conference,1,40",  # 11: name without diacritics
        "19,Xã Bạch Thông (02014),2026-03-10,conference,1,40",  # 12: the drop-down's text
        "19,Phường Ba Đình,2026-03-11,conference,1,40",  # 13: a Hà Nội ward's name in Thái Nguyên
        "01,09999,2024-03-12,conference,1,40",  # 14: unknown on a date before the list: warning
        "04,Quang Thuận,2026-03-13,conference,1,40",  # 15: a Bắc Kạn name in Cao Bằng's file: names stay inside
        "04,02017,2026-03-14,conference,1,40",  # 16: … its old code: it went into Thái Nguyên
        "01,00634,2025-08-01,conference,1,40",  # 17: 00634 after 1/7/2025 is Tây Mỗ
        "01,00634,2025-06-01,conference,1,40",  # 18: … and the old Đại Mỗ before
    ]
    result = read_reports([_csv(tmp_path / "r.csv", rows)], units=units, catalogs=bhxh_comms.default_catalogs())
    issues = result.issues.set_index("row")
    problems = {int(r): (p, s) for r, p, s in zip(issues.index, issues["problem"], issues["severity"], strict=True)}
    assert problems == {
        3: ("unknown_commune", "error"),
        4: ("unknown_commune", "error"),
        5: ("commune_not_in_province", "error"),
        6: ("old_commune_mapped", "warning"),
        10: ("ambiguous_commune", "error"),
        13: ("unknown_commune", "error"),
        14: ("commune_not_listed", "warning"),
        15: ("unknown_commune", "error"),
        16: ("commune_not_in_province", "error"),
    }
    messages = issues["message_vi"]
    assert (
        messages[5] == "Phường Hoàn Kiếm (00070) thuộc Thành phố Hà Nội, không thuộc Tỉnh Thái Nguyên đã ghi ở dòng này"
    )
    assert messages[6] == (
        "Xã Quang Thuận, Huyện Bạch Thông (mã cũ 02017) đã nhập vào Xã Bạch Thông (02014) từ 01/07/2025: "
        "đã chuyển sang mã mới"
    )
    assert messages[16] == "Xã Bạch Thông (02014) thuộc Tỉnh Thái Nguyên, không thuộc Tỉnh Cao Bằng đã ghi ở dòng này"
    assert issues.loc[3, "column"] == "commune" and issues.loc[3, "value"] == "96012"
    assert issues.loc[3, "source"].endswith("r.csv")
    accepted = result.accepted.set_index("row")["commune"].astype(str)
    assert accepted[[2, 6, 11, 12]].tolist() == ["02014"] * 4
    assert accepted[[7, 8, 9, 17, 18]].tolist() == ["00634"] * 5  # as written: codes are read by date
    assert accepted[14] == "09999"


def test_a_divided_commune_on_a_later_date_goes_to_its_default(units: UnitRegistry, tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(
        'province,commune,date,activity_type,count\n01,"Đại Mỗ, Nam Từ Liêm",2025-09-02,conference,1\n', "utf-8"
    )
    result = read_reports([path], units=units, catalogs=bhxh_comms.default_catalogs())
    (issue,) = result.issues.to_dict("records")
    assert issue["problem"] == "old_commune_divided" and issue["severity"] == "warning"
    assert "chỉ chính xác ở cấp tỉnh" in issue["message_vi"] and "Phường Tây Mỗ (00634)" in issue["message_vi"]
    assert result.accepted["commune"].astype(str).tolist() == ["00637"]


def test_the_template_lists_the_provinces_communes(units: UnitRegistry, tmp_path: Path) -> None:
    province = units.get("vn-34")["19"]
    communes = units.communes_of("19", on=dt.date(2026, 12, 31))
    assert communes is not None and len(communes) == province.communes == 92
    path = write_template(
        tmp_path / "t.xlsx", province=province, year=2026, catalogs=bhxh_comms.default_catalogs(), communes=communes
    )
    book = openpyxl.load_workbook(path)
    (check,) = [v for v in book["Báo cáo"].data_validations.dataValidation if str(v.sqref).startswith("B")]
    assert check.type == "list" and check.errorStyle == "information"  # a typed code is still accepted
    sheet_name, cells = check.formula1.split("!")
    column = cells.split(":")[0].strip("$").rstrip("0123456789").strip("$")
    listed = [book["Hướng dẫn"][f"{column}{r}"].value for r in range(2, 2 + len(communes))]
    assert sheet_name == "'Hướng dẫn'" and "Xã Bạch Thông (02014)" in listed and len(set(listed)) == 92
    # A row filled from the drop-down reads back as the commune's code.
    sheet = book["Báo cáo"]
    for col, value in enumerate(["Thái Nguyên", "Xã Bạch Thông (02014)", dt.datetime(2026, 5, 4)], start=1):
        sheet.cell(row=5, column=col, value=value)
    sheet.cell(row=5, column=4, value="Hội nghị truyền thông, tập huấn, tư vấn, đối thoại (trực tiếp)")
    sheet.cell(row=5, column=8, value=1)
    book.save(path)
    result = read_reports([path], units=units, catalogs=bhxh_comms.default_catalogs())
    assert result.issues.empty, result.issues.to_dict("records")
    assert result.accepted["commune"].astype(str).tolist() == ["02014"]


def test_the_unit_command_answers_with_the_new_commune() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "unit", "Xã Quang Thuận, Bạch Thông, Bắc Kạn", "--on", "2026-01-01"],
        capture_output=True,
        text=True,
        check=True,
    )
    first = done.stdout.splitlines()[0]
    assert first.startswith("02014  Xã Bạch Thông, Tỉnh Thái Nguyên (19)")
    assert "mã cũ 02017" in done.stdout


def _report_of(units: UnitRegistry, tmp_path: Path, rows: list[str], year: int, previous: int | None = None) -> Any:
    from bhxh_comms.report.build import build_report

    result = read_reports([_csv(tmp_path / "a.csv", rows)], units=units, catalogs=bhxh_comms.default_catalogs())
    plan = bhxh_comms.default_targets()
    targets = bhxh_comms.TargetSet(name=plan.name, targets=[plan["commune_coverage"]])
    return build_report(
        result.accepted,
        period=bhxh_comms.Period.year(year),
        comparison_period=bhxh_comms.Period.year(previous) if previous else None,
        catalogs=bhxh_comms.default_catalogs(),
        units=units,
        targets=targets,
        thin_comparison="state",
    )


def test_by_commune_names_communes_and_compares_through_the_crosswalk(units: UnitRegistry, tmp_path: Path) -> None:
    rows = [
        "06,02017,2024-03-01,conference,1,10",  # Quang Thuận
        "06,02014,2024-03-02,conference,2,10",  # Dương Phong (the old 02014): both into Xã Bạch Thông
        "01,00634,2024-03-03,conference,4,10",  # the old Đại Mỗ, divided: into the new Đại Mỗ (00637)
        "01,00001,2024-03-04,conference,8,10",  # Phúc Xá, into Hồng Hà (00097) with others
        "19,02014,2026-03-01,conference,5,10",  # Xã Bạch Thông
        "01,00634,2026-03-02,conference,6,10",  # Tây Mỗ (the new 00634)
        "01,00637,2026-03-03,conference,7,10",  # the new Đại Mỗ
    ]
    report = _report_of(units, tmp_path, rows, 2026, 2024)
    table = report.tables["by_commune"].set_index("commune")
    assert table.loc["02014", ["province", "province_name", "commune_name"]].tolist() == [
        "19",
        "Thái Nguyên",
        "Xã Bạch Thông",
    ]
    assert table.loc["02014", ["count", "count_previous", "mapping"]].tolist() == [5, 3, "merged"]
    assert table.loc["00637", ["count", "count_previous", "mapping"]].tolist() == [7, 4, "divided"]
    assert table.loc["00634", ["commune_name", "count", "count_previous"]].tolist() == ["Phường Tây Mỗ", 6, 0]
    assert table.loc["00097", ["commune_name", "count", "count_previous"]].tolist() == ["Phường Hồng Hà", 0, 8]
    assert any("bị chia cho nhiều xã, phường mới" in note for note in report.metadata.notes)


def test_coverage_in_the_year_of_the_reorganisation_counts_the_new_communes(
    units: UnitRegistry, tmp_path: Path
) -> None:
    """2025: Quang Thuận (H1) and Bạch Thông (H2) are one new commune; Dương Phong's conference
    in H1 counts for it too. Thái Nguyên has 92 communes since 1/7/2025."""
    old_thai_nguyen = units.get(LEGACY_SET_ID).children("19")[0]  # Phường Quan Triều
    rows = [
        "06,02017,2025-03-01,conference,1,10",
        "06,02059,2025-04-01,conference,1,10",  # Đồng Thắng: also into Xã Bạch Thông
        f"19,{old_thai_nguyen.code},2025-05-01,conference,1,10",
        "19,02014,2025-09-01,conference,1,10",
    ]
    report = _report_of(units, tmp_path, rows, 2025)
    card = report.tables["scorecard"].set_index("province")
    assert old_thai_nguyen.successor != "02014"
    assert card.loc["19", ["numerator", "denominator"]].tolist() == [2, 92]
    assert any("tính cho cả kỳ theo 3.321 xã, phường, đặc khu" in note for note in report.metadata.notes)


def test_the_report_carries_unit_coordinates(units: UnitRegistry, tmp_path: Path) -> None:
    report = _report_of(units, tmp_path, ["19,02014,2026-03-01,conference,5,10"], 2026)
    provinces = report.tables["units"].set_index("province")
    assert len(provinces) == 34 and provinces["latitude"].notna().all() and provinces["longitude"].notna().all()
    assert provinces.loc["19", ["province_name", "communes"]].tolist() == ["Thái Nguyên", 92]
    (row,) = report.tables["by_commune"].to_dict("records")
    assert (round(row["latitude"], 2), round(row["longitude"], 2)) == (22.13, 105.72)
