"""pluggy's markers for bhxh-comms hooks, on the ground floor so that any layer registering a
built-in implementation (the ``json`` and ``csv`` renderers) can use them."""

from __future__ import annotations

import pluggy

PROJECT_NAME = "bhxh_comms"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marker for the hook specifications of :mod:`bhxh_comms.hookspecs`."""
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marker for hook implementations: ``@bhxh_comms.hookimpl``."""
