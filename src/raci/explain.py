"""Explain derived letters: `raci show ACTIVITY` and `raci why ACTIVITY ROLE`."""

from __future__ import annotations

from typing import Any

from raci.errors import RaciError
from raci.escape import printable
from raci.hints import did_you_mean
from raci.model import Activity, Assignment, Organisation


class NotFound(RaciError):
    """An activity or role that the org does not have (a usage error)."""


def activity(org: Organisation, activity_id: str) -> Activity:
    act = org.activities.get(activity_id)
    if act is None:
        raise NotFound(f"no activity '{activity_id}'{did_you_mean(activity_id, org.activities)}")
    return act


def _setting(org: Organisation, act: Activity, name: str) -> str:
    value = getattr(act, name)
    if value is None:
        return "none"
    area = org.inherited.get((act.id, name))
    if name == "policy":
        value = f"{value} ({org.policies[value].loc()})"
    return f"{value} (from area '{area}')" if area else value


def show_json(org: Organisation, activity_id: str) -> dict[str, Any]:
    """The resolved RACI of one activity, with each letter's source."""
    act = activity(org, activity_id)
    letters: dict[str, list[dict[str, Any]]] = {}
    for x in _assignments(org, act.id):
        role = org.roles[x.role]
        letters.setdefault(x.letter, []).append(
            {
                "role": x.role,
                "title": role.title,
                "holders": [org.people[h].name if h in org.people else h for h in role.holders],
                "source": x.source,
                "selector": x.selector,
                "file": x.loc.file,
                "line": x.loc.line,
                "column": x.loc.column,
            }
        )
    return {
        "activity": act.id,
        "title": act.title,
        "owner": act.owner,
        "policy": act.policy,
        "scheme": org.scheme.name,
        "letters": {x.letter: letters.get(x.letter, []) for x in org.scheme.letters},
    }


def show_text(org: Organisation, activity_id: str) -> str:
    doc = show_json(org, activity_id)
    act = org.activities[activity_id]
    lines = [
        f"{act.id}: {act.title}",
        f"  defined at {act.loc()}",
        f"  owner:  {_setting(org, act, 'owner')}",
        f"  policy: {_setting(org, act, 'policy')}",
    ]
    below = org.children().get(act.id, [])
    if below:
        shown = ", ".join(below[:4]) + (f", and {len(below) - 4} more" if len(below) > 4 else "")
        lines.append(
            f"  an area of {len(below)} activit{'y' if len(below) == 1 else 'ies'}: {shown}"
        )
    lines.append("")
    if below and not any(doc["letters"].values()):
        # An area's policy is not applied to the area itself: saying "nobody" four
        # times read as if the area's owner and policy did nothing.
        lines.append(
            "No letters of its own: its owner and policy apply to the activities under it "
            f"(`raci show {below[0]}`)."
        )
        return "\n".join(printable(line) for line in lines) + "\n"
    for letter, entries in doc["letters"].items():
        head = f"{letter}  {org.scheme.word(letter)}"
        if not entries:
            lines.append(f"{head}: nobody")
            continue
        lines.append(f"{head}:")
        for e in entries:
            who = ", ".join(e["holders"]) or "vacant"
            origin = "explicit" if e["source"] == "explicit" else e["source"]
            lines.append(
                f"    {e['role']:<24} {e['title']} ({who})  <- {origin} '{e['selector']}' "
                f"at {e['file']}:{e['line']}"
            )
    return "\n".join(printable(line) for line in lines) + "\n"


def why_text(org: Organisation, activity_id: str, role_id: str) -> str:
    """The chain activity -> policy -> selector -> graph path -> role, per letter."""
    act = activity(org, activity_id)
    role = org.roles.get(role_id)
    if role is None:
        raise NotFound(f"no role '{role_id}'{did_you_mean(role_id, org.roles)}")
    found = [x for x in _assignments(org, act.id) if x.role == role_id]
    lines = [
        f"activity '{act.id}' ({act.title}), defined at {act.loc()}",
        f"  owner:  {_setting(org, act, 'owner')}",
        f"  policy: {_setting(org, act, 'policy')}",
    ]
    if not found:
        lines.append(f"role '{role_id}' ({role.title}) has no letter on this activity.")
        return "\n".join(printable(line) for line in lines) + "\n"
    for x in found:
        lines.append(
            f"role '{role_id}' ({role.title}) is {org.scheme.word(x.letter)} ({x.letter}):"
        )
        if x.source == "explicit":
            lines.append(f"  <- the activity's own raci: {x.letter}: '{x.selector}' at {x.loc}")
        else:
            lines.append(f"  <- {x.source}: {x.letter}: '{x.selector}' at {x.loc}")
        if x.path:
            lines.extend(f"  <- {step}" for step in x.path)
        else:
            lines.append(f"  <- '{x.selector}' names the role directly")
    return "\n".join(printable(line) for line in lines) + "\n"


def _assignments(org: Organisation, activity_id: str) -> list[Assignment]:
    return [x for x in org.assignments if x.activity == activity_id]
