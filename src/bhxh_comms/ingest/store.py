"""The national store: validated submissions kept between runs.

The office rebuilds the report many times a season; the store validates each file once.
``Store.ingest`` reads and validates new files, applies corrections and the submission policy
(:mod:`~bhxh_comms.ingest.submissions`) against what the store already holds, and records the
result; ``Store.log`` gives the accepted rows of a period without validating again.

Layout of the folder (readable as-is by DuckDB, Polars, Spark: Hive partitions)::

    store.json                               what this folder is (schema version)
    rows/year=2026/province_code=19/data.parquet
                                             accepted rows, one file per year and province
    rejected.parquet                         rows rejected and not yet corrected
    submissions.parquet                      one row per file, province and year received
    decisions.json                           what the submission policy and corrections decided
    corrected.parquet                        which original file each stored corrected row corrects
    cache/dong-bi-loai-<key>.xlsx            the rejects workbook, built once per state of the rejects

A change is a transaction: everything is written into ``.journal/<id>/`` first, a ``COMMIT``
mark is written, then the files are moved into place. A run killed before the mark leaves the
store as it was (the journal is removed when the store is next opened); after the mark, the
next opening finishes the moves. Two runs at once: the second waits for the first (up to a
timeout) or fails with a clear message, never a torn store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from bhxh_comms.errors import InputError, UnitError
from bhxh_comms.files import atomic_path
from bhxh_comms.ingest.columns import ORIGIN
from bhxh_comms.ingest.completeness import completeness_table, registered
from bhxh_comms.ingest.corrections import apply_corrections
from bhxh_comms.ingest.logfile import CATEGORICAL
from bhxh_comms.ingest.parse import is_blank, map_unique, parse_date
from bhxh_comms.ingest.reader import read_reports
from bhxh_comms.ingest.rejects import submission_hash
from bhxh_comms.ingest.result import IngestResult
from bhxh_comms.ingest.sources import Input
from bhxh_comms.ingest.submissions import apply_policy, file_time, without_replaced_files
from bhxh_comms.messages import Message, note
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry, UnitSet

SCHEMA = "bhxh-comms/store/1"
META, ROWS, REJECTED, SUBMISSIONS = "store.json", "rows", "rejected.parquet", "submissions.parquet"
CORRECTED = "corrected.parquet"  # which original file each stored row of a corrections file corrects
CACHE = "cache"  # files derived from the store (the rejects workbook), rebuilt when what they derive from changes
CHUNK_ROWS = 2_000_000
"""About how many rows a report reads from the store at a time (about 0,25 GB): smaller chunks
keep memory low and, on this project's 2-core machine, are no slower than reading ten million
rows at once (``benchmarks/aggregate_beyond_memory.py``)."""
DECISIONS = "decisions.json"
_LOCK, _JOURNAL, _COMMIT = ".lock", ".journal", "COMMIT"
_CATEGORIES = ("activity_type", "subject_group", "theme", "partner")
SUBMISSION_COLUMNS = ("source", "file", "province", "year", "sent", "sha256", "accepted", "rejected", "state")


class StoreError(InputError):
    """A folder that is not a store, or a store that cannot be used now."""


def _read_partitions(paths: Sequence[Path], columns: Sequence[str] | None, period: Period | None) -> pd.DataFrame:
    """The rows of ``paths`` in their order (of ``period`` only, when given)."""
    names = pq.read_schema(paths[0]).names
    wanted_columns = names if columns is None else [c for c in names if c in set(columns)]
    where = None
    if period is not None:
        where = [("date", ">=", pd.Timestamp(period.start)), ("date", "<=", pd.Timestamp(period.end))]
    # A partition at a time, on every core, each into pandas at once: the Arrow buffers of one
    # partition are freed before the next is read, so the rows are never held twice.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        frames = list(pool.map(lambda path: _read_partition(path, wanted_columns, where), paths))
    log = pd.DataFrame({c: concat_column([f[c] for f in frames]) for c in wanted_columns}, copy=False)
    del frames
    pa.default_memory_pool().release_unused()  # else freed Arrow pages stay held while the report is built
    return log


def _province_of(code: str, units: UnitRegistry, unit_set: UnitSet) -> str | None:
    """The province of ``unit_set`` the rows of a partition ``code`` belong to, whichever
    province set the code is of (None: none, or several)."""
    found = set()
    for other in units.sets:
        if other.level != "province" or code not in other.codes:
            continue
        if other.id == unit_set.id:
            found.add(code)
            continue
        try:
            mapped = units.crosswalk(other.id, unit_set.id).get(code)
        except UnitError:
            return None
        if mapped is None:
            return None
        found.add(mapped)
    return found.pop() if len(found) == 1 else None


def _read_partition(path: Path, columns: Sequence[str], where: list[tuple[str, str, Any]] | None) -> pd.DataFrame:
    """One partition file as pandas: text as categoricals (read as dictionaries, never as Python
    strings), ``participants`` as Int64 from Arrow's values and validity (not through float64)."""
    table = pq.read_table(
        path, columns=list(columns), read_dictionary=[c for c in CATEGORICAL if c in columns], filters=where
    )
    participants = None
    if "participants" in table.column_names:
        column = table.column("participants").combine_chunks()
        values = column.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        participants = pd.arrays.IntegerArray(values, column.is_null().to_numpy(zero_copy_only=False))
    frame: pd.DataFrame = table.to_pandas(split_blocks=True, self_destruct=True)
    for column in CATEGORICAL:
        if column in frame and not isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("category")
    if participants is not None:
        frame["participants"] = participants
    return frame


def concat_column(pieces: Sequence[pd.Series]) -> Any:
    """One column from pieces of it (partitions, chunks); categoricals keep their codes, recoded
    into the union of the pieces' categories (in order of first appearance), never through text."""
    if not isinstance(pieces[0].dtype, pd.CategoricalDtype):
        return pd.concat(pieces, ignore_index=True)
    categories = pd.Index(np.concatenate([p.cat.categories.to_numpy(dtype=object) for p in pieces])).unique()
    codes = np.empty(sum(len(p) for p in pieces), dtype=np.min_scalar_type(-len(categories) - 1))
    at = 0
    for piece in pieces:
        recode = np.append(categories.get_indexer(piece.cat.categories), -1).astype(codes.dtype)
        codes[at : at + len(piece)] = recode[piece.cat.codes.to_numpy()]  # code -1 (missing) takes the last: -1
        at += len(piece)
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


@attrs.frozen(kw_only=True)
class StoreIngest:
    """What one ``ingest`` did: what was read, what was decided, which partitions were written."""

    ingest: IngestResult
    messages: tuple[Message, ...]
    partitions: tuple[tuple[int, str], ...]


def _partition(folder: Path, year: int, province: str) -> Path:
    # Not "province=": the rows keep their own ``province`` column (a code such as "01" that a
    # Hive reader would read back from the path as the number 1, clashing with the column).
    return folder / ROWS / f"year={year}" / f"province_code={province}"


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


class Store:
    """A national store in a folder (see the module). Use :meth:`open`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def open(cls, folder: str | os.PathLike[str], *, create: bool = False) -> Store:
        """The store in ``folder``; with ``create``, a new one when the folder is empty or absent.
        An interrupted change is finished or undone first."""
        path = Path(folder)
        meta = path / META
        if not meta.is_file():
            if not create:
                raise StoreError(f"{path} không phải kho số liệu", f"{path} is not a store (no {META})")
            if path.exists() and any(path.iterdir()):
                raise StoreError(
                    f"{path} có tệp khác: không tạo kho ở đây", f"{path} holds other files: no store is created there"
                )
            path.mkdir(parents=True, exist_ok=True)
            with atomic_path(meta) as tmp:
                tmp.write_text(json.dumps({"schema": SCHEMA}) + "\n", encoding="utf-8")
        elif json.loads(meta.read_text(encoding="utf-8")).get("schema") != SCHEMA:
            raise StoreError(f"{path}: phiên bản kho không đọc được", f"{path}: unknown store schema")
        store = cls(path)
        if (path / _JOURNAL).is_dir() and any((path / _JOURNAL).iterdir()):
            with store._locked(timeout=60.0):
                store._recover()
        return store

    @contextlib.contextmanager
    def reading(self, *, timeout: float = 60.0) -> Iterator[Store]:
        """Hold off writers while reading several parts (rows, rejects, submissions) that must
        agree: an ``ingest`` finishing meanwhile waits until the block ends."""
        with self._locked(timeout=timeout, shared=True):
            yield self

    # -- reading ---------------------------------------------------------------------------

    def years(self) -> list[int]:
        found = (self.folder / ROWS).glob("year=*") if (self.folder / ROWS).is_dir() else ()
        return sorted(int(p.name.split("=", 1)[1]) for p in found)

    def log(
        self,
        period: Period | None = None,
        *,
        years: Iterable[int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The accepted rows (of ``period``, or of ``years``), as validated when they came in,
        typed as :func:`~bhxh_comms.ingest.read_log` types a log; with ``columns``, only those
        (reading fewer columns is much faster: the free-text note alone costs as much as the
        figures). Rows come year by year, so a year's rows are contiguous."""
        parts = self._partitions(period, years)
        return _read_partitions([path for path, _ in parts], columns, period) if parts else pd.DataFrame()

    def rows(self, period: Period | None = None, *, years: Iterable[int] | None = None) -> int:
        """How many accepted rows the partitions of ``period`` (or ``years``) hold, from their
        metadata (nothing is read); rows of those years outside ``period`` included."""
        return sum(rows for _, rows in self._partitions(period, years))

    def chunks(
        self,
        *,
        years: Iterable[int],
        units: UnitRegistry,
        unit_set: UnitSet,
        columns: Sequence[str] | None = None,
        max_rows: int = CHUNK_ROWS,
    ) -> Iterator[tuple[list[str], pd.DataFrame]]:
        """The rows of ``years`` a few provinces of ``unit_set`` at a time, in its order: (the
        provinces' codes, their rows and those of the earlier units merged into them), about
        ``max_rows`` rows each (a province is never split). For
        :func:`~bhxh_comms.report.build.build_report_in_parts`: memory follows the chunk, not
        the store. A partition whose code maps to no province of ``unit_set`` or to several
        (a unit divided between provinces) puts everything in one chunk."""
        parts = self._partitions(None, years)
        owner = {path: _province_of(path.parent.name.split("=", 1)[1], units, unit_set) for path, _ in parts}
        if any(code is None for code in owner.values()):
            yield list(unit_set.codes), _read_partitions([path for path, _ in parts], columns, None)
            return
        size: dict[str, int] = {}
        for path, rows in parts:
            size[str(owner[path])] = size.get(str(owner[path]), 0) + rows
        groups: list[list[str]] = [[]]
        for number, code in enumerate(unit_set.codes):
            groups[-1].append(code)
            following = unit_set.codes[number + 1] if number + 1 < len(unit_set.codes) else None
            held = sum(size.get(c, 0) for c in groups[-1])
            if following is not None and held and held + size.get(following, 0) > max_rows:
                groups.append([])
        if len(groups) > 1 and not any(size.get(c, 0) for c in groups[-1]):
            groups[-2] += groups.pop()  # provinces without rows at the end go with the last group
        # Every province is in a group, rows or not: a province that sent nothing is still
        # scored (not reported) by the group it is in.
        for group in groups:
            chosen = set(group)
            paths = [path for path, _ in parts if owner[path] in chosen]
            if paths:
                yield group, _read_partitions(paths, columns, None)

    def _partitions(self, period: Period | None, years: Iterable[int] | None) -> list[tuple[Path, int]]:
        """The partition files of ``period`` (or ``years``) year by year, each with its rows."""
        wanted = set(years) if years is not None else None
        if period is not None:
            span = set(range(period.start.year, period.end.year + 1))
            wanted = span & wanted if wanted is not None else span
        return [
            (part, pq.read_metadata(part).num_rows)
            for year in self.years()
            if wanted is None or year in wanted
            for part in sorted((self.folder / ROWS / f"year={year}").glob("province_code=*/data.parquet"))
        ]

    def rejected(self) -> pd.DataFrame:
        """The rows rejected and not corrected since."""
        path = self.folder / REJECTED
        return pd.read_parquet(path) if path.is_file() else pd.DataFrame()

    def submissions(self) -> pd.DataFrame:
        """One row per file, province and year received: when, its hash, rows accepted and
        rejected, and whether it still counts (``counted``) or was replaced."""
        path = self.folder / SUBMISSIONS
        if not path.is_file():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in SUBMISSION_COLUMNS})
        return pd.read_parquet(path)

    def decisions(self, years: Iterable[int]) -> list[Message]:
        """What was decided (replacements, identical files, corrections) when files of
        ``years`` came in, in the order it was decided."""
        wanted = set(years)
        return [Message.from_dict(d["message"]) for d in self._decided() if wanted & set(d["years"])]

    def corrected(self) -> pd.DataFrame:
        """The stored rows of corrections files (``source``, ``sheet``, ``row``) and the
        original file each corrects (``original``)."""
        path = self.folder / CORRECTED
        if not path.is_file():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in _FIX_COLUMNS})
        return pd.read_parquet(path)

    def state_of_rejects(self) -> str:
        """A digest of the rejected rows as stored: it changes with every ingest that changes them."""
        path = self.folder / REJECTED
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "none"

    def cached(self, name: str, key: str, build: Callable[[Path], object]) -> Path:
        """A file derived from the store, kept in ``cache/`` under ``key`` (a digest of all it
        derives from): built by ``build(path)`` the first time, reused while the key stays,
        the other versions of ``name`` removed. Raises :class:`OSError` where the store's folder
        cannot be written (a copy on read-only media): the caller then builds its own."""
        folder = self.folder / CACHE
        stem, suffix = Path(name).stem, Path(name).suffix
        path = folder / f"{stem}-{key[:24]}{suffix}"
        if not path.is_file():
            folder.mkdir(exist_ok=True)
            with atomic_path(path) as tmp:
                build(tmp)
            for old in folder.glob(f"{stem}-*{suffix}"):
                if old != path:
                    old.unlink(missing_ok=True)
        return path

    def sent_times(self) -> dict[str, dt.datetime]:
        """When each file was sent, by source."""
        known = self.submissions()
        return {
            str(s): pd.Timestamp(t).to_pydatetime()
            for s, t in zip(known["source"], known["sent"], strict=True)
            if not pd.isna(t)
        }

    def inputs(self, periods: Sequence[Period]) -> list[dict[str, Any]]:
        """The files that count for ``periods``, as a run's manifest lists its inputs: the
        store, then each file with its hash and when it was sent."""
        years = {y for p in periods for y in range(p.start.year, p.end.year + 1)}
        known = self.submissions()
        mine = known[known["year"].astype(int).isin(years) & (known["state"] == "counted")]
        files = mine.drop_duplicates("source")
        return [
            {"path": str(self.folder), "store": SCHEMA},
            *(
                {"path": str(f), "sha256": str(h), "sent": pd.Timestamp(t).isoformat()}
                for f, h, t in zip(files["file"], files["sha256"], files["sent"], strict=True)
            ),
        ]

    def _decided(self) -> list[dict[str, Any]]:
        path = self.folder / DECISIONS
        found: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        return found

    # -- writing ---------------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[Input],
        *,
        period: Period | None = None,
        comparison_period: Period | None = None,
        catalogs: Catalogs,
        units: UnitRegistry,
        policy: str = "auto",
        progress: TextIO | None = None,
        timeout: float = 60.0,
    ) -> StoreIngest:
        """Validate ``inputs`` and record them: corrections and the submission policy are
        applied against what the store holds; only the year-and-province partitions that
        change are rewritten, in one transaction. With ``period`` (and ``comparison_period``)
        rows dated outside them are rejected, as :func:`~bhxh_comms.ingest.read_reports` does."""
        with self._locked(timeout=timeout):
            self._recover()
            new = read_reports(
                list(inputs),
                period=period,
                comparison_period=comparison_period,
                catalogs=catalogs,
                units=units,
                progress=progress,
            )
            # A file read again (the same path) is its new version: what the store holds of it goes,
            # in every year it held rows of (even where the new version has none).
            again = _sources(new.accepted) | _sources(new.rejected)
            again |= {p.source for p in new.file_problems}
            known = self.submissions()
            years_again = set(known.loc[known["source"].astype(str).isin(again), "year"].astype(int))
            years = sorted(
                set(new.accepted["date"].dt.year.astype(int)) | self._years_of_corrections(new) | years_again
            )
            held = self.log(years=years)
            kept = held.loc[~held["source"].isin(list(again)).to_numpy()] if len(held) else held
            received_again = _received_again(known, again)
            before = known
            known = known.loc[~known["source"].astype(str).isin(again).to_numpy()]
            stored_rejects = self.rejected()
            if len(stored_rejects):
                stored_rejects = stored_rejects.loc[~stored_rejects["source"].astype(str).isin(again).to_numpy()]
            combined = _combine(kept, stored_rejects, new)
            hashes = {str(s): str(h) for s, h in zip(known["source"], known["sha256"], strict=True) if h}
            times = {
                str(s): pd.Timestamp(t).to_pydatetime() for s, t in zip(known["source"], known["sent"], strict=True)
            }
            corrections = apply_corrections(combined, hashes=hashes)
            result = corrections.ingest
            # Rows of corrections files stored before count with the originals they corrected,
            # as the ones read now do: never as a later file replacing those originals.
            earlier_fixes = self.corrected()
            earlier_fixes = earlier_fixes[~earlier_fixes["source"].astype(str).isin(again).to_numpy()]
            submitted_as = {**_corrected_positions(result.accepted, earlier_fixes), **corrections.submitted_as}
            fixes = pd.concat([earlier_fixes, _corrected_rows(result.accepted, corrections.submitted_as)])
            order = [
                *known.sort_values("sent")["source"].astype(str),
                *(str(x) for x in new.accepted["source"].unique()),
            ]
            accepted, decided = apply_policy(
                result.accepted,
                [Period.year(y) for y in years],
                units,
                policy=policy,
                declared=result.declared_years,
                order=list(dict.fromkeys(order)),
                submitted_as=submitted_as,
                times=times,
            )
            result, cleared = without_replaced_files(result, accepted)
            changed = _changed(held, accepted, years)
            submissions = _submissions(known, new, accepted, result.rejected, hashes, years)
            uncovered = _no_longer_covered(before, submissions, again, units)
            messages = (*received_again, *corrections.messages, *decided, *cleared, *uncovered)
            decisions = self._decided()
            said = {d["message"]["vi"] for d in decisions}
            decisions += [
                {"years": years, "message": m.as_dict()}
                for m in messages
                if m.vi not in said and m.code != "submission_unchanged"
            ]
            self._commit(accepted, changed, result.rejected, submissions, decisions, fixes)
            return StoreIngest(ingest=new, messages=messages, partitions=tuple(changed))

    def status(
        self,
        period: Period,
        units: UnitRegistry,
        *,
        due: dt.date | None = None,
        received: Mapping[str, dt.datetime] | None = None,
    ) -> pd.DataFrame:
        """Per province of the unit set in force at the end of ``period``: the completeness
        table (reported, received, rows, late, status; see
        :func:`~bhxh_comms.ingest.completeness.completeness_table`) with the files that count
        (``files``), those replaced (``replaced``) and the rows rejected and not yet corrected
        (``rejected``). ``received`` is when the last counted file was sent (local time), or
        received by the office's register ``received`` (as ``pipeline.run`` takes it) where it
        names the file.

        A file none of whose rows was accepted still says who sent it: its rejected rows count
        for the province and year they name, and a province that sent only such files has the
        status "đã gửi, chưa có dòng hợp lệ" (it has not reported). Rejected rows whose province
        or date cannot be read are counted in ``table.attrs["rejected_unplaced"]``."""
        with self.reading():
            known, rejected = self.submissions(), self.rejected()
        known = known[known["year"].astype(int).between(period.start.year, period.end.year)]
        known = known.assign(province=known["province"].astype(str), sent=_local(known["sent"]))
        counted = known[known["state"] == "counted"]
        if received:  # one look-up per file, not per row
            days = {s: registered(received, s) for s in counted["source"].astype(str).unique()}
            given = counted["source"].astype(str).map({s: e[1] for s, e in days.items() if e is not None})
            counted = counted.assign(sent=pd.to_datetime(given).fillna(counted["sent"]))
        by_province = counted.groupby("province")
        table = completeness_table(
            units.unit_set_on(period.end), by_province["accepted"].sum(), by_province["sent"].max(), due=due
        )
        files = table["province"].map(by_province["source"].nunique()).fillna(0).astype("int64")
        replaced = table["province"].map(known[known["state"] != "counted"].groupby("province")["source"].nunique())
        bad, unplaced = _rejected_by_province(rejected, known, period, units)
        table = table.assign(
            files=files,
            replaced=replaced.fillna(0).astype("int64"),
            rejected=table["province"].map(bad).fillna(0).astype("int64"),
        )
        only_rejected = ~table["reported"] & (table["rejected"] > 0)
        table.loc[only_rejected, "status"] = SENT_NOTHING_VALID
        table.attrs["rejected_unplaced"] = unplaced
        return table

    # -- internals -------------------------------------------------------------------------

    def _years_of_corrections(self, new: IngestResult) -> set[int]:
        """Years of the stored files that the corrections among ``new`` refer to."""
        if not len(new.origins):
            return set()
        names = set(new.origins["origin_source"].astype(str).map(lambda s: Path(s).name))
        known = self.submissions()
        mine = known[known["file"].astype(str).isin(names)]
        return {int(y) for y in mine["year"]}

    @contextlib.contextmanager
    def _locked(self, *, timeout: float, shared: bool = False) -> Iterator[None]:
        handle = (self.folder / _LOCK).open("a")
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        waited = 0.0
        try:
            while True:
                try:
                    fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES) or waited >= timeout:
                        raise StoreError(
                            f"kho {self.folder} đang được một lệnh khác dùng (đã chờ {waited:.0f} giây): "
                            "hãy chạy lại khi lệnh đó xong",
                            f"the store {self.folder} is in use by another run (waited {waited:.0f} s): "
                            "run again when it has finished",
                        ) from None
                    time.sleep(0.2)
                    waited += 0.2
            yield
        finally:
            handle.close()

    def _commit(
        self,
        accepted: pd.DataFrame,
        changed: Sequence[tuple[int, str]],
        rejected: pd.DataFrame,
        known: pd.DataFrame,
        decisions: list[dict[str, Any]],
        fixes: pd.DataFrame,
    ) -> None:
        journal = self.folder / _JOURNAL / uuid.uuid4().hex
        journal.mkdir(parents=True)
        groups = _partition_rows(accepted)
        plan = []
        writes = []
        for year, province in changed:
            rows = groups.get((year, province), np.zeros(0, dtype=np.intp))
            target = _partition(Path(), year, province)
            if len(rows):
                staged = journal / target / "data.parquet"
                staged.parent.mkdir(parents=True)
                writes.append((rows, staged))
            plan.append({"partition": str(target), "rows": len(rows)})

        def write(job: tuple[np.ndarray, Path]) -> None:
            pq.write_table(_plain(accepted.iloc[job[0]]), job[1])
            _fsync(job[1])

        # Arrow writes without the GIL: the partitions are written on every core.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(write, writes))
        _to_parquet(_storable(rejected), journal / REJECTED)
        _to_parquet(known, journal / SUBMISSIONS)
        _to_parquet(fixes, journal / CORRECTED)
        (journal / DECISIONS).write_text(json.dumps(decisions, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync(journal / DECISIONS)
        (journal / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
        (journal / _COMMIT).write_text("", encoding="utf-8")
        _fsync(journal / _COMMIT)
        self._apply(journal)

    def _apply(self, journal: Path) -> None:
        """Move a committed journal's files into place; safe to repeat after an interruption."""
        plan = json.loads((journal / "plan.json").read_text(encoding="utf-8"))
        for step in plan:
            staged, target = journal / step["partition"], self.folder / step["partition"]
            if step["rows"] and not staged.exists():
                continue  # moved before an interruption
            if target.exists():
                shutil.rmtree(target)
            if step["rows"]:
                target.parent.mkdir(parents=True, exist_ok=True)
                staged.rename(target)
        for name in (REJECTED, SUBMISSIONS, DECISIONS, CORRECTED):
            if (journal / name).exists():
                (journal / name).replace(self.folder / name)
        shutil.rmtree(journal)

    def _recover(self) -> None:
        root = self.folder / _JOURNAL
        for journal in sorted(root.iterdir()) if root.is_dir() else ():
            if (journal / _COMMIT).is_file():
                self._apply(journal)
            else:
                shutil.rmtree(journal, ignore_errors=True)


def _local(times: pd.Series) -> pd.Series:
    """Aware times as naive local times (as file dates are shown); naive ones as they are."""
    stamps = pd.to_datetime(times)
    if getattr(stamps.dt, "tz", None) is None:
        return stamps
    zone = dt.datetime.now().astimezone().tzinfo
    return stamps.dt.tz_convert(zone).dt.tz_localize(None)


def _sources(frame: pd.DataFrame) -> set[str]:
    """The files a log's rows come from."""
    return {str(s) for s in frame["source"].unique()} if len(frame) else set()


_FIX_COLUMNS = ("source", "sheet", "row", "original")


def _fix_keys(frame: pd.DataFrame) -> pd.Series:
    return (
        frame["source"].astype(str)
        + "\x1f"
        + frame["sheet"].astype(object).fillna("").astype(str)
        + "\x1f"
        + frame["row"].astype("int64").astype(str)
    )


def _corrected_positions(accepted: pd.DataFrame, fixes: pd.DataFrame) -> dict[int, str]:
    """Positions in ``accepted`` of the rows ``fixes`` records, and the original of each (only
    the rows of corrections files are keyed: the others are many and never among them)."""
    if not len(fixes) or not len(accepted):
        return {}
    candidates = np.flatnonzero(accepted["source"].astype(str).isin(set(fixes["source"].astype(str))).to_numpy())
    if not candidates.size:
        return {}
    originals = _fix_keys(accepted.iloc[candidates]).map(dict(zip(_fix_keys(fixes), fixes["original"], strict=True)))
    found = originals.notna().to_numpy()
    return {int(p): str(o) for p, o in zip(candidates[found], originals.to_numpy()[found], strict=True)}


def _corrected_rows(accepted: pd.DataFrame, submitted_as: Mapping[int, str]) -> pd.DataFrame:
    """The rows of corrections files read now (positions in ``accepted``) and their originals."""
    positions = list(submitted_as)
    rows = accepted.iloc[positions]
    return pd.DataFrame(
        {
            "source": rows["source"].astype(str).to_numpy(),
            "sheet": rows["sheet"].astype(object).to_numpy(),
            "row": rows["row"].astype("int64").to_numpy(),
            "original": [submitted_as[p] for p in positions],
        }
    )


SENT_NOTHING_VALID = "đã gửi, chưa có dòng hợp lệ"
"""The status of a province whose files were all rejected (:meth:`Store.status`)."""


def _rejected_by_province(
    rejected: pd.DataFrame, known: pd.DataFrame, period: Period, units: UnitRegistry
) -> tuple[pd.Series, int]:
    """Rejected rows per province for ``period``, each row by the province and year it names
    itself (a national file holds many provinces, a file many years). A row whose date cannot
    be read belongs to the period when its file has accepted rows in it (``known``: the
    period's submissions); a row whose province cannot be read, to its file's province when the
    file has one. Also how many rows of the period, or of no readable date, have no province."""
    if not len(rejected):
        return pd.Series(dtype="int64"), 0
    named = pd.Series(map_unique(rejected["province"], lambda text: _province_code(units, text, period.end)))
    years = pd.Series(map_unique(rejected["date"], lambda value: getattr(parse_date(value), "year", None)))
    years = pd.to_numeric(years, errors="coerce")
    sources = rejected["source"].astype(str)
    files = known.groupby(known["source"].astype(str))["province"]
    single = files.nunique() == 1
    owner = sources.map(files.first()[single]).reset_index(drop=True)
    in_files = sources.isin(set(known["source"].astype(str))).to_numpy()
    undated = years.isna().to_numpy()
    inside = years.between(period.start.year, period.end.year).to_numpy()
    province = named.where(named.notna(), owner).to_numpy(dtype=object)
    belongs = inside | (undated & in_files)
    placed = belongs & pd.notna(province)
    unplaced = int((belongs & ~placed).sum() + (undated & ~in_files).sum())
    return pd.Series(province[placed]).value_counts(), unplaced


def _province_code(units: UnitRegistry, text: Any, on: dt.date) -> str | None:
    """The code, in the units in force ``on``, of the province a rejected row names (None: none)."""
    try:
        return units.resolve(str(text), on=on).unit.code
    except UnitError:
        return None


def _no_longer_covered(
    before: pd.DataFrame, after: pd.DataFrame, again: set[str], units: UnitRegistry
) -> list[Message]:
    """A file read again that no longer holds a province's year it held, where it had replaced
    other files: their rows are not in the store any more (a replaced file's rows are not
    kept), so the user is told which files to send again."""

    def counted(table: pd.DataFrame) -> set[tuple[str, str, int]]:
        rows = table[table["state"] == "counted"]
        return {
            (str(s), str(p), int(y)) for s, p, y in zip(rows["source"], rows["province"], rows["year"], strict=True)
        }

    lost = {key for key in counted(before) if key[0] in again} - counted(after)
    replaced = before[(before["state"] != "counted") & ~before["source"].astype(str).isin(again)]
    messages = []
    for source, province, year in sorted(lost):
        mask = (replaced["province"].astype(str) == province) & (replaced["year"].astype(int) == year)
        others = sorted({Path(str(x)).name for x in replaced.loc[mask, "source"]})
        if not others:
            continue
        names, name = ", ".join(others), Path(source).name
        with contextlib.suppress(KeyError, UnitError):  # a code no longer known: said as the code
            province = units.unit_set_on(dt.date(year, 12, 31))[province].name
        messages.append(
            Message(
                severity="warning",
                vi=f"{name} (gửi lại) không còn số liệu của {province} năm {year}, mà trước đó đã thay {names}: "
                f"số liệu của {names} không còn trong kho, hãy nhập lại nếu vẫn đúng",
                en=f"{name} (read again) no longer holds {province} for {year}, where it had replaced {names}: "
                f"their rows are no longer in the store; ingest them again if they still hold",
                code="replaced_file_uncovered",
            )
        )
    return messages


def _received_again(known: pd.DataFrame, again: set[str]) -> list[Message]:
    """One note per file the store already holds that is read again: its new version replaces it."""
    said = []
    for source, sent, sha in known.drop_duplicates("source")[["source", "sent", "sha256"]].itertuples(index=False):
        if str(source) not in again:
            continue
        name, when = Path(str(source)).name, pd.Timestamp(sent)
        if submission_hash(str(source)) == sha:
            said.append(
                note(
                    f"{name} nhận lại, không đổi so với bản đã nhận ({when:%d/%m/%Y %H:%M})",
                    f"{name} received again, unchanged since {when:%Y-%m-%d %H:%M}",
                    code="submission_unchanged",
                )
            )
            continue
        said.append(
            note(
                f"{name} nhận lại: bản này thay bản đã nhận ({when:%d/%m/%Y %H:%M})",
                f"{name} received again: this version replaces the one received before ({when:%Y-%m-%d %H:%M})",
                code="submission_received_again",
            )
        )
    return said


def _plain(frame: pd.DataFrame) -> pa.Table:
    """The rows as an Arrow table of plain types (text as strings, not dictionaries), so that
    every partition has the same schema and any reader can put them together; Parquet's own
    dictionary encoding keeps the files small."""
    fields, columns = [], []
    for name in frame.columns:
        values = frame[name]
        array = pa.Array.from_pandas(values.reset_index(drop=True))
        if pa.types.is_dictionary(array.type):
            array = array.dictionary_decode()
        if pa.types.is_null(array.type) or pa.types.is_large_string(array.type):
            array = array.cast(pa.string())
        elif pa.types.is_timestamp(array.type):
            array = array.cast(pa.timestamp("us"))  # one unit in every partition
        fields.append(pa.field(name, array.type))
        columns.append(array)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


_TYPED = {"empty", "string", "integer", "floating", "mixed-integer-float", "decimal", "boolean", "datetime", "date"}


def _storable(rejected: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows keep their cells as read: dates from a workbook, text from a CSV. A column
    holding both cannot be one Parquet column, so such a column is kept as text (a date as
    ``YYYY-MM-DD``, as a CSV would have it); the rejects workbook reads it back the same way."""
    mixed = [
        c
        for c in rejected.columns
        if rejected[c].dtype == object and pd.api.types.infer_dtype(rejected[c], skipna=True) not in _TYPED
    ]
    if not mixed:
        return rejected
    return rejected.assign(**{c: rejected[c].map(_as_stored_text) for c in mixed})


def _as_stored_text(value: Any) -> Any:
    if not isinstance(value, str) and is_blank(value):
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _to_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.reset_index(drop=True).to_parquet(path, index=False)
    _fsync(path)


def _combine(held: pd.DataFrame, rejected: pd.DataFrame, new: IngestResult) -> IngestResult:
    """The store's rows and the new ones as one ingest result (the stored ones first)."""
    accepted = new.accepted
    if len(held):
        old, fresh = _conformed(held, new.accepted)
        accepted = pd.concat([old, fresh], ignore_index=True)
    old_rejected = rejected if len(rejected) else new.rejected.iloc[:0]
    all_rejected = pd.concat([old_rejected.astype(object), new.rejected.astype(object)], ignore_index=True)
    for column in ORIGIN:
        if column not in all_rejected:
            all_rejected[column] = pd.NA
    return attrs.evolve(
        new,
        accepted=accepted,
        rejected=all_rejected,
        rows_read=len(accepted) + len(all_rejected) + new.superseded,
    )


def _conformed(held: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both logs with the same dtypes, ``new``'s (categoricals on the union of both's
    categories), so that they concatenate without turning every cell into a Python object."""
    old_columns, new_columns = {}, {}
    for column in new.columns:
        target = new[column].dtype
        values = held[column] if column in held else pd.Series(pd.NA, index=held.index, dtype=object)
        if isinstance(target, pd.CategoricalDtype):
            mine = values.astype("category")
            union = target.categories.union(mine.cat.categories, sort=False)
            both = pd.CategoricalDtype(union)
            old_columns[column] = mine.astype(both)
            new_columns[column] = new[column].astype(both)
        else:
            old_columns[column] = values.astype(target)
            new_columns[column] = new[column]
    return pd.DataFrame(old_columns, index=held.index), pd.DataFrame(new_columns, index=new.index)


def _partition_rows(frame: pd.DataFrame) -> dict[tuple[int, str], np.ndarray]:
    """The positions of the rows of each (year, province) partition."""
    if not len(frame):
        return {}
    keys = pd.DataFrame({"year": frame["date"].dt.year.to_numpy(), "province": frame["province"].array})
    groups = keys.groupby(["year", "province"], sort=False, observed=True).indices
    return {(int(key[0]), str(key[1])): np.asarray(rows) for key, rows in groups.items()}  # type: ignore[index]


def _changed(held: pd.DataFrame, accepted: pd.DataFrame, years: Sequence[int]) -> list[tuple[int, str]]:
    """The (year, province) partitions whose rows differ from what the store holds."""
    old, now = _conformed(held, accepted) if len(held) else (held, accepted)

    def signature(frame: pd.DataFrame) -> dict[tuple[int, str], tuple[int, int]]:
        if not len(frame):
            return {}
        hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
        return {
            key: (len(rows), int(hashes[rows].sum(dtype=np.uint64)))  # wraps around: a multiset hash
            for key, rows in _partition_rows(frame).items()
        }

    before, after = signature(old), signature(now)
    keys = {k for k in set(before) | set(after) if k[0] in years}
    return sorted(k for k in keys if before.get(k) != after.get(k))


def _keys(frame: pd.DataFrame) -> dict[tuple[str, str, int], int]:
    """Rows per (source, province, year) of an accepted log."""
    if not len(frame):
        return {}
    keys = pd.DataFrame(
        {"source": frame["source"], "province": frame["province"], "year": frame["date"].dt.year.to_numpy()}
    )
    sizes = keys.groupby(["source", "province", "year"], sort=False, observed=True).size()
    index = sizes.index
    return {
        (str(s), str(p), int(y)): int(n)
        for s, p, y, n in zip(
            index.get_level_values(0), index.get_level_values(1), index.get_level_values(2), sizes, strict=True
        )
    }


def _submissions(
    known: pd.DataFrame,
    new: IngestResult,
    accepted: pd.DataFrame,
    rejected_rows: pd.DataFrame,
    hashes: dict[str, str],
    years: Sequence[int],
) -> pd.DataFrame:
    """The submissions table after an ingest: each file, province and year of ``years`` (the
    years whose rows were decided again) with its rows now (``counted``), or ``replaced`` when
    none of its rows counts any more; other years' entries as they were (their rows are not in
    ``accepted``: nothing about them was decided)."""
    counted = _keys(accepted)
    touched = known["year"].astype(int).isin(list(years)).to_numpy() if len(known) else np.zeros(0, dtype=bool)
    untouched, known = known.loc[~touched], known.loc[touched]
    before = [
        (str(s), str(p), int(y)) for s, p, y in zip(known["source"], known["province"], known["year"], strict=True)
    ]
    every = list(dict.fromkeys([*before, *_keys(new.accepted), *counted]))
    rejected = rejected_rows["source"].astype(str).value_counts() if len(rejected_rows) else pd.Series(dtype=int)
    hashes = dict(hashes)
    for source, _, _ in every:  # each file hashed once, however many provinces and years it holds
        if source not in hashes:
            hashes[source] = submission_hash(source) or ""
    rows = [
        _submission(*key, counted.get(key, 0), rejected, known, hashes, "counted" if counted.get(key) else "replaced")
        for key in every
    ]
    table = pd.DataFrame(rows, columns=list(SUBMISSION_COLUMNS))
    if len(untouched):
        table = pd.concat([untouched[list(SUBMISSION_COLUMNS)], table], ignore_index=True) if len(table) else untouched
    return table.sort_values(["year", "province", "sent", "source"], kind="stable").reset_index(drop=True)


def _submission(
    source: str,
    province: str,
    year: int,
    size: int,
    rejected: pd.Series,
    known: pd.DataFrame,
    hashes: dict[str, str],
    state: str,
) -> dict[str, object]:
    before = known[known["source"].astype(str) == source]
    sent = before["sent"].iloc[0] if len(before) else file_time(source)
    return {
        "source": source,
        "file": Path(source).name,
        "province": province,
        "year": year,
        "sent": pd.Timestamp(sent) if sent is not None else pd.NaT,
        "sha256": hashes.get(source) or None,
        "accepted": size,
        "rejected": int(rejected.get(source, 0)),
        "state": state,
    }
