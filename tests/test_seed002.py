"""The national statements of seed 002, recomputed from a synthetic 63-province dataset built
to the same totals, come out as the same Vietnamese sentences."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import numpy as np
import pandas as pd

import bhxh_comms
from bhxh_comms import Period
from bhxh_comms.report.build import build_report
from bhxh_comms.report.sentences import activity_clause, national_paragraph

SEED = Path(__file__).parent / "fixtures" / "seed002_results_2022.txt"

# (2022 total, 2021 total, 2022 attendances) and the seed's own wording of each activity.
TOTALS = {
    "conference": (45_873, 22_937, 1_704_000),
    "small_group": (139_214, 50_258, 989_321),
    "broadcast": (1_048_120, 748_657, 0),
    "press": (18_012, 16_992, 0),
    "portal_post": (38_040, 28_388, 0),
    "online_conference": (950, 0, 0),
    "social_post": (846_000, 431_633, 0),
}
PHRASES = {
    "conference": ("hội nghị truyền thông, tập huấn, tư vấn, đối thoại, khách hàng", "lượt người tham dự"),
    "small_group": ("cuộc truyền thông nhóm nhỏ", "lượt người được truyền thông"),
    "broadcast": ("lượt phát thanh trên hệ thống loa truyền thanh cơ sở", None),
    "press": ("tin, bài, phóng sự... được đăng tải, phát sóng trên các cơ quan báo đài địa phương", None),
    "portal_post": (
        "tin, bài, văn bản thông tin về chính sách BHXH, BHYT, BHTN và các hoạt động của BHXH địa phương",
        None,
    ),
    "online_conference": (
        "hội nghị truyền thông trực tuyến (livestream, trực tuyến qua điểm cầu, phần mềm Zoom, ứng "
        "dụng Google Meet,...)",
        None,
    ),
    "social_post": (
        "sản phẩm truyền thông (tin, bài, video, phóng sự,...) được đăng tải, chia sẻ trên trang Fanpage, "
        "Zalo, Youtube của BHXH tỉnh và CCVC của BHXH tỉnh",
        None,
    ),
}


def seed_text() -> str:
    text = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", ""))


def catalogs_in_seed_wording() -> bhxh_comms.Catalogs:
    """The catalogs are data: a report in the seed's wording is a catalog with its phrases."""
    base = bhxh_comms.default_catalogs()
    entries = []
    for activity in base.activity_types:
        phrase, people = PHRASES.get(activity.code, (None, None))
        entries.append(
            attrs.evolve(
                activity, phrase=phrase or activity.phrase, participants_phrase=people or activity.participants_phrase
            )
        )
    return attrs.evolve(base, activity_types=bhxh_comms.Catalog(kind="activity_type", entries=tuple(entries)))


def dataset() -> pd.DataFrame:
    """Both years split over the 63 provinces and several rows each, summing to TOTALS."""
    rng = np.random.default_rng(2022)
    vn63 = bhxh_comms.default_units().get("vn-63")
    frames = []
    for code, (y2022, y2021, people) in TOTALS.items():
        for year, total, attend in ((2022, y2022, people), (2021, y2021, 0)):
            if not total:
                continue
            rows = 63 * 5
            counts = rng.multinomial(total, np.full(rows, 1 / rows))
            attendees = rng.multinomial(attend, np.full(rows, 1 / rows)) if attend else np.zeros(rows, int)
            frames.append(
                pd.DataFrame(
                    {
                        "province": np.tile(list(vn63.codes), 5),
                        "date": pd.Timestamp(year, 1, 1) + pd.to_timedelta(rng.integers(0, 365, rows), unit="D"),
                        "activity_type": code,
                        "count": counts,
                        "participants": pd.array(np.where(attendees > 0, attendees, 0), dtype="Int64"),
                    }
                )
            )
    frame = pd.concat(frames, ignore_index=True)
    frame["province"] = frame["province"].astype("category")
    frame["activity_type"] = pd.Categorical(frame["activity_type"], categories=[*list(PHRASES), "launch_event"])
    for column in ("subject_group", "theme", "partner", "commune"):
        frame[column] = (
            pd.Categorical([None] * len(frame))
            if column != "commune"
            else pd.array([None] * len(frame), dtype="string")
        )
    return frame


def test_seed_002_sentences() -> None:
    catalogs = catalogs_in_seed_wording()
    report = build_report(
        dataset(),
        period=Period.year(2022),
        comparison_period=Period.year(2021),
        catalogs=catalogs,
        units=bhxh_comms.default_units(),
        generated_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
    )
    text = seed_text()
    facts = {f.metric: f for f in report.facts}
    paragraph = national_paragraph(report.facts, period_label="năm 2022", units_phrase=report.metadata.units_phrase)
    first_two = paragraph.split("; ")[:2]
    assert report.metadata.units_phrase == "BHXH 63 tỉnh"
    assert f"{first_two[0]}; {first_two[1]}" in text, paragraph
    in_list = [activity_clause(facts[f"{c}.count"], factor_approximation=True) for c in ("broadcast", "press")]
    assert "Trong năm đã có khoảng: " + "; ".join(in_list) in text
    for code in ("portal_post", "online_conference", "social_post"):
        clause = activity_clause(facts[f"{code}.count"])
        assert clause in text, clause
    assert facts["online_conference.count"].comparison is None  # none held in 2021: no comparison stated
