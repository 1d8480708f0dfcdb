"""Building the :class:`~bhxh_comms.report.Report` from an activity log: the rows of each period
put into the report's unit set, the activity tables (:mod:`bhxh_comms.report.activity_tables`),
completeness, the target tables (:mod:`bhxh_comms.report.target_tables`), outcome indicators,
how far the comparison can be trusted, the metadata and the facts. The statements are then
derived from those (:mod:`bhxh_comms.report.narrative`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import attrs
import pandas as pd

from bhxh_comms.aggregate.align import align_provinces
from bhxh_comms.aggregate.grouping import counts_by_label, distinct_labels
from bhxh_comms.aggregate.kinds import TargetKind
from bhxh_comms.aggregate.outcomes import outcome_table
from bhxh_comms.aggregate.targets import commune_set_since
from bhxh_comms.aggregate.totals import in_period
from bhxh_comms.ingest.completeness import completeness_table
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import TargetSet
from bhxh_comms.models.units import UnitRegistry, UnitSet
from bhxh_comms.phrasing import format_date
from bhxh_comms.report.activity_tables import activity_tables
from bhxh_comms.report.facts import Fact
from bhxh_comms.report.metadata import ComparisonCoverage, ReportMetadata, report_time
from bhxh_comms.report.model import Report
from bhxh_comms.report.narrative import ActivityWords, Comparing, activity_facts, participants_fact, records
from bhxh_comms.report.target_tables import target_tables


def _coverage(
    current: pd.DataFrame, previous: pd.DataFrame, *, period: Period, comparison: Period, unit_set: UnitSet, asked: bool
) -> ComparisonCoverage:
    """How much data the comparison period has against the report period's (see
    :class:`ComparisonCoverage`); changes are stated when it is representative, or when asked
    and both periods have data."""
    now, before = distinct_labels(current["province"]), distinct_labels(previous["province"])
    coverage = ComparisonCoverage(
        period_label=comparison.label,
        report_label=period.label,
        units_total=len(unit_set),
        units=len(now),
        units_previous=len(before),
        units_common=len(now & before),
        rows=len(current),
        rows_previous=len(previous),
        stated=False,
    )
    stated = coverage.representative or (asked and coverage.rows > 0 and coverage.rows_previous > 0)
    return attrs.evolve(coverage, stated=stated)


def _commune_note(period: Period, unit_set: UnitSet, targets: TargetSet) -> list[str]:
    """How commune targets are counted in a year that straddles a reorganisation."""
    since = commune_set_since(period, unit_set)
    if since is None or not any("communes" in t.needs for t in targets):
        return []
    return [
        f"Chỉ tiêu theo xã, phường {period.label}: độ bao phủ xã, phường tính trên số liệu từ "
        f"{format_date(since)} (đơn vị hành chính mới); phát thanh hằng tuần tính mỗi tuần theo số xã, "
        "phường có tại thời điểm đó."
    ]


def _facts(
    tables: Mapping[str, pd.DataFrame], catalogs: Catalogs, comparing: Comparing, *, approximate: bool
) -> list[Fact]:
    """A fact per activity type with activity, the attendances over every type, a fact per target."""
    words = [
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
    facts = activity_facts(rows, words, scope="national", comparing=comparing, approximate=approximate)
    facts.append(participants_fact(records(tables["national_totals"])[0], "national", comparing))
    for row in records(tables.get("target_summary")):
        facts.append(
            Fact(
                metric=f"target.{row['target']}",
                value=float(row["met"]),
                unit="tỉnh",
                subject=str(row["target_label"]),
                approximate=False,
                extra={
                    "evaluated": int(row["evaluated"]),
                    "reported": int(row["reported"]),
                    "phrase": str(row["phrase"]),
                },
            )
        )
    return facts


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
    output (default: the time ``SOURCE_DATE_EPOCH`` pins, else now, UTC).

    ``comparison_period`` must end before ``period`` starts (:class:`~bhxh_comms.errors.UsageError`
    otherwise). When it has data from fewer provinces than ``period``, or under a fifth of its
    rows, the report says so in its notes and (with ``thin_comparison="omit"``, the default)
    states no change against it; ``thin_comparison="state"`` states the changes anyway.
    ``completeness`` (see :func:`~bhxh_comms.ingest.completeness.completeness_table`) says which
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

    if completeness is None:
        completeness = completeness_table(unit_set, counts_by_label(current["province"]))
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The target tables and the activity tables only read the same rows: on two cores they
        # are built side by side (the group sums run in NumPy, mostly without the GIL).
        scored = None
        if targets is not None:
            reported = completeness.loc[completeness["reported"].astype(bool), "province"].astype(str)
            scored = pool.submit(
                target_tables,
                current,
                targets,
                period=period,
                unit_set=unit_set,
                units=units,
                catalogs=catalogs,
                reported=reported,
                denominators=denominators,
                kinds=target_kinds,
            )
        tables = activity_tables(current, previous, catalogs=catalogs, unit_set=unit_set)
        tables["completeness"] = completeness
        if scored is not None and targets is not None:
            tables |= scored.result()
            all_notes += _commune_note(period, unit_set, targets)
    if outcomes is not None:
        measures = [m for m in catalogs.measures if m.rule.value in ("stock", "rate")]
        tables["outcomes"] = outcome_table(
            outcomes,
            period=period,
            comparison_period=comparison_period,
            measures=measures,
            units=units,
            unit_set=unit_set,
        )
    coverage = None
    if comparison_period is not None and previous is not None:
        coverage = _coverage(
            current, previous, period=period, comparison=comparison_period, unit_set=unit_set,
            asked=thin_comparison == "state",
        )  # fmt: skip
        all_notes += [coverage.note] if coverage.note is not None else []
    tables["national_totals"] = tables.pop("national_totals")  # last, as the first releases had it
    metadata = ReportMetadata(
        title=title or f"KẾT QUẢ CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG {period.label.upper()}",
        period=period,
        comparison_period=comparison_period,
        unit_set=unit_set.id,
        unit_set_name=unit_set.name,
        issuing_body=issuing_body,
        parent_body=parent_body,
        generated_at=report_time(generated_at),
        notes=tuple(all_notes),
        processing=tuple(processing),
        units_reporting=int(completeness["reported"].sum()),
        units_total=len(unit_set),
        comparison_coverage=coverage,
    )
    facts = _facts(tables, catalogs, Comparing.of(metadata), approximate=approximate)
    return Report(metadata=metadata, tables=tables, facts=tuple(facts))
