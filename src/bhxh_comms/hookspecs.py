"""Hook specifications: the ways a plugin extends bhxh-comms.

A plugin is a module (or object) with functions named like the specs below, decorated with
:data:`bhxh_comms.hookimpl`, and announced by its distribution under the entry-point group
``bhxh_comms``::

    # pyproject.toml of your plugin
    [project.entry-points.bhxh_comms]
    my_plugin = "my_package.plugin"

Every hook is called without arguments and returns an iterable; the results of all plugins
are combined. Hooks are only ever called by bhxh-comms itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bhxh_comms.markers import PROJECT_NAME, hookimpl, hookspec

if TYPE_CHECKING:
    from bhxh_comms.aggregate.kinds import TargetKind
    from bhxh_comms.cli_command import CliCommand
    from bhxh_comms.models.catalog import CatalogEntry
    from bhxh_comms.models.units import UnitSet
    from bhxh_comms.render.renderer import OutputRenderer

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]


@hookspec
def bhxh_comms_output_renderers() -> Iterable[OutputRenderer]:
    """Return the output formats this plugin can write a Report to.

    Renderer names must be unique across all installed plugins; a clash is reported as an
    error naming both distributions.

    Example::

        from bhxh_comms import OutputRenderer, hookimpl

        def render_markdown(report, destination, options):
            path = destination / "report.md"
            path.write_text(f"# {report.metadata.title}\\n", encoding="utf-8")
            return [path]

        @hookimpl
        def bhxh_comms_output_renderers():
            return [OutputRenderer(name="markdown", extension=".md",
                                   description="Báo cáo dạng Markdown",
                                   function=render_markdown)]
    """
    raise NotImplementedError


@hookspec
def bhxh_comms_unit_sets() -> Iterable[UnitSet]:
    """Return extra administrative unit sets, e.g. the communes of the 34 provinces.

    A set must not overlap in time with another set of the same level, and a set with a
    ``successor_set`` must name a successor for each unit (the crosswalk).

    Example::

        import datetime as dt
        from bhxh_comms import AdminUnit, UnitSet, hookimpl

        @hookimpl
        def bhxh_comms_unit_sets():
            return [UnitSet(id="vn-communes-2025", name="Xã, phường từ 1/7/2025",
                            level="commune", valid_from=dt.date(2025, 7, 1),
                            units=[AdminUnit(code="00004", name="Ba Đình",
                                             kind="phường", parent="01")])]
    """
    raise NotImplementedError


@hookspec
def bhxh_comms_catalog_entries() -> Iterable[CatalogEntry]:
    """Return extra catalog entries (activity types, subject groups, themes, partners).

    Entries are added to the default catalogs; an entry whose code already exists with a
    different content is an error.

    Example::

        from bhxh_comms import ActivityType, hookimpl

        @hookimpl
        def bhxh_comms_catalog_entries():
            return [ActivityType(code="podcast", label="Podcast", unit="số",
                                 measures=("count",))]
    """
    raise NotImplementedError


@hookspec
def bhxh_comms_cli_commands() -> Iterable[CliCommand]:
    """Return extra sub-commands for the ``bhxh-comms`` command line.

    Each :class:`~bhxh_comms.cli_command.CliCommand` names the command, adds its arguments to
    an ``argparse`` parser and runs it, returning the exit code (0 success, 1 problems found,
    2 user error). Raise :class:`~bhxh_comms.errors.BhxhCommsError` for a user mistake: the
    command line prints it without a traceback. A name clash with a built-in or another
    plugin's command is an error naming both.

    Example::

        from bhxh_comms import CliCommand, hookimpl

        def configure(parser):
            parser.add_argument("name")

        def run(args):
            print(f"Xin chào {args.name}")
            return 0

        @hookimpl
        def bhxh_comms_cli_commands():
            return [CliCommand(name="hello", help="chào / say hello", configure=configure, run=run)]
    """
    raise NotImplementedError


@hookspec
def bhxh_comms_target_kinds() -> Iterable[TargetKind]:
    """Return kinds of plan target this plugin can evaluate.

    A kind is a model class — a frozen attrs subclass of :class:`~bhxh_comms.models.targets.Target`
    with its own ``kind`` (the name a targets file uses), ``value_kind`` (``"count"`` or
    ``"share"``) and any fields of its own — and an evaluator, ``evaluate(target, ctx)``, that
    returns the kind's scorecard rows for one period through ``ctx.frame(...)``
    (:class:`~bhxh_comms.aggregate.target_context.EvaluationContext`). The core then does the
    rest: sub-periods, provinces that did not report, folding, the share of provinces, the
    wording of every output. The built-in kinds register through this hook too. A kind name
    declared by two plugins is an error naming both.

    Example::

        import attrs
        from typing import ClassVar
        from bhxh_comms import Target, hookimpl
        from bhxh_comms.plugin import TargetKind, classify

        @attrs.frozen(kw_only=True)
        class PartnerVarietyTarget(Target):
            kind: ClassVar[str] = "partner_variety"      # kind = "partner_variety" in the file
            value_kind: ClassVar[str] = "count"

        def evaluate(target, ctx):
            rows = ctx.selected(target.select)
            rows = rows[rows["partner"].notna()]
            counts = rows.groupby("province", observed=True)["partner"].nunique()
            values = counts.reindex(ctx.codes, fill_value=0).to_numpy(dtype=float)
            return ctx.frame(target, value=values, numerator=values, denominator=float("nan"),
                             outcome=classify(values, target.bounds), reason="")

        @hookimpl
        def bhxh_comms_target_kinds():
            return [TargetKind(model=PartnerVarietyTarget, evaluate=evaluate)]
    """
    raise NotImplementedError
