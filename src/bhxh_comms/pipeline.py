"""The whole flow in one call: read → aggregate → evaluate → report → render.

>>> # result = run(["bao-cao/"], year=2025, compare=2024, formats=["json", "excel"], out="ket-qua")
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.aggregate.align import align_provinces
from bhxh_comms.aggregate.grouping import group_sum
from bhxh_comms.aggregate.totals import in_period
from bhxh_comms.datafiles import default_targets
from bhxh_comms.errors import InputError, UsageError
from bhxh_comms.files import restamped_office_file, staged_folder
from bhxh_comms.ingest.checks import province_categories
from bhxh_comms.ingest.columns import CANONICAL, ORIGIN
from bhxh_comms.ingest.completeness import completeness_table, registered
from bhxh_comms.ingest.corrections import apply_corrections
from bhxh_comms.ingest.parse import is_blank, parse_date
from bhxh_comms.ingest.reader import read_reports
from bhxh_comms.ingest.rejects import write_rejects
from bhxh_comms.ingest.result import ISSUE_COLUMNS, IngestResult
from bhxh_comms.ingest.sources import Input
from bhxh_comms.ingest.store import CHUNK_ROWS, Store, concat_column
from bhxh_comms.ingest.submissions import POLICIES, apply_policy, without_replaced_files
from bhxh_comms.messages import Message
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import TargetSet
from bhxh_comms.models.units import UnitRegistry
from bhxh_comms.phrasing import format_number
from bhxh_comms.plugin_manager import PluginManager, RegisteredRenderer, get_plugin_manager
from bhxh_comms.render.isolated import render_isolated
from bhxh_comms.render.manifest import input_entry, made_by_a_run, write_manifest
from bhxh_comms.report.build import parts_of, report_from_parts
from bhxh_comms.report.model import Report
from bhxh_comms.text import fold

REJECTS_FILE = "dong-bi-loai.xlsx"
"""The rejected rows of a run, in its output folder, to send back to the provinces."""


@attrs.frozen(kw_only=True)
class RunResult:
    ingest: IngestResult
    report: Report
    written: Mapping[str, tuple[Path, ...]]
    rejects: Path | None
    overlaps: tuple[Message, ...] = ()
    """Provinces reported for a period in more than one input, or the replacements made."""
    render_failures: tuple[Message, ...] = ()
    """Renderers that failed (each named with its plugin); they left no file, the others' stand."""


class NothingToReport(InputError):
    """No row was accepted: no report is made (a report of zero activities would be false).
    ``ingest`` says what was read and why each file or row was refused."""

    def __init__(self, ingest: IngestResult) -> None:
        super().__init__(
            f"không có dòng hợp lệ nào ({format_number(ingest.rows_read)} dòng đọc được): không lập báo cáo",
            f"no row was accepted ({ingest.rows_read} rows read): no report is made",
        )
        self.ingest = ingest


def _province_files(rows: pd.DataFrame, period: Period, units: UnitRegistry) -> pd.DataFrame:
    """Which files carry each province's rows for ``period`` (in the unit set in force at its
    end), and how many: ``province, source, rows``, from the codes (no text per row)."""
    aligned, _ = align_provinces(in_period(rows, period), units, units.unit_set_on(period.end))
    pairs = group_sum(aligned, ["province", "source"], []).dropna(subset=["province", "source"])
    return pd.DataFrame(
        {"province": pairs["province"].astype(str), "source": pairs["source"].astype(str), "rows": pairs["rows"]}
    )


def _completeness_by_file_time(
    files: Iterable[pd.DataFrame],
    period: Period,
    units: UnitRegistry,
    due: dt.date,
    *,
    sent: Mapping[str, dt.datetime] | None = None,
    register: Mapping[str, dt.datetime] | None = None,
    sources: Iterable[str] = (),
) -> tuple[pd.DataFrame, list[Message]]:
    """Completeness with ``received`` = the newest day the files that carry a province's rows
    (``files``: :func:`_province_files` of the rows, or of a store's chunks) came in: by the
    ``register`` (an office's, by source or file name) where it names the file, else by
    ``sent`` (the times a store recorded, by source), else by the file's modification time.
    Also a warning for each name of the register that is none of the files read (``sources``,
    of every period)."""
    pairs = pd.concat(list(files), ignore_index=True)
    register = register or {}
    used: dict[str, list[str]] = {}
    saved: dict[str, dt.date | None] = {}
    for source in pairs["source"].unique():
        path = Path(source)
        entry = registered(register, source)
        if entry is not None:
            used.setdefault(entry[0], []).append(str(source))
            saved[source] = entry[1].date()
        elif sent and source in sent:
            saved[source] = sent[source].date()
        else:
            saved[source] = dt.date.fromtimestamp(path.stat().st_mtime) if path.is_file() else None
    received = pd.to_datetime(pairs["source"].map(saved)).groupby(pairs["province"]).max()
    table = completeness_table(
        units.unit_set_on(period.end), pairs.groupby("province")["rows"].sum(), received, due=due
    )
    read = {str(x) for x in sources} | set(map(str, pairs["source"].unique()))
    read |= {Path(x).name for x in read}
    unknown = [
        Message(
            code="register_unknown_file",
            severity="warning",
            vi=f"sổ nhận tệp ghi “{name}” nhưng không có tệp nào như vậy trong các tệp đã đọc: ngày nhận của nó "
            "không được dùng (kiểm tra tên tệp)",
            en=f"the register names “{name}”, which is none of the files read: its day is not used "
            "(check the file name)",
        )
        for name in register
        if name not in used and name not in read
    ]
    unknown += [
        Message(
            code="register_ambiguous_name",
            severity="warning",
            vi=f"sổ nhận tệp ghi “{name}”, tên của {len(files)} tệp ({', '.join(files)}): ngày nhận được dùng cho cả "
            f"{len(files)} tệp (ghi đường dẫn để phân biệt)",
            en=f"the register names “{name}”, the name of {len(files)} files ({', '.join(files)}): its day is used "
            "for each (give the path to tell them apart)",
        )
        for name, files in used.items()
        if len(files) > 1
    ]
    return table, unknown


def _read_table(path: Path, *, allow_excel: bool) -> pd.DataFrame:
    """A side table (denominators, outcomes) from Parquet, CSV (UTF-8) or, where allowed, Excel."""
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        if allow_excel and path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, engine="calamine", dtype={"province": str})
        return pd.read_csv(path, dtype={"province": str}, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: tệp CSV phải ở dạng mã UTF-8", f"{path}: the CSV file must be encoded in UTF-8"
        ) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{path}: không đọc được tệp ({exc})", f"{path}: cannot read the file ({exc})") from None


def read_denominators(path: str | os.PathLike[str], units: UnitRegistry, on: dt.date) -> pd.DataFrame:
    """A table of denominators (``province`` plus e.g. ``labor_force``, ``collaborators``,
    ``cadres``, ``communes``) from CSV, Parquet or Excel; provinces by code or name."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"không tìm thấy tệp mẫu số {path}", f"denominator file not found: {path}")
    frame = _read_table(path, allow_excel=True)
    if "province" not in frame:
        raise InputError(f"{path}: thiếu cột province", f"{path}: a 'province' column is required")
    frame["province"] = [units.resolve(p, on=on).unit.code for p in frame["province"]]
    # Old provinces given separately (Bắc Kạn and Thái Nguyên) add up into the new one.
    numeric = frame.drop(columns="province").apply(pd.to_numeric, errors="coerce")
    bad = frame.drop(columns="province").notna() & numeric.isna()
    if bad.to_numpy().any():
        row, column = next((int(r), int(c)) for r, c in zip(*np.nonzero(bad.to_numpy()), strict=True))
        value = str(frame.drop(columns="province").iat[row, column])
        raise InputError(
            f"{path}: dòng {row + 2}, cột {bad.columns[column]} = “{value}” không phải là số",
            f"{path}: row {row + 2}, column {bad.columns[column]}: {value!r} is not a number",
        )
    numeric["province"] = frame["province"]
    summed: pd.DataFrame = numeric.groupby("province", sort=False).sum(min_count=1)
    return summed


RECEIVED_COLUMNS = {"file": ("file", "tep", "ten tep"), "received": ("received", "ngay nhan", "ngay gui", "nhan")}
"""The register's columns and the headers (folded) that name them."""


def read_received(path: str | os.PathLike[str]) -> dict[str, dt.datetime]:
    """A register of received files (CSV — comma or semicolon — or Excel: a file name or path
    and the day it was received, e.g. ``Tệp,Ngày nhận`` / ``bao-cao-cao-bang.xlsx,14/01/2026``;
    a time after the day is allowed and not used) as ``pipeline.run(received=…)`` takes it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"không tìm thấy sổ nhận tệp {path}", f"register of received files not found: {path}")
    if path.suffix.lower() == ".csv":
        try:  # the separator sniffed (Excel in a Vietnamese locale saves ";"); no column taken as the index
            frame = pd.read_csv(path, sep=None, engine="python", index_col=False, dtype=str, encoding="utf-8-sig")
        except (UnicodeDecodeError, ValueError, pd.errors.ParserError) as exc:
            raise InputError(f"{path}: không đọc được tệp ({exc})", f"{path}: cannot read the file ({exc})") from None
    else:
        frame = _read_table(path, allow_excel=True)
    names = {fold(str(c)): c for c in frame.columns}
    columns = {}
    for key, headers in RECEIVED_COLUMNS.items():
        found = next((names[h] for h in headers if h in names), None)
        if found is None:
            raise InputError(
                f"{path}: cần hai cột “Tệp” và “Ngày nhận” (có: {', '.join(map(str, frame.columns))})",
                f"{path}: two columns “file” and “received” are needed (found: {', '.join(map(str, frame.columns))})",
            )
        columns[key] = found
    register: dict[str, dt.datetime] = {}
    for row, (name, value) in enumerate(zip(frame[columns["file"]], frame[columns["received"]], strict=True), start=2):
        day = _register_day(value)
        name, value = ("" if is_blank(name) else name), ("" if is_blank(value) else value)
        if not name or day is None:
            raise InputError(
                f"{path}: dòng {row}: cần tên tệp và ngày nhận từ năm 2000 đến 2100 (có “{name}”, “{value}”)",
                f"{path}: row {row}: a file name and the day it was received, 2000 to 2100, are needed "
                f"(got {name!r}, {value!r})",
            )
        register[str(name).strip()] = dt.datetime.combine(day, dt.time())
    return register


def _register_day(value: Any) -> dt.date | None:
    """The day of a register's cell: a date, or text of a date with or without a time after it."""
    if is_blank(value):
        return None
    day = parse_date(value)
    if not isinstance(day, dt.date) and isinstance(value, str):
        day = parse_date(value.strip().replace("T", " ").split()[0])
    if not isinstance(day, dt.date) or not 2000 <= day.year <= 2100:
        return None
    return day


def read_outcomes(path: str | os.PathLike[str], units: UnitRegistry) -> pd.DataFrame:
    """Outcome indicators ``province, date, indicator, value`` from CSV or Parquet."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"không tìm thấy tệp chỉ số {path}", f"outcome file not found: {path}")
    frame = _read_table(path, allow_excel=False)
    missing = {"province", "date", "indicator", "value"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: thiếu cột {sorted(missing)}", f"{path}: missing column(s) {sorted(missing)}")
    dates = pd.to_datetime(frame["date"], errors="coerce", format="mixed", dayfirst=False)
    values = pd.to_numeric(frame["value"], errors="coerce")
    for column, parsed, what_vi, what_en in (
        ("date", dates, "không phải là ngày", "is not a date"),
        ("value", values, "không phải là số", "is not a number"),
    ):
        wrong = parsed.isna() & frame[column].notna()
        if wrong.any():
            row = int(np.flatnonzero(wrong.to_numpy())[0])
            value = frame[column].iloc[row]
            raise InputError(
                f"{path}: dòng {row + 2}, cột {column} = “{value}” {what_vi}",
                f"{path}: row {row + 2}, column {column}: {value!r} {what_en}",
            )
    frame["date"], frame["value"] = dates, values
    frame["province"] = [
        units.resolve(p, on=d.date()).unit.code for p, d in zip(frame["province"], frame["date"], strict=True)
    ]
    return frame


def _processing_lines(ingest: IngestResult, messages: Sequence[Message], *, from_store: bool = False) -> list[str]:
    """How the data was read, for the people who check it (Vietnamese: report text is output;
    messages to the user, such as rejects, stay bilingual). A store keeps no warnings (they
    were said when each file came in): its lines do not count them."""
    counts = (
        f"Số dòng đã đọc: {format_number(ingest.rows_read)}; được chấp nhận: {format_number(len(ingest.accepted))}; "
        f"bị loại: {format_number(len(ingest.rejected))}"
    )
    counts += (
        " (từ kho số liệu; cảnh báo đã được báo khi nhập từng tệp)"
        if from_store
        else f"; cảnh báo: {format_number(len(ingest.warnings))}"
    )
    sources = sorted({str(s) for s in ingest.accepted["source"].unique()})
    return [counts, "Nguồn số liệu: " + ", ".join(Path(s).name for s in sources), *(m.vi for m in messages)]


def _check_destination(destination: Path, force: bool) -> None:
    """A run replaces the folder of an earlier run; any other folder with files in it is
    refused unless ``force``: its files would be lost."""
    if destination.exists() and not destination.is_dir():
        raise UsageError(
            f"{destination} là một tệp, không phải thư mục kết quả", f"{destination} is a file, not an output folder"
        )
    if destination.is_dir() and any(destination.iterdir()) and not made_by_a_run(destination) and not force:
        raise UsageError(
            f"thư mục {destination} có tệp không do bhxh-comms tạo: chọn thư mục khác, "
            "hoặc dùng --force để thay toàn bộ",
            f"{destination} holds files bhxh-comms did not write: choose another folder, or --force to replace it all",
        )


def _write(
    report: Report,
    ingest: IngestResult,
    renderers: Mapping[str, RegisteredRenderer],
    destination: Path,
    options: Mapping[str, Mapping[str, Any]],
    inputs: Sequence[Mapping[str, Any]],
    *,
    write_rejects_into: Callable[[Path], object],
) -> tuple[dict[str, tuple[Path, ...]], Path | None, list[Message]]:
    """Every renderer's files, the rejected rows to correct and the manifest, written into a
    staging folder that replaces ``destination`` in one step when all is written: the folder
    never mixes two runs, and a run that fails or is killed leaves it as it was. A renderer
    that fails costs only its own files."""
    written: dict[str, tuple[Path, ...]] = {}
    failures: list[Message] = []
    rejects: Path | None = None
    with staged_folder(destination) as staging:
        for name, registered in renderers.items():
            outcome = render_isolated(
                registered.renderer, report, staging, options.get(name, {}), origin=registered.plugin.label
            )
            if isinstance(outcome, Message):
                failures.append(outcome)
            else:
                written[name] = tuple(destination / p.relative_to(staging) for p in outcome)
        if len(ingest.rejected):
            write_rejects_into(staging / REJECTS_FILE)
            rejects = destination / REJECTS_FILE
        write_manifest(
            staging,
            generated_at=report.metadata.generated_at,
            inputs=inputs,
            options=options,
            renderers={name: r.plugin.label for name, r in renderers.items() if name in written},
            version=metadata.version("bhxh-comms"),
        )
    return written, rejects, failures


def _cached_rejects(
    store: Store,
    state: str,
    direct: Callable[[Path], object],
    ingest: IngestResult,
    periods: Sequence[Period],
    moment: dt.datetime,
    catalogs: Catalogs,
    units: UnitRegistry,
) -> Callable[[Path], object]:
    """Write the store's rejects workbook by copying the one kept in its cache, stamped with the
    report's time: rebuilding it on every run cost seconds per ten thousand rejected rows. The
    cache key is everything the workbook is made of: the stored rejects, the years, this
    version, the catalogs and the unit sets (names of sheets, drop-downs); ``state`` is
    :meth:`Store.state_of_rejects` read under the same lock as the rows of ``ingest``; ``direct``
    writes the workbook where the store's folder cannot hold the cache."""
    years = sorted({y for p in periods for y in range(p.start.year, p.end.year + 1)})
    made_of = [
        state,
        repr(years),
        metadata.version("bhxh-comms"),
        repr(catalogs),
        repr([(s.id, s.level, s.codes, [u.name for u in s.units]) for s in units.sets]),
    ]
    key = hashlib.sha256("\x00".join(made_of).encode("utf-8")).hexdigest()

    def write(path: Path) -> object:
        try:
            cached = store.cached(
                REJECTS_FILE, key, lambda tmp: write_rejects(ingest, tmp, catalogs=catalogs, units=units)
            )
        except OSError:  # a store that cannot be written to: the workbook is built here
            return direct(path)
        return restamped_office_file(cached, path, moment)

    return write


def _read_inputs(
    inputs: list[Input],
    period: Period,
    comparison: Period | None,
    catalogs: Catalogs,
    units: UnitRegistry,
    *,
    resubmissions: str,
    progress: TextIO | None,
) -> tuple[IngestResult, pd.DataFrame, list[Message]]:
    """Read and validate the inputs, apply corrections and the submission policy."""
    ingest = read_reports(
        inputs, period=period, comparison_period=comparison, catalogs=catalogs, units=units, progress=progress
    )
    corrections = apply_corrections(ingest)
    ingest = corrections.ingest
    if not len(ingest.accepted):
        raise NothingToReport(ingest)
    accepted, decided = apply_policy(
        ingest.accepted,
        [p for p in (period, comparison) if p],
        units,
        policy=resubmissions,
        declared=ingest.declared_years,
        order=[str(s) for s in ingest.accepted["source"].unique()],  # the order read
        submitted_as=corrections.submitted_as,
    )
    ingest, cleared = without_replaced_files(ingest, accepted)
    return ingest, accepted, [*corrections.messages, *decided, *cleared]


# What a report is built from: the row's figures and keys, the unit set it was validated in and
# its file. The free-text note and the sheet and row stay in the store (``Store.log()``).
_REPORTED_COLUMNS = (*(c for c in CANONICAL if c != "note"), "unit_set", "source")


def _canonical(log: pd.DataFrame, catalogs: Catalogs, units: UnitRegistry) -> pd.DataFrame:
    """The categories a validated log has (every province code, every catalog code), set on the
    codes of the categoricals the store gives: no value is converted."""
    log["province"] = log["province"].astype("category").cat.set_categories(province_categories(units))
    for column in ("activity_type", "subject_group", "theme", "partner"):
        codes = list(catalogs.by_kind(column).codes)
        log[column] = log[column].astype("category").cat.set_categories(codes)
    return log


def _store_rejects(store: Store, periods: Sequence[Period]) -> tuple[pd.DataFrame, list[Message]]:
    """A store's rejected rows of the files of ``periods``' years (and of files none of whose
    rows was accepted, which belong to no year), and what was decided when they came in."""
    years = {y for p in periods for y in range(p.start.year, p.end.year + 1)}
    if not store.rows(years=years):
        raise UsageError(
            f"kho “{store.folder}” chưa có dòng hợp lệ nào của năm {', '.join(map(str, sorted(years)))} "
            f"(bhxh-comms status --store {store.folder} cho biết các tỉnh đã gửi gì)",
            f"the store “{store.folder}” holds no valid row of {', '.join(map(str, sorted(years)))} "
            f"(bhxh-comms status --store {store.folder} shows what the provinces sent)",
        )
    known, rejected = store.submissions(), store.rejected()
    files = set(known.loc[known["year"].astype(int).isin(years), "source"].astype(str))
    if len(rejected):
        sources = rejected["source"].astype(str)
        shown = sources.isin(files) | ~sources.isin(set(known["source"].astype(str)))
        rejected = rejected.loc[shown.to_numpy()].reset_index(drop=True)
    else:
        rejected = pd.DataFrame(columns=[*CANONICAL, "source", "sheet", "row", *ORIGIN, "errors_vi", "errors_en"])
    return rejected, store.decisions(years)


def _store_chunks(
    store: Store, periods: Sequence[Period], catalogs: Catalogs, units: UnitRegistry, *, chunk_rows: int
) -> Iterator[tuple[list[str], pd.DataFrame]]:
    years = {y for p in periods for y in range(p.start.year, p.end.year + 1)}
    unit_set = units.unit_set_on(periods[0].end)
    for codes, log in store.chunks(
        years=years, units=units, unit_set=unit_set, columns=_REPORTED_COLUMNS, max_rows=chunk_rows
    ):
        yield codes, _canonical(log, catalogs, units)


def read(
    inputs: Iterable[Input] | Input,
    *,
    period: Period | None = None,
    comparison_period: Period | None = None,
    pm: PluginManager | None = None,
    progress: TextIO | None = None,
) -> IngestResult:
    """Read and validate province reports with the installed catalogs and unit sets (the
    bundled ones and what plugins add); see :func:`~bhxh_comms.ingest.read_reports`."""
    pm = pm or get_plugin_manager()
    return read_reports(
        inputs,
        period=period,
        comparison_period=comparison_period,
        catalogs=pm.catalogs(),
        units=pm.units(),
        progress=progress,
    )


def run(
    inputs: Iterable[Input],
    *,
    year: int | None = None,
    period: Period | None = None,
    compare: int | Period | None = None,
    formats: Sequence[str] = (),
    out: str | os.PathLike[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    denominators: pd.DataFrame | None = None,
    outcomes: pd.DataFrame | None = None,
    targets: TargetSet | None = None,
    pm: PluginManager | None = None,
    generated_at: dt.datetime | None = None,
    progress: TextIO | None = None,
    resubmissions: str = "auto",
    due: dt.date | None = None,
    received: Mapping[str, dt.datetime] | None = None,
    thin_comparison: str = "omit",
    force: bool = False,
    store: Store | None = None,
    chunk_rows: int | None = None,
    **report_options: Any,
) -> RunResult:
    """Read the inputs, build the report for ``year`` (or ``period``) against ``compare``, and
    write each of ``formats`` into ``out``. Rejected rows go to ``out/dong-bi-loai.xlsx``.
    When no row is accepted, :class:`NothingToReport` is raised and nothing is written. A
    renderer that fails leaves no file and is listed in ``render_failures``; the others' files
    are written.

    With ``store`` (and no inputs) the rows come from a national store
    (:class:`~bhxh_comms.ingest.store.Store`), validated when they were ingested, and are added
    up a few provinces at a time, about ``chunk_rows`` rows (default
    :data:`~bhxh_comms.ingest.store.CHUNK_ROWS`) at a time: memory follows ``chunk_rows``, not
    the store. ``ingest.accepted`` then holds only the file (``source``) of each row;
    ``Store.log()`` reads the rows themselves.

    ``out`` is replaced as a whole, in one step, when everything is written (with a
    ``manifest.json`` listing the inputs, options, renderers and every file with its hash): it
    never mixes two runs, and a failed or killed run leaves it as it was. A folder that holds
    files of something else is refused unless ``force``.

    A province reported for a period in several inputs is decided by ``resubmissions`` (see
    :mod:`bhxh_comms.ingest.submissions`): ``"auto"`` (default) counts identical files once,
    lets files of different parts of the period all count, and a file sent clearly later replace
    what it covers; two different files for the same days with neither clearly later raise
    :class:`~bhxh_comms.ingest.submissions.ConflictingSubmissions`. ``"add"`` adds everything up,
    ``"replace"`` lets the input given later replace the earlier. Each decision is one line in
    ``overlaps`` and in ``metadata.processing``.

    With ``due``, a province whose newest input file was sent after that day is marked late in
    the completeness table. When a file was received is, in this order: ``received`` (by the
    input's path as given, or its file name: an office's register of incoming mail, see
    :func:`read_received`), with a store the time it recorded when the file came in, else the
    file's modification time.

    Rows are accepted only when dated in ``period`` or in the comparison period, which must
    end before ``period`` starts (:class:`~bhxh_comms.errors.UsageError` otherwise, before any
    file is read). ``thin_comparison`` is passed to
    :func:`~bhxh_comms.report.build.build_report`: ``"omit"`` (default) states no change
    against a comparison period with too little data, ``"state"`` states it anyway."""
    if resubmissions not in POLICIES:
        raise ValueError(f"resubmissions must be one of {POLICIES}, not {resubmissions!r}")
    pm = pm or get_plugin_manager()
    if period is None:
        if year is None:
            raise ValueError("give year or period")
        period = Period.year(year)
    comparison = Period.year(compare) if isinstance(compare, int) else compare
    if comparison is not None:
        period.check_comparison(comparison)
    renderers = {name: pm.registered_renderer(name) for name in formats}  # an unknown format fails before any work
    if out is not None:
        _check_destination(Path(out), force)
    catalogs, units = pm.catalogs(), pm.units()
    if targets is None:
        targets = default_targets()
    inputs = list(inputs)
    periods = [p for p in (period, comparison) if p]
    chunk_rows = chunk_rows or CHUNK_ROWS
    if store is not None and inputs:
        raise UsageError("chỉ đọc tệp hoặc kho, không cả hai", "give input files or a store, not both")
    common: dict[str, Any] = {
        "period": period,
        "comparison_period": comparison,
        "catalogs": catalogs,
        "units": units,
        "targets": targets,
    }
    summing: dict[str, Any] = {**common, "denominators": denominators, "target_kinds": pm.target_kinds()}
    wording: dict[str, Any] = {
        **common,
        "outcomes": outcomes,
        "generated_at": generated_at,
        "thin_comparison": thin_comparison,
    }
    rejects_state = ""  # a store's rejected rows as read (the key of its cached rejects workbook)
    # A store is held for reading until the report is built: an ingest waits, never half-seen.
    with store.reading() if store is not None else contextlib.nullcontext():
        if store is None:
            ingest, accepted, overlaps = _read_inputs(
                inputs, period, comparison, catalogs, units, resubmissions=resubmissions, progress=progress
            )
            if due is not None and "completeness" not in report_options:
                report_options["completeness"], unknown = _completeness_by_file_time(
                    [_province_files(accepted, period, units)],
                    period,
                    units,
                    due,
                    register=received,
                    sources=[*accepted["source"].astype(str).unique(), *ingest.rejected.get("source", [])],
                )
                overlaps = [*overlaps, *unknown]
            parts = parts_of([(None, accepted)], **summing)
        else:
            rejected, overlaps = _store_rejects(store, periods)
            rejects_state = store.state_of_rejects()  # read under the lock, with the rows it digests
            # What the accounting needs of each chunk is kept as the chunks go by: one pass.
            files_of_rows: list[pd.Series] = []  # the file of each row
            province_files: list[pd.DataFrame] = []  # for the completeness by file time (--due)

            def noting_files() -> Iterator[tuple[list[str], pd.DataFrame]]:
                assert store is not None
                for codes, log in _store_chunks(store, periods, catalogs, units, chunk_rows=chunk_rows):
                    files_of_rows.append(log["source"])
                    if due is not None:
                        province_files.append(_province_files(log, period, units))
                    yield codes, log

            parts = parts_of(noting_files(), **summing)
            if due is not None and "completeness" not in report_options:
                sent = store.sent_times()
                report_options["completeness"], unknown = _completeness_by_file_time(
                    province_files, period, units, due, sent=sent, register=received, sources=sent
                )
                overlaps = [*overlaps, *unknown]
            issues = pd.DataFrame({c: pd.Series(dtype=object) for c in ISSUE_COLUMNS})
            kept = pd.DataFrame({"source": concat_column(files_of_rows)})
            ingest = IngestResult(accepted=kept, rejected=rejected, issues=issues, rows_read=len(kept) + len(rejected))
        processing = _processing_lines(ingest, overlaps, from_store=store is not None)
        report = report_from_parts(parts, processing=processing, **wording, **report_options)
    written: dict[str, tuple[Path, ...]] = {}
    rejects: Path | None = None
    failures: list[Message] = []
    if out is not None:
        if store is not None:
            sources = store.inputs(periods)
        else:
            sources = [input_entry(str(i)) for i in inputs if not isinstance(i, pd.DataFrame)]
        moment = report.metadata.generated_at
        write_rejects_into: Callable[[Path], object] = functools.partial(
            write_rejects, ingest, created=moment, catalogs=catalogs, units=units
        )
        if store is not None:  # the store's rejects change only with an ingest: built once, then copied
            write_rejects_into = _cached_rejects(
                store, rejects_state, write_rejects_into, ingest, periods, moment, catalogs, units
            )
        written, rejects, failures = _write(
            report, ingest, renderers, Path(out), options or {}, sources, write_rejects_into=write_rejects_into
        )
    return RunResult(
        ingest=ingest,
        report=report,
        written=written,
        rejects=rejects,
        overlaps=tuple(overlaps),
        render_failures=tuple(failures),
    )
