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

import datetime
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
)

from raci.errors import RaciError
from raci.findings import Severity
from raci.hints import did_you_mean
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
    scope_line: int = 0  # where `scope` is written in `source`, for findings about it

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
    A raci.toml that is not a file, or a pyproject.toml that mentions raci but does not
    parse, is returned too: `load_config` then says what is wrong with it.
    """
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for current in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = current / name
            if name == "raci.toml" and candidate.exists():
                return candidate
            if name == "pyproject.toml" and candidate.is_file() and _has_tool_raci(candidate):
                return candidate
        if (current / ".git").exists():
            return None
    return None


def _has_tool_raci(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "raci" not in text:
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return True  # it may hold our settings: say that it is broken
    return tool is not None and (not isinstance(tool, dict) or "raci" in tool)


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    if path.is_dir():
        raise ConfigError([f"{path}: is a folder, not a configuration file"])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot be read ({exc})"]) from exc
    try:
        doc: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        line = at[1] if at else (text.count("\n") + 1 if "end of document" in str(exc) else 0)
        where = f"{path}:{line}" if line else str(path)
        raise ConfigError([f"{where}: invalid TOML: {exc}"]) from exc
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "raci")
        tool = doc.get("tool", {})
        doc = tool.get("raci", {}) if isinstance(tool, dict) else {}
        if not isinstance(tool, dict) or not isinstance(doc, dict):
            line = _key_lines(text).get(("tool", "raci")) or _key_lines(text).get(("tool",), 1)
            shown = tool if not isinstance(tool, dict) else doc
            raise ConfigError(
                [f"{path}:{line}: [tool.raci] must be a table of settings, not {_toml(shown)}"]
            )
    return _Validator(path, text, prefix).build(doc)


def _toml(value: Any) -> str:
    """A value echoed back as the TOML file spells it: true, not Python's True."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # A literal string as TOML writes it ('a\b' as is), else a basic one with escapes.
        return f"'{value}'" if "'" not in value and value.isprintable() else json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = [
            (k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k), v)
            for k, v in value.items()
        ]
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in pairs) + "}"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)  # numbers: TOML writes them (and nan, inf) as Python does


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
                errors.append(f"{flag}: unknown rule '{value}'{did_you_mean(value, _names())}")
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


class _Validator:
    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.prefix = prefix
        self.lines = _key_lines(text)
        self.errors: list[tuple[int, str]] = []

    def error(self, table: tuple[str, ...], key: str, message: str) -> None:
        line = (
            self.lines.get((*self.prefix, *table, key))
            or self.lines.get((*self.prefix, *table))
            or 1
        )
        self.errors.append((line, f"{self.path}:{line}: {message}"))

    def build(self, doc: dict[str, Any]) -> Config:
        config = Config(source=self.path)
        # The models check shapes and ranges; what they cannot know (rule names in
        # select, scheme names, min <= max) is checked below, on the keys they passed.
        # Only the rules the file names are validated, each by its own model: building
        # the models of every rule costs 30 ms, too much for each pre-commit run.
        failed: set[tuple[str, ...]] = set()
        errors: list[Any] = []
        try:
            settings_model(rules=False).model_validate(
                {k: v for k, v in doc.items() if k != "schemes"}
            )
        except ValidationError as exc:
            errors += exc.errors()
        rules = doc.get("rules")
        for slug, settings in rules.items() if isinstance(rules, dict) else ():
            rule = REGISTRY.get(slug)
            if rule is None:
                errors.append({"loc": ("rules", slug), "type": "extra_forbidden"})
                continue
            try:
                _rule_model(rule.slug).model_validate(settings)
            except ValidationError as exc:
                errors += [{**e, "loc": ("rules", slug, *e["loc"])} for e in exc.errors()]
        for error in errors:
            failed.add(tuple(str(step) for step in error["loc"][:2]))
            self._model_error(error)
        ok = {key for key in doc if (key,) not in failed}
        for key in ("select", "ignore"):
            if key in ok:
                setattr(config, key, tuple(self._rule_list(key, doc[key])))
        if "fail-on" in ok:
            config.fail_on = Severity(doc["fail-on"])
        if "scope" in ok:
            config.scope = tuple(doc["scope"])
            config.scope_line = self.lines.get((*self.prefix, "scope"), 0)
        for slug, settings in doc["rules"].items() if "rules" in ok else ():
            if ("rules", slug) not in failed and ("rules",) not in failed:
                self._rule(REGISTRY[slug], settings, config)
        custom = self._schemes(doc.get("schemes", {}))
        name = doc.get("scheme")
        if name is not None and "scheme" in ok:
            known = {**SCHEMES, **custom}
            if name.lower() not in known:
                self.error(
                    (),
                    "scheme",
                    f"unknown scheme {name!r}: use one of "
                    f"{', '.join(known)}{did_you_mean(str(name).lower(), known)}",
                )
            else:
                config.scheme = known[name.lower()]
        if self.errors:
            raise ConfigError([message for _, message in sorted(self.errors)])
        return config

    def _model_error(self, error: Any) -> None:
        """One pydantic error in the words of the configuration file."""
        loc = tuple(str(step) for step in error["loc"])
        kind, value = error["type"], error.get("input")
        where = "[" + ".".join(self.prefix) + "]" if self.prefix else "the top level"
        key = loc[0]
        if len(loc) == 1 and kind == "extra_forbidden":
            self.error((), key, f"unknown key '{key}' in {where}{did_you_mean(key, KEYS)}")
        elif key in ("select", "ignore"):
            self.error((), key, f"{key} must be a list of rule slugs, codes or prefixes")
        elif key == "fail-on":
            self.error((), key, f"fail-on must be one of {', '.join(LEVELS)}, not {_toml(value)}")
        elif key == "scope":
            self.error((), key, "scope must be a list of role ids")
        elif key == "scheme":
            self.error((), key, f"scheme must be the name of a scheme, not {_toml(value)}")
        elif len(loc) == 1:
            self.error((), key, f"{key} must be a table of rule tables")
        elif len(loc) == 2 and kind == "extra_forbidden":
            self.error(
                ("rules",),
                loc[1],
                f"unknown rule '{loc[1]}' in rules{did_you_mean(loc[1], REGISTRY)}",
            )
        elif len(loc) == 2:
            self.error(("rules",), loc[1], f"rules.{loc[1]} must be a table")
        else:
            self._option_error(REGISTRY[loc[1]], loc[2], kind, value)

    def _option_error(self, rule: Rule, name: str, kind: str, value: Any) -> None:
        table = ("rules", rule.slug)
        if kind == "extra_forbidden" and name == "severity":
            message = f"{rule.slug} is a load rule: always an error"
        elif kind == "extra_forbidden":
            known = [*(["severity"] if rule.suppressible else []), *rule.options]
            message = (
                f"unknown option '{name}' for rule {rule.slug} (known: "
                f"{', '.join(known)}){did_you_mean(name, known)}"
            )
        elif name == "severity":
            message = f"severity must be one of {', '.join(LEVELS)}, not {_toml(value)}"
        elif name in rule.choices:
            listed = ", ".join(rule.choices[name])
            message = f"{rule.slug}.{name} must be one of: {listed}, not {_toml(value)}"
        else:
            message = f"{rule.slug}.{name} must be {_option_words(name, rule.options[name])}"
            message += f", not {_toml(value)}"
        self.error(table, name, message)

    def _rule_list(self, key: str, value: Any) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if key == "select" and not items:
            # As `--select ''`: an empty list would select nothing, yet reads as "all".
            self.error(
                (),
                key,
                "select: an empty list selects no rule; leave 'select' out to run every rule",
            )
        for item in items:
            if not known_selector(item):
                self.error((), key, f"{key}: unknown rule '{item}'{did_you_mean(item, _names())}")
            elif key == "ignore" and all(
                not r.suppressible for r in REGISTRY.values() if matches(r, item)
            ):
                self.error(
                    (), key, f"ignore: '{item}' is a load rule; load problems cannot be turned off"
                )
        return list(items)

    def _rule(self, rule: Rule, settings: dict[str, Any], config: Config) -> None:
        values = {**rule.options, **settings}
        low, high = values.get("min"), values.get("max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.error(
                ("rules", rule.slug),
                "min" if "min" in settings else "max",
                f"{rule.slug}: min ({low}) is greater than max ({high})",
            )
            return
        for name, value in settings.items():
            if name == "severity":
                config.severities[rule.slug] = Severity(value)
            else:
                config.options.setdefault(rule.slug, {})[name] = value

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
                        f"letters, combine){did_you_mean(key, ('letters', 'combine'))}",
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
                    f"{', '.join(LETTER_KEYS)}){did_you_mean(key, LETTER_KEYS)}",
                )
                ok = False
        meanings = [m.value for m in Meaning]
        meaning = body.get("meaning")
        if meaning not in meanings:
            self.error(
                table,
                "meaning",
                f"letter {letter} of scheme {scheme}: meaning must be "
                f"one of {', '.join(meanings)}, "
                + ("and is missing" if meaning is None else f"not {_toml(meaning)}"),
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
                table,
                "severity",
                f"severity must be one of {', '.join(LEVELS)}, not {_toml(severity)}",
            )
            ok = False
        if not ok:
            return None
        return Letter(
            letter, str(body.get("word", letter)), Meaning(str(meaning)), lo, hi, severity
        )


# -- the models: shapes and ranges of every setting, and the JSON Schema -------------

Level = Literal["error", "warning", "info"]


def _option_words(name: str, default: Any) -> str:
    """What an option takes, as an error message says it."""
    if "share" in name:
        return "a share from 0 to 1 (0.8 is 80%)"
    if isinstance(default, int) and not isinstance(default, bool):
        return "a whole number, 0 or more"
    return "a number, 0 or more"


def _option_type(rule: Rule, name: str, default: Any) -> Any:
    choices = rule.choices.get(name)
    kind: Any
    if choices is not None:
        kind = Literal[choices]
    elif isinstance(default, bool):
        kind = StrictBool
    elif "share" in name:
        kind = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]
    elif isinstance(default, int) or (default is None and name in ("min", "max")):
        kind = Annotated[StrictInt, Field(ge=0)]
    elif isinstance(default, float) or default is None:
        kind = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
    else:
        kind = StrictStr
    return kind | None if default is None else kind


@cache
def _rule_model(slug: str) -> type[BaseModel]:
    rule = REGISTRY[slug]
    fields: dict[str, Any] = {}
    if rule.suppressible:
        fields["severity"] = (Level | None, Field(None, description="Overrides the default."))
    for name, default in rule.options.items():
        fields[name.replace("-", "_")] = (
            _option_type(rule, name, default),
            Field(default, alias=name, description=_option_words(name, default)),
        )
    return create_model(
        f"Rule_{rule.slug.replace('-', '_')}",
        __config__=ConfigDict(extra="forbid", title=rule.slug),
        __doc__=f"{rule.code}: {rule.summary}",
        **fields,
    )


class LetterSettings(BaseModel):
    """One letter of a custom scheme."""

    model_config = ConfigDict(extra="forbid")

    word: str | None = None
    meaning: Literal[tuple(m.value for m in Meaning)]  # type: ignore[valid-type]
    min: Annotated[StrictInt, Field(ge=0)] = 0
    max: Annotated[StrictInt, Field(ge=1)] | None = None
    severity: Level | None = None


class SchemeSettings(BaseModel):
    """A custom scheme: its letters and which pairs may be combined (A/R)."""

    model_config = ConfigDict(extra="forbid")

    letters: dict[str, LetterSettings]
    combine: list[tuple[str, str]] = Field(default_factory=list)


@cache
def settings_model(*, rules: bool = True) -> type[BaseModel]:
    """`[tool.raci]` / raci.toml as one model, built from the registered rules.

    With `rules=False` the `rules` table is only required to be a table (its rules
    are validated one by one, see `_Validator.build`).
    """
    per_rule: Any = dict[str, dict[str, Any]]
    if rules:
        per_rule = create_model(  # type: ignore[call-overload]
            "Rules",
            __config__=ConfigDict(extra="forbid", title="rules"),
            __doc__="Per-rule settings: severity and the rule's options.",
            **{
                rule.slug.replace("-", "_"): (
                    _rule_model(rule.slug) | None,
                    Field(None, alias=rule.slug),
                )
                for rule in REGISTRY.values()
            },
        )
    names = Field(None, description="Rule slugs, codes or code prefixes (ACT, ORG00).")
    return create_model(
        "RaciSettings",
        __config__=ConfigDict(extra="forbid", title="raci configuration"),
        __doc__="raci's settings: raci.toml, or [tool.raci] in pyproject.toml.",
        select=(StrictStr | list[StrictStr] | None, names),
        ignore=(StrictStr | list[StrictStr] | None, names),
        fail_on=(Level | None, Field(None, alias="fail-on", description="Default: error.")),
        scope=(list[StrictStr] | None, Field(None, description="More roles in RACI scope.")),
        rules=(per_rule | None, Field(None)),
        scheme=(StrictStr | None, Field(None, description="RACI, RASCI, DACI, ... or custom.")),
        schemes=(dict[str, SchemeSettings] | None, Field(None, description="Custom schemes.")),
    )


def settings_schema() -> dict[str, Any]:
    """The JSON Schema of the settings (`raci schema --config`), for editors."""
    from raci import __version__

    schema = settings_model().model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"Generated by raci {__version__} (`raci schema --config`)."
    return schema


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
