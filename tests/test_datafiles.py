"""Loading catalogs, targets and campaigns: the defaults, a user's file, and each kind of bad file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import bhxh_comms
from bhxh_comms import CatalogError, load_campaigns, load_catalogs, load_targets
from bhxh_comms.datafiles import DEFAULT_UNIT_SETS, load_unit_set

DOMAIN_ACTIVITY_TYPES = {
    "conference": "cuộc",
    "small_group": "cuộc",
    "online_conference": "cuộc",
    "launch_event": "buổi",
    "broadcast": "lượt",
    "press": "tin, bài",
    "portal_post": "tin, bài",
    "social_post": "sản phẩm",
    "publication": "ấn phẩm",
    "training": "lớp",
}


def test_default_catalogs_match_domain() -> None:
    catalogs = bhxh_comms.default_catalogs()
    assert {a.code: a.unit for a in catalogs.activity_types} == DOMAIN_ACTIVITY_TYPES
    assert len(catalogs.subject_groups) == 11
    assert len(catalogs.themes) == 13
    assert len(catalogs.partners) == 10
    assert catalogs.themes["vssid"].label == "Ứng dụng VssID – BHXH số"
    assert catalogs.activity_types.resolve("Hội nghị truyền thông") == "conference"
    assert [m.code for m in catalogs.flows()] == ["count", "participants"]


def test_default_targets_and_campaigns() -> None:
    targets = bhxh_comms.default_targets()
    assert [t.id for t in targets] == [
        "enterprise_conferences",
        "commune_coverage",
        "broadcast_weekly",
        "partner_conferences",
        "collaborators_trained",
        "labor_force_reach",
        "cadres_reach",
    ]
    assert targets["enterprise_conferences"].bounds.minimum == 10
    weekly = targets["broadcast_weekly"]
    assert weekly.sub_bounds is not None and weekly.sub_bounds.minimum == 2  # type: ignore[attr-defined]
    campaigns = bhxh_comms.campaigns_in(2024)
    na = next(c for c in campaigns if c.code == "na15_session7")
    assert na.phase("during").start == dt.date(2024, 5, 20)
    assert next(c for c in campaigns if c.code == "universal_si_month").end == dt.date(2024, 5, 31)


GOOD = """
[[measure]]
code = "count"
label = "Số lượng"
unit = "đơn vị"
rule = "flow"

[[activity_type]]
code = "podcast"
label = "Podcast"
unit = "số"
measures = ["count"]

[[theme]]
code = "pension"
label = "Lương hưu"
"""


def write(tmp_path: Path, text: str, name: str = "catalogs.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_catalog_file(tmp_path: Path) -> None:
    catalogs = load_catalogs(write(tmp_path, GOOD))
    assert catalogs.activity_types.codes == ("podcast",)
    assert catalogs.themes["pension"].label == "Lương hưu"
    assert len(catalogs.partners) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD + '\n[[theme]]\ncode = "Bad Code"\nlabel = "x"\n',
            r"theme\[2\] “Bad Code”: code: 'Bad Code' is not a valid code",
        ),
        (GOOD + '\n[[theme]]\ncode = "pension"\nlabel = "again"\n', r"code 'pension' appears twice"),
        (
            GOOD + '\n[[theme]]\ncode = "x"\nlabel = "x"\ncolour = "red"\n',
            r"theme\[2\] “x”: unknown key\(s\) \['colour'\]",
        ),
        (
            GOOD + '\n[[activity_type]]\ncode = "tv"\nlabel = "TV"\n',
            r"activity_type\[2\] “tv”: .*missing .*'unit'",
        ),
        (
            GOOD + '\n[[activity_type]]\ncode = "tv"\nlabel = "TV"\nunit = "x"\nmeasures = ["count", "reach"]\n',
            r"activity type .tv. carries unknown measure",
        ),
        (GOOD + '\n[[region]]\ncode = "x"\n', r"unknown section\(s\) \['region'\]"),
        (GOOD + '\ntheme = "oops"\n', r"theme\[1\] “pension”: unknown key\(s\) \['theme'\]"),
        ("[[theme\ncode=", r"invalid TOML"),
    ],
)
def test_bad_catalog_files_name_file_entry_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CatalogError) as info:
        load_catalogs(path)
    message = str(info.value)
    assert str(path) in message
    assert re.search(expected, message), message


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"không tìm thấy tệp .* file not found"):
        load_catalogs(tmp_path / "nope.toml")


def test_bad_targets_file(tmp_path: Path) -> None:
    catalogs = bhxh_comms.default_catalogs()
    path = write(tmp_path, '[[target]]\nid = "x"\nkind = "magic"\nlabel = "X"\n', "targets.toml")
    with pytest.raises(CatalogError, match=r"target\[1\] “x”: unknown target kind 'magic'"):
        load_targets(path, catalogs)
    path.write_text(
        '[[target]]\nid = "x"\nkind = "count_range"\nlabel = "X"\nbounds = { minimum = 5, maximum = 2 }\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match=r"target\[1\] “x”: .*inverted range"):
        load_targets(path, catalogs)
    path.write_text(
        '[[target]]\nid = "x"\nkind = "count_range"\nlabel = "X"\nbounds = { minimum = 1 }\n'
        'select = { themes = ["no_such_theme"] }\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match=r"x: themes: 'no_such_theme'"):
        load_targets(path, catalogs)
    assert len(load_targets(path)) == 1  # without catalogs, codes are not checked


def test_bad_campaign_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[[annual_campaign]]\ncode = "x"\nname = "X"\nstart = "13-01"\nend = "12-01"\n', "c.toml")
    with pytest.raises(CatalogError, match=r"annual_campaign\[1\] “x”"):
        load_campaigns(path)
    path.write_text('[[campaign]]\ncode = "x"\nname = "X"\nstart = 2024-05-01\nend = 2024-04-01\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"campaign\[1\] “x”: .*ends .* before it starts"):
        load_campaigns(path)


def test_unit_set_file_roundtrip(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'id = "t"\nname = "T"\nvalid_from = 2020-01-01\n[[province]]\ncode = "01"\n'
        'name = "Hà Nội"\nkind = "thành phố"\n',
        "u.toml",
    )
    assert load_unit_set(path).units[0].full_name == "Thành phố Hà Nội"
    path.write_text(
        'id = "t"\nname = "T"\nvalid_from = 2020-01-01\n[[province]]\ncode = "01"\nkind = "tỉnh"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match=r"unit\[1\] “01”: .*'name'"):
        load_unit_set(path)
    assert DEFAULT_UNIT_SETS == ("vn-63", "vn-34")
