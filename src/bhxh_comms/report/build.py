"""Building the :class:`~bhxh_comms.report.Report` from an activity log: the national
picture, the breakdowns, the comparison and how far it can be trusted, the target scorecard,
completeness and the facts. The statements are then derived from those
(:mod:`bhxh_comms.report.narrative`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
import pandas as pd

from bhxh_comms.aggregate.align import align_provinces
from bhxh_comms.aggregate.outcomes import aggregate_outcomes
from bhxh_comms.aggregate.target_kinds import TargetKind
from bhxh_comms.aggregate.targets import commune_set_since, evaluate_targets
from bhxh_comms.aggregate.totals import compare, in_period, rollup, totals
from bhxh_comms.ingest.log import completeness_table
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import TargetSet
from bhxh_comms.models.units import UnitRegistry
from bhxh_comms.phrasing import format_date, format_percent
from bhxh_comms.report.facts import Fact
from bhxh_comms.report.formulas import outcome_formula, share_formula, value_decided
from bhxh_comms.report.metadata import ComparisonCoverage, ReportMetadata
from bhxh_comms.report.model import Report
from bhxh_comms.report.narrative import ActivityWords, Comparing, activity_facts, participants_fact, records
from bhxh_comms.report.target_wording import (
    below_heading,
    fold_note,
    requirement_text,
    target_words,
    with_result_texts,
    with_summary_texts,
    with_value_texts,
)

MEASURES = ("count", "participants")


def _labelled(frame: pd.DataFrame, key: str, catalogs: Catalogs) -> pd.DataFrame:
    catalog = catalogs.by_kind(key)
    labels = {e.code: e.label for e in catalog}
    out = frame.copy()
    out.insert(1, "label", out[key].astype(str).map(labels))
    if key == "activity_type":
        out.insert(2, "unit", out[key].astype(str).map({a.code: a.unit for a in catalogs.activity_types}))
    order = {code: i for i, code in enumerate(catalog.codes)}
    return out.sort_values(key, key=lambda s: s.astype(str).map(order), kind="stable").reset_index(drop=True)


def _breakdown(current: pd.DataFrame, previous: pd.DataFrame | None, key: str, catalogs: Catalogs) -> pd.DataFrame:
    """``key`` totals (with the comparison) from finer totals tables of both periods."""
    # Rows without the key are grouped under NA and dropped: cheaper than filtering them first.
    cur = rollup(current, [key]).dropna(subset=[key])
    if previous is not None:
        prev = rollup(previous, [key]).dropna(subset=[key])
        table = compare(cur, prev, keys=[key])
    else:
        table = cur.drop(columns="rows")
    codes = list(catalogs.by_kind(key).codes)
    table[key] = pd.Categorical(table[key].astype(str), categories=codes)
    return _labelled(table, key, catalogs)


def build_report(
    log: pd.DataFrame,
    *,
    period: Period,
    catalogs: Catalogs,
    units: UnitRegistry,
    comparison_period: Period | None = None,
    targets: TargetSet | None = None,
    denominators: pd.DataFrame | None = None,
    outcomes: pd.DataFrame | None = None,
    completeness: pd.DataFrame | None = None,
    title: str | None = None,
    issuing_body: str = "BẢO HIỂM XÃ HỘI VIỆT NAM",
    parent_body: str | None = None,
    generated_at: dt.datetime | None = None,
    notes: Sequence[str] = (),
    processing: Sequence[str] = (),
    approximate: bool = True,
    thin_comparison: str = "omit",
    target_kinds: Mapping[str, TargetKind] | None = None,
) -> Report:
    """Aggregate ``log`` (accepted activity rows, any unit sets) into a Report for ``period``.

    Rows are first put into the unit set in force at the end of ``period`` (older rows mapped
    through the crosswalk, which the report's notes state). ``denominators`` is indexed by
    province code of that set; ``outcomes`` is a long table of stocks (see
    :mod:`bhxh_comms.aggregate.outcomes`). ``generated_at`` pins the time for reproducible
    output (default: now, UTC).

    ``comparison_period`` must end before ``period`` starts (:class:`~bhxh_comms.errors.UsageError`
    otherwise). When it has data from fewer provinces than ``period``, or under a fifth of its
    rows, the report says so in its notes and (with ``thin_comparison="omit"``, the default)
    states no change against it; ``thin_comparison="state"`` states the changes anyway.
    ``completeness`` (see :func:`~bhxh_comms.ingest.log.completeness_table`) says which
    provinces reported; by default, those with rows in ``period``. A province that did not
    report is ``not_reported`` for every target. ``target_kinds`` evaluates the kinds of target
    plugins add (``pm.target_kinds()``).
    """
    if thin_comparison not in ("omit", "state"):
        raise ValueError(f"thin_comparison must be 'omit' or 'state', not {thin_comparison!r}")
    if comparison_period is not None:
        period.check_comparison(comparison_period)
    unit_set = units.unit_set_on(period.end)
    current, alignment = align_provinces(in_period(log, period), units, unit_set)
    all_notes = list(notes) + list(alignment.notes(units, period.label))
    previous = None
    if comparison_period is not None:
        previous, prev_alignment = align_provinces(in_period(log, comparison_period), units, unit_set)
        all_notes += list(prev_alignment.notes(units, comparison_period.label))
    names = {u.code: u.name for u in unit_set.units}

    # One pass over the rows per period for (province × activity type) and one for (subject group ×
    # theme × partner); every breakdown is re-added from those small tables.
    # (province × month × activity type) is the finest table most breakdowns need: by province,
    # monthly and monthly by province are all re-added from it.
    fine = totals(current, by=["province", "month", "activity_type"])
    prev_fine = totals(previous, by=["province", "month", "activity_type"]) if previous is not None else None
    by_pa = rollup(fine, ["province", "activity_type"])
    prev_pa = rollup(prev_fine, ["province", "activity_type"]) if prev_fine is not None else None
    by_groups = totals(current, by=["subject_group", "theme", "partner"])
    prev_groups = totals(previous, by=["subject_group", "theme", "partner"]) if previous is not None else None

    tables: dict[str, pd.DataFrame] = {}
    national = _breakdown(by_pa, prev_pa, "activity_type", catalogs)
    national = national.set_index("activity_type").reindex(list(catalogs.activity_types.codes)).reset_index()
    national["label"] = national["activity_type"].astype(str).map({a.code: a.label for a in catalogs.activity_types})
    national["unit"] = national["activity_type"].astype(str).map({a.code: a.unit for a in catalogs.activity_types})
    national.insert(
        3,
        "has_participants",
        national["activity_type"]
        .astype(str)
        .map({a.code: "participants" in a.measures for a in catalogs.activity_types}),
    )
    for column in national.columns:
        if column.endswith(("_ratio", "_pct")):
            continue
        if column in MEASURES or column.endswith(("_previous", "_change")):
            national[column] = national[column].fillna(0).astype("int64")
    tables["national"] = national

    by_province = (
        compare(by_pa, prev_pa, keys=["province", "activity_type"])
        if prev_pa is not None
        else by_pa.drop(columns="rows")
    )
    by_province.insert(1, "province_name", by_province["province"].astype(str).map(names))
    by_province.insert(
        3,
        "activity_label",
        by_province["activity_type"].astype(str).map({a.code: a.label for a in catalogs.activity_types}),
    )
    tables["by_province"] = by_province
    if current["commune"].notna().any():
        by_commune = totals(
            current.loc[current["commune"].notna().to_numpy()], by=["province", "commune", "activity_type"]
        )
        by_commune = by_commune.drop(columns="rows")
        by_commune.insert(1, "province_name", by_commune["province"].astype(str).map(names))
        tables["by_commune"] = by_commune
    province_totals = rollup(by_pa, ["province"])
    if prev_pa is not None:
        province_totals = compare(province_totals, rollup(prev_pa, ["province"]), keys=["province"])
    else:
        province_totals = province_totals.drop(columns="rows")
    province_totals = province_totals.set_index("province").reindex(list(unit_set.codes)).reset_index()
    province_totals.insert(1, "province_name", province_totals["province"].map(names))
    for m in MEASURES:
        province_totals[m] = province_totals[m].fillna(0).astype("int64")
    if "by_commune" in tables:
        # communes with any activity (a count or attendances above 0), counted per province
        by_commune = tables["by_commune"]
        active = by_commune.loc[((by_commune["count"] > 0) | (by_commune["participants"] > 0)).to_numpy()]
        per_province = active.groupby(active["province"].astype(str), observed=True)["commune"].nunique()
        province_totals["communes"] = (
            province_totals["province"].astype(str).map(per_province).fillna(0).astype("int64").to_numpy()
        )
    tables["province_totals"] = province_totals

    for key, name in (("subject_group", "by_subject_group"), ("theme", "by_theme"), ("partner", "by_partner")):
        tables[name] = _breakdown(by_groups, prev_groups, key, catalogs)

    for suffix, frame in (("", fine), ("_previous", prev_fine)):
        if frame is None:
            continue
        monthly = rollup(frame, ["month", "activity_type"]).drop(columns="rows")
        monthly["month"] = monthly["month"].astype(str)
        tables[f"monthly{suffix}"] = monthly
        province_months = frame.drop(columns="rows")
        province_months["month"] = province_months["month"].astype(str)
        province_months.insert(1, "province_name", province_months["province"].astype(str).map(names))
        tables[f"monthly_by_province{suffix}"] = province_months

    if completeness is None:
        completeness = completeness_table(unit_set, current["province"].astype(str).value_counts())
    tables["completeness"] = completeness
    reported = completeness.loc[completeness["reported"].astype(bool), "province"].astype(str)

    if targets is not None:
        evaluation = evaluate_targets(
            current,
            targets,
            period=period,
            unit_set=unit_set,
            denominators=denominators,
            partners=list(catalogs.partners.codes),
            units=units,
            reported=reported,
            kinds=target_kinds,
        )
        since = commune_set_since(period, unit_set)
        if since is not None and any("communes" in t.needs for t in targets):
            all_notes.append(
                f"Chỉ tiêu theo xã, phường {period.label}: độ bao phủ xã, phường tính trên số liệu từ "
                f"{format_date(since)} (đơn vị hành chính mới); phát thanh hằng tuần tính mỗi tuần theo số xã, "
                "phường có tại thời điểm đó."
            )
        summary = with_summary_texts(evaluation.summary)
        words = [target_words(t, catalogs) for t in targets]
        bounds = [t.judged_bounds for t in targets]
        summary["requirement"] = [requirement_text(b.minimum, b.maximum, w) for b, w in zip(bounds, words, strict=True)]
        subs = [format_percent(t.sub_bounds_judged.minimum) if t.sub_bounds_judged else "" for t in targets]
        summary["below_heading"] = [
            below_heading(w, r, sub) for w, r, sub in zip(words, summary["requirement"], subs, strict=True)
        ]
        summary["note"] = [fold_note(w) for w in words]
        decided = value_decided(evaluation.scorecard, evaluation.results, [t.id for t in targets])
        summary["outcome_formula"] = [
            outcome_formula(b.minimum, b.maximum) if d else "" for b, d in zip(bounds, decided, strict=True)
        ]
        summary["share_formula"] = [share_formula() if d else "" for d in decided]
        tables["scorecard"] = with_value_texts(evaluation.scorecard, targets, catalogs)
        tables["target_results"] = with_result_texts(evaluation.results, targets, catalogs)
        tables["target_summary"] = summary

    if outcomes is not None:
        stock_measures = [m for m in catalogs.measures if m.rule.value in ("stock", "rate")]
        table = aggregate_outcomes(outcomes, period=period, measures=stock_measures, units=units, unit_set=unit_set)
        if comparison_period is not None:
            prev_table = aggregate_outcomes(
                outcomes, period=comparison_period, measures=stock_measures, units=units, unit_set=unit_set
            )
            table = table.merge(prev_table, on="province", how="left", suffixes=("", "_previous"))
            for column in [c for c in prev_table.columns if c != "province"]:
                current_value, previous_value = table[column], table[f"{column}_previous"]
                table[f"{column}_change"] = current_value - previous_value
                table[f"{column}_ratio"] = current_value / previous_value.where(previous_value > 0)
        tables["outcomes"] = table

    coverage = None
    if comparison_period is not None and previous is not None:
        now_units = set(current["province"].astype(str).unique())
        before_units = set(previous["province"].astype(str).unique())
        coverage = ComparisonCoverage(
            period_label=comparison_period.label,
            report_label=period.label,
            units_total=len(unit_set),
            units=len(now_units),
            units_previous=len(before_units),
            units_common=len(now_units & before_units),
            rows=len(current),
            rows_previous=len(previous),
            stated=False,
        )
        asked = thin_comparison == "state" and coverage.rows > 0 and coverage.rows_previous > 0
        coverage = attrs.evolve(coverage, stated=coverage.representative or asked)
        if coverage.note is not None:
            all_notes.append(coverage.note)
    reporting = int(tables["completeness"]["reported"].sum())
    metadata = ReportMetadata(
        title=title or f"KẾT QUẢ CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG {period.label.upper()}",
        period=period,
        comparison_period=comparison_period,
        unit_set=unit_set.id,
        unit_set_name=unit_set.name,
        issuing_body=issuing_body,
        parent_body=parent_body,
        generated_at=generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0),
        notes=tuple(all_notes),
        processing=tuple(processing),
        units_reporting=reporting,
        units_total=len(unit_set),
        comparison_coverage=coverage,
    )
    comparing = Comparing.of(metadata)
    # attendances add up over activity types; counts (in cuộc, lượt, tin bài…) do not
    people = rollup(by_pa, [], measures=("participants",)).drop(columns="rows")
    if prev_pa is not None:
        people = compare(people, rollup(prev_pa, [], measures=("participants",)), keys=[], measures=("participants",))
    tables["national_totals"] = people.assign(scope="national")[["scope", *people.columns]]
    activity_words = [
        ActivityWords(
            code=a.code,
            label=a.label,
            unit=a.unit,
            has_participants="participants" in a.measures,
            subject=a.noun_phrase,
            participants_subject=a.participants_phrase,
        )
        for a in catalogs.activity_types
    ]
    rows = {str(r["activity_type"]): r for r in records(tables["national"])}
    facts = activity_facts(rows, activity_words, scope="national", comparing=comparing, approximate=approximate)
    facts.append(participants_fact(records(tables["national_totals"])[0], "national", comparing))
    if targets is not None:
        for target_row in records(tables["target_summary"]):
            facts.append(
                Fact(
                    metric=f"target.{target_row['target']}",
                    value=float(target_row["met"]),
                    unit="tỉnh",
                    subject=str(target_row["target_label"]),
                    approximate=False,
                    extra={
                        "evaluated": int(target_row["evaluated"]),
                        "reported": int(target_row["reported"]),
                        "phrase": str(target_row["phrase"]),
                    },
                )
            )
    return Report(metadata=metadata, tables=tables, facts=tuple(facts))
