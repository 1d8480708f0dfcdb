"""What only the office can write in its report: the assessment, the difficulties and limits,
their causes and the tasks ahead (the sections after the figures, as the Communication Centre's
2022 results report has them). The office writes them in a small TOML file — started with
``bhxh-comms letter --write-narrative`` — merged into the ``bao-cao`` template. Without one the
sections are still there, each with a marked place to write: the library never invents prose.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from bhxh_comms_letter.settings import SettingsError, read_toml

SECTIONS = (
    ("assessment", "Đánh giá chung"),
    ("difficulties", "Khó khăn, hạn chế"),
    ("causes", "Nguyên nhân"),
    ("tasks", "Nhiệm vụ trọng tâm"),
)
"""The narrative sections, in the report's order: key in the file, heading in the report."""

PLACEHOLDER = "[Đơn vị bổ sung nội dung phần “{heading}” vào tệp nhận định (bhxh-comms letter --write-narrative).]"
"""What stands in a section the office has not written: marked, never passed off as text."""


def _paragraphs(value: object, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingsError(
            f"mục “{key}” của tệp nhận định phải là một danh sách đoạn văn (chuỗi ký tự)",
            f"narrative section {key!r} must be a list of paragraphs (strings)",
        )
    # A paragraph wrapped over lines in the file is one paragraph; blank entries are dropped.
    return tuple(" ".join(v.split()) for v in value if v.strip())


@attrs.frozen(kw_only=True)
class Narrative:
    """The paragraphs of each section (empty: not written yet)."""

    assessment: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()

    def sections(self, next_period: str) -> list[dict[str, Any]]:
        """The sections as the template loops over them: heading, paragraphs, written or not."""
        found = []
        for key, heading in SECTIONS:
            title = f"{heading} {next_period}".strip() if key == "tasks" else heading
            paragraphs = list(getattr(self, key))
            found.append(
                {
                    "key": key,
                    "heading": title,
                    "paragraphs": paragraphs or [PLACEHOLDER.format(heading=title)],
                    "written": bool(paragraphs),
                }
            )
        return found


def load_narrative(source: Narrative | Mapping[str, Any] | Path | str | None) -> Narrative:
    """A narrative from a :class:`Narrative`, a mapping or a TOML file (``None``: none written)."""
    if source is None:
        return Narrative()
    if isinstance(source, Narrative):
        return source
    values = source if isinstance(source, Mapping) else read_toml(Path(source))
    keys = [key for key, _ in SECTIONS]
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise SettingsError(
            f"khóa không hợp lệ trong tệp nhận định: {', '.join(unknown)} (dùng: {', '.join(keys)})",
            f"unknown keys in the narrative file: {unknown} (allowed: {keys})",
        )
    return Narrative(**{key: _paragraphs(values.get(key), key) for key in keys})


def narrative_skeleton(report_json: Mapping[str, Any] | None = None) -> str:
    """A narrative file to fill in: each section with its heading and an empty list; with the
    ``report.json`` of a run, the report's own figure sentences come first, as comments, for
    the office to build its assessment on."""
    lines = [
        "# Nhận định của đơn vị cho báo cáo kết quả công tác thông tin, truyền thông (mẫu bao-cao).",
        "# Mỗi mục là một danh sách đoạn văn; mục để trống thì báo cáo ghi chỗ cần bổ sung.",
        "# Dùng: bhxh-comms aggregate … --format bao-cao --option bao-cao.narrative=<tệp này>",
        "",
    ]
    statements = (report_json or {}).get("statements") or {}
    said = [*statements.get("national", []), statements.get("reporting") or ""]
    said += [t.get("numbered", "") for t in statements.get("targets", []) if isinstance(t, Mapping)]
    said = [s for s in said if s]
    if said:
        title = ((report_json or {}).get("metadata") or {}).get("title", "")
        lines += [f"# Số liệu của báo cáo ({title}), để tham khảo khi viết nhận định:"]
        lines += [f"#   {s}" for s in said]
        lines += [""]
    examples = {
        "assessment": "Có thể khẳng định, … (đánh giá chung về kết quả, hiệu quả của công tác truyền thông)",
        "difficulties": "… (mỗi khó khăn, hạn chế một đoạn)",
        "causes": "… (nguyên nhân của các khó khăn, hạn chế trên)",
        "tasks": "… (mỗi nhiệm vụ trọng tâm kỳ tới một đoạn)",
    }
    for key, heading in SECTIONS:
        lines += [f"# {heading}: {examples[key]}", f"{key} = [", "]", ""]
    return "\n".join(lines)


def read_report_json(path: Path) -> dict[str, Any]:
    """A run's ``report.json`` (to pre-fill a narrative file); a bad file is a user error."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"không tìm thấy tệp {path}", f"file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"tệp {path} không phải JSON: {exc}", f"{path} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"tệp {path} không phải report.json", f"{path} is not a report.json")
    return data


__all__ = ["PLACEHOLDER", "SECTIONS", "Narrative", "load_narrative", "narrative_skeleton", "read_report_json"]
