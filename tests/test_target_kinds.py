"""A kind of target added by a plugin through ``bhxh_comms_target_kinds`` is read from a
targets file, evaluated, and shown in the scorecard, the JSON and the Excel sheet — with no
change to the core or the bundled plugins."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import attrs
import numpy as np
import pandas as pd
import pytest

from bhxh_comms import PluginError, get_plugin_manager, hookimpl, load_targets, pipeline
from bhxh_comms.plugin import EvaluationContext, Target, TargetKind, classify

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a test dependency (pip install .[test])")


@attrs.frozen(kw_only=True)
class PartnerVarietyTarget(Target):
    """How many different partner organisations a province worked with."""

    kind: ClassVar[str] = "partner_variety"
    value_kind: ClassVar[str] = "count"


def evaluate_variety(target: Target, ctx: EvaluationContext) -> pd.DataFrame:
    rows = ctx.selected(target.select)
    rows = rows[rows["partner"].notna()]
    counts = rows.groupby(rows["province"].astype(str))["partner"].nunique()
    values = counts.reindex(ctx.codes, fill_value=0).to_numpy(dtype=np.float64)
    return ctx.frame(
        target,
        value=values,
        numerator=values,
        denominator=np.nan,
        outcome=classify(values, target.bounds),
        reason="",
    )


class VarietyPlugin:
    @hookimpl
    def bhxh_comms_target_kinds(self) -> Iterable[TargetKind]:
        return [TargetKind(model=PartnerVarietyTarget, evaluate=evaluate_variety)]


TARGETS = """
name = "Thử loại chỉ tiêu mới"

[[target]]
id = "partner_variety"
kind = "partner_variety"
label = "Phối hợp với tối thiểu 2 hội, đoàn thể"
bounds = { minimum = 2 }
wording = { unit = "hội, đoàn thể" }
"""


def activity(province: str, partner: str | None, count: int = 1) -> dict[str, Any]:
    return {
        "province": province,
        "date": "2026-04-01",
        "activity_type": "conference",
        "partner": partner,
        "count": count,
        "participants": 10,
    }


def test_a_plugin_kind_is_evaluated_and_shown_everywhere(tmp_path: Path) -> None:
    pm = get_plugin_manager(autoload=False, extra_plugins=[VarietyPlugin()])
    assert "partner_variety" in pm.target_kinds() and "count_range" in pm.target_kinds()
    path = tmp_path / "chi-tieu.toml"
    path.write_text(TARGETS, encoding="utf-8")
    targets = load_targets(path, pm.catalogs(), kinds=pm.target_models())
    rows = pd.DataFrame([activity("01", "women_union"), activity("01", "youth_union"), activity("19", "women_union")])
    names = ["json", "excel"] if "excel" in get_plugin_manager().renderers() else ["json"]
    pm_with_renderers = get_plugin_manager(extra_plugins=[VarietyPlugin()])
    result = pipeline.run([rows], year=2026, targets=targets, formats=names, out=tmp_path / "out", pm=pm_with_renderers)
    card = result.report.table("scorecard").set_index("province")
    assert card.loc["01", ["value", "outcome"]].tolist() == [2, "within"]
    assert card.loc["19", ["value", "outcome"]].tolist() == [1, "below"]
    assert card.loc["04", "outcome"] == "not_reported"
    (statement,) = result.report.statements.targets
    assert statement.phrase == "1/2 tỉnh đã báo cáo đạt; 32 tỉnh chưa báo cáo"
    assert (
        statement.below_text == "Các tỉnh chưa đạt (chỉ tiêu tối thiểu 2 hội, đoàn thể): Thái Nguyên (1 hội, đoàn thể)."
    )

    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    kinds = {r["kind"] for r in report["tables"]["scorecard"]["rows"]}
    assert kinds == {"partner_variety"}
    if "excel" in names:
        (workbook,) = result.written["excel"]
        sheet = openpyxl.load_workbook(workbook)["Chỉ tiêu"]
        texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
        assert "Phối hợp với tối thiểu 2 hội, đoàn thể" in texts
        assert {"đạt", "chưa đạt", "chưa báo cáo"} <= texts


def test_an_unknown_kind_names_the_plugin_to_install(tmp_path: Path) -> None:
    path = tmp_path / "chi-tieu.toml"
    path.write_text(TARGETS, encoding="utf-8")
    with pytest.raises(Exception, match="partner_variety"):
        load_targets(path)


def test_a_kind_declared_twice_names_both_plugins() -> None:
    class Again(VarietyPlugin):
        @hookimpl
        def bhxh_comms_target_kinds(self) -> Iterable[TargetKind]:
            return [TargetKind(model=PartnerVarietyTarget, evaluate=lambda t, c: evaluate_variety(t, c))]

    pm = get_plugin_manager(autoload=False, extra_plugins=[VarietyPlugin(), Again()])
    with pytest.raises(PluginError, match="target kind 'partner_variety' is declared by both"):
        pm.target_kinds()


def test_a_kind_needs_a_target_model() -> None:
    with pytest.raises(TypeError, match="Target subclass"):
        TargetKind(model=dict, evaluate=evaluate_variety)  # type: ignore[arg-type]
