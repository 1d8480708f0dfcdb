"""tox's inline plugin: make every Python that pyenv installed visible to tox.

pyenv exposes only its global version through its shims (``python3.12`` answers "command not
found" unless 3.12 is global), so tox would skip py312 and py313 on a machine that has them.
Before tox looks for interpreters, the newest installed 3.11, 3.12 and 3.13 of pyenv are put
on ``PATH`` (3.11 first, the default). Machines without pyenv are left as they are.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tox.plugin import impl

MINORS = ("3.11", "3.12", "3.13")


def pyenv_bins() -> list[str]:
    """The bin folders of the newest pyenv-installed 3.11, 3.12 and 3.13, in that order."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    try:
        root = Path(subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return []
    found = []
    for minor in MINORS:
        pattern = re.compile(rf"^{re.escape(minor)}\.(\d+)$")
        versions = sorted(
            (int(m.group(1)), path)
            for path in (root / "versions").glob(f"{minor}.*")
            if (m := pattern.match(path.name))
        )
        if versions and (versions[-1][1] / "bin" / "python").exists():
            found.append(str(versions[-1][1] / "bin"))
    return found


@impl
def tox_add_core_config(core_conf: Any, state: Any) -> None:
    bins = [b for b in pyenv_bins() if b not in os.environ.get("PATH", "").split(os.pathsep)]
    if bins:
        os.environ["PATH"] = os.pathsep.join([*bins, os.environ.get("PATH", "")])
