"""How BHXH Việt Nam's documents are headed and signed at a date (``data/forms.toml``).

The superior body line above the issuing body, the head's and deputy's titles in the
signature block and the "Nơi nhận" entries changed on 1/3/2025, when BHXH Việt Nam came under
the Ministry of Finance. A document takes the form in force on its date; settings override.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from importlib import resources

import attrs


@attrs.frozen(kw_only=True)
class OrganisationForm:
    """One period's header and signature defaults."""

    valid_from: dt.date
    parent_body: str
    """The superior body above the issuing body ("" when there is none)."""
    head_title: str
    deputy_title: str
    distribution: tuple[str, ...]
    source: str


@functools.cache
def forms() -> tuple[OrganisationForm, ...]:
    """Every form, oldest first."""
    data = tomllib.loads(resources.files("bhxh_comms_letter").joinpath("data", "forms.toml").read_text("utf-8"))
    found = [
        OrganisationForm(
            valid_from=item["from"],
            parent_body=item["parent_body"],
            head_title=item["head_title"],
            deputy_title=item["deputy_title"],
            distribution=tuple(item["distribution"]),
            source=item["source"],
        )
        for item in data["form"]
    ]
    return tuple(sorted(found, key=lambda f: f.valid_from))


def form_on(day: dt.date) -> OrganisationForm:
    """The form in force on ``day`` (the oldest one for a day before every form)."""
    chosen = forms()[0]
    for form in forms():
        if form.valid_from <= day:
            chosen = form
    return chosen
