"""The commune of each row, checked against the commune list in force on its date.

Installed only with a commune-level unit set (the ``bhxh-comms-units-vn`` plugin gives the
10,035 communes before 1/7/2025 and the 3,321 since). A commune is written as its code, as
its name (with or without diacritics, "Xã"/"Phường"/"P." or not, matched only inside the
row's province), or as the template's drop-down gives it, "Xã Bạch Thông (02014)". Each
distinct (province, commune, list) is resolved once; the rows take the result by code.

- found in the list in force, in the row's province: the row keeps its code;
- a commune of the earlier list on a later date: mapped to the new commune, with a warning
  (a divided one goes to its default new commune, and the warning says its figures are exact
  only at province level);
- in another province, a name shared by several communes of the province, or unknown: the
  row is rejected (unknown is only a warning for a date before the list's ``as_of``: the
  commune may have been merged before the list was drawn).
"""

from __future__ import annotations

import re

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.models.units import AdminUnit, UnitRegistry, UnitSet
from bhxh_comms.text import fold_commune_name

_CODE_IN_BRACKETS = re.compile(r"\(\s*([0-9A-Za-z_.-]+)\s*\)\s*$")

OK, MAPPED, DIVIDED, WRONG_PROVINCE, AMBIGUOUS, UNKNOWN, UNKNOWN_EARLY = range(7)
REPORTED = {
    MAPPED: ("old_commune_mapped", "warning"),
    DIVIDED: ("old_commune_divided", "warning"),
    WRONG_PROVINCE: ("commune_not_in_province", "error"),
    AMBIGUOUS: ("ambiguous_commune", "error"),
    UNKNOWN: ("unknown_commune", "error"),
    UNKNOWN_EARLY: ("commune_not_listed", "warning"),
}
"""Problem code and severity of each outcome that is reported (all but OK)."""


@attrs.frozen(kw_only=True)
class Outcome:
    """What one distinct (province, commune text) resolved to."""

    kind: int
    code: str | None = None
    vi: str = ""
    en: str = ""


def commune_text(text: str) -> str:
    """The code of "Xã Bạch Thông (02014)" (the template's drop-down), else the text."""
    match = _CODE_IN_BRACKETS.search(text)
    return match.group(1) if match else text.strip()


def _label(unit: AdminUnit) -> str:
    return f"{unit.full_name} ({unit.code})"


class CommuneResolver:
    """Resolves commune texts of rows dated inside ``commune_set``'s period."""

    def __init__(self, units: UnitRegistry, commune_set: UnitSet) -> None:
        self.set = commune_set
        self.provinces = units.unit_set_on(commune_set.valid_to or commune_set.valid_from)
        self.earlier = units.predecessor(commune_set)
        if self.earlier is not None:
            self.crosswalk = units.crosswalk(self.earlier.id, commune_set.id)
            old_provinces = units.unit_set_on(self.earlier.valid_to or self.earlier.valid_from)
            into = units.crosswalk(old_provinces.id, self.provinces.id)
            self.olds_of: dict[str, list[str]] = {}
            for old, new in into.items():
                self.olds_of.setdefault(new, []).append(old)

    def province_name(self, code: str) -> str:
        unit = self.provinces.find(code)
        return unit.full_name if unit is not None else code

    def resolve(self, province: str, text: str, early: bool) -> Outcome:
        key = commune_text(text)
        unit = self.set.find(key, parent=province)  # a code (of any province) or a name of this one
        if unit is not None:
            if unit.parent == province:
                return Outcome(kind=OK, code=unit.code)
            return self._wrong_province(unit, province, self.provinces)
        if self.earlier is not None:
            found = self._earlier(key, province)
            if found is not None:
                return found
        if self._ambiguous(key, province):
            return Outcome(
                kind=AMBIGUOUS,
                vi=f"nhiều xã, phường của {self.province_name(province)} có tên “{text}”: ghi mã xã",
                en=f"several communes of province {province} are named “{text}”: give the commune's code",
            )
        hint = self.set.suggest(key, parent=province)
        vi_hint = f" Có phải là {_label(hint)}?" if hint is not None else ""
        en_hint = f" Did you mean {_label(hint)}?" if hint is not None else ""
        if early:
            as_of = self.set.as_of
            return Outcome(
                kind=UNKNOWN_EARLY,
                vi=f"không có trong danh mục {self.set.name} (lập theo tình hình ngày {as_of:%d/%m/%Y}): "
                f"có thể là xã đã sáp nhập trước đó, vẫn được nhận.{vi_hint}",
                en=f"not in the commune list {self.set.id} (as of {as_of}): perhaps merged before then; "
                f"accepted.{en_hint}",
            )
        return Outcome(
            kind=UNKNOWN,
            vi=f"không có xã, phường này của {self.province_name(province)} trong {self.set.name}.{vi_hint}",
            en=f"no such commune of province {province} in the commune list {self.set.id}.{en_hint}",
        )

    def _wrong_province(self, unit: AdminUnit, province: str, provinces: UnitSet) -> Outcome:
        owner = provinces.find(unit.parent or "")
        owner_name = owner.full_name if owner is not None else unit.parent
        return Outcome(
            kind=WRONG_PROVINCE,
            vi=f"{_label(unit)} thuộc {owner_name}, không thuộc {self.province_name(province)} đã ghi ở dòng này",
            en=f"commune {unit.code} belongs to province {unit.parent}, not to province {province} given on this row",
        )

    def _earlier(self, key: str, province: str) -> Outcome | None:
        assert self.earlier is not None
        old = self.earlier.find(key)
        if old is None:
            for old_province in self.olds_of.get(province, []):
                old = self.earlier.find(key, parent=old_province)
                if old is not None:
                    break
        if old is None:
            return None
        new = self.set[self.crosswalk[old.code]]
        if new.parent != province:
            return self._wrong_province(new, province, self.provinces)
        since = f"{self.set.valid_from:%d/%m/%Y}"
        where = f"{old.full_name}, {old.district}" if old.district else old.full_name
        if len(old.divided_into) > 1:
            others = ", ".join(_label(self.set[c]) for c in old.divided_into if c != new.code)
            return Outcome(
                kind=DIVIDED,
                code=new.code,
                vi=f"{where} (mã cũ {old.code}) đã được chia từ {since} cho {_label(new)} và {others}: "
                f"số liệu được ghi vào {_label(new)}, chỉ chính xác ở cấp tỉnh",
                en=f"old commune {old.code} was divided on {self.set.valid_from} among {new.code} and others: "
                f"its figures go to {new.code}, exact only at province level",
            )
        return Outcome(
            kind=MAPPED,
            code=new.code,
            vi=f"{where} (mã cũ {old.code}) đã nhập vào {_label(new)} từ {since}: đã chuyển sang mã mới",
            en=f"old commune {old.code} became part of {new.code} on {self.set.valid_from}: mapped to the new code",
        )

    def _ambiguous(self, key: str, province: str) -> bool:
        folded = fold_commune_name(key)
        return sum(1 for u in self.set.children(province) if fold_commune_name(u.name) == folded) > 1


@attrs.frozen(kw_only=True)
class Resolved:
    """The rows' communes after the check: a categorical of codes (or the text as given where
    not resolved), and per outcome kind the rows and their messages."""

    communes: pd.Categorical[str]
    issues: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]
    """(kind, row mask, Vietnamese message per masked row, English message per masked row)."""


def resolve_communes(
    communes: pd.Categorical[str], province: pd.Categorical[str], dates: pd.Series, units: UnitRegistry
) -> Resolved:
    """Resolve every row's commune against the set in force on its date (vectorised by
    distinct province and text)."""
    texts = np.asarray(communes.categories, dtype=object)
    provinces = np.asarray(province.categories, dtype=object)
    # int32: a code a row, with room for the codes names resolve to (ten million rows: 40 MB each)
    commune_codes = np.asarray(communes.codes, dtype=np.int32)
    province_codes = np.asarray(province.codes, dtype=np.int32)
    values = dates.to_numpy(dtype="datetime64[ns]")
    known = (commune_codes >= 0) & (province_codes >= 0) & ~np.isnat(values)
    categories: dict[str, int] = {str(t): i for i, t in enumerate(texts)}
    result = commune_codes.copy()
    issues: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
    width = len(texts) + 1
    for commune_set in (s for s in units.sets if s.level == "commune"):
        start = np.datetime64(commune_set.valid_from, "ns")
        in_set = known & (values >= start)
        if commune_set.valid_to is not None:
            in_set &= values <= np.datetime64(commune_set.valid_to, "ns")
        if not in_set.any():
            continue
        early = np.zeros(len(values), dtype=bool)
        if commune_set.as_of is not None:
            early = values < np.datetime64(commune_set.as_of, "ns")
        rows = np.flatnonzero(in_set)
        key = (province_codes[rows].astype(np.int64) * width + commune_codes[rows]) * 2 + early[rows]
        inverse, distinct = pd.factorize(key)
        del key
        resolver = CommuneResolver(units, commune_set)
        outcomes = [
            resolver.resolve(str(provinces[(k // 2) // width]), str(texts[(k // 2) % width]), bool(k % 2))
            for k in distinct
        ]
        codes = np.array(
            [categories.setdefault(o.code, len(categories)) if o.code else -2 for o in outcomes], dtype=np.int32
        )
        kinds = np.array([o.kind for o in outcomes], dtype=np.int8)
        per_row = codes[inverse]
        changed = per_row >= 0
        result[rows[changed]] = per_row[changed]
        row_kinds = kinds[inverse]
        vi = np.array([o.vi for o in outcomes], dtype=object)
        en = np.array([o.en for o in outcomes], dtype=object)
        for kind in REPORTED:
            hit = row_kinds == kind
            if hit.any():
                mask = np.zeros(len(values), dtype=bool)
                mask[rows[hit]] = True
                issues.append((kind, mask, vi[inverse[hit]], en[inverse[hit]]))
    names = pd.Index(list(categories), dtype=object)
    dtype = np.min_scalar_type(-len(names) - 1)
    resolved = pd.Categorical.from_codes(result.astype(dtype), categories=names, validate=False)
    if len(names) > len(texts):  # texts now read as codes ("bach thong" → "02014") are no longer used
        resolved = resolved.remove_unused_categories()
    return Resolved(communes=resolved, issues=issues)
