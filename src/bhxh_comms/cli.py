"""The ``bhxh-comms`` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bhxh_comms import __version__
from bhxh_comms.datafiles import load_targets
from bhxh_comms.errors import BhxhCommsError, UnitError, UsageError
from bhxh_comms.files import check_output_file
from bhxh_comms.messages import Location, counted, error, note
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry
from bhxh_comms.phrasing import format_number
from bhxh_comms.plugin_manager import PluginManager, get_plugin_manager

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _rows(text: str) -> int:
    try:
        rows = int(text.replace("_", "").replace(".", "").replace(",", ""))
    except ValueError:
        rows = 0
    if rows < 1:
        raise argparse.ArgumentTypeError(f"số dòng không hợp lệ / invalid number of rows: {text!r}")
    return rows


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"năm không hợp lệ / invalid year: {text!r} (1990–2100)")
    return year


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: {text!r} (YYYY-MM-DD)") from None


def cmd_plugins(args: argparse.Namespace) -> int:

    renderers = args.pm.renderers()
    print("Bộ xuất (renderers):")
    width = max((len(n) for n in renderers), default=4)
    for name, registered in renderers.items():
        info = registered.plugin
        origin = f"{info.distribution} {info.version}".strip()
        print(f"  {name:<{width}}  {registered.renderer.extension:<6} {origin:<28} {registered.renderer.description}")
    return EXIT_PROBLEMS if args.pm.failures else EXIT_OK


def _is_commune(text: str) -> bool:
    """A commune is written "commune, [district,] province" or as its five-digit code."""
    stripped = text.strip()
    return "," in stripped or (stripped.isdigit() and len(stripped) == 5)


def cmd_unit(args: argparse.Namespace) -> int:
    units = args.pm.units()
    level = args.level or ("commune" if _is_commune(args.name) else "province")
    if level == "commune":
        return _show_commune(units, args.name, args.on)
    resolution = units.resolve(args.name, on=args.on)
    unit = resolution.unit
    print(f"{unit.code}  {unit.full_name}  ({resolution.unit_set.name})")
    if resolution.mapped_from is not None:
        old = resolution.mapped_from
        print(f"  ← chuyển từ {old.full_name} (mã cũ {old.code}) / mapped from old unit {old.code}")
    for set_id, olds in units.predecessors_of(unit.code, set_id=resolution.unit_set.id).items():
        if olds:
            names = ", ".join(f"{u.code} {u.name}" for u in olds)
            print(f"  gồm ({set_id}): {names}")
    return EXIT_OK


def _show_commune(units: UnitRegistry, text: str, on: dt.date) -> int:
    off = units.commune_checks_note()
    if off is not None:
        raise UnitError(off.vi, off.en)
    resolution = units.resolve_commune(text, on=on)
    unit, commune_set = resolution.unit, resolution.unit_set
    province = units.unit_set_on(on).find(unit.parent or "")
    where = f", {province.full_name} ({province.code})" if province is not None else ""
    print(f"{unit.code}  {unit.full_name}{where}  ({commune_set.name})")
    old, old_set = resolution.mapped_from, resolution.mapped_from_set
    if old is not None and old_set is not None:
        old_province = units.unit_set_on(old_set.valid_to or on).find(old.parent or "")
        origin = ", ".join(x for x in (old.full_name, old.district, old_province and old_province.full_name) if x)
        print(f"  ← chuyển từ {origin} (mã cũ {old.code}) / mapped from old commune {old.code}")
        if len(old.divided_into) > 1:
            parts = ", ".join(f"{c} {commune_set[c].full_name}" for c in old.divided_into)
            print(
                f"  xã cũ được chia cho: {parts}; số liệu ghi vào {unit.full_name} (mặc định), "
                f"chỉ chính xác ở cấp tỉnh / divided among these; its figures go to the default one"
            )
    for set_id, olds in units.predecessors_of(unit.code, set_id=commune_set.id).items():
        if olds:
            names = ", ".join(f"{u.code} {u.full_name}" for u in olds)
            print(f"  gồm ({set_id}): {names}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from bhxh_comms.ingest.template import write_template

    pm = args.pm
    out = check_output_file(args.out, (".xlsx",), force=args.force)
    on = dt.date(args.year, 12, 31)
    units = pm.units()
    province = units.resolve(args.province, on=on).unit
    communes = units.communes_of(province.code, on=on)
    path = write_template(out, province=province, year=args.year, catalogs=pm.catalogs(), communes=communes)
    print(f"Đã ghi mẫu báo cáo {province.full_name} năm {args.year}: {path} / template written")
    return EXIT_OK


SHOWN_PROBLEMS = 200
"""Problem lines printed on the terminal; the rest are counted (every one is in the rejects
file and in ``validate --json``): ten thousand lines help nobody read the first ones."""


def _print_problems(lines: Sequence[str], *, file: Any = None, rest_vi: str, rest_en: str) -> None:
    for line in lines[:SHOWN_PROBLEMS]:
        print(line, file=file)
    hidden = len(lines) - SHOWN_PROBLEMS
    if hidden > 0:
        print(f"… và {format_number(hidden)} thông báo khác ({rest_vi}) / … and {hidden} more ({rest_en})", file=file)


def _check_inputs(inputs: Sequence[str]) -> None:
    """A path that does not exist is a typing mistake: said before anything is read."""
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        raise UsageError(f"không tìm thấy: {', '.join(missing)}", f"no such file or folder: {', '.join(missing)}")


def _period_arg(args: argparse.Namespace) -> Period | None:
    if args.year is None:
        if args.compare is not None:
            raise UsageError("--compare cần --year", "--compare needs --year")
        return None
    return Period.year(args.year)


def _comparison_arg(args: argparse.Namespace) -> Period | None:
    """The comparison year's period, checked to end before the reporting year."""
    if args.compare is None:
        return None
    comparison = Period.year(args.compare)
    Period.year(args.year).check_comparison(comparison)
    return comparison


def _years_options(p: argparse.ArgumentParser, what_vi: str, what_en: str) -> None:
    p.add_argument("--year", type=_year, help=f"năm báo cáo: {what_vi} / reporting year: {what_en}")
    p.add_argument("--compare", type=_year, help="năm so sánh, cũng được nhận / comparison year, also accepted")


def cmd_validate(args: argparse.Namespace) -> int:
    from bhxh_comms import pipeline
    from bhxh_comms.ingest.rejects import write_rejects, write_rejects_by_province

    _check_inputs(args.inputs)
    rejects = check_output_file(args.rejects, (".xlsx", ".csv"), force=args.force) if args.rejects else None
    result = pipeline.read(
        args.inputs,
        period=_period_arg(args),
        comparison_period=_comparison_arg(args),
        pm=args.pm,
        progress=sys.stderr,
    )
    if args.json:
        summary = {
            "rows_read": result.rows_read,
            "accepted": len(result.accepted),
            "rejected": len(result.rejected),
            "messages": [m.as_dict() for m in result.messages()],
        }
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        where_vi = "có đủ trong tệp --rejects và với --json" if rejects is None else f"có đủ trong tệp {rejects}"
        where_en = "all in the --rejects file and with --json" if rejects is None else f"all in {rejects}"
        _print_problems(result.problem_lines(), rest_vi=where_vi, rest_en=where_en)
    # With --json, stdout is the JSON alone; otherwise the summary follows the row messages.
    stream = sys.stderr if args.json else sys.stdout
    pm = args.pm
    if rejects is not None and len(result.rejected):
        path = write_rejects(result, rejects, catalogs=pm.catalogs(), units=pm.units())
        print(f"Dòng bị loại đã ghi ra / rejects written to: {path}", file=stream)
    if args.rejects_dir and len(result.rejected):
        paths = write_rejects_by_province(result, args.rejects_dir, catalogs=pm.catalogs(), units=pm.units())
        print(f"Dòng bị loại theo tỉnh / rejects by province: {len(paths)} tệp trong {args.rejects_dir}", file=stream)
    print(result.reconciliation(), file=stream)
    if not result.rows_read:
        print(error("không đọc được dòng nào", "no row was read", code="nothing_read").line(), file=stream)
        return EXIT_USAGE
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _formats(values: list[str] | None) -> list[str]:
    names: list[str] = []
    for value in values or []:
        names += [v.strip().lower() for v in value.split(",") if v.strip()]
    return list(dict.fromkeys(names))


def _datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"thời điểm không hợp lệ / invalid date-time: {text!r} (YYYY-MM-DDTHH:MM)"
        ) from None


def _option(text: str) -> tuple[str, str, Any]:
    """``FORMAT.KEY=VALUE``; VALUE is read as a TOML value (``true``, ``12``, ``"a b"``) when it
    is one, else kept as plain text, so ``excel.filename=ket-qua.xlsx`` needs no quotes."""
    name, sep, value = text.partition("=")
    fmt, dot, key = name.strip().partition(".")
    if not sep or not dot or not fmt or not key.strip():
        raise argparse.ArgumentTypeError(
            f"tùy chọn phải có dạng ĐỊNH_DẠNG.KHÓA=GIÁ_TRỊ / option must be FORMAT.KEY=VALUE: {text!r}"
        )
    try:
        parsed: Any = tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value
    return fmt, key.strip(), parsed


def _renderer_options(values: list[tuple[str, str, Any]] | None, formats: list[str]) -> dict[str, dict[str, Any]]:
    options: dict[str, dict[str, Any]] = {}
    for fmt, key, value in values or []:
        if fmt not in formats:
            raise BhxhCommsError(
                f"tùy chọn cho định dạng {fmt!r}, định dạng này không được chọn (--format {', '.join(formats)})",
                f"option for format {fmt!r}, which is not among the chosen formats",
            )
        options.setdefault(fmt, {})[key] = value
    return options


def cmd_aggregate(args: argparse.Namespace) -> int:
    from bhxh_comms import pipeline
    from bhxh_comms.ingest.store import Store

    started = time.perf_counter()
    pm = args.pm
    if not args.inputs and not args.store:
        raise UsageError("cần tệp báo cáo hoặc --store", "give input files or --store")
    _check_inputs(args.inputs)
    if args.received and args.due is None:
        raise UsageError("--received cần --due (hạn nộp)", "--received needs --due (the deadline)")
    store = Store.open(args.store) if args.store else None
    period = Period.year(args.year)
    if args.compare is not None:
        period.check_comparison(Period.year(args.compare))
    denominators = pipeline.read_denominators(args.denominators, pm.units(), period.end) if args.denominators else None
    outcomes = pipeline.read_outcomes(args.outcomes, pm.units()) if args.outcomes else None
    targets = load_targets(args.targets, pm.catalogs(), kinds=pm.target_models()) if args.targets else None
    formats = _formats(args.format) or ["json"]
    try:
        result = pipeline.run(
            args.inputs,
            period=period,
            compare=args.compare,
            formats=formats,
            out=args.out,
            options=_renderer_options(args.option, formats),
            resubmissions=args.resubmissions,
            due=args.due,
            received=pipeline.read_received(args.received) if args.received else None,
            thin_comparison="state" if args.state_thin_comparison else "omit",
            denominators=denominators,
            outcomes=outcomes,
            targets=targets,
            pm=pm,
            generated_at=args.generated_at,
            progress=sys.stderr,
            force=args.force,
            store=store,
            chunk_rows=args.chunk_rows,
        )
    except pipeline.NothingToReport as nothing:
        _print_problems(
            nothing.ingest.problem_lines(), file=sys.stderr, rest_vi="xem bhxh-comms validate", rest_en="see validate"
        )
        print(nothing.ingest.reconciliation(), file=sys.stderr)
        raise
    _print_problems(
        result.ingest.problem_lines(),
        file=sys.stderr,
        rest_vi="có đủ trong tệp dòng bị loại",
        rest_en="all in the rejects workbook",
    )
    for message in (*result.overlaps, *result.render_failures):
        print(message.line(), file=sys.stderr)
    for name, paths in result.written.items():
        for path in paths:
            print(f"{name}: {path}")
    if result.rejects is not None:
        print(f"Dòng bị loại / rejects: {result.rejects}")
    elapsed = time.perf_counter() - started
    print(
        f"{result.ingest.reconciliation()}; {sum(len(p) for p in result.written.values())} tệp / files; "
        f"{elapsed:.1f} s",
        file=sys.stderr,
    )
    return EXIT_OK if result.ingest.ok and not result.render_failures else EXIT_PROBLEMS


def cmd_ingest(args: argparse.Namespace) -> int:
    from bhxh_comms.ingest.rejects import write_rejects
    from bhxh_comms.ingest.store import Store

    _check_inputs(args.inputs)
    pm = args.pm
    rejects = check_output_file(args.rejects, (".xlsx", ".csv"), force=args.force) if args.rejects else None
    store = Store.open(args.store, create=True)
    done = store.ingest(
        args.inputs,
        period=_period_arg(args),
        comparison_period=_comparison_arg(args),
        catalogs=pm.catalogs(),
        units=pm.units(),
        policy=args.resubmissions,
        progress=sys.stderr,
        timeout=args.wait,
    )
    _print_problems(
        done.ingest.problem_lines(),
        file=sys.stderr,
        rest_vi="có đủ trong tệp --rejects" if rejects is not None else "ghi đủ ra tệp với --rejects",
        rest_en="all in the --rejects file" if rejects is not None else "write them all with --rejects",
    )
    for message in done.messages:
        print(message.line(), file=sys.stderr)
    if rejects is not None and len(done.ingest.rejected):
        write_rejects(done.ingest, rejects, catalogs=pm.catalogs(), units=pm.units())
        print(f"Dòng bị loại / rejects: {rejects}")
    partitions = ", ".join(f"{y}/{p}" for y, p in done.partitions) or "không / none"
    print(f"{done.ingest.reconciliation()}; phần kho ghi lại / partitions written: {partitions}", file=sys.stderr)
    if not done.ingest.rows_read:
        return EXIT_USAGE
    return EXIT_OK if done.ingest.ok else EXIT_PROBLEMS


def cmd_status(args: argparse.Namespace) -> int:
    from bhxh_comms import pipeline
    from bhxh_comms.ingest.store import SENT_NOTHING_VALID, Store

    if args.received and args.due is None:
        raise UsageError("--received cần --due (hạn nộp)", "--received needs --due (the deadline)")
    received = pipeline.read_received(args.received) if args.received else None
    table = Store.open(args.store).status(Period.year(args.year), args.pm.units(), due=args.due, received=received)
    print(
        f"{'Mã':<4} {'Tỉnh':<18} {'Tệp':>4} {'Thay':>5} {'Gửi lần cuối':<17} {'Hợp lệ':>8} {'Bị loại':>8}  Tình trạng"
    )
    received = table["received"].dt.strftime("%d/%m/%Y %H:%M").fillna("")
    for row, when in zip(table.itertuples(index=False), received, strict=True):
        print(
            f"{row.province:<4} {row.name:<18} {row.files:>4} {row.replaced:>5} {when:<17} {row.rows:>8} "
            f"{row.rejected:>8}  {row.status}"
        )
    reported, late = int(table["reported"].sum()), int(table["late"].sum())
    summary = f"{reported}/{len(table)} tỉnh đã báo cáo năm {args.year}"
    summary_en = f"{reported}/{len(table)} provinces reported for {args.year}"
    if args.due is not None:
        summary += f" ({late} muộn hạn {args.due:%d/%m/%Y})"
        summary_en += f" ({late} after {args.due:%Y-%m-%d})"
    silent = int((table["status"] == SENT_NOTHING_VALID).sum())
    if silent:
        summary += f"; {silent} tỉnh đã gửi tệp nhưng chưa có dòng hợp lệ"
        summary_en += f"; {silent} sent files with no valid row"
    unplaced = int(table.attrs.get("rejected_unplaced", 0))
    rejected = int(table["rejected"].sum()) + unplaced
    summary += f"; {format_number(rejected)} dòng bị loại chưa sửa"
    summary_en += f"; {counted(rejected, 'rejected row')} not yet corrected"
    if unplaced:
        summary += f" ({format_number(unplaced)} dòng không rõ tỉnh hoặc ngày)"
        summary_en += f" ({unplaced} naming no readable province or date)"
    print(f"{summary} / {summary_en}", file=sys.stderr)
    return EXIT_OK


def cmd_example(args: argparse.Namespace) -> int:
    from bhxh_comms.example import run

    return run(out=args.out, pm=args.pm)


def _installed_formats(pm: PluginManager | None) -> str:
    try:
        names = list(pm.renderers()) if pm is not None else []
    except BhxhCommsError:  # a clash between plugins is reported when a format is used
        names = []
    return f"; đã cài / installed: {', '.join(names)}" if names else ""


def _resubmissions_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--resubmissions",
        choices=("auto", "add", "replace"),
        default="auto",
        help=(
            "một tỉnh có trong nhiều tệp của cùng kỳ: auto (mặc định: tệp giống nhau tính một lần, tệp gửi sau thay "
            "tệp trước, các quý khác nhau cùng tính, không rõ thì báo lỗi), add (cộng dồn) hay replace (tệp ghi sau "
            "trong lệnh thay tệp trước) / a province in several inputs for one period: auto (default: identical "
            "files once, a file sent later replaces, different quarters all count, an error when unclear), add (add "
            "up) or replace (the input given later replaces)"
        ),
    )


def build_parser(pm: PluginManager | None = None) -> argparse.ArgumentParser:
    """The parser, with the sub-commands of the plugins in ``pm`` (none when it is None)."""
    parser = argparse.ArgumentParser(
        prog="bhxh-comms",
        description=(
            "Tổng hợp, đánh giá chỉ tiêu và xuất báo cáo công tác thông tin, truyền thông BHXH.\n"
            "Aggregate, check targets and publish the communication results of Vietnam Social Security."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("plugins", help="liệt kê bộ xuất đã cài / list installed renderers and their plugins")
    p.set_defaults(func=cmd_plugins)

    p = sub.add_parser(
        "unit", help="tra cứu tỉnh hoặc xã theo tên hoặc mã tại một ngày / look up a province or commune on a date"
    )
    p.add_argument(
        "name",
        help='tên hoặc mã, ví dụ "Bac Kan", 06, "Xã Quang Thuận, Bạch Thông, Bắc Kạn", 02017 / a name or code',
    )
    p.add_argument(
        "--level",
        choices=("province", "commune"),
        help="cấp đơn vị; mặc định: xã khi có dấu phẩy hoặc mã 5 chữ số / level (default: guessed)",
    )
    p.add_argument(
        "--on",
        type=_date,
        default=dt.date.today(),
        help="ngày tra cứu (YYYY-MM-DD), mặc định hôm nay / the day to look up (default: today)",
    )
    p.set_defaults(func=cmd_unit)

    p = sub.add_parser("template", help="ghi mẫu báo cáo Excel cho một tỉnh / write a province's report template")
    p.add_argument("--province", required=True, help="mã hoặc tên tỉnh / province code or name")
    p.add_argument("--year", type=_year, required=True, help="năm báo cáo / reporting year")
    p.add_argument("--out", required=True, help="tệp .xlsx kết quả / output .xlsx file")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --out đã có / overwrite an existing --out")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser(
        "validate", help="kiểm tra báo cáo của tỉnh, không tổng hợp / check province reports without aggregating"
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="tệp .xlsx, .csv hoặc .parquet, hoặc thư mục / .xlsx, .csv or .parquet files, or folders",
    )
    _years_options(p, "ngày ngoài năm là lỗi", "dates outside it are errors")
    p.add_argument("--rejects", help="ghi dòng bị loại ra tệp .xlsx/.csv để sửa / write rejected rows here")
    p.add_argument(
        "--json",
        action="store_true",
        help="in số dòng và các thông báo dạng JSON / print the row counts and messages as JSON",
    )
    p.add_argument(
        "--rejects-dir",
        help="ghi dòng bị loại ra mỗi tỉnh một tệp trong thư mục này / write one rejects workbook per province here",
    )
    p.add_argument("--force", action="store_true", help="ghi đè tệp --rejects đã có / overwrite an existing --rejects")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "ingest", help="kiểm tra và ghi báo cáo vào kho số liệu / validate reports into the national store"
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="tệp hoặc thư mục / files or folders")
    p.add_argument("--store", required=True, help="thư mục kho (tạo mới nếu chưa có) / the store folder (created)")
    _years_options(p, "chỉ nhận ngày trong năm này (và năm so sánh)", "only dates in it (and --compare) accepted")
    _resubmissions_option(p)
    p.add_argument("--rejects", help="ghi dòng bị loại của lần này ra tệp / write this run's rejected rows here")
    p.add_argument("--force", action="store_true", help="ghi đè tệp --rejects đã có / overwrite an existing --rejects")
    p.add_argument(
        "--wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="chờ lệnh khác đang ghi kho tối đa bấy nhiêu giây (mặc định 60) / wait this long for another run",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("status", help="tình hình nhận báo cáo theo tỉnh trong kho / what the store has received")
    p.add_argument("--store", required=True, help="thư mục kho / the store folder")
    p.add_argument("--year", type=_year, required=True, help="năm báo cáo / reporting year")
    p.add_argument(
        "--due",
        type=_date,
        help="hạn nộp YYYY-MM-DD: tỉnh gửi sau hạn là muộn / the deadline: a province that sent later is late",
    )
    p.add_argument(
        "--received",
        metavar="FILE",
        help=(
            "sổ nhận tệp (CSV/Excel: Tệp, Ngày nhận) thay cho thời điểm kho ghi nhận, dùng với --due / "
            "register of received files (file, received) instead of the times the store recorded, with --due"
        ),
    )
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("aggregate", help="tổng hợp, đánh giá chỉ tiêu, xuất báo cáo / aggregate and render")
    p.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="tệp .xlsx/.csv/.parquet hoặc thư mục (hoặc --store) / .xlsx, .csv or .parquet files, or folders",
    )
    p.add_argument("--store", help="đọc từ kho số liệu thay cho tệp / read the national store instead of files")
    p.add_argument(
        "--chunk-rows",
        type=_rows,
        metavar="N",
        help=(
            "kho được cộng dồn từng nhóm tỉnh, mỗi lần khoảng N dòng (mặc định: khoảng 0,25 GB bộ nhớ) / the store "
            "is added up a few provinces, about N rows, at a time (default: about 0.25 GB of memory)"
        ),
    )
    p.add_argument("--year", type=_year, required=True, help="năm báo cáo / reporting year")
    p.add_argument("--compare", type=_year, help="năm so sánh, trước năm báo cáo / comparison year, before --year")
    p.add_argument(
        "--state-thin-comparison",
        action="store_true",
        help=(
            "nêu mức tăng, giảm cả khi năm so sánh có ít số liệu (luôn kèm ghi chú) / state changes against a "
            "comparison year with thin data (the note is printed anyway)"
        ),
    )
    p.add_argument(
        "--format",
        action="append",
        metavar="NAME",
        help=(
            "định dạng xuất (lặp lại hoặc phân cách dấu phẩy), mặc định json / output format(s), default json"
            + _installed_formats(pm)
        ),
    )
    p.add_argument("--out", required=True, help="thư mục kết quả / output directory")
    p.add_argument(
        "--option",
        action="append",
        type=_option,
        metavar="FORMAT.KEY=VALUE",
        help="tùy chọn của một bộ xuất, lặp lại được, ví dụ excel.communes=false / a renderer option",
    )
    _resubmissions_option(p)
    p.add_argument(
        "--due",
        type=_date,
        help=(
            "hạn gửi báo cáo (YYYY-MM-DD): tỉnh có tệp lưu sau hạn là báo cáo muộn / "
            "due date: a province whose file was saved later is late"
        ),
    )
    p.add_argument(
        "--received",
        metavar="FILE",
        help=(
            "sổ nhận tệp (CSV/Excel: Tệp, Ngày nhận) thay cho thời điểm lưu tệp, dùng với --due / "
            "register of received files (file, received) instead of the files' times, with --due"
        ),
    )
    p.add_argument(
        "--denominators", help="tệp mẫu số theo tỉnh (labor_force, collaborators, cadres…) / denominators per province"
    )
    p.add_argument("--outcomes", help="tệp chỉ số kết quả (province, date, indicator, value) / outcome indicators")
    p.add_argument("--targets", help="tệp chỉ tiêu TOML thay cho mặc định / targets file")
    p.add_argument(
        "--generated-at",
        type=_datetime,
        help=(
            "thời điểm lập báo cáo cố định (ISO) để kết quả tái lập được / "
            "a fixed report time, for byte-identical outputs"
        ),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=(
            "thay cả thư mục --out có tệp không do bhxh-comms tạo / replace an --out folder that holds files "
            "bhxh-comms did not write"
        ),
    )
    p.set_defaults(func=cmd_aggregate)

    p = sub.add_parser("example", help="chạy ví dụ kèm theo trên dữ liệu mẫu / run the bundled example")
    p.add_argument("--out", default="example-output", help="thư mục kết quả / output directory")
    p.set_defaults(func=cmd_example)

    if pm is not None:
        for name, (command, info) in pm.cli_commands(reserved=sub.choices).items():
            p = sub.add_parser(name, help=f"{command.help} [{info.distribution}]")
            command.configure(p)
            p.set_defaults(func=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # One plugin manager per run, so that a broken plugin is reported once, at the end.
    pm = get_plugin_manager()
    try:
        parser = build_parser(pm)
    except BhxhCommsError as exc:  # a broken plugin command: the built-ins still work
        print(exc.as_message().line(), file=sys.stderr)
        parser = build_parser()
    args = parser.parse_args(argv)
    args.pm = pm
    try:
        result: int = args.func(args)
        return result
    except BhxhCommsError as exc:
        print(exc.as_message().line(), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `bhxh-comms status … | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # an output path that is a folder, a read-only disk…
        reason = exc.strerror or str(exc)
        where = Location(source=str(exc.filename)) if exc.filename else None
        print(
            error(f"lỗi tệp: {reason}", f"file error: {reason}", code="os_error", location=where).line(),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(note("đã dừng", "interrupted", code="interrupted").line(), file=sys.stderr)
        return 130
    finally:
        for message in pm.failures:
            print(message.line(), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
