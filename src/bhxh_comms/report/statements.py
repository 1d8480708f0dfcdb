"""Every sentence and figure phrase a bundled output prints, as data (``Report.statements``).

Renderers lay these out; they never word a figure, a comparison or a target themselves. The
texts are made by :func:`bhxh_comms.report.narrative.build_statements` from the Report's
tables and facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from bhxh_comms.report.facts import Fact


@attrs.frozen(kw_only=True)
class ActivityLine:
    """One activity type's figures as a table row or a chart bar prints them.

    Without a comparison period the ``previous*`` and ``change*`` texts are empty.
    """

    activity_type: str
    label: str
    unit: str
    has_participants: bool
    """Whether the catalog counts attendances for this type (conferences do, broadcasts not)."""
    count: int
    count_text: str
    previous: int | None
    """The comparison period's count (None without a comparison period)."""
    previous_text: str
    change_cell: str
    """For a table column "Tăng, giảm": "+22,3%", "-8,4%", "0%", "mới" (nothing before), "-";
    empty without a comparison period or when the comparison is not stated (thin data)."""
    change_text: str
    """For a sentence or a chart label: "tăng gấp 2 lần so với năm 2025", "năm 2025 chưa có";
    empty when there is nothing to say or the comparison is not stated (thin data)."""
    direction: str
    """ "up", "down", "same" against the comparison period; "" when not stated."""
    participants: int | None
    """Attendances (None where the type has none)."""
    participants_text: str
    """ "1.500"; "-" where the type has no attendances."""
    participants_previous_text: str
    participants_change_cell: str
    average: float | None = None
    """National lines: the count per province that reported (None for a province's lines)."""
    average_text: str = ""
    short_label: str = ""
    """A column heading ("Nhóm nhỏ"; the label where the catalog gives none)."""


@attrs.frozen(kw_only=True)
class ActivityChanges:
    """The activity types as a whole, without adding counts of different units: how many were
    carried out, and how many rose, fell or stayed against the comparison period."""

    types: int
    active: int
    active_text: str
    """ "9/10"; "-" for a province that did not report."""
    active_previous_text: str
    """ "năm 2024: 8/10"; "" when no change is stated."""
    up: int
    down: int
    same: int
    text: str
    """ "7 hình thức tăng so với năm 2024"; "" when no change is stated."""
    detail: str
    """ "giảm: 2 · không đổi: 1"; "" when no change is stated."""
    direction: str
    """ "up" when more rose than fell, "down", "same"; "" when no change is stated."""


@attrs.frozen(kw_only=True)
class TargetResult:
    """One unit's result against one target, all units' partner rows folded."""

    target: str
    number: int
    """The target's number in the plan's order, from 1: "chỉ tiêu (3)"."""
    province: str
    name: str
    outcome: str
    """``below``, ``within``, ``above``, ``not_evaluable`` or ``not_reported``."""
    outcome_text: str
    """ "chưa đạt", "đạt", "vượt", "không đánh giá được", "chưa báo cáo"."""
    value_text: str
    """ "6 cuộc", "0,2%", "1/6 hội, đoàn thể"; empty when there is no value."""
    listed: str
    """For a list under a heading that names the measure and the target (``below_heading``):
    "6 cuộc", "0,9%, trong đó 0%", "1/6"."""
    short: str
    """For a list under a heading that names the measure: "6 cuộc/10–12 cuộc", "0,2%/100%"."""
    result: str
    """A clause on its own: "đạt 6 cuộc/10–12 cuộc", "đạt 0,2% số tuần … (chỉ tiêu: 100%)"."""


def _results(value: Iterable[TargetResult]) -> tuple[TargetResult, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class TargetStatement:
    """One target: its share of units and the units below it."""

    target: str
    number: int
    label: str
    phrase: str
    """The count of units, the same form for every target: "31/34 tỉnh đạt", "2/3 tỉnh đã báo
    cáo đạt; 31 tỉnh chưa báo cáo"."""
    sentence: str
    """As a report's sentence (no final stop): "100% BHXH tỉnh đạt chỉ tiêu …"."""
    numbered: str
    """ "(1) Hội nghị với …: 2/3 tỉnh đã báo cáo đạt; 31 tỉnh chưa báo cáo"."""
    units: int
    reported: int
    evaluated: int
    met: int
    below_heading: str
    """What the figures of :attr:`below` are, with the target: "chỉ tiêu 10–12 cuộc", "tỷ lệ số
    xã, phường có hội nghị; chỉ tiêu 15–20%", "số hội, đoàn thể đạt hoặc vượt 1–3 cuộc/tổng số"."""
    below: tuple[TargetResult, ...] = attrs.field(converter=_results)
    """The units below the target, in the unit set's order."""
    below_text: str
    """ "Các tỉnh chưa đạt (chỉ tiêu 10–12 cuộc): Hà Nội (6 cuộc), Cao Bằng (0 cuộc)." (empty
    when none is below)."""
    note: str = ""
    """How a province's several rows are judged (per-partner targets), for legends; else ""."""


@attrs.frozen(kw_only=True)
class ProvinceStatement:
    """One province: whether it reported, its paragraph, its activities and its targets."""

    province: str
    name: str
    status: str
    """``reported``, ``late`` or ``missing``."""
    status_text: str
    """ "đã báo cáo", "báo cáo muộn", "chưa báo cáo"."""
    paragraph: str
    """ "Trong năm 2026, BHXH Hà Nội đã triển khai thực hiện được 8 hội nghị … ." or
    "BHXH Cao Bằng chưa gửi báo cáo năm 2026." """
    activities: tuple[ActivityLine, ...]
    """One line per activity type; for a province that did not report its figures read "-"
    (the comparison period's are kept)."""
    activity_changes: ActivityChanges
    participants: Fact | None
    """Attendances over every activity type, with the comparison where one is stated."""
    participants_text: str
    """Attendances as a table cell ("1.500"; "-" for a province that did not report)."""
    participants_previous_text: str
    """The comparison period's attendances ("" without a comparison period)."""
    participants_change_cell: str
    """ "+22,3%", "mới", "-" ("" without a comparison period)."""
    targets_met_text: str
    """ "2/5" (targets met / evaluated), "-" when none was evaluated."""
    targets_met: int
    targets_evaluated: int
    """Targets the province was judged on (met, below or above)."""
    targets_below: int
    targets_not_evaluable: int
    targets_not_reported: int
    unmet: tuple[TargetResult, ...] = attrs.field(converter=_results)
    """The targets the province is below, in the plan's order."""
    unmet_text: str
    """ "chỉ tiêu (1) đạt 6 cuộc/10–12 cuộc; chỉ tiêu (4) 1/6 hội, đoàn thể đạt 1–3 cuộc"."""


def _provinces(value: Mapping[str, ProvinceStatement]) -> Mapping[str, ProvinceStatement]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class Statements:
    """What a report says, ready to lay out."""

    national: tuple[str, ...]
    """The results paragraphs (in the style of the Communication Centre's 2022 results report):
    activities that gather people, then the others."""
    activities: tuple[ActivityLine, ...]
    """Every activity type of the catalog, in catalog order."""
    activity_changes: ActivityChanges
    participants: Fact | None
    """National attendances over every activity type."""
    reporting: str
    """ "34/34 tỉnh đã gửi báo cáo năm 2026." or "3/34 tỉnh đã gửi báo cáo năm 2026; 31 tỉnh chưa
    báo cáo: Cao Bằng, …." """
    not_reported: tuple[str, ...]
    """Names of the provinces that did not report, in the unit set's order."""
    targets: tuple[TargetStatement, ...]
    unmet_lead: str
    """The sentence before the list of targets not met: "Đến hết năm 2025, còn 34 BHXH tỉnh, thành
    phố chưa đạt một hoặc một số chỉ tiêu theo Kế hoạch, cụ thể:", or what is true when none is
    below ("… đã báo cáo đều đạt các chỉ tiêu được đánh giá.", "Chưa có tỉnh, thành phố nào được
    đánh giá …"); "" without targets."""
    unreported_note: str
    """ "31 tỉnh chưa gửi báo cáo năm 2026 chưa được đánh giá thực hiện chỉ tiêu." ("" when every
    province reported or there are no targets)."""
    provinces: Mapping[str, ProvinceStatement] = attrs.field(converter=_provinces)
    """By province code, in the unit set's order."""
    notes: tuple[str, ...]
    """What readers of the figures must know (``metadata.notes``, with the thin-comparison note)."""
    national_runs: tuple[tuple[tuple[str, str], ...], ...] = ()
    """:attr:`national` cut into runs for layouts with emphasis: ``(text, "figure")`` bold,
    ``(text, "comparison")`` italic, ``(text, "")`` plain; each paragraph's runs join back
    into it (:func:`bhxh_comms.report.sentences.emphasis_runs`)."""

    @property
    def summary(self) -> str:
        """The national paragraphs as one paragraph."""
        return " ".join(self.national)

    @property
    def unmet_provinces(self) -> tuple[ProvinceStatement, ...]:
        """Provinces below at least one target."""
        return tuple(p for p in self.provinces.values() if p.unmet)

    @property
    def unmet_targets(self) -> tuple[TargetStatement, ...]:
        """Targets at least one province is below."""
        return tuple(t for t in self.targets if t.below)
