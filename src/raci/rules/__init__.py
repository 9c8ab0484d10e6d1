"""The registry: every rule raci knows, in one visible place.

Adding a rule: write it in the family module, add it to that module's RULES, and
add a pass/fail fixture pair under tests/rules/<slug>/.
"""

from __future__ import annotations

from raci.rules import activity, hygiene, load, org, role
from raci.rules.base import Context, Rule

FAMILIES = (load, org, activity, role, hygiene)

REGISTRY: dict[str, Rule] = {rule.slug: rule for family in FAMILIES for rule in family.RULES}


def get(name: str) -> Rule:
    """A rule by slug or code; KeyError names the unknown rule."""
    if name in REGISTRY:
        return REGISTRY[name]
    for rule in REGISTRY.values():
        if rule.code == name.upper():
            return rule
    raise KeyError(f"unknown rule '{name}'")


__all__ = ["REGISTRY", "Context", "Rule", "get"]
