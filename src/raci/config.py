"""Configuration: `[tool.raci]` in pyproject.toml, or raci.toml, validated strictly.

A typo must never be silently ignored: unknown keys, bad values and unknown rule
names are `ConfigError`s naming the file, line and key (exit 2), all of them at once.

```toml
[tool.raci]                     # in raci.toml: the same keys at the top level
select = ["ACT", "ORG"]         # rule slugs, codes or family prefixes; default: all
ignore = ["idle-role"]
fail-on = "warning"             # error (default), warning or info
scope = ["vp-product"]          # more roles in RACI scope

[tool.raci.rules.too-many-consulted]
severity = "error"
max = 3
```
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raci.errors import RaciError
from raci.findings import Severity
from raci.rules import REGISTRY, Rule
from raci.scheme import RACI, SCHEMES, Letter, Meaning, Scheme

CONFIG_FILES = ("raci.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "scope", "rules", "scheme", "schemes")
LETTER_KEYS = ("word", "meaning", "min", "max", "severity")
LEVELS = tuple(s.value for s in Severity)


class ConfigError(RaciError):
    """One or more problems in a configuration file or the command line (exit 2)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Config:
    """How to check: which rules, at which severity, with which options."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    severities: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    scope: tuple[str, ...] = ()
    scheme: Scheme = RACI
    source: Path | None = None

    def enabled(self, rule: Rule) -> bool:
        """Load rules always run; the others when selected and not ignored."""
        if not rule.suppressible:
            return True
        selected = not self.select or any(matches(rule, s) for s in self.select)
        return selected and not any(matches(rule, s) for s in self.ignore)

    def rule_options(self, rule: Rule) -> dict[str, Any]:
        return {**rule.options, **self.options.get(rule.slug, {})}

    def severity(self, rule: Rule) -> Severity:
        return self.severities.get(rule.slug, rule.severity)


def matches(rule: Rule, selector: str) -> bool:
    """A rule matches its slug, its code, or a prefix of its code ('ACT', 'ACT00')."""
    sel = selector.strip()
    return sel == rule.slug or (bool(sel) and rule.code.startswith(sel.upper()))


def known_selector(selector: str) -> bool:
    return any(matches(rule, selector) for rule in REGISTRY.values())


def find_config(start: Path) -> Path | None:
    """The nearest raci.toml, or pyproject.toml with [tool.raci], from `start` upwards.

    The walk stops at the repository root (a folder with .git) or the filesystem root.
    """
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for current in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = current / name
            if candidate.is_file() and (name == "raci.toml" or _has_tool_raci(candidate)):
                return candidate
        if (current / ".git").exists():
            return None
    return None


def _has_tool_raci(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*raci\s*[\].]", text, flags=re.M) is not None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot be read ({exc})"]) from exc
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: invalid TOML: {exc}"]) from exc
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "raci")
        doc = doc.get("tool", {}).get("raci", {})
    return _Validator(path, text, prefix).build(doc)


def resolve_config(*, explicit: Path | None, start: Path, isolated: bool) -> Config:
    """The configuration for a check: --config FILE, else discovery, else defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError([f"{explicit}: no such configuration file"])
        return load_config(explicit)
    if isolated:
        return Config()
    found = find_config(start)
    return load_config(found) if found else Config()


def apply_cli(
    config: Config,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    fail_on: str | None = None,
) -> Config:
    """Command-line flags override the file: --select replaces, --ignore adds."""
    errors: list[str] = []
    chosen = _split(select)
    dropped = _split(ignore)
    for flag, values in (("--select", chosen), ("--ignore", dropped)):
        for value in values:
            if not known_selector(value):
                errors.append(f"{flag}: unknown rule '{value}'{_close(value, _names())}")
    if errors:
        raise ConfigError(errors)
    if chosen:
        config.select = tuple(chosen)
    config.ignore = (*config.ignore, *dropped)
    if fail_on is not None:
        config.fail_on = Severity(fail_on)
    return config


def _split(values: Iterable[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _names() -> list[str]:
    return [*REGISTRY, *(r.code for r in REGISTRY.values())]


def _close(word: str, options: Iterable[str]) -> str:
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{found[0]}'?)" if found else ""


class _Validator:
    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.prefix = prefix
        self.lines = _key_lines(text)
        self.errors: list[str] = []

    def error(self, table: tuple[str, ...], key: str, message: str) -> None:
        line = (
            self.lines.get((*self.prefix, *table, key))
            or self.lines.get((*self.prefix, *table))
            or 1
        )
        self.errors.append(f"{self.path}:{line}: {message}")

    def build(self, doc: dict[str, Any]) -> Config:
        config = Config(source=self.path)
        where = "[" + ".".join(self.prefix) + "]" if self.prefix else "the top level"
        for key, value in doc.items():
            if key not in KEYS:
                self.error((), key, f"unknown key '{key}' in {where}{_close(key, KEYS)}")
            elif key in ("select", "ignore"):
                config_value = tuple(self._rule_list(key, value))
                setattr(config, key, config_value)
            elif key == "fail-on":
                if value in LEVELS:
                    config.fail_on = Severity(value)
                else:
                    self.error(
                        (), key, f"fail-on must be one of {', '.join(LEVELS)}, not {value!r}"
                    )
            elif key == "scope":
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    config.scope = tuple(value)
                else:
                    self.error((), key, "scope must be a list of role ids")
            elif key == "rules":
                self._rules(value, config)
        custom = self._schemes(doc.get("schemes", {}))
        name = doc.get("scheme")
        if name is not None:
            known = {**SCHEMES, **custom}
            if not isinstance(name, str) or name.lower() not in known:
                self.error(
                    (),
                    "scheme",
                    f"unknown scheme {name!r}: use one of "
                    f"{', '.join(known)}{_close(str(name).lower(), known)}",
                )
            else:
                config.scheme = known[name.lower()]
        if self.errors:
            raise ConfigError(self.errors)
        return config

    def _schemes(self, value: Any) -> dict[str, Scheme]:
        """Custom schemes: [schemes.NAME] with `combine` and [schemes.NAME.letters.X]."""
        out: dict[str, Scheme] = {}
        if not isinstance(value, dict):
            self.error((), "schemes", "schemes must be a table of scheme tables")
            return out
        for name, spec in value.items():
            table = ("schemes", name)
            if not isinstance(spec, dict) or not isinstance(spec.get("letters"), dict):
                self.error(
                    ("schemes",), name, f"scheme {name} needs a [schemes.{name}.letters] table"
                )
                continue
            for key in spec:
                if key not in ("letters", "combine"):
                    self.error(
                        table,
                        key,
                        f"unknown key '{key}' in scheme {name} (known: "
                        f"letters, combine){_close(key, ('letters', 'combine'))}",
                    )
            letters = [self._letter(name, letter, body) for letter, body in spec["letters"].items()]
            combine = spec.get("combine", [])
            pairs: set[frozenset[str]] = set()
            if not isinstance(combine, list) or not all(
                isinstance(p, list) and len(p) == 2 and all(x in spec["letters"] for x in p)
                for p in combine
            ):
                self.error(
                    table,
                    "combine",
                    f'schemes.{name}.combine must be a list of letter pairs, e.g. [["A", "R"]]',
                )
            else:
                pairs = {frozenset(p) for p in combine}
            if all(x is not None for x in letters):
                out[name.lower()] = Scheme(
                    name, tuple(x for x in letters if x is not None), frozenset(pairs)
                )
        return out

    def _letter(self, scheme: str, letter: str, body: Any) -> Letter | None:
        table = ("schemes", scheme, "letters", letter)
        if not re.fullmatch(r"[A-Z][A-Za-z]{0,2}", letter):
            self.error(
                table[:-1],
                letter,
                f"letter {letter!r} of scheme {scheme}: use one to "
                "three letters, starting with a capital",
            )
            return None
        if not isinstance(body, dict):
            self.error(table[:-1], letter, f"schemes.{scheme}.letters.{letter} must be a table")
            return None
        ok = True
        for key in body:
            if key not in LETTER_KEYS:
                self.error(
                    table,
                    key,
                    f"unknown key '{key}' for letter {letter} (known: "
                    f"{', '.join(LETTER_KEYS)}){_close(key, LETTER_KEYS)}",
                )
                ok = False
        meanings = [m.value for m in Meaning]
        meaning = body.get("meaning")
        if meaning not in meanings:
            self.error(
                table,
                "meaning",
                f"letter {letter} of scheme {scheme}: meaning must be "
                f"one of {', '.join(meanings)}, not {meaning!r}",
            )
            ok = False
        lo, hi = body.get("min", 0), body.get("max")
        if (
            not isinstance(lo, int)
            or lo < 0
            or (hi is not None and (not isinstance(hi, int) or hi < max(lo, 1)))
        ):
            self.error(
                table,
                "min",
                f"letter {letter} of scheme {scheme}: min and max must be "
                "whole numbers with 0 <= min <= max",
            )
            ok = False
        severity = body.get("severity")
        if severity is not None and severity not in LEVELS:
            self.error(
                table, "severity", f"severity must be one of {', '.join(LEVELS)}, not {severity!r}"
            )
            ok = False
        if not ok:
            return None
        return Letter(
            letter, str(body.get("word", letter)), Meaning(str(meaning)), lo, hi, severity
        )

    def _rule_list(self, key: str, value: Any) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            self.error((), key, f"{key} must be a list of rule slugs, codes or prefixes")
            return []
        for item in items:
            if not known_selector(item):
                self.error((), key, f"{key}: unknown rule '{item}'{_close(item, _names())}")
            elif key == "ignore" and all(
                not r.suppressible for r in REGISTRY.values() if matches(r, item)
            ):
                self.error(
                    (), key, f"ignore: '{item}' is a load rule; load problems cannot be turned off"
                )
        return list(items)

    def _rules(self, value: Any, config: Config) -> None:
        if not isinstance(value, dict):
            self.error((), "rules", "rules must be a table of rule tables")
            return
        for slug, settings in value.items():
            rule = REGISTRY.get(slug)
            if rule is None:
                self.error(
                    ("rules",), slug, f"unknown rule '{slug}' in rules{_close(slug, REGISTRY)}"
                )
                continue
            if not isinstance(settings, dict):
                self.error(("rules",), slug, f"rules.{slug} must be a table")
                continue
            for name, setting in settings.items():
                self._setting(rule, name, setting, config)

    def _setting(self, rule: Rule, name: str, value: Any, config: Config) -> None:
        table = ("rules", rule.slug)
        if name == "severity":
            if not rule.suppressible:
                self.error(table, name, f"{rule.slug} is a load rule: always an error")
            elif value in LEVELS:
                config.severities[rule.slug] = Severity(value)
            else:
                self.error(
                    table, name, f"severity must be one of {', '.join(LEVELS)}, not {value!r}"
                )
            return
        if name not in rule.options:
            known = ["severity", *rule.options]
            self.error(
                table,
                name,
                f"unknown option '{name}' for rule {rule.slug} (known: "
                f"{', '.join(known)}){_close(name, known)}",
            )
            return
        default = rule.options[name]
        choices = rule.choices.get(name)
        if choices is not None:
            if value not in choices:
                self.error(
                    table,
                    name,
                    f"{rule.slug}.{name} must be one of: {', '.join(choices)}, not {value!r}",
                )
                return
        elif not _fits(default, value):
            self.error(table, name, f"{rule.slug}.{name} must be a number, not {value!r}")
            return
        if isinstance(value, int | float) and value < 0:
            self.error(table, name, f"{rule.slug}.{name} must not be negative")
            return
        config.options.setdefault(rule.slug, {})[name] = value


def _fits(default: Any, value: Any) -> bool:
    if isinstance(value, bool):
        return isinstance(default, bool)
    if default is None or isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, int):
        return isinstance(value, int)
    return isinstance(value, type(default))


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*="""
)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """(table..., key) -> line, for error messages. tomllib keeps no positions."""
    out: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            out.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            out.setdefault((*table, *_dotted(key.group(1))), number)
    return out


def _dotted(path: str) -> tuple[str, ...]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', path)
    return tuple(next(p for p in part if p) if any(part) else "" for part in parts)
