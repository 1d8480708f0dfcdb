"""``bhxh-comms letter``: a letter from a template and a TOML data file, without a Report.

bhxh-comms letter --data thu.toml [--template my.docx] [--settings office.toml] --out thu.docx
bhxh-comms letter --example cong-van-1455 --out 1455.docx
bhxh-comms letter --write-narrative [--from ket-qua/report.json] --out nhan-dinh.toml
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bhxh_comms.plugin import BhxhCommsError, atomic_path, check_output_file
from bhxh_comms_letter.templates import BUNDLED


def configure(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", type=Path, help="tệp dữ liệu công văn (TOML) / letter data file")
    source.add_argument(
        "--example",
        choices=["cong-van-1455"],
        help="dùng tệp dữ liệu mẫu kèm theo (Công văn 1455/BHXH-TT) / use a bundled example data file",
    )
    parser.add_argument("--template", type=Path, help="mẫu .docx thay cho mẫu mặc định / your own .docx template")
    parser.add_argument("--settings", type=Path, help="thiết lập của đơn vị (TOML) / office settings file")
    parser.add_argument("--out", type=Path, required=True, help="tệp .docx kết quả / output .docx file")
    parser.add_argument(
        "--write-narrative",
        action="store_true",
        help=(
            "ghi tệp nhận định (TOML) để điền đánh giá chung, khó khăn, nguyên nhân, nhiệm vụ cho báo cáo "
            "bao-cao / write a narrative file to fill in for the bao-cao report"
        ),
    )
    parser.add_argument(
        "--from",
        dest="report_json",
        type=Path,
        help="report.json của một lần tổng hợp: điền sẵn các câu số liệu / a run's report.json to pre-fill from",
    )
    parser.add_argument(
        "--write-template",
        nargs="?",
        const="cong-van-chien-dich",
        choices=BUNDLED,
        metavar="MẪU",
        help=(
            "ghi mẫu mặc định (cong-van-chien-dich, hoặc bao-cao, cong-van) ra --out để sửa trong Word / "
            "write a bundled template to --out to edit it"
        ),
    )
    parser.add_argument("--force", action="store_true", help="ghi đè tệp --out đã có / overwrite an existing --out")


def run(args: argparse.Namespace) -> int:
    from bhxh_comms_letter.letter import example_path, render_letter
    from bhxh_comms_letter.rendering import bundled_template

    if args.write_narrative:
        from bhxh_comms_letter.narrative import narrative_skeleton, read_report_json

        check_output_file(args.out, (".toml",), force=args.force)
        report = read_report_json(args.report_json) if args.report_json is not None else None
        with atomic_path(args.out) as temporary:
            temporary.write_text(narrative_skeleton(report), encoding="utf-8")
        print(f"Đã ghi tệp nhận định / narrative file written: {args.out}")
        return 0
    check_output_file(args.out, (".docx",), force=args.force)
    if args.write_template:
        with atomic_path(args.out) as temporary:
            temporary.write_bytes(bundled_template(args.write_template).read_bytes())
        print(f"Đã ghi mẫu {args.write_template} / template written: {args.out}")
        return 0
    if args.data is None and args.example is None:
        raise BhxhCommsError("cần --data hoặc --example", "give --data or --example")
    data = args.data if args.data is not None else example_path(f"{args.example}.toml")
    path = render_letter(data, args.out, template=args.template, settings=args.settings)
    print(f"Đã ghi công văn / letter written: {path}")
    return 0
