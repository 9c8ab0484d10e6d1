"""raci: RACI responsibility mapping as code.

The library is the command's engine. `check_path` does what `raci check PATH`
does (configuration, scheme, load, rules, suppressions, baseline):

    report = raci.check_path("org")
    report.failed, report.findings

The steps, for a program that wants them one by one:

- `load(path)` reads, validates and links an org and resolves its selectors. It
  reads no configuration: it uses the scheme it is given (RACI by default), so
  pass `scheme=` for an org whose `raci.toml` names another.
- `check(org, config)` runs the rules. Without `config` it runs every rule with its
  defaults and the RACI scope of the org alone: it reads no `raci.toml` and no
  baseline (`check_path` does both).
- `build_graph(org)` is the org as one networkx graph.

Every error the command reports with exit code 2 is a `RaciError`.

The names are imported on first use, so `import raci` (and `raci --version`)
costs neither networkx nor pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from raci.config import Config
    from raci.engine import Report, check
    from raci.errors import RaciError
    from raci.findings import Finding, Severity
    from raci.graph import build_graph
    from raci.loader import LoadError, load
    from raci.model import Organisation
    from raci.runner import check_path

# Public name -> the module that defines it.
_HOME = {
    "Config": "raci.config",
    "Finding": "raci.findings",
    "LoadError": "raci.loader",
    "Organisation": "raci.model",
    "RaciError": "raci.errors",
    "Report": "raci.engine",
    "Severity": "raci.findings",
    "build_graph": "raci.graph",
    "check": "raci.engine",
    "check_path": "raci.runner",
    "load": "raci.loader",
}

__all__ = [
    "Config",
    "Finding",
    "LoadError",
    "Organisation",
    "RaciError",
    "Report",
    "Severity",
    "__version__",
    "build_graph",
    "check",
    "check_path",
    "load",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'raci' has no attribute '{name}'")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next lookup does not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
