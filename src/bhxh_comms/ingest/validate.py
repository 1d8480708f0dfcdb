"""Validating raw rows into the accepted activity log and the rejects, losing none.

Every check is computed per column on the whole batch (distinct values are parsed once,
see :func:`~bhxh_comms.ingest.parse.map_unique`); each problem becomes one issue with the
file, sheet, row, column, value and a Vietnamese and English message. A row with any
error is rejected; a row with only warnings (an old province mapped through the
crosswalk, text that looks like a formula) is accepted.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bhxh_comms.ingest.columns import BY_NAME, CANONICAL, CATEGORY_COLUMNS, COUNT_COLUMNS, TEXT_COLUMNS
from bhxh_comms.ingest.parse import as_text, looks_like_formula, map_unique, parse_count, parse_date
from bhxh_comms.ingest.result import ISSUE_COLUMNS, IngestResult
from bhxh_comms.ingest.sources import FileProblem, RawTable
from bhxh_comms.models.catalog import Catalog, CatalogEntry, Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry, UnitSet
from bhxh_comms.text import fold, fold_unit_name

ERROR, WARNING = "error", "warning"
_KIND_VI = {
    "activity_type": "hình thức",
    "subject_group": "nhóm đối tượng",
    "theme": "nội dung",
    "partner": "đơn vị phối hợp",
}
_KIND_EN = {"activity_type": "activity type", "subject_group": "subject group", "theme": "theme", "partner": "partner"}
_COUNT_VI = {"negative": "số âm", "not_integer": "không phải số nguyên", "not_number": "không phải số"}
_COUNT_EN = {"negative": "negative number", "not_integer": "not a whole number", "not_number": "not a number"}


class _Issues:
    """Collects issues as column arrays, one block per check."""

    def __init__(self, raw: pd.DataFrame) -> None:
        self.raw = raw
        self.blocks: list[pd.DataFrame] = []

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        problem: str,
        severity: str,
        message_vi: Sequence[str] | np.ndarray | str,
        message_en: Sequence[str] | np.ndarray | str,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = self.raw.loc[mask]
        n = len(rows)

        def values(v: Sequence[str] | np.ndarray | str) -> list[str] | np.ndarray:
            return [v] * n if isinstance(v, str) else np.asarray(v, dtype=object)[mask]

        self.blocks.append(
            pd.DataFrame(
                {
                    "position": np.flatnonzero(mask),
                    "source": rows["source"].to_numpy(dtype=object),
                    "sheet": rows["sheet"].to_numpy(dtype=object),
                    "row": rows["row"].to_numpy(),
                    "column": column,
                    "value": [
                        as_text(v) if v is not None and v is not pd.NA else ""
                        for v in rows[column].to_numpy(dtype=object)
                    ]
                    if column in rows
                    else "",
                    "problem": problem,
                    "severity": severity,
                    "message_vi": values(message_vi),
                    "message_en": values(message_en),
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        if not self.blocks:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in ("position", *ISSUE_COLUMNS)})
        return pd.concat(self.blocks, ignore_index=True).sort_values(["position", "column"], kind="stable")


def _blank(series: pd.Series) -> np.ndarray:
    codes, _ = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    blank_text = np.array(map_unique(series, lambda v: False), dtype=object)  # None where blank
    return np.asarray((codes == -1) | pd.isna(blank_text), dtype=bool)


def _province_text(value: object) -> str:
    """The cell as text; a one-digit code lost its leading zero in the spreadsheet (1 → "01")."""
    text = as_text(value)
    return f"0{text}" if len(text) == 1 and text.isdigit() else text


def _resolve_provinces(
    raw: pd.DataFrame, dates: pd.Series, units: UnitRegistry, issues: _Issues, blank: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Province code and unit-set id per row (None where unresolved)."""
    codes = np.full(len(raw), None, dtype=object)
    set_ids = np.full(len(raw), None, dtype=object)
    text = np.array(map_unique(raw["province"], lambda v: fold_unit_name(_province_text(v))), dtype=object)
    has_date = dates.notna().to_numpy()
    for unit_set in units.sets:
        if unit_set.level != "province":
            continue
        in_set = has_date & ~blank
        start = pd.Timestamp(unit_set.valid_from)
        in_set &= (dates >= start).to_numpy()
        if unit_set.valid_to is not None:
            in_set &= (dates <= pd.Timestamp(unit_set.valid_to)).to_numpy()
        if not in_set.any():
            continue
        direct = unit_set.name_index()
        found = pd.Series(text[in_set], dtype=object).map(direct).to_numpy(dtype=object)
        idx = np.flatnonzero(in_set)
        codes[idx] = found
        set_ids[idx] = unit_set.id
        missing = idx[pd.isna(found)]
        _map_old(missing, text, unit_set, units, codes, issues, raw)
        unknown = idx[pd.isna(codes[idx])]
        if unknown.size:
            mask = np.zeros(len(raw), dtype=bool)
            mask[unknown] = True
            _unknown_provinces(issues, raw, mask, unit_set)
    # Without a usable date no set applies; a name no set knows is still an error worth saying.
    undated = ~has_date & ~blank
    if undated.any():
        known: set[str] = set()
        for unit_set in units.sets:
            if unit_set.level == "province":
                known |= set(unit_set.name_index())
        unknown = undated & ~np.isin(text.astype(str), list(known))
        latest = max((s for s in units.sets if s.level == "province"), key=lambda s: s.valid_from)
        _unknown_provinces(issues, raw, unknown, latest)
    codes[pd.isna(codes)] = None
    return codes, set_ids


def _catalog_code(lookup: dict[str, str], value: object) -> str | None:
    return lookup.get(fold(as_text(value)))


def _catalog_hint(catalog: Catalog[CatalogEntry], value: object) -> str | None:
    return catalog.suggest(as_text(value))


def province_categories(units: UnitRegistry) -> list[str]:
    """Every province code of every set: the same categories for every batch, so batches
    concatenate without losing the categorical dtype."""
    return sorted({code for s in units.sets if s.level == "province" for code in s.codes})


def _unknown_provinces(issues: _Issues, raw: pd.DataFrame, mask: np.ndarray, unit_set: UnitSet) -> None:
    """One error per row in ``mask``, suggesting the closest province of ``unit_set``."""
    hints = map_unique(raw["province"].where(mask), functools.partial(_province_hint_value, unit_set))
    issues.add(mask, "province", "unknown_province", ERROR, [h[0] if h else "" for h in hints],
               [h[1] if h else "" for h in hints])  # fmt: skip


def _province_hint_value(unit_set: UnitSet, value: object) -> tuple[str, str]:
    return _province_hint(unit_set, as_text(value))


def _province_hint(unit_set: UnitSet, text: str) -> tuple[str, str]:
    hint = unit_set.suggest(text)
    vi = f"không có tỉnh “{text}” trong {unit_set.name}"
    en = f"unknown province “{text}” in unit set {unit_set.id}"
    if hint is not None:
        vi += f"; có phải “{hint.name}” ({hint.code})?"
        en += f"; did you mean “{hint.name}” ({hint.code})?"
    return vi, en


def _map_old(
    rows: np.ndarray,
    text: np.ndarray,
    current: UnitSet,
    units: UnitRegistry,
    codes: np.ndarray,
    issues: _Issues,
    raw: pd.DataFrame,
) -> None:
    """Rows naming a province of an earlier set: map forward through the crosswalk, warn."""
    if not rows.size:
        return
    for older in (s for s in units.sets if s.successor_set is not None):
        try:
            crosswalk = units.crosswalk(older.id, current.id)
        except Exception:  # noqa: BLE001 - no path between the two sets: nothing to map
            continue
        index = older.name_index()
        remaining = rows[pd.isna(codes[rows])]
        if not remaining.size:
            return
        old_codes = pd.Series(text[remaining], dtype=object).map(index).to_numpy(dtype=object)
        hit = ~pd.isna(old_codes)
        if not hit.any():
            continue
        target_rows = remaining[hit]
        codes[target_rows] = [crosswalk[c] for c in old_codes[hit]]
        mask = np.zeros(len(raw), dtype=bool)
        mask[target_rows] = True
        old_names = np.full(len(raw), "", dtype=object)
        old_names[target_rows] = [f"{older[c].name} ({c})" for c in old_codes[hit]]
        new_names = np.full(len(raw), "", dtype=object)
        new_names[target_rows] = [f"{current[crosswalk[c]].name} ({crosswalk[c]})" for c in old_codes[hit]]
        since = f"{current.valid_from.day}/{current.valid_from.month}/{current.valid_from.year}"
        issues.add(
            mask,
            "province",
            "old_province_mapped",
            WARNING,
            [
                f"tỉnh cũ {o} đã sáp nhập vào {n} từ {since}: đã chuyển sang mã mới"
                for o, n in zip(old_names, new_names, strict=True)
            ],
            [
                f"old province {o} became part of {n} on {current.valid_from.isoformat()}: mapped to the new code"
                for o, n in zip(old_names, new_names, strict=True)
            ],
        )


def validate(
    tables: Sequence[RawTable],
    *,
    catalogs: Catalogs,
    units: UnitRegistry,
    period: Period | None = None,
    comparison_period: Period | None = None,
    file_problems: Sequence[FileProblem] = (),
) -> IngestResult:
    """Split the rows of ``tables`` into accepted (typed) and rejected rows, with every issue.

    With ``period`` (and ``comparison_period``), a row dated outside them is rejected. A row of
    a report form that declares its year (the template's title) dated in another year is
    rejected whatever the periods: a 2026 report cannot hold 2025's activities."""
    frames = []
    for table in tables:
        frame = table.frame.copy()
        frame["source"] = table.source
        frame["sheet"] = table.sheet
        frame["declared_year"] = table.declared_year or 0
        frames.append(frame)
    raw = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({c: pd.Series(dtype=object) for c in (*CANONICAL, "row", "source", "sheet")}).assign(
            declared_year=pd.Series(dtype=np.int64)
        )
    )
    blank_matrix = {c: _blank(raw[c]) for c in CANONICAL}
    all_blank = np.logical_and.reduce([blank_matrix[c] for c in CANONICAL]) if len(raw) else np.zeros(0, bool)
    raw = raw.loc[~all_blank].reset_index(drop=True)  # empty spreadsheet rows are not records
    blank = {c: m[~all_blank] for c, m in blank_matrix.items()}
    issues = _Issues(raw)

    for name in CANONICAL:
        if BY_NAME[name].required:
            issues.add(blank[name], name, "missing", ERROR, "thiếu giá trị bắt buộc", "required value missing")

    parsed_dates = map_unique(raw["date"], parse_date)
    bad_date = np.array([isinstance(d, str) for d in parsed_dates], dtype=bool)
    issues.add(
        bad_date,
        "date",
        "bad_date",
        ERROR,
        "ngày không đọc được (dùng ngày/tháng/năm)",
        "unparseable date (use day/month/year)",
    )
    dates = pd.to_datetime(pd.Series([None if isinstance(d, str) else d for d in parsed_dates], dtype=object))
    misdated = _check_declared_year(raw, dates, issues)
    _check_periods(dates, [p for p in (period, comparison_period) if p is not None], misdated, issues)

    province, unit_set = _resolve_provinces(raw, dates, units, issues, blank["province"])

    typed: dict[str, object] = {}
    for name in CATEGORY_COLUMNS:
        catalog = catalogs.by_kind(BY_NAME[name].catalog or "")
        codes = map_unique(raw[name], functools.partial(_catalog_code, catalog.text_index()))
        unknown = ~blank[name] & np.array([c is None for c in codes], dtype=bool)
        if unknown.any():
            kind = catalog.kind
            hints = map_unique(raw[name].where(unknown), functools.partial(_catalog_hint, catalog))
            vi = [
                f"không có trong danh mục {_KIND_VI[kind]}" + (f"; có phải “{catalog[h].label}” ({h})?" if h else "")
                for h in hints
            ]
            en = [
                f"unknown {_KIND_EN[kind]}" + (f"; did you mean “{catalog[h].label}” ({h})?" if h else "")
                for h in hints
            ]
            issues.add(unknown, name, f"unknown_{kind}", ERROR, vi, en)
        typed[name] = pd.Categorical(codes, categories=list(catalog.codes))

    for name in COUNT_COLUMNS:
        numbers = map_unique(raw[name], parse_count)
        for problem in ("negative", "not_integer", "not_number"):
            mask = np.array([n == problem for n in numbers], dtype=bool)
            issues.add(
                mask,
                name,
                problem,
                ERROR,
                f"{_COUNT_VI[problem]} (cần số nguyên ≥ 0)",
                f"{_COUNT_EN[problem]} (a whole number ≥ 0 is required)",
            )
        typed[name] = pd.array([n if isinstance(n, int) else None for n in numbers], dtype="Int64")

    _drop_uncounted_participants(typed, catalogs, issues)

    for name in TEXT_COLUMNS:
        values = map_unique(raw[name], as_text)
        typed[name] = pd.array(values, dtype="string")
        formula = np.array(map_unique(raw[name], looks_like_formula), dtype=object) == True  # noqa: E712
        issues.add(
            formula,
            name,
            "formula_text",
            WARNING,
            "văn bản bắt đầu bằng =, +, - hoặc @ (giống công thức): giữ nguyên là văn bản",
            "text starts with =, +, - or @ (looks like a spreadsheet formula): kept as text",
        )

    _check_communes(raw, typed, province, dates, units, issues)

    # Exact duplicates within one file and sheet: the later copies are rejected.
    key = pd.util.hash_pandas_object(raw[[*CANONICAL, "source", "sheet"]].astype(str), index=False)
    duplicated = key.duplicated(keep="first").to_numpy()
    if duplicated.any():
        first_row = raw["row"].groupby(key.to_numpy(), sort=False).transform("first").to_numpy()
        shown = np.where(duplicated, first_row, 0)
        issues.add(
            duplicated,
            "date",
            "duplicate",
            ERROR,
            np.char.add("dòng trùng hoàn toàn với dòng ", shown.astype(str)).astype(object),
            np.char.add("exact duplicate of row ", shown.astype(str)).astype(object),
        )

    issue_frame = issues.frame()
    errors = issue_frame[issue_frame["severity"] == ERROR]
    rejected_mask = np.zeros(len(raw), dtype=bool)
    rejected_mask[errors["position"].to_numpy(dtype=np.int64)] = True

    accepted = pd.DataFrame(
        {
            "province": pd.Categorical(province, categories=province_categories(units)),
            "commune": typed["commune"],
            "date": dates.dt.normalize(),
            **{c: typed[c] for c in CATEGORY_COLUMNS},
            "count": typed["count"],
            "participants": typed["participants"],
            "note": typed["note"],
            "unit_set": pd.Categorical(unit_set),
            "source": pd.Categorical(raw["source"]),
            "sheet": pd.Categorical(raw["sheet"]),
            "row": raw["row"].to_numpy(dtype=np.int64),
        }
    ).loc[~rejected_mask]
    accepted["count"] = accepted["count"].astype("int64")
    accepted = accepted.reset_index(drop=True)

    rejected = raw.loc[rejected_mask, [*CANONICAL, "source", "sheet", "row"]].copy()
    if len(errors):
        joined = errors.groupby("position", sort=True).agg(
            errors_vi=(
                "message_vi",
                lambda s: "; ".join(f"{c}: {m}" for c, m in zip(errors.loc[s.index, "column"], s, strict=True)),
            ),
            errors_en=(
                "message_en",
                lambda s: "; ".join(f"{c}: {m}" for c, m in zip(errors.loc[s.index, "column"], s, strict=True)),
            ),
        )
        rejected = rejected.join(joined, how="left")
    else:
        rejected["errors_vi"] = pd.Series(dtype=object)
        rejected["errors_en"] = pd.Series(dtype=object)
    rejected = rejected.reset_index(drop=True)
    return IngestResult(
        accepted=accepted,
        rejected=rejected,
        issues=issue_frame.drop(columns="position").reset_index(drop=True),
        file_problems=tuple(file_problems),
        rows_read=len(raw),
    )


def _drop_uncounted_participants(typed: dict[str, object], catalogs: Catalogs, issues: _Issues) -> None:
    """Attendances on an activity type the catalog counts none for (broadcasts, press items…)
    would enter the attendance totals of some outputs and not others: they are left out, with
    a warning."""
    uncounted = [a.code for a in catalogs.activity_types if "participants" not in a.measures]
    kinds = pd.Categorical(typed["activity_type"])  # type: ignore[call-overload]
    people = pd.array(typed["participants"], dtype="Int64")  # type: ignore[call-overload]
    mask = np.asarray(kinds.isin(uncounted), dtype=bool) & ~np.asarray(people.isna(), dtype=bool)
    if not mask.any():
        return
    issues.add(
        mask,
        "participants",
        "participants_not_counted",
        WARNING,
        "hình thức này không tính số lượt người (như phát thanh, tin bài): số lượt người được bỏ qua",
        "this activity type counts no attendances (like broadcasts, press items): the value is left out",
    )
    people[mask] = pd.NA
    typed["participants"] = people


def _check_declared_year(raw: pd.DataFrame, dates: pd.Series, issues: _Issues) -> np.ndarray:
    """Rows dated outside the year their report form declares; returns the mask."""
    declared = raw["declared_year"].to_numpy(dtype=np.int64)
    years = dates.dt.year.to_numpy(dtype=np.float64)
    wrong = (declared > 0) & ~np.isnan(years) & (years != declared)
    if wrong.any():
        issues.add(
            wrong,
            "date",
            "outside_declared_year",
            ERROR,
            np.array([f"ngày không thuộc năm {y} ghi trên mẫu báo cáo" for y in declared], dtype=object),
            np.array([f"date outside {y}, the year the report form declares" for y in declared], dtype=object),
        )
    return np.asarray(wrong, dtype=bool)


def _check_periods(dates: pd.Series, periods: Sequence[Period], already: np.ndarray, issues: _Issues) -> None:
    """Rows dated outside every one of ``periods`` (the report's and the comparison's)."""
    if not periods:
        return
    inside = np.zeros(len(dates), dtype=bool)
    for part in periods:
        inside |= ((dates >= pd.Timestamp(part.start)) & (dates <= pd.Timestamp(part.end))).to_numpy()
    outside = dates.notna().to_numpy() & ~inside & ~already
    names_vi = " và ".join([f"kỳ báo cáo ({periods[0].label})", *(f"kỳ so sánh ({p.label})" for p in periods[1:])])
    names_en = " or ".join(f"{p.start.isoformat()}–{p.end.isoformat()}" for p in periods)
    issues.add(
        outside,
        "date",
        "outside_period",
        ERROR,
        f"ngày ngoài {names_vi}",
        f"date outside the reporting period{'s' if len(periods) > 1 else ''} {names_en}",
    )


def _parent_of(parent: dict[str, str | None], value: object) -> str | None:
    text = as_text(value)
    return parent.get(text, parent.get(fold_unit_name(text)))


def _check_communes(
    raw: pd.DataFrame,
    typed: dict[str, object],
    province: np.ndarray,
    dates: pd.Series,
    units: UnitRegistry,
    issues: _Issues,
) -> None:
    """When a commune unit set is loaded for the date, a commune must belong to its province."""
    communes = typed["commune"]
    present = ~pd.isna(np.asarray(communes, dtype=object))
    for unit_set in units.sets:
        if unit_set.level != "commune":
            continue
        in_set = present & dates.notna().to_numpy() & (dates >= pd.Timestamp(unit_set.valid_from)).to_numpy()
        if unit_set.valid_to is not None:
            in_set &= (dates <= pd.Timestamp(unit_set.valid_to)).to_numpy()
        if not in_set.any():
            continue
        parent = {u.code: u.parent for u in unit_set.units}
        for name, code in unit_set.name_index().items():
            parent.setdefault(name, parent.get(code))
        found_parent = pd.Series(
            map_unique(pd.Series(np.asarray(communes, dtype=object)), functools.partial(_parent_of, parent)),
            dtype=object,
        )
        wrong = in_set & (found_parent.to_numpy(dtype=object) != province)
        unknown = in_set & pd.isna(found_parent.to_numpy(dtype=object))
        issues.add(
            unknown,
            "commune",
            "unknown_commune",
            ERROR,
            f"không có xã/phường này trong {unit_set.name}",
            f"unknown commune in unit set {unit_set.id}",
        )
        issues.add(
            wrong & ~unknown,
            "commune",
            "commune_not_in_province",
            ERROR,
            "xã/phường không thuộc tỉnh đã ghi",
            "commune does not belong to the province given",
        )
