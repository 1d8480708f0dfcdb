"""Exceptions raised by bhxh-comms.

Every error meant for a user carries a Vietnamese and an English message, so the CLI can
print both without a traceback. Programming errors (wrong argument types) stay ordinary
``TypeError``/``ValueError`` from attrs validators.
"""

from __future__ import annotations

from bhxh_comms.messages import Message


class BhxhCommsError(Exception):
    """Base class of the errors a user can cause and correct.

    ``message_vi`` is shown first; ``message_en`` follows on the same line.
    """

    def __init__(self, message_vi: str, message_en: str | None = None) -> None:
        self.message_vi = message_vi
        self.message_en = message_en or message_vi
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.message_en == self.message_vi:
            return self.message_vi
        return f"{self.message_vi} / {self.message_en}"

    def as_message(self) -> Message:
        """The error as a :class:`~bhxh_comms.messages.Message` (its code is the error's class)."""
        return Message(code=type(self).__name__, severity="error", vi=self.message_vi, en=self.message_en)


class CatalogError(BhxhCommsError):
    """A catalog, target or campaign file (or entry) is invalid."""


class UnitError(BhxhCommsError):
    """An administrative unit or unit set could not be resolved or is invalid."""


class PluginError(BhxhCommsError):
    """A plugin is broken or clashes with another one."""


class InputError(BhxhCommsError):
    """An input file cannot be read at all (missing, corrupt, encrypted, wrong encoding)."""


class UsageError(BhxhCommsError):
    """Arguments that cannot go together (a comparison year after the report year…)."""
