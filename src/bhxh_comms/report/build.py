"""Building the :class:`~bhxh_comms.report.Report` from an activity log: the rows of each period
put into the report's unit set, the activity tables (:mod:`bhxh_comms.report.activity_tables`),
completeness, the target tables (:mod:`bhxh_comms.report.target_tables`), outcome indicators,
how far the comparison can be trusted, the metadata and the facts. The statements are then
derived from those (:mod:`bhxh_comms.report.narrative`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import pandas as pd

from bhxh_comms.aggregate.align import Alignment, align_provinces
from bhxh_comms.aggregate.grouping import counts_by_label
from bhxh_comms.aggregate.kinds import TargetKind
from bhxh_comms.aggregate.outcomes import outcome_table
from bhxh_comms.aggregate.targets import combine_scorecards, commune_set_since, finish_evaluation, score_targets
from bhxh_comms.aggregate.totals import in_period
from bhxh_comms.ingest.completeness import completeness_table
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import TargetSet
from bhxh_comms.models.units import UnitRegistry, UnitSet
from bhxh_comms.phrasing import format_date, format_number
from bhxh_comms.report.activity_tables import ActivitySums, activity_tables
from bhxh_comms.report.facts import Fact
from bhxh_comms.report.metadata import ComparisonCoverage, ReportMetadata, report_time
from bhxh_comms.report.model import Report
from bhxh_comms.report.narrative import ActivityWords, Comparing, activity_facts, participants_fact, records
from bhxh_comms.report.target_tables import evaluation_tables


def _coverage(
    parts: ReportParts, *, period: Period, comparison: Period, unit_set: UnitSet, asked: bool
) -> ComparisonCoverage:
    """How much data the comparison period has against the report period's (see
    :class:`ComparisonCoverage`); changes are stated when it is representative, or when asked
    and both periods have data."""
    now = set(parts.rows_by_province.index)
    before = set(parts.rows_by_province_previous.index) if parts.rows_by_province_previous is not None else set()
    coverage = ComparisonCoverage(
        period_label=comparison.label,
        report_label=period.label,
        units_total=len(unit_set),
        units=len(now),
        units_previous=len(before),
        units_common=len(now & before),
        rows=parts.rows,
        rows_previous=parts.rows_previous,
        stated=False,
    )
    stated = coverage.representative or (asked and coverage.rows > 0 and coverage.rows_previous > 0)
    return attrs.evolve(coverage, stated=stated)


def _commune_note(period: Period, unit_set: UnitSet, targets: TargetSet, units: UnitRegistry) -> list[str]:
    """How commune targets are counted in a year that straddles a reorganisation."""
    since = commune_set_since(period, unit_set)
    if since is None or not any("communes" in t.needs for t in targets):
        return []
    communes = units.commune_set_for(unit_set)
    if communes is not None:  # earlier communes were mapped into the new ones
        return [
            f"Chỉ tiêu theo xã, phường {period.label}: tính cho cả kỳ theo {format_number(len(communes))} xã, "
            f"phường, đặc khu từ {format_date(since)}, số liệu trước đó tính vào xã, phường mới tương ứng."
        ]
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


@attrs.frozen(kw_only=True)
class ReportParts:
    """What a Report is built from, over the rows of some provinces (in the report's unit set):
    the activity sums, the rows per province, the rows mapped from earlier unit sets and the
    scorecard. The parts of disjoint sets of provinces combine (:meth:`combine`) into the parts
    of all of them, so a store larger than memory is read a few provinces at a time
    (:func:`build_report_in_parts`)."""

    activity: ActivitySums
    rows: int
    rows_by_province: pd.Series
    mapped: Alignment
    scorecard: pd.DataFrame | None = None
    rows_previous: int = 0
    rows_by_province_previous: pd.Series | None = None
    mapped_previous: Alignment | None = None

    @classmethod
    def of(
        cls,
        log: pd.DataFrame,
        *,
        period: Period,
        comparison_period: Period | None,
        units: UnitRegistry,
        catalogs: Catalogs,
        targets: TargetSet | None,
        denominators: pd.DataFrame | None = None,
        target_kinds: Mapping[str, TargetKind] | None = None,
        provinces: Collection[str] | None = None,
    ) -> ReportParts:
        """The parts of ``log``; with ``provinces`` (the report's unit set's codes), ``log``
        holds the rows of those provinces alone (older rows of the units merged into them included)."""
        unit_set = units.unit_set_on(period.end)
        current, alignment = align_provinces(in_period(log, period), units, unit_set)
        previous, prev_alignment = None, None
        if comparison_period is not None:
            previous, prev_alignment = align_provinces(in_period(log, comparison_period), units, unit_set)
        with ThreadPoolExecutor(max_workers=1) as pool:
            # The targets and the activity sums only read the same rows: on two cores they are
            # computed side by side (the group sums run in NumPy, mostly without the GIL).
            scored = None
            if targets is not None:
                scored = pool.submit(
                    score_targets,
                    current,
                    targets,
                    period=period,
                    unit_set=unit_set,
                    denominators=denominators,
                    partners=list(catalogs.partners.codes),
                    units=units,
                    kinds=target_kinds,
                    provinces=provinces,
                )
            activity = ActivitySums.of(current, previous)
            scorecard = scored.result() if scored is not None else None
        return cls(
            activity=activity,
            rows=len(current),
            rows_by_province=counts_by_label(current["province"]),
            mapped=alignment,
            scorecard=scorecard,
            rows_previous=len(previous) if previous is not None else 0,
            rows_by_province_previous=counts_by_label(previous["province"]) if previous is not None else None,
            mapped_previous=prev_alignment,
        )

    @classmethod
    def combine(cls, parts: Sequence[ReportParts], *, targets: TargetSet | None, unit_set: UnitSet) -> ReportParts:
        """The parts of all of ``parts``' provinces (each part over other provinces, given in
        the unit set's order of provinces)."""

        def added(series: list[pd.Series | None]) -> pd.Series | None:
            present = [s for s in series if s is not None]
            return pd.concat(present).groupby(level=0, sort=False).sum() if present else None

        previous = [p.mapped_previous for p in parts if p.mapped_previous is not None]
        scorecards = [p.scorecard for p in parts if p.scorecard is not None]
        return cls(
            activity=ActivitySums.combine([p.activity for p in parts]),
            rows=sum(p.rows for p in parts),
            rows_by_province=added([p.rows_by_province for p in parts]),  # type: ignore[arg-type]
            mapped=Alignment.combine([p.mapped for p in parts]),
            scorecard=combine_scorecards(scorecards, targets, unit_set) if targets is not None and scorecards else None,
            rows_previous=sum(p.rows_previous for p in parts),
            rows_by_province_previous=added([p.rows_by_province_previous for p in parts]),
            mapped_previous=Alignment.combine(previous) if previous else None,
        )


def build_report(
    log: pd.DataFrame, *, period: Period, catalogs: Catalogs, units: UnitRegistry, **options: Any
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
    plugins add (``pm.target_kinds()``). The other keyword options are those of
    :func:`report_from_parts` (``outcomes``, ``completeness``, ``title``, ``issuing_body``,
    ``parent_body``, ``generated_at``, ``notes``, ``processing``, ``approximate``,
    ``thin_comparison``).
    """
    return build_report_in_parts([(None, log)], period=period, catalogs=catalogs, units=units, **options)


_SUMMING = ("comparison_period", "targets", "denominators", "target_kinds")  # what parts_of takes


def build_report_in_parts(
    chunks: Iterable[tuple[Collection[str] | None, pd.DataFrame]],
    *,
    period: Period,
    catalogs: Catalogs,
    units: UnitRegistry,
    **options: Any,
) -> Report:
    """:func:`build_report` over rows given a few provinces at a time: ``chunks`` gives, in the
    order of the report's unit set, (codes of some of its provinces, every row of them and of
    the earlier units merged into them; or None and every row); each chunk is added up and let
    go before the next (see :meth:`~bhxh_comms.ingest.store.Store.chunks`). The Report is the
    one :func:`build_report` gives over all the rows at once; ``options`` are its options."""
    summing = {k: options.pop(k) for k in _SUMMING if k in options}
    parts = parts_of(chunks, period=period, catalogs=catalogs, units=units, **summing)
    shared = {k: summing[k] for k in ("comparison_period", "targets") if k in summing}
    return report_from_parts(parts, period=period, catalogs=catalogs, units=units, **shared, **options)


def parts_of(
    chunks: Iterable[tuple[Collection[str] | None, pd.DataFrame]],
    *,
    period: Period,
    catalogs: Catalogs,
    units: UnitRegistry,
    comparison_period: Period | None = None,
    targets: TargetSet | None = None,
    denominators: pd.DataFrame | None = None,
    target_kinds: Mapping[str, TargetKind] | None = None,
) -> ReportParts:
    """The combined parts of ``chunks`` (see :func:`build_report_in_parts`), for
    :func:`report_from_parts`."""
    if comparison_period is not None:
        period.check_comparison(comparison_period)
    unit_set = units.unit_set_on(period.end)
    parts = [
        ReportParts.of(
            log,
            period=period,
            comparison_period=comparison_period,
            units=units,
            catalogs=catalogs,
            targets=targets,
            denominators=denominators,
            target_kinds=target_kinds,
            provinces=codes,
        )
        for codes, log in chunks
    ]
    if not parts:
        raise ValueError("no rows: chunks gave nothing")
    return parts[0] if len(parts) == 1 else ReportParts.combine(parts, targets=targets, unit_set=unit_set)


def report_from_parts(
    parts: ReportParts,
    *,
    period: Period,
    catalogs: Catalogs,
    units: UnitRegistry,
    comparison_period: Period | None = None,
    targets: TargetSet | None = None,
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
) -> Report:
    """The Report of ``parts`` (see :func:`build_report` for the options)."""
    if thin_comparison not in ("omit", "state"):
        raise ValueError(f"thin_comparison must be 'omit' or 'state', not {thin_comparison!r}")
    unit_set = units.unit_set_on(period.end)
    all_notes = list(notes) + list(parts.mapped.notes(units, period.label))
    processing = list(processing) + list(parts.mapped.processing(units, period.label))
    if comparison_period is not None and parts.mapped_previous is not None:
        all_notes += list(parts.mapped_previous.notes(units, comparison_period.label))
        processing += list(parts.mapped_previous.processing(units, comparison_period.label))
    for mapped, label in (
        (parts.mapped, period.label),
        (parts.mapped_previous, comparison_period and comparison_period.label),
    ):
        note = mapped.commune_note(units, label or "") if mapped is not None else None
        all_notes += [note] if note is not None else []
    commune_set = units.commune_set_for(unit_set)
    mapping = None
    if commune_set is not None:
        earlier = units.predecessor(commune_set)
        moved = parts.mapped.commune_rows + (parts.mapped_previous.commune_rows if parts.mapped_previous else 0)
        mapping = units.mapping_kinds(earlier.id, commune_set.id) if earlier is not None and moved else {}
    tables = activity_tables(
        parts.activity, catalogs=catalogs, unit_set=unit_set, communes=commune_set, mapping=mapping
    )
    if completeness is None:
        completeness = completeness_table(unit_set, parts.rows_by_province)
    tables["completeness"] = completeness
    if targets is not None and parts.scorecard is not None:
        reported = completeness.loc[completeness["reported"].astype(bool), "province"].astype(str)
        evaluation = finish_evaluation(parts.scorecard, targets, period=period, reported=reported)
        tables |= evaluation_tables(evaluation, targets, catalogs)
        all_notes += _commune_note(period, unit_set, targets, units)
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
    if comparison_period is not None and parts.rows_by_province_previous is not None:
        coverage = _coverage(
            parts, period=period, comparison=comparison_period, unit_set=unit_set, asked=thin_comparison == "state"
        )
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
