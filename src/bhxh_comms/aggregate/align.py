"""Putting activity rows into one unit set before adding them up.

Rows keep the unit set in force on their date (``unit_set`` column). To add 2024 (63
provinces) to or compare it with 2026 (34 provinces), every row's province is mapped through
the crosswalk into the target set — a table look-up on the packed (set, province) codes.
With a commune-level set installed, a row's commune is mapped likewise into the communes of
the target set (a commune divided in 2025 goes to its default new commune).
"""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.aggregate.grouping import key_codes
from bhxh_comms.errors import UnitError
from bhxh_comms.models.units import UnitRegistry, UnitSet
from bhxh_comms.phrasing import format_date, format_number


@attrs.frozen(kw_only=True)
class Alignment:
    """What :func:`align_provinces` did: rows mapped from each earlier set, rows whose commune
    was mapped into the target's communes, and the divided old communes among them."""

    target: str
    mapped_rows: dict[str, int]
    commune_rows: int = 0
    divided_rows: int = 0
    divided_communes: frozenset[str] = frozenset()

    @classmethod
    def combine(cls, parts: list[Alignment]) -> Alignment:
        """What the alignments of disjoint sets of rows did together."""
        mapped: dict[str, int] = {}
        for part in parts:
            for set_id, rows in part.mapped_rows.items():
                mapped[set_id] = mapped.get(set_id, 0) + rows
        return cls(
            target=parts[0].target,
            mapped_rows=mapped,
            commune_rows=sum(p.commune_rows for p in parts),
            divided_rows=sum(p.divided_rows for p in parts),
            divided_communes=frozenset().union(*(p.divided_communes for p in parts)),
        )

    def commune_note(self, units: UnitRegistry, period_label: str = "") -> str | None:
        """The sentence saying communes were mapped, and how many old ones were divided."""
        if not self.commune_rows:
            return None
        commune_set = units.commune_set_for(units.get(self.target))
        assert commune_set is not None  # communes are only mapped into a commune set
        since = commune_set.valid_from
        prefix = f"Số liệu {period_label}: c" if period_label else "C"
        text = (
            f"{prefix}ác xã, phường trước {format_date(since)} được tính theo xã, phường mới theo bảng chuyển "
            "đổi đơn vị hành chính"
        )
        if self.divided_communes:
            text += (
                f"; {format_number(len(self.divided_communes))} xã, phường cũ bị chia cho nhiều xã, phường mới có số "
                "liệu được ghi vào xã, phường mới mặc định, nên số liệu theo xã của các xã, phường này chỉ chính xác "
                "ở cấp tỉnh"
            )
        return text + "."

    def notes(self, units: UnitRegistry, period_label: str = "") -> tuple[str, ...]:
        """For readers of a signed report: one sentence per earlier unit set whose figures were
        mapped ("Số liệu năm 2024 theo 63 tỉnh, thành phố … được tính theo 34 tỉnh, thành phố …"),
        without row counts (those are :meth:`processing`)."""
        target = units.get(self.target)
        subject = f"Số liệu {period_label}" if period_label else "Số liệu"
        return tuple(
            f"{subject} theo {units.get(set_id).name} được tính theo {target.name} theo bảng chuyển đổi đơn vị "
            "hành chính."
            for set_id, rows in self.mapped_rows.items()
            if rows
        )

    def processing(self, units: UnitRegistry, period_label: str = "") -> tuple[str, ...]:
        """For the record (JSON, the workbook's notes sheet): how many rows were mapped from
        each earlier unit set."""
        target = units.get(self.target)
        prefix = f"Số liệu {period_label}: " if period_label else ""
        return tuple(
            f"{prefix}{format_number(rows)} dòng theo {units.get(set_id).name} đã được chuyển sang {target.name} theo "
            "bảng chuyển đổi đơn vị hành chính."
            for set_id, rows in self.mapped_rows.items()
            if rows
        )


def unit_sets_of(dates: pd.Series, units: UnitRegistry) -> pd.Categorical:
    """The province unit set in force on each date (for logs without a ``unit_set`` column)."""
    result = np.full(len(dates), None, dtype=object)
    for unit_set in units.sets:
        if unit_set.level != "province":
            continue
        mask = dates >= pd.Timestamp(unit_set.valid_from)
        if unit_set.valid_to is not None:
            mask &= dates <= pd.Timestamp(unit_set.valid_to)
        result[mask.to_numpy()] = unit_set.id
    return pd.Categorical(result)


def align_provinces(log: pd.DataFrame, units: UnitRegistry, target: UnitSet) -> tuple[pd.DataFrame, Alignment]:
    """``log`` with ``province`` recoded into ``target`` (categories = its codes, in order)."""
    unit_set = log["unit_set"] if "unit_set" in log else pd.Series(unit_sets_of(log["date"], units), index=log.index)
    set_codes, set_ids = key_codes(unit_set)
    province_codes, provinces = key_codes(log["province"].astype("category"))
    target_codes = list(target.codes)
    position = {code: i for i, code in enumerate(target_codes)}
    table = np.full((len(set_ids) + 1, len(provinces) + 1), -1, dtype=np.int64)
    for i, set_id in enumerate(set_ids, start=1):
        try:
            mapping = units.crosswalk(str(set_id), target.id)
        except UnitError:
            raise UnitError(
                f"không chuyển được số liệu từ {set_id} sang {target.id}",
                f"cannot map rows of unit set {set_id} to {target.id}: no crosswalk",
            ) from None
        for j, code in enumerate(provinces, start=1):
            new = mapping.get(str(code))
            if new is not None:
                table[i, j] = position[new]
    new_codes = table[set_codes, province_codes]
    # assign (not copy): with copy-on-write the other columns are shared, not duplicated.
    out = log.assign(
        province=pd.Categorical.from_codes(np.asarray(new_codes, dtype=np.int64), categories=pd.Index(target_codes)),
        unit_set=pd.Categorical.from_codes(np.zeros(len(log), dtype=np.int8), categories=pd.Index([target.id])),
    )
    counts = np.bincount(set_codes, minlength=len(set_ids) + 1)
    mapped = {
        str(set_ids[c - 1]): int(counts[c]) for c in range(1, len(set_ids) + 1) if str(set_ids[c - 1]) != target.id
    }
    alignment = Alignment(target=target.id, mapped_rows=mapped)
    if "commune" in out and units.has_communes:
        out, alignment = _align_communes(out, units, target, alignment)
    return out, alignment


def _align_communes(
    log: pd.DataFrame, units: UnitRegistry, target: UnitSet, alignment: Alignment
) -> tuple[pd.DataFrame, Alignment]:
    """Communes named on rows dated before ``target``'s commune set came into force, mapped
    into it through the crosswalk (a code the earlier set does not know stays as it is)."""
    commune_set = units.commune_set_for(target)
    earlier = units.predecessor(commune_set) if commune_set is not None else None
    if commune_set is None or earlier is None:
        return log, alignment
    before = (log["date"] < pd.Timestamp(commune_set.valid_from)).to_numpy()
    commune = log["commune"]
    if not isinstance(commune.dtype, pd.CategoricalDtype):
        commune = commune.astype("category")
    codes = commune.cat.codes.to_numpy(dtype=np.int64)
    needs = before & (codes >= 0)
    if not needs.any():
        return log, alignment
    crosswalk = units.crosswalk(earlier.id, commune_set.id)
    categories = [str(c) for c in commune.cat.categories]
    new_names = [crosswalk.get(c, c) for c in categories]
    merged = list(dict.fromkeys([*categories, *new_names]))
    position = {c: i for i, c in enumerate(merged)}
    table = np.array([position[c] for c in new_names], dtype=np.int64)
    divided = np.array([c in earlier and len(earlier[c].divided_into) > 1 for c in categories], dtype=bool)
    result = codes.copy()
    result[needs] = table[codes[needs]]
    hit_divided = needs & np.append(divided, False)[codes]
    out = log.assign(commune=pd.Categorical.from_codes(result, categories=pd.Index(merged, dtype=object)))
    return out, attrs.evolve(
        alignment,
        commune_rows=int(needs.sum()),
        divided_rows=int(hit_divided.sum()),
        divided_communes=frozenset(np.asarray(categories, dtype=object)[np.unique(codes[hit_divided])].tolist()),
    )
