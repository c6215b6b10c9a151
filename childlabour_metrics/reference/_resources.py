"""Access to the data files bundled with the package.

Bundled files are read through :mod:`importlib.resources` so the package works
from a wheel or a zip as well as from a source checkout.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["data_dir", "data_file"]


def data_dir(*parts: str) -> Traversable:
    """Return a folder (or file) inside ``childlabour_metrics/data``."""
    node = resources.files("childlabour_metrics").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node


def data_file(name: str) -> Traversable:
    """Return a bundled data file, raising ``FileNotFoundError`` when absent."""
    node = data_dir(name)
    if not node.is_file():
        raise FileNotFoundError(f"bundled data file not found: {name}")
    return node
