"""The checks a batch of rows goes through, in order: each one looks at whole columns (distinct
values are parsed once, see :func:`~bhxh_comms.ingest.parse.map_unique`), records a located
issue for every row it finds wrong, and leaves what it parsed for the checks after it.

A new check is one class with a ``run(batch)`` method, added to :data:`DEFAULT_CHECKS` (or
given to :func:`~bhxh_comms.ingest.validate.validate`) and tested on its own.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import ClassVar, Protocol

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.ingest.columns import BY_NAME, CANONICAL, CATEGORY_COLUMNS, COUNT_COLUMNS, TEXT_COLUMNS
from bhxh_comms.ingest.parse import (
    MAX_CELL_CHARS,
    as_text,
    hidden_characters,
    looks_like_formula,
    map_unique,
    parse_count,
    parse_date,
    shown_value,
    too_long,
)
from bhxh_comms.ingest.result import ISSUE_COLUMNS
from bhxh_comms.models.catalog import Catalog, CatalogEntry, Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry, UnitSet
from bhxh_comms.phrasing import format_number
from bhxh_comms.text import fold, fold_unit_name

ERROR, WARNING = "error", "warning"
_KIND_VI = {
    "activity_type": "hình thức",
    "subject_group": "nhóm đối tượng",
    "theme": "nội dung",
    "partner": "đơn vị phối hợp",
}
_KIND_EN = {"activity_type": "activity type", "subject_group": "subject group", "theme": "theme", "partner": "partner"}
_COUNT_VI = {
    "negative": "số âm",
    "not_integer": "không phải số nguyên",
    "not_number": "không phải số",
    "boolean": "giá trị đúng/sai (TRUE/FALSE), không phải số",
    "too_large": "số quá lớn",
}
_COUNT_EN = {
    "negative": "negative number",
    "not_integer": "not a whole number",
    "not_number": "not a number",
    "boolean": "a TRUE/FALSE value, not a number",
    "too_large": "number too large",
}


class Issues:
    """Collects issues as column arrays, one block per check: every problem of a row with its
    file, sheet, row, column (with its spreadsheet letter), value and messages."""

    def __init__(self, raw: pd.DataFrame, letters: Sequence[Mapping[str, str]] = ()) -> None:
        self.raw = raw
        self.letters = list(letters)
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
        """One issue per row of ``mask``; a message is one text for all, or one per row of the batch."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = self.raw.loc[mask]
        n = len(rows)
        by_table = np.array([letters.get(column, "") for letters in self.letters] + [""], dtype=object)

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
                    "letter": by_table[rows["_table"].to_numpy(dtype=np.int64)] if "_table" in rows else "",
                    "value": [
                        shown_value(v) if v is not None and v is not pd.NA else ""
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
        """Every issue, in row and column order (``position`` is the row in the batch)."""
        if not self.blocks:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in ("position", *ISSUE_COLUMNS)})
        return pd.concat(self.blocks, ignore_index=True).sort_values(["position", "column"], kind="stable")


@attrs.define(kw_only=True)
class Batch:
    """The rows being validated, what the checks have parsed so far, and the issues found."""

    raw: pd.DataFrame
    blank: Mapping[str, np.ndarray]
    """Per canonical column: which cells are blank."""
    issues: Issues
    catalogs: Catalogs
    units: UnitRegistry
    periods: tuple[Period, ...] = ()
    """The report period and, when given, the comparison period: a row dated outside all is wrong."""
    dates: pd.Series = attrs.field(factory=lambda: pd.Series(dtype="datetime64[ns]"))
    misdated: np.ndarray = attrs.field(factory=lambda: np.zeros(0, dtype=bool))
    province: np.ndarray = attrs.field(factory=lambda: np.zeros(0, dtype=object))
    unit_set: np.ndarray = attrs.field(factory=lambda: np.zeros(0, dtype=object))
    typed: dict[str, object] = attrs.field(factory=dict)
    """Parsed columns: catalog codes, counts, texts."""


class Check(Protocol):
    """One check of a batch: reads ``batch``, adds issues, may store what it parsed."""

    name: ClassVar[str]

    def run(self, batch: Batch) -> None: ...


@attrs.frozen
class CellLength:
    """A cell longer than a spreadsheet cell can be (32,767 characters) did not come from one;
    the row is rejected rather than cut without a word."""

    name: ClassVar[str] = "cell_length"

    def run(self, batch: Batch) -> None:
        limit = format_number(MAX_CELL_CHARS)
        for column in CANONICAL:
            long = np.array(map_unique(batch.raw[column], too_long), dtype=object) == True  # noqa: E712
            batch.issues.add(
                long,
                column,
                "too_long",
                ERROR,
                f"ô quá dài (tối đa {limit} ký tự)",
                f"cell too long (at most {MAX_CELL_CHARS:,} characters)",
            )


@attrs.frozen
class HiddenCharacters:
    """Invisible formatting characters (a zero-width space pasted with a name) are ignored when
    a name, code, date or number is read; the user is told, since the cell looks fine."""

    name: ClassVar[str] = "hidden_characters"

    def run(self, batch: Batch) -> None:
        for column in CANONICAL:
            if column in TEXT_COLUMNS and column != "commune":
                continue
            found = np.array(map_unique(batch.raw[column], hidden_characters), dtype=object)
            mask = ~pd.isna(found)
            if not mask.any():
                continue
            batch.issues.add(
                mask,
                column,
                "hidden_characters",
                WARNING,
                [f"ô có ký tự ẩn ({c}): đã bỏ qua khi đọc" for c in found],
                [f"the cell holds invisible characters ({c}): ignored when reading" for c in found],
            )


@attrs.frozen
class RequiredValues:
    """A required column left blank."""

    name: ClassVar[str] = "required"

    def run(self, batch: Batch) -> None:
        for column in CANONICAL:
            if BY_NAME[column].required:
                batch.issues.add(
                    batch.blank[column], column, "missing", ERROR, "thiếu giá trị bắt buộc", "required value missing"
                )


@attrs.frozen
class Dates:
    """Dates read day/month/year, in any of the forms a spreadsheet or a person writes."""

    name: ClassVar[str] = "dates"

    def run(self, batch: Batch) -> None:
        parsed = map_unique(batch.raw["date"], parse_date)
        bad = np.array([isinstance(d, str) for d in parsed], dtype=bool)
        batch.issues.add(
            bad,
            "date",
            "bad_date",
            ERROR,
            "ngày không đọc được (dùng ngày/tháng/năm)",
            "unparseable date (use day/month/year)",
        )
        batch.dates = pd.to_datetime(pd.Series([None if isinstance(d, str) else d for d in parsed], dtype=object))


@attrs.frozen
class DeclaredYear:
    """A row dated outside the year its report form declares (the template's title)."""

    name: ClassVar[str] = "declared_year"

    def run(self, batch: Batch) -> None:
        declared = batch.raw["declared_year"].to_numpy(dtype=np.int64)
        years = batch.dates.dt.year.to_numpy(dtype=np.float64)
        wrong = (declared > 0) & ~np.isnan(years) & (years != declared)
        if wrong.any():
            batch.issues.add(
                wrong,
                "date",
                "outside_declared_year",
                ERROR,
                np.array([f"ngày không thuộc năm {y} ghi trên mẫu báo cáo" for y in declared], dtype=object),
                np.array([f"date outside {y}, the year the report form declares" for y in declared], dtype=object),
            )
        batch.misdated = np.asarray(wrong, dtype=bool)


@attrs.frozen
class Periods:
    """A row dated outside the report period and the comparison period."""

    name: ClassVar[str] = "periods"

    def run(self, batch: Batch) -> None:
        periods, dates = batch.periods, batch.dates
        if not periods:
            return
        inside = np.zeros(len(dates), dtype=bool)
        for part in periods:
            inside |= ((dates >= pd.Timestamp(part.start)) & (dates <= pd.Timestamp(part.end))).to_numpy()
        already = batch.misdated if len(batch.misdated) else np.zeros(len(dates), dtype=bool)
        outside = dates.notna().to_numpy() & ~inside & ~already
        names_vi = " và ".join([f"kỳ báo cáo ({periods[0].label})", *(f"kỳ so sánh ({p.label})" for p in periods[1:])])
        names_en = " or ".join(f"{p.start.isoformat()}–{p.end.isoformat()}" for p in periods)
        batch.issues.add(
            outside,
            "date",
            "outside_period",
            ERROR,
            f"ngày ngoài {names_vi}",
            f"date outside the reporting period{'s' if len(periods) > 1 else ''} {names_en}",
        )


@attrs.frozen
class Provinces:
    """A province resolved in the unit set in force on the row's date (old provinces mapped
    through the crosswalk, with a warning); an unknown one with the closest name suggested."""

    name: ClassVar[str] = "provinces"

    def run(self, batch: Batch) -> None:
        batch.province, batch.unit_set = _resolve_provinces(
            batch.raw, batch.dates, batch.units, batch.issues, batch.blank["province"]
        )


@attrs.frozen
class CatalogCodes:
    """Activity type, subject group, theme and partner: a code or label of the catalog (with
    the closest entry suggested)."""

    name: ClassVar[str] = "catalog_codes"

    def run(self, batch: Batch) -> None:
        for column in CATEGORY_COLUMNS:
            catalog = batch.catalogs.by_kind(BY_NAME[column].catalog or "")
            codes = map_unique(batch.raw[column], functools.partial(_catalog_code, catalog.text_index()))
            unknown = ~batch.blank[column] & np.array([c is None for c in codes], dtype=bool)
            if unknown.any():
                kind = catalog.kind
                hints = map_unique(batch.raw[column].where(unknown), functools.partial(_catalog_hint, catalog))
                vi = [
                    f"không có trong danh mục {_KIND_VI[kind]}"
                    + (f"; có phải “{catalog[h].label}” ({h})?" if h else "")
                    for h in hints
                ]
                en = [
                    f"unknown {_KIND_EN[kind]}" + (f"; did you mean “{catalog[h].label}” ({h})?" if h else "")
                    for h in hints
                ]
                batch.issues.add(unknown, column, f"unknown_{kind}", ERROR, vi, en)
            batch.typed[column] = pd.Categorical(codes, categories=list(catalog.codes))


@attrs.frozen
class Counts:
    """Số lượng and Số lượt người: whole numbers ≥ 0."""

    name: ClassVar[str] = "counts"

    def run(self, batch: Batch) -> None:
        for column in COUNT_COLUMNS:
            maximum = BY_NAME[column].maximum
            numbers = map_unique(batch.raw[column], functools.partial(parse_count, maximum=maximum))
            within_vi = "cần số nguyên ≥ 0" + (f", tối đa {format_number(maximum)}" if maximum is not None else "")
            within_en = "a whole number ≥ 0 is required" + (f", at most {maximum:,}" if maximum is not None else "")
            for problem in _COUNT_VI:
                mask = np.array([n == problem for n in numbers], dtype=bool)
                batch.issues.add(
                    mask,
                    column,
                    problem,
                    ERROR,
                    f"{_COUNT_VI[problem]} ({within_vi})",
                    f"{_COUNT_EN[problem]} ({within_en})",
                )
            batch.typed[column] = pd.array([n if isinstance(n, int) else None for n in numbers], dtype="Int64")


@attrs.frozen
class UncountedParticipants:
    """Attendances on an activity type the catalog counts none for (broadcasts, press items…)
    would enter the attendance totals of some outputs and not others: they are left out, with
    a warning."""

    name: ClassVar[str] = "uncounted_participants"

    def run(self, batch: Batch) -> None:
        uncounted = [a.code for a in batch.catalogs.activity_types if "participants" not in a.measures]
        kinds = pd.Categorical(batch.typed["activity_type"])  # type: ignore[call-overload]
        people = pd.array(batch.typed["participants"], dtype="Int64")  # type: ignore[call-overload]
        mask = np.asarray(kinds.isin(uncounted), dtype=bool) & ~np.asarray(people.isna(), dtype=bool)
        if not mask.any():
            return
        batch.issues.add(
            mask,
            "participants",
            "participants_not_counted",
            WARNING,
            "hình thức này không tính số lượt người (như phát thanh, tin bài): số lượt người được bỏ qua",
            "this activity type counts no attendances (like broadcasts, press items): the value is left out",
        )
        people[mask] = pd.NA
        batch.typed["participants"] = people


@attrs.frozen
class Texts:
    """Free text kept as text; text that looks like a spreadsheet formula is warned about."""

    name: ClassVar[str] = "texts"

    def run(self, batch: Batch) -> None:
        for column in TEXT_COLUMNS:
            batch.typed[column] = pd.array(map_unique(batch.raw[column], as_text), dtype="string")
            formula = np.array(map_unique(batch.raw[column], looks_like_formula), dtype=object) == True  # noqa: E712
            batch.issues.add(
                formula,
                column,
                "formula_text",
                WARNING,
                "văn bản bắt đầu bằng =, +, - hoặc @ (giống công thức): giữ nguyên là văn bản",
                "text starts with =, +, - or @ (looks like a spreadsheet formula): kept as text",
            )


@attrs.frozen
class Communes:
    """When a commune unit set is installed for the date, a commune must exist and belong to
    the row's province."""

    name: ClassVar[str] = "communes"

    def run(self, batch: Batch) -> None:
        _check_communes(batch.raw, batch.typed, batch.province, batch.dates, batch.units, batch.issues)


@attrs.frozen
class ExactDuplicates:
    """Exact copies of an earlier row of the same file and sheet: the later copies are rejected."""

    name: ClassVar[str] = "duplicates"

    def run(self, batch: Batch) -> None:
        raw = batch.raw
        key = pd.util.hash_pandas_object(raw[[*CANONICAL, "source", "sheet"]].astype(str), index=False)
        duplicated = key.duplicated(keep="first").to_numpy()
        if not duplicated.any():
            return
        first_row = raw["row"].groupby(key.to_numpy(), sort=False).transform("first").to_numpy()
        shown = np.where(duplicated, first_row, 0)
        batch.issues.add(
            duplicated,
            "date",
            "duplicate",
            ERROR,
            np.char.add("dòng trùng hoàn toàn với dòng ", shown.astype(str)).astype(object),
            np.char.add("exact duplicate of row ", shown.astype(str)).astype(object),
        )


DEFAULT_CHECKS: tuple[Check, ...] = (
    CellLength(),
    HiddenCharacters(),
    RequiredValues(),
    Dates(),
    DeclaredYear(),
    Periods(),
    Provinces(),
    CatalogCodes(),
    Counts(),
    UncountedParticipants(),
    Texts(),
    Communes(),
    ExactDuplicates(),
)
"""The checks every batch goes through, in this order (later checks use what earlier ones parsed)."""


def _province_text(value: object) -> str:
    """The cell as text; a one-digit code lost its leading zero in the spreadsheet (1 → "01")."""
    text = as_text(value)
    return f"0{text}" if len(text) == 1 and text.isdigit() else text


def _resolve_provinces(
    raw: pd.DataFrame, dates: pd.Series, units: UnitRegistry, issues: Issues, blank: np.ndarray
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


def _unknown_provinces(issues: Issues, raw: pd.DataFrame, mask: np.ndarray, unit_set: UnitSet) -> None:
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
    issues: Issues,
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


def _parent_of(parent: dict[str, str | None], value: object) -> str | None:
    text = as_text(value)
    return parent.get(text, parent.get(fold_unit_name(text)))


def _check_communes(
    raw: pd.DataFrame,
    typed: dict[str, object],
    province: np.ndarray,
    dates: pd.Series,
    units: UnitRegistry,
    issues: Issues,
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
