"""The object an output plugin contributes: a named way to write a Report to files."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from bhxh_comms.errors import PluginError
from bhxh_comms.models import _validators as v

if TYPE_CHECKING:
    from bhxh_comms.report import Report


def _changed_tables(original: Report, copy: Report) -> list[str]:
    names = []
    for name, frame in original.tables.items():
        other = copy.tables.get(name)
        if other is None or not frame.equals(other) or list(frame.columns) != list(other.columns):
            names.append(f"table {name!r}")
    return names


RenderFunction = Callable[["Report", Path, Mapping[str, Any]], Sequence[Path]]


@attrs.frozen(kw_only=True)
class OutputRenderer:
    """A named output format, e.g. ``excel``, contributed by a plugin.

    ``function(report, destination, options)`` writes its file or files into the existing
    directory ``destination``, reads renderer-specific settings from ``options`` and returns
    the paths it wrote. Call it through :meth:`render`, which checks that promise.

    >>> import json
    >>> def write(report, destination, options):
    ...     path = destination / "title.json"
    ...     path.write_text(json.dumps(report.metadata.title), encoding="utf-8")
    ...     return [path]
    >>> renderer = OutputRenderer(name="title", extension=".json",
    ...                           description="Only the title", function=write)
    """

    name: str = attrs.field(validator=v.slug)
    extension: str = attrs.field(validator=v.text)
    description: str = attrs.field(validator=v.text)
    function: RenderFunction = attrs.field(validator=attrs.validators.is_callable())

    def render(self, report: Report, destination: Path, options: Mapping[str, Any] | None = None) -> tuple[Path, ...]:
        """Render ``report`` into the directory ``destination``; return the files written.

        The renderer works on its own copy of the report, so it cannot change what the next
        renderer prints; a renderer that changes its copy anyway is a :class:`PluginError`
        (renderers lay a report out, they never alter it)."""
        destination = Path(destination)
        destination.mkdir(parents=True, exist_ok=True)
        own = report.copy()
        before = own.fingerprint()
        written = self.function(own, destination, dict(options or {}))
        if own.fingerprint() != before:
            raise PluginError(
                f"bộ xuất “{self.name}” đã thay đổi báo cáo (bảng, dữ kiện hoặc câu chữ) trong khi xuất",
                f"renderer {self.name!r} changed the report it was given: "
                f"{', '.join(_changed_tables(report, own)) or 'facts, statements or metadata'}",
            )
        if isinstance(written, (str, Path)) or not isinstance(written, Sequence):
            raise PluginError(
                f"bộ xuất “{self.name}” phải trả về danh sách tệp đã ghi",
                f"renderer {self.name!r} must return a sequence of the paths it wrote, got {written!r}",
            )
        paths = tuple(Path(p) for p in written)
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise PluginError(
                f"bộ xuất “{self.name}” báo đã ghi nhưng không có tệp: {missing}",
                f"renderer {self.name!r} returned paths that do not exist: {missing}",
            )
        return paths
