"""Rendering a Report to files: the renderer type and the built-in renderers."""

from bhxh_comms.render.renderer import OutputRenderer

__all__ = ["OutputRenderer"]
