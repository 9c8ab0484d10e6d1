"""raci: RACI responsibility mapping as code.

Library first: `load` an organisation, `build_graph` from it, `check` it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from raci.engine import Report, check
from raci.graph import build_graph
from raci.loader import LoadError, load
from raci.model import Organisation

__all__ = ["LoadError", "Organisation", "Report", "__version__", "build_graph", "check", "load"]
