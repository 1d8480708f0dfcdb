"""A rejects workbook sent back corrected is a set of corrections to its original submission.

Every row of the rejects workbook says where it came from: the original file's name, sheet
and row, and the original's hash (``Tệp gốc``, ``Trang tính``, ``Dòng gốc``, ``Mã bản gửi``).
Read back, alone or with the original files, its rows:

- belong to the original's submission (they do not compete with it as a later file would);
- set aside the original rows they correct, so the errors of those rows are not reported
  again (each corrected row counts once, from the corrections);
- stay rejected where still wrong, still pointing at the original, so the next rejects file
  does too;
- are not used when the original has changed since (its hash differs: the province sent a
  new version), which is said;
- stay rejected, as duplicates, where equal to a row the original still counts (a rejects
  workbook sent back unchanged adds no copy of a duplicate row).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.ingest.columns import CANONICAL, ORIGIN
from bhxh_comms.ingest.parse import as_text, is_blank
from bhxh_comms.ingest.rejects import submission_hash
from bhxh_comms.ingest.result import ISSUE_COLUMNS, IngestResult
from bhxh_comms.messages import Message, counted, note, warning
from bhxh_comms.phrasing import format_number


def _sources(ingest: IngestResult) -> list[str]:
    found = [*ingest.accepted["source"].astype(str), *ingest.rejected["source"].astype(str)]
    return list(dict.fromkeys(found))


def _key(frame: pd.DataFrame, source: str, sheet: str, row: str) -> pd.Series:
    """A text key of (file name, sheet, row) for matching rows across files."""
    names = frame[source].astype(str).map(lambda s: Path(s).name)
    sheets = frame[sheet].astype(object).where(frame[sheet].notna(), "")
    return names + "\x1f" + sheets.astype(str) + "\x1f" + frame[row].astype(str)


@attrs.frozen(kw_only=True)
class Corrections:
    """What the corrections files among the inputs change."""

    ingest: IngestResult
    """The ingest result with the corrected original rows and stale corrections set aside."""
    submitted_as: Mapping[int, str]
    """For accepted rows of a corrections file (by position): the original source they belong to."""
    messages: tuple[Message, ...]


def _origin_keys(frame: pd.DataFrame, origins: pd.DataFrame) -> pd.Series:
    """For each row of ``frame``: the key of the original row it corrects ("" when none)."""
    index = dict(
        zip(
            _key(origins, "source", "sheet", "row"),
            _key(origins, "origin_source", "origin_sheet", "origin_row"),
            strict=True,
        )
    )
    return _key(frame, "source", "sheet", "row").map(lambda key: index.get(key, ""))


def _stale(
    origins: pd.DataFrame, originals: Mapping[str, str], known: Mapping[str, str]
) -> tuple[np.ndarray, list[Message]]:
    """Rows of corrections made to an earlier version of a file given now (its hash differs)."""
    current = {name: known.get(source) or submission_hash(source) for name, source in originals.items()}
    name = origins["origin_source"].astype(str).map(lambda s: Path(s).name)
    recorded = origins["origin_hash"].astype(object)
    stale = (name.isin(list(originals)) & recorded.notna() & (recorded != name.map(current))).to_numpy()
    messages = [
        warning(
            f"{Path(str(corrections)).name} sửa một bản cũ của {original} (tỉnh đã gửi bản mới): "
            f"{format_number(len(part))} dòng sửa không được dùng",
            f"{Path(str(corrections)).name} corrects an earlier version of {original} (a new one was sent): "
            f"its {len(part)} rows are not used",
            code="corrections_stale",
        )
        for (corrections, original), part in origins.loc[stale].groupby([origins["source"], name[stale]], sort=True)
    ]
    return stale, messages


def _ranks(accepted: pd.DataFrame, rejected: pd.DataFrame, corrections: set[str]) -> dict[str, tuple[int, float, int]]:
    """The order of attempts: the originals first, then corrections files by the time they were
    saved, then as given."""
    sources = pd.unique(
        np.concatenate([accepted["source"].astype(str).to_numpy(), rejected["source"].astype(str).to_numpy()])
    )
    ranks = {}
    for number, source in enumerate(sources):
        path = Path(str(source))
        saved = path.stat().st_mtime if path.is_file() else 0.0
        ranks[str(source)] = (int(source in corrections), saved, number)
    return ranks


def apply_corrections(ingest: IngestResult, *, hashes: Mapping[str, str] | None = None) -> Corrections:
    """Apply the corrections files among ``ingest``'s inputs (see the module). ``hashes`` gives
    the short hash of sources no longer on disk (a store's), by source."""
    origins = ingest.origins
    if not len(origins):
        return Corrections(ingest=ingest, submitted_as={}, messages=())
    corrections_files = set(origins["source"].astype(str))
    originals = {Path(s).name: s for s in _sources(ingest) if s not in corrections_files}
    stale, messages = _stale(origins, originals, hashes or {})
    stale_rows = set(_key(origins.loc[stale], "source", "sheet", "row"))
    live = origins.loc[~stale]
    accepted, rejected, issues = ingest.accepted, ingest.rejected, ingest.issues

    # Every attempt at one original row (the row itself, then each correction of it): the
    # latest attempt stands, accepted or still wrong; the earlier ones are set aside.
    rank = _ranks(accepted, rejected, corrections_files)
    fixes = _origin_keys(accepted, live)
    own = _key(rejected, "source", "sheet", "row")
    of_original = _origin_keys(rejected, live).where(lambda k: k != "", own)
    attempts = pd.DataFrame(
        {
            "key": [*fixes, *of_original],
            "rank": [*accepted["source"].astype(str).map(rank), *rejected["source"].astype(str).map(rank)],
            "accepted": [True] * len(accepted) + [False] * len(rejected),
            "position": [*range(len(accepted)), *range(len(rejected))],
        }
    )
    attempts = attempts[attempts["key"] != ""]
    latest = attempts.groupby("key")["rank"].transform("max")
    earlier = attempts[attempts["rank"] < latest]
    aside_accepted = _key(accepted, "source", "sheet", "row").isin(stale_rows).to_numpy().copy()
    aside_accepted[earlier.loc[earlier["accepted"], "position"].to_numpy(dtype=np.int64)] = True
    aside_rejected = own.isin(stale_rows).to_numpy().copy()
    aside_rejected[earlier.loc[~earlier["accepted"], "position"].to_numpy(dtype=np.int64)] = True
    set_aside = set(own[aside_rejected]) | stale_rows
    keep_issue = ~_key(issues, "source", "sheet", "row").isin(set_aside).to_numpy()

    cleared = int(aside_rejected.sum())
    if cleared:
        files = ", ".join(sorted({Path(k.split("\x1f")[0]).name for k in of_original[aside_rejected]}))
        messages.append(
            note(
                f"{format_number(cleared)} dòng bị loại của {files} đã được sửa bằng tệp sửa lỗi: tính dòng đã sửa",
                f"{counted(cleared, 'rejected row')} of {files} corrected by a corrections file: "
                "the corrected rows count",
                code="corrections_applied",
            )
        )
    kept = accepted.loc[~aside_accepted].reset_index(drop=True)
    belongs = fixes[~aside_accepted].to_numpy(dtype=object)
    # A corrected row the same as a row its original file still has counts once: a rejects
    # workbook sent back unchanged must not add its duplicate row to the original's.
    copies = _copies_of_originals(kept, belongs, originals)
    again_rejected, again_issues = _rejected_as_copies(kept, copies, live)
    if copies.any():
        messages.append(
            warning(
                f"{format_number(int(copies.sum()))} dòng của tệp sửa lỗi giống hệt một dòng của tệp gốc đã được tính: "
                "vẫn bị loại (dòng trùng)",
                f"{counted(int(copies.sum()), 'row')} of a corrections file equal to a row of the original that "
                "counts: still rejected (duplicate)",
                code="correction_duplicates_original",
            )
        )
        kept, belongs = kept.loc[~copies].reset_index(drop=True), belongs[~copies]
    result = attrs.evolve(
        ingest,
        accepted=kept,
        rejected=pd.concat([rejected.loc[~aside_rejected].reset_index(drop=True), again_rejected], ignore_index=True),
        issues=pd.concat([issues.loc[keep_issue].reset_index(drop=True), again_issues], ignore_index=True),
        superseded=ingest.superseded + cleared + int(aside_accepted.sum()),
    )
    # A corrected row counts with its original's submission (the original's path when given).
    submitted_as = {}
    for position in np.flatnonzero(belongs != ""):
        name = str(belongs[position]).split("\x1f")[0]
        submitted_as[int(position)] = originals.get(name, name)
    return Corrections(ingest=result, submitted_as=submitted_as, messages=tuple(messages))


def _copies_of_originals(kept: pd.DataFrame, belongs: np.ndarray, originals: Mapping[str, str]) -> np.ndarray:
    """Rows of corrections files (``belongs``: the key of the original row each corrects, ""
    for other rows) whose values equal an accepted row of that original file."""
    fixing = np.asarray(belongs != "", dtype=bool)
    if not fixing.any():
        return fixing
    values = pd.util.hash_pandas_object(kept[[c for c in CANONICAL if c in kept]], index=False).to_numpy()
    original_of = np.array([originals.get(str(k).split("\x1f")[0], str(k).split("\x1f")[0]) for k in belongs[fixing]])
    sources = kept["source"].astype(str).to_numpy()
    theirs = pd.MultiIndex.from_arrays([sources[~fixing], values[~fixing]])
    mine = pd.MultiIndex.from_arrays([original_of, values[fixing]])
    copies = np.zeros(len(kept), dtype=bool)
    copies[np.flatnonzero(fixing)] = mine.isin(theirs)
    return copies


def _rejected_as_copies(
    kept: pd.DataFrame, copies: np.ndarray, origins: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``kept`` marked ``copies`` as rejected rows (their values as text, where they
    came from and the original they correct) and their issues."""
    rows = kept.loc[copies].reset_index(drop=True)
    vi, en = "dòng trùng hoàn toàn với một dòng của tệp gốc", "exact duplicate of a row of the original file"
    frame = pd.DataFrame(
        {c: rows[c].astype(object).map(lambda v: None if is_blank(v) else as_text(v)) for c in CANONICAL if c in rows}
    )
    for column in ("source", "sheet", "row"):
        frame[column] = rows[column].astype(object).to_numpy()
    keys = _key(rows, "source", "sheet", "row")
    by_key = origins.assign(_k=_key(origins, "source", "sheet", "row")).drop_duplicates("_k").set_index("_k")
    for column in ORIGIN:
        frame[column] = keys.map(by_key[column]).to_numpy() if column in by_key else None
    frame["errors_vi"], frame["errors_en"] = f"Ngày: {vi}", f"Date: {en}"
    issues = pd.DataFrame(
        {
            "source": frame["source"],
            "sheet": frame["sheet"],
            "row": frame["row"],
            "column": "date",
            "letter": "",
            "value": frame["date"],
            "problem": "duplicate",
            "severity": "error",
            "message_vi": vi,
            "message_en": en,
        },
        columns=list(ISSUE_COLUMNS),
    )
    return frame, issues
