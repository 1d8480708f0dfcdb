"""Where a synthetic year's rows happen: the activities no target selects, and the communes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.target_context import selector_mask
from bhxh_comms.models.targets import CommuneCoverageTarget
from bhxh_comms.synthetic_year.rows import Rows
from bhxh_comms.synthetic_year.units import YearUnits

# Activities no target selects: rows per commune over a year, by type.
BACKGROUND = {
    "conference": 0.5,
    "small_group": 1.2,
    "launch_event": 0.05,
    "online_conference": 0.03,
    "press": 0.6,
    "portal_post": 0.8,
    "social_post": 1.2,
    "publication": 0.4,
    "training": 0.02,
}
PROVINCE_LEVEL = {"press", "portal_post", "social_post", "publication"}  # rows without a commune


def background(
    rows: Rows, frame: YearUnits, provinces: Sequence[str], groups: Sequence[str | None], themes: Sequence[str | None]
) -> None:
    """Activities no target selects, in proportion to each province's communes."""
    for province in provinces:
        n_communes = len(frame.communes.get(province, ()))
        for activity_type, per_commune in BACKGROUND.items():
            n = int(rows.rng.poisson(per_commune * n_communes))
            rows.add(province, activity_type, n, subject_groups=groups, themes=themes)


def place(
    log: pd.DataFrame,
    frame: YearUnits,
    coverage: Mapping[str, int],
    target: CommuneCoverageTarget | None,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Communes for the rows without one: rows a coverage target selects go to the province's
    chosen communes (each of them at least once, a tenth of them held at province level);
    province-level types get none; the others any commune of the province."""
    pieces = [log]
    selected = selector_mask(log, target.select) if target is not None else np.zeros(len(log), dtype=bool)
    unplaced = log["commune"].isna().to_numpy()
    province_level = log["activity_type"].isin(list(PROVINCE_LEVEL)).to_numpy()
    for key, group in log.groupby("province", sort=False).indices.items():
        province = str(key)
        communes = frame.communes.get(province, np.array([], dtype=object))
        if not len(communes):
            continue
        free = group[unplaced[group] & ~province_level[group] & ~selected[group]]
        log.loc[log.index[free], "commune"] = communes[rng.integers(0, len(communes), len(free))]
        if target is None or province not in coverage:
            continue
        chosen = rng.permutation(communes)[: coverage[province]]
        covered = group[unplaced[group] & selected[group]]
        covered = covered[rng.random(len(covered)) >= 0.1]  # a tenth at province level
        if len(covered) < len(chosen):  # more communes to cover than conferences: hold more
            extra = pd.DataFrame(
                {
                    "province": province,
                    "commune": chosen[len(covered) :],
                    "date": rng.permutation(log["date"].to_numpy())[: len(chosen) - len(covered)],
                    "activity_type": target.select.activity_types[0] if target.select.activity_types else "conference",
                    "subject_group": None,
                    "theme": None,
                    "partner": None,
                    "count": 1,
                    "participants": rng.integers(40, 150, len(chosen) - len(covered)).astype(float),
                }
            )
            pieces.append(extra)
            chosen = chosen[: len(covered)]
        if len(chosen):  # every chosen commune once, the other conferences among them
            assignment = chosen[rng.integers(0, len(chosen), len(covered))]
            assignment[rng.permutation(len(covered))[: len(chosen)]] = chosen
            log.loc[log.index[covered], "commune"] = assignment
    return pd.concat(pieces, ignore_index=True)
