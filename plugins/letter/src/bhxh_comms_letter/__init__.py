"""Official letters and reports (công văn, báo cáo) as Word documents, laid out per
Nghị định 30/2020/NĐ-CP, from a bhxh-comms Report or from a small TOML data file.

Renderers ``bao-cao`` and ``cong-van`` register through the ``bhxh_comms`` entry points;
:func:`render_letter` writes a campaign letter without any Report.
"""

from typing import TYPE_CHECKING

from bhxh_comms.plugin import lazy_attributes

if TYPE_CHECKING:
    from bhxh_comms_letter.letter import LetterData, example_path, load_letter_data, render_letter
    from bhxh_comms_letter.rendering import TemplateError, bundled_template
    from bhxh_comms_letter.settings import LetterSettings, SettingsError, Signer, load_settings

__version__ = "0.1.0"

__all__ = [
    "LetterData",
    "LetterSettings",
    "SettingsError",
    "Signer",
    "TemplateError",
    "__version__",
    "bundled_template",
    "example_path",
    "load_letter_data",
    "load_settings",
    "render_letter",
]
# Imported when used: registering the plugin (bhxh-comms --help) does not load docx and jinja2.
__getattr__ = lazy_attributes(
    __name__,
    {
        **dict.fromkeys(
            ("LetterData", "example_path", "load_letter_data", "render_letter"), "bhxh_comms_letter.letter"
        ),
        **dict.fromkeys(("TemplateError", "bundled_template"), "bhxh_comms_letter.rendering"),
        **dict.fromkeys(("LetterSettings", "SettingsError", "Signer", "load_settings"), "bhxh_comms_letter.settings"),
    },
)
