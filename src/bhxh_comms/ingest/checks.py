"""The checks a batch of rows goes through, in order: each one looks at whole columns (distinct
values are parsed once, see :class:`~bhxh_comms.ingest.distinct.Distinct`), records a located
issue for every row it finds wrong, and leaves what it parsed for the checks after it.

A new check is one class with a ``run(batch)`` method, added to :data:`DEFAULT_CHECKS` (or
given to :func:`~bhxh_comms.ingest.validate.validate`) and tested on its own.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import ClassVar, Protocol, cast

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.ingest.columns import BY_NAME, CANONICAL, CATEGORY_COLUMNS, COUNT_COLUMNS, TEXT_COLUMNS
from bhxh_comms.ingest.communes import REPORTED, resolve_communes
from bhxh_comms.ingest.distinct import Distinct
from bhxh_comms.ingest.parse import (
    MAX_CELL_CHARS,
    as_text,
    hidden_characters,
    is_blank,
    looks_like_formula,
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
        """One issue per row of ``mask``; a message is one text for all, or one per row of the
        batch, or one per row of ``mask`` (for messages built only where they are needed)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = self.raw.loc[mask]
        n = len(rows)
        by_table = np.array([letters.get(column, "") for letters in self.letters] + [""], dtype=object)

        def values(v: Sequence[str] | np.ndarray | str) -> list[str] | np.ndarray:
            if isinstance(v, str):
                return [v] * n
            given = np.asarray(v, dtype=object)
            return given[mask] if len(given) == len(mask) else given  # else one per row of the mask

        self.blocks.append(
            pd.DataFrame(
                {
                    "position": np.flatnonzero(mask),
                    "source": rows["source"].to_numpy(dtype=object),
                    "sheet": rows["sheet"].to_numpy(dtype=object),
                    "row": rows["row"].to_numpy(),
                    "column": column,
                    "letter": by_table[rows["_table"].to_numpy(dtype=np.int64)] if "_table" in rows else "",
                    "value": ["" if is_blank(v) else shown_value(v) for v in rows[column].to_numpy(dtype=object)]
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


def no_codes() -> pd.Categorical[str]:
    """An empty column of codes (what a batch holds before a check parses it, and after)."""
    return cast("pd.Categorical[str]", pd.Categorical([], categories=pd.Index([], dtype=str)))


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
    province: pd.Categorical[str] = attrs.field(factory=lambda: no_codes())
    unit_set: pd.Categorical[str] = attrs.field(factory=lambda: no_codes())
    typed: dict[str, object] = attrs.field(factory=dict)
    """Parsed columns: catalog codes, counts, texts."""
    _distinct: dict[str, Distinct] = attrs.field(factory=dict, alias="distinct_cache")

    def distinct(self, column: str) -> Distinct:
        """``column`` of the raw rows as distinct values (factorized once per batch)."""
        if column not in self._distinct:
            self._distinct[column] = Distinct.of(self.raw[column])
        return self._distinct[column]

    def forget_distinct(self) -> None:
        """Drop the factorized columns (a code a cell: 10 to 40 MB a column at ten million rows)."""
        self._distinct.clear()


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
            long = batch.distinct(column).where(too_long)
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
            distinct = batch.distinct(column)
            per_value = distinct.per_value(hidden_characters)
            if pd.isna(per_value).all():
                continue
            found = distinct.take(per_value)
            mask = ~pd.isna(found)
            batch.issues.add(
                mask,
                column,
                "hidden_characters",
                WARNING,
                [f"ô có ký tự ẩn ({c}): đã bỏ qua khi đọc" for c in found[mask]],
                [f"the cell holds invisible characters ({c}): ignored when reading" for c in found[mask]],
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
        distinct = batch.distinct("date")
        parsed = distinct.per_value(parse_date)
        bad = distinct.take(np.array([isinstance(d, str) for d in parsed], dtype=bool))
        batch.issues.add(
            bad,
            "date",
            "bad_date",
            ERROR,
            "ngày không đọc được (dùng ngày/tháng/năm)",
            "unparseable date (use day/month/year)",
        )
        days = np.array(
            [np.datetime64("NaT", "ns") if d is None or isinstance(d, str) else np.datetime64(d, "ns") for d in parsed],
            dtype="datetime64[ns]",
        )
        batch.dates = pd.Series(distinct.take(days))


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
                [f"ngày không thuộc năm {y} ghi trên mẫu báo cáo" for y in declared[wrong]],
                [f"date outside {y}, the year the report form declares" for y in declared[wrong]],
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
            batch.raw, batch.distinct("province"), batch.dates, batch.units, batch.issues, batch.blank["province"]
        )


@attrs.frozen
class CatalogCodes:
    """Activity type, subject group, theme and partner: a code or label of the catalog (with
    the closest entry suggested)."""

    name: ClassVar[str] = "catalog_codes"

    def run(self, batch: Batch) -> None:
        for column in CATEGORY_COLUMNS:
            catalog = batch.catalogs.by_kind(BY_NAME[column].catalog or "")
            distinct = batch.distinct(column)
            position = {code: i for i, code in enumerate(catalog.codes)}
            found = distinct.per_value(
                functools.partial(_catalog_position, catalog.text_index(), position), blank=-1, dtype=np.int64
            )
            codes = distinct.take(found)
            unknown = ~batch.blank[column] & (codes == -1)
            if unknown.any():
                kind = catalog.kind
                hints = distinct.take(distinct.per_value(functools.partial(_catalog_hint, catalog)), unknown)
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
            batch.typed[column] = pd.Categorical.from_codes(codes, categories=pd.Index(list(catalog.codes)))


@attrs.frozen
class Counts:
    """Số lượng and Số lượt người: whole numbers ≥ 0."""

    name: ClassVar[str] = "counts"

    def run(self, batch: Batch) -> None:
        for column in COUNT_COLUMNS:
            maximum = BY_NAME[column].maximum
            distinct = batch.distinct(column)
            parsed = distinct.per_value(functools.partial(parse_count, maximum=maximum))
            kinds = distinct.take(np.array([p if isinstance(p, str) else "" for p in parsed], dtype=object))
            within_vi = "cần số nguyên ≥ 0" + (f", tối đa {format_number(maximum)}" if maximum is not None else "")
            within_en = "a whole number ≥ 0 is required" + (f", at most {maximum:,}" if maximum is not None else "")
            for problem in _COUNT_VI:
                mask = kinds == problem
                batch.issues.add(
                    mask,
                    column,
                    problem,
                    ERROR,
                    f"{_COUNT_VI[problem]} ({within_vi})",
                    f"{_COUNT_EN[problem]} ({within_en})",
                )
            whole = np.array([p if isinstance(p, int) else 0 for p in parsed], dtype=np.int64)
            missing = np.array([not isinstance(p, int) for p in parsed], dtype=bool)
            batch.typed[column] = pd.arrays.IntegerArray(distinct.take(whole), distinct.take(missing))


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
            distinct = batch.distinct(column)
            # As a categorical of the distinct texts (as the store gives it back): a code a row,
            # not a string a row (ten million communes or notes are 20 MB, not 150).
            codes, texts = pd.factorize(distinct.per_value(as_text)[:-1], use_na_sentinel=True)
            table = np.append(codes, -1).astype(np.min_scalar_type(-len(texts) - 1))  # blank: -1, missing
            batch.typed[column] = pd.Categorical.from_codes(
                table[distinct.codes], categories=pd.Index(texts, dtype=object), validate=False
            )
            formula = distinct.where(looks_like_formula)
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
        if not batch.units.has_communes:
            return
        communes = batch.typed["commune"]
        assert isinstance(communes, pd.Categorical)
        resolved = resolve_communes(communes, batch.province, batch.dates, batch.units)
        for kind, mask, vi, en in resolved.issues:
            problem, severity = REPORTED[kind]
            batch.issues.add(mask, "commune", problem, severity, vi, en)
        batch.typed["commune"] = resolved.communes


@attrs.frozen
class ExactDuplicates:
    """Exact copies of an earlier row of the same file and sheet: the later copies are rejected."""

    name: ClassVar[str] = "duplicates"

    def run(self, batch: Batch) -> None:
        raw = batch.raw
        # The row as the codes of its distinct values: equal cells have equal codes (a TRUE
        # and a 1 do not: see parse.factorize), and hashing integers is fast.
        columns = (*CANONICAL, "source", "sheet")
        # Rows whose keys repeat are the only candidates; among them, equality is exact.
        key = _row_keys([batch.distinct(c) for c in columns])
        # The repeated keys by sorting a copy (a hash table of ten million keys costs five times
        # the memory), then the rows holding one of those few keys.
        ordered = np.sort(key)
        repeated_keys = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
        del ordered
        candidates = np.flatnonzero(pd.Series(key).isin(repeated_keys).to_numpy()) if repeated_keys.size else key[:0]
        if not candidates.size:
            return
        codes = pd.DataFrame({c: batch.distinct(c).codes[candidates] for c in columns})
        group = codes.groupby(list(columns), sort=False).ngroup().to_numpy()
        repeated = pd.Series(group).duplicated(keep="first").to_numpy()
        if not repeated.any():
            return
        duplicated = np.zeros(len(raw), dtype=bool)
        duplicated[candidates[repeated]] = True
        rows = raw["row"].to_numpy(dtype=np.int64)[candidates]
        first = np.zeros(group.max() + 1, dtype=np.int64)
        first[group[::-1]] = rows[::-1]  # the first row of each group is written last
        shown = first[group[repeated]]
        batch.issues.add(
            duplicated,
            "date",
            "duplicate",
            ERROR,
            [f"dòng trùng hoàn toàn với dòng {r}" for r in shown],
            [f"exact duplicate of row {r}" for r in shown],
        )


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it loses nothing modulo 2**64


def _row_keys(columns: Sequence[Distinct]) -> np.ndarray:
    """One integer per row, equal for equal rows (unequal rows collide with a chance of about
    one in 2**64 per pair; the caller compares its candidates exactly): the codes mixed into
    one 64-bit word, in place, a column at a time (no temporary of ten million integers)."""
    key = np.zeros(len(columns[0].codes) if columns else 0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in columns:
            key *= _MIX
            key += column.codes.astype(np.int64).view(np.uint64)  # -1 (blank) wraps: still one value
            key ^= key >> np.uint64(29)
    return key


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
    raw: pd.DataFrame, distinct: Distinct, dates: pd.Series, units: UnitRegistry, issues: Issues, blank: np.ndarray
) -> tuple[pd.Categorical[str], pd.Categorical[str]]:
    """Province code and unit-set id per row (missing where unresolved), worked out per
    distinct value of the province column and unit set."""
    categories = province_categories(units)
    position = {code: i for i, code in enumerate(categories)}
    codes = np.full(len(raw), -1, dtype=np.int64)
    province_sets = [s for s in units.sets if s.level == "province"]
    set_codes = np.full(len(raw), -1, dtype=np.int64)
    folded = distinct.per_value(lambda v: fold_unit_name(_province_text(v)))
    has_date = dates.notna().to_numpy()
    for number, unit_set in enumerate(province_sets):
        in_set = has_date & ~blank
        in_set &= (dates >= pd.Timestamp(unit_set.valid_from)).to_numpy()
        if unit_set.valid_to is not None:
            in_set &= (dates <= pd.Timestamp(unit_set.valid_to)).to_numpy()
        if not in_set.any():
            continue
        direct = unit_set.name_index()
        found = np.array([position.get(direct.get(t, ""), -1) if t else -1 for t in folded], dtype=np.int64)
        idx = np.flatnonzero(in_set)
        codes[idx] = distinct.take(found, idx)
        set_codes[idx] = number
        missing = idx[codes[idx] == -1]
        _map_old(missing, distinct, folded, unit_set, units, codes, position, issues, raw)
        unknown = idx[codes[idx] == -1]
        if unknown.size:
            mask = np.zeros(len(raw), dtype=bool)
            mask[unknown] = True
            _unknown_provinces(issues, distinct, mask, unit_set)
    # Without a usable date no set applies; a name no set knows is still an error worth saying.
    undated = ~has_date & ~blank
    if undated.any():
        known: set[str] = set()
        for unit_set in province_sets:
            known |= set(unit_set.name_index())
        unknown = undated & ~distinct.take(np.array([t in known for t in folded], dtype=bool))
        latest = max(province_sets, key=lambda s: s.valid_from)
        _unknown_provinces(issues, distinct, unknown, latest)
    province = pd.Categorical.from_codes(codes, categories=pd.Index(categories))
    unit_set_ids = pd.Categorical.from_codes(set_codes, categories=pd.Index([s.id for s in province_sets]))
    return province, unit_set_ids


def _catalog_code(lookup: dict[str, str], value: object) -> str | None:
    return lookup.get(fold(as_text(value)))


def _catalog_position(lookup: dict[str, str], position: Mapping[str, int], value: object) -> int:
    """The value's place among the catalog's codes, or -1 when the catalog does not know it."""
    return position.get(lookup.get(fold(as_text(value)), ""), -1)


def _catalog_hint(catalog: Catalog[CatalogEntry], value: object) -> str | None:
    return catalog.suggest(as_text(value))


def province_categories(units: UnitRegistry) -> list[str]:
    """Every province code of every set: the same categories for every batch, so batches
    concatenate without losing the categorical dtype."""
    return sorted({code for s in units.sets if s.level == "province" for code in s.codes})


def _unknown_provinces(issues: Issues, distinct: Distinct, mask: np.ndarray, unit_set: UnitSet) -> None:
    """One error per row in ``mask``, suggesting the closest province of ``unit_set`` (worked
    out once per distinct value)."""
    if not mask.any():
        return
    wanted = set(distinct.present(mask).tolist())
    hints = np.empty(len(distinct.values) + 1, dtype=object)
    hints[-1] = ("", "")
    for i, value in enumerate(distinct.values):
        hints[i] = _province_hint_value(unit_set, value) if i in wanted else ("", "")
    found = distinct.take(hints, mask)
    issues.add(mask, "province", "unknown_province", ERROR, [h[0] for h in found], [h[1] for h in found])


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
    distinct: Distinct,
    folded: np.ndarray,
    current: UnitSet,
    units: UnitRegistry,
    codes: np.ndarray,
    position: Mapping[str, int],
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
        remaining = rows[codes[rows] == -1]
        if not remaining.size:
            return
        index = older.name_index()
        old_code = np.array([index.get(t, "") if t else "" for t in folded], dtype=object)
        new_code = np.array([crosswalk.get(c, "") if c else "" for c in old_code], dtype=object)
        hit = distinct.take(new_code, remaining) != ""
        if not hit.any():
            continue
        target_rows = remaining[hit]
        codes[target_rows] = [position[c] for c in distinct.take(new_code, target_rows)]
        mask = np.zeros(len(raw), dtype=bool)
        mask[target_rows] = True
        since = f"{current.valid_from.day}/{current.valid_from.month}/{current.valid_from.year}"
        vi = np.array(
            [
                f"tỉnh cũ {older[o].name} ({o}) đã sáp nhập vào {current[n].name} ({n}) từ {since}: "
                "đã chuyển sang mã mới"
                if o and n
                else ""
                for o, n in zip(old_code, new_code, strict=True)
            ],
            dtype=object,
        )
        en = np.array(
            [
                f"old province {older[o].name} ({o}) became part of {current[n].name} ({n}) on "
                f"{current.valid_from.isoformat()}: mapped to the new code"
                if o and n
                else ""
                for o, n in zip(old_code, new_code, strict=True)
            ],
            dtype=object,
        )
        issues.add(
            mask,
            "province",
            "old_province_mapped",
            WARNING,
            distinct.take(vi, target_rows),
            distinct.take(en, target_rows),
        )
