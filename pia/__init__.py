"""pia: privacy impact assessments as code.

Model how personal data flows between data subjects, an organisation, its processors and third
parties; validate the model; query it as a graph; assess it.

>>> import pia
>>> model = pia.load("data/cloud_connectors.yaml")
>>> g = pia.graph.build(model)
>>> "google-analytics" in pia.graph.recipients(g, "user.device.ip_address")
True

Importing pia is cheap: the heavy parts (pandas, matplotlib, papermill) load only when used.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "load", "loads", "Model", "ModelError", "PiaError", "graph", "model", "schema", "taxonomy", "geo"]

_LAZY = {
    "load": ("pia.model", "load"),
    "loads": ("pia.model", "loads"),
    "Model": ("pia.model", "Model"),
    "ModelError": ("pia.errors", "ModelError"),
    "PiaError": ("pia.errors", "PiaError"),
}

if TYPE_CHECKING:  # pragma: no cover
    from . import geo, graph, model, schema, taxonomy
    from .errors import ModelError, PiaError
    from .model import Model, load, loads


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f"pia.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'pia' has no attribute {name!r}") from None
