"""Where a hand-made matrix keeps what: found by scoring the whole sheet.

Every cell is classified once (letters, none-marker, short word, text, number,
empty; by distinct value, so a large sheet costs one pass). Legend rows are found
first and their meaning kept. The letter columns are the columns where letters
dominate; the header row is the row above the first letter that names most of
them (a second such row is the holders' names, a row of repeated merged values
above is a group row); the activity column is the first column left of the roles
with the most distinct titles; every named column right of it is a role, unless
its cells are mostly free text (notes, status, deliverable: activity attributes).
A sheet whose letter columns are named by letter words (`Responsible`, `A`) and
hold names is a long matrix; one whose headers read like activities and whose
rows like roles is transposed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, zip_longest

from raci.imports.tabular import cell_ref
from raci.letters import LOOKALIKES, SEPARATORS, LetterError, read_letters
from raci.scheme import RACI, SCHEMES, Scheme

EMPTY, LETTER, NONE, WORD, TEXT, NUMBER = range(6)

NONE_MARKERS = frozenset({"N", "-", "\u2013", "\u2014", "N/A", "NA", "NONE", "0", ".", "/", "NO"})
NONE_WORDS = ("not involved", "no involvement", "none", "n/a", "not applicable", "no role", "no")
# The words legends use for each letter, whatever the scheme calls it.
WORDS = {
    "responsible": "R",
    "accountable": "A",
    "consulted": "C",
    "informed": "I",
    "support": "S",
    "supportive": "S",
    "verifier": "V",
    "verifies": "V",
    "signatory": "S",
    "signs": "S",
    "out": "O",
    "omitted": "O",
    "driver": "D",
    "approver": "A",
    "contributor": "C",
    "contributors": "C",
    "recommend": "R",
    "agree": "A",
    "perform": "P",
    "input": "I",
    "decide": "D",
}
# A word found only in one scheme's legend names that scheme.
SCHEME_WORDS = {
    "support": "rasci",
    "supportive": "rasci",
    "verifier": "raci-vs",
    "verifies": "raci-vs",
    "signatory": "raci-vs",
    "signs": "raci-vs",
    "omitted": "cairo",
    "out": "cairo",
    "driver": "daci",
    "approver": "daci",
    "contributor": "daci",
    "contributors": "daci",
    "recommend": "rapid",
    "agree": "rapid",
    "perform": "rapid",
    "decide": "rapid",
}
ACTIVITY_HEADERS = frozenset(
    (
        *("activity", "activities", "task", "tasks", "deliverable", "process", "step"),
        *("decision", "responsibility", "responsibilities", "item", "items", "workstream"),
        *("action", "actions"),
    )
)
AREA_HEADERS = frozenset(
    ("area", "areas", "phase", "category", "group", "section", "stage", "domain", "theme")
)
ATTRIBUTE_HEADERS = (
    "note",
    "comment",
    "remark",
    "status",
    "deliverable",
    "description",
    "owner",
    "due",
    "date",
    "output",
    "frequency",
    "priority",
    "tool",
    "document",
    "artifact",
    "id",
    "ref",
    "no",
    "#",
)
LEGEND_TITLES = frozenset({"legend", "key", "racikey", "racilegend", "keys"})
NOTE_STARTS = ("note", "notes", "*", "source", "legend", "key", "last updated", "version")
_LEGEND_ENTRY = re.compile(
    r"(?:^|[,;\n|]|\s{2,})\s*\(?([A-Za-z]{1,3}|[-\u2013\u2014.]|n/a)\)?\s*(?:[:=]|\s[-\u2013\u2014]|[-\u2013\u2014]\s)\s*"
    r"([A-Za-z][A-Za-z /'()-]*)"
)
_LEGEND_PREFIX = re.compile(r"^\s*(?:raci\s+)?(?:legend|key)\s*[:\-\u2013]?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^[A-Za-z]{0,3}[\d][\d.\-)]*$")
_SPACES = re.compile(r"\s+")


@dataclass
class Skipped:
    row: int  # 0-based, in the (possibly transposed) grid
    reason: str


@dataclass
class Layout:
    """What detection decided (and what the options overrode)."""

    sheet: str
    scheme: Scheme
    scheme_how: str  # "given", "guessed from the letters", "guessed from the legend"
    shape: str = "wide"  # "wide", "long" or "list" (a row per activity, role, letter)
    transposed: bool = False
    header_rows: list[int] = field(default_factory=list)  # titles row first
    holder_row: int | None = None
    group_row: int | None = None
    group_spans: bool = False  # each group name stands over the blank columns right of it
    activity_col: int | None = None
    area_col: int | None = None
    name_col: int | None = None  # a list's column of role or people names
    role_cols: list[int] = field(default_factory=list)
    attribute_cols: list[int] = field(default_factory=list)
    skipped_cols: list[int] = field(default_factory=list)  # a legend column
    data_start: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # token -> letter, "" = none
    legend_rows: set[int] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)  # how each guess was made


class Grid:
    """A sheet's rows, read the right way round; references name the real cells."""

    def __init__(self, name: str, rows: list[list[str]], transposed: bool = False) -> None:
        self.name = name
        self.transposed = transposed
        if transposed:
            width = max((len(r) for r in rows), default=0)
            rows = [[r[c] if c < len(r) else "" for r in rows] for c in range(width)]
        self.rows = rows
        self.width = max((len(r) for r in rows), default=0)

    def cell(self, row: int, col: int) -> str:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def ref(self, row: int, col: int) -> str:
        return cell_ref(self.name, col, row) if self.transposed else cell_ref(self.name, row, col)

    def line(self, row: int) -> str:
        """'RACI row 12', or 'RACI column F' when the sheet is transposed."""
        if self.transposed:
            from openpyxl.utils import get_column_letter

            return f"{self.name} column {get_column_letter(row + 1)}"
        return f"{self.name} row {row + 1}"

    def row_name(self, row: int) -> str:
        """'row 4', or 'column D' when the sheet is transposed."""
        if self.transposed:
            from openpyxl.utils import get_column_letter

            return f"column {get_column_letter(row + 1)}"
        return f"row {row + 1}"

    def col_name(self, col: int) -> str:
        """'column F', or 'row 6' when the sheet is transposed."""
        if self.transposed:
            return f"row {col + 1}"
        from openpyxl.utils import get_column_letter

        return f"column {get_column_letter(col + 1)}"

        return str(get_column_letter(col + 1))


def norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def _token(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value).translate(LOOKALIKES)).upper()


class _Memo(dict[str, int]):
    def __init__(self, compute: Callable[[str], int]) -> None:
        super().__init__({"": EMPTY})
        self.compute = compute

    def __missing__(self, value: str) -> int:
        found = self[value] = self.compute(value)
        return found


class Classifier:
    """The kind of each distinct value, for one scheme and legend.

    Memoised by value: a large sheet holds few distinct values, and `kinds` maps a
    whole row through the memo at C speed.
    """

    def __init__(self, scheme: Scheme, aliases: dict[str, str]) -> None:
        self.scheme = scheme
        self.aliases = aliases
        self.none = {k for k, v in aliases.items() if not v} | {
            m for m in NONE_MARKERS if not scheme.has(m)
        }
        self.memo = _Memo(self._kind)
        self._letters: dict[str, list[str] | LetterError] = {}

    def kind(self, value: str) -> int:
        return self.memo[value]

    def kinds(self, row: list[str]) -> list[int]:
        return list(map(self.memo.__getitem__, row))

    def _kind(self, value: str) -> int:
        token = _token(value).strip()
        if not token:
            return EMPTY
        if token in self.none:
            return NONE
        try:
            if read_letters(value, self.scheme, self.aliases):
                return LETTER
            return NONE
        except LetterError:
            pass
        if _NUMBER.match(token):
            return NUMBER
        return WORD if len(token) <= 3 else TEXT

    def letters(self, value: str) -> list[str]:
        """The letters of a cell ([] for a none-marker); LetterError for anything else."""
        found = self._letters.get(value)
        if found is None:
            try:
                if _token(value).strip() in self.none:
                    found = []
                else:
                    found = read_letters(value, self.scheme, self.aliases)
            except LetterError as exc:
                found = exc
            self._letters[value] = found
        if isinstance(found, LetterError):
            raise found
        return found


def legend_entries(row: list[str]) -> tuple[list[tuple[str, str]], bool]:
    """The (token, meaning words) pairs a row defines, and whether the row is a legend
    row (it starts with the legend; a legend beside the matrix shares data rows)."""
    cells = [v for v in dict.fromkeys(row) if v]
    found: list[tuple[str, str]] = []
    starts = False
    for i, value in enumerate(cells):
        for token, words in _LEGEND_ENTRY.findall(_LEGEND_PREFIX.sub("", value)):
            if len(words.strip()) >= 4 and _meaning(words) is not None:
                found.append((token, words))
                starts = starts or i == 0
        # "R | Responsible | does the work": the token first (or after "Legend").
        first = i == 0 or (i == 1 and norm(cells[0]) in LEGEND_TITLES)
        if (
            first
            and len(value) <= 3
            and i + 1 < len(cells)
            and len(cells[i + 1]) >= 4
            and _meaning(cells[i + 1]) is not None
            and len(cells) <= 4
        ):
            found.append((value, cells[i + 1]))
            starts = True
    # A short cell that defines nothing is a letter of a data row: not a legend row.
    tokens = {t for t, _ in found}
    short = any(len(v) <= 3 and v not in tokens and norm(v) not in LEGEND_TITLES for v in cells)
    return found, starts and len(cells) <= 6 and not short


def _meaning(words: str) -> str | None:
    """The letter a legend's words name ('' for a none-marker), or None."""
    text = words.strip().casefold()
    if any(text.startswith(w) for w in NONE_WORDS if len(w) > 3) or text in NONE_WORDS:
        return ""
    first = re.split(r"[^a-z]+", text)[0] if text else ""
    if text.startswith("out of the loop"):
        return "O"
    if first == "out":
        return None
    return WORDS.get(first)


def _is_legend_title(row: list[str]) -> bool:
    cells = [v for v in dict.fromkeys(row) if v]
    return len(cells) == 1 and norm(cells[0]) in LEGEND_TITLES


def guess_scheme(rows: list[list[str]], legend_words: list[str]) -> tuple[Scheme, str]:
    """The built-in scheme under which most cells read as letters; the legend decides
    between schemes that share letters."""
    for words in legend_words:
        first = re.split(r"[^a-z]+", words.strip().casefold())[0]
        if first in SCHEME_WORDS:
            return SCHEMES[SCHEME_WORDS[first]], f"guessed from the legend ({words.strip()!r})"
    # Only cells of separate single letters count ('A', 'A/R', 'R, A'): a header such
    # as 'CRO' reads as C, R, O in CAIRO, but nobody writes a letter cell like that.
    counts = Counter(chain.from_iterable(rows))
    for v in list(counts):
        if not v or len(v) > 12 or any(len(p) > 1 for p in SEPARATORS.split(_token(v)) if p):
            del counts[v]
    scores = {}
    for key, scheme in SCHEMES.items():
        scores[key] = 0
        for value, n in counts.items():
            try:
                if read_letters(value, scheme):
                    scores[key] += n
            except LetterError:
                continue
    best = max(SCHEMES, key=lambda k: scores[k])  # the first (RACI) on a tie
    if scores[best] < scores["raci"] + max(2, scores["raci"] // 50):
        return RACI, "guessed from the letters"
    return SCHEMES[best], "guessed from the letters"


def find_legend(rows: list[list[str]]) -> tuple[set[int], list[tuple[str, str]]]:
    legend_rows: set[int] = set()
    entries: list[tuple[str, str]] = []
    for r, row in enumerate(rows):
        if not any(row):
            continue
        found, is_legend = legend_entries(row)
        entries.extend(found)
        if is_legend or _is_legend_title(row):
            legend_rows.add(r)
    return legend_rows, entries


def aliases_for(entries: list[tuple[str, str]], scheme: Scheme) -> dict[str, str]:
    """A legend's tokens that are not the scheme's own letters, or redefine them."""
    out: dict[str, str] = {}
    for token, words in entries:
        meaning = _meaning(words)
        key = _token(token).strip()
        if meaning is None or (meaning and not scheme.has(meaning)):
            continue
        if meaning == "" or key != meaning:
            out[key] = meaning
    return out


def long_header(grid: Grid, scheme: Scheme, legend_rows: set[int]) -> tuple[int, dict[int, str]]:
    """A long matrix's header row and its letter columns (col -> letter), or (-1, {})."""
    for r, row in enumerate(grid.rows[:60]):
        if r in legend_rows:
            continue
        cols: dict[int, str] = {}
        for c, value in enumerate(row):
            letter = letter_header(value, scheme)
            if letter is not None and letter not in cols.values():
                cols[c] = letter
        # Bare letters under a row that already names columns are a wide matrix's data
        # row ('Ship it, A, R' under 'Activity, CEO, CTO'), not a long matrix's header.
        bare = all(len(row[c].strip()) == 1 for c in cols)
        if bare and any(
            sum(1 for v in grid.rows[x] if v.strip()) >= 2 for x in range(r) if x not in legend_rows
        ):
            continue
        if len(cols) >= 2:
            # A sample of the rows below decides: names there, or letters (a data row).
            sample = [x for x in range(r + 1, len(grid.rows)) if x not in legend_rows][:50]
            below = [grid.cell(x, c) for x in sample for c in cols]
            filled = [v for v in below if v]
            classify = Classifier(scheme, {})
            kinds = Counter(classify.kind(v) for v in filled)
            names = kinds[TEXT] + kinds[WORD]
            if filled and names >= 0.6 * len(filled) and kinds[LETTER] <= 0.2 * len(filled):
                return r, cols
    return -1, {}


# A list matrix's headers: the role (or person) of a row, and its letter.
NAME_HEADERS = frozenset(
    (
        *("role", "roles", "person", "people", "name", "names", "who", "stakeholder"),
        *("stakeholders", "assignee", "member", "teammember", "party", "position", "function"),
        *("responsibleparty", "roleperson", "personrole", "rolename", "employee"),
    )
)
LETTER_HEADERS = frozenset(
    (
        *("letter", "letters", "type", "roletype", "responsibility", "involvement"),
        *("assignment", "code", "level", "raci", "rasci", "racivs", "cairo", "daci", "rapid"),
    )
)


def _list_layout(
    grid: Grid,
    classify: Classifier,
    layout: Layout,
    header_row: int | None,
    activity_col: int | None,
) -> bool:
    """One row per activity, role and letter: headed columns for each, letters below."""
    for r in [header_row] if header_row is not None else range(min(60, len(grid.rows))):
        if r in layout.legend_rows:
            continue
        heads = [norm(v) for v in grid.rows[r]]
        names = [c for c, h in enumerate(heads) if h in NAME_HEADERS]
        letters = [c for c, h in enumerate(heads) if h in LETTER_HEADERS or h.startswith("raci")]
        titles = [c for c, h in enumerate(heads) if h in ACTIVITY_HEADERS]
        act = activity_col if activity_col is not None else (titles[0] if titles else None)
        if len(names) != 1 or len(letters) != 1 or act is None:
            continue
        below = [grid.cell(x, letters[0]) for x in range(r + 1, len(grid.rows))]
        filled = [v for v in below if v]
        read = sum(classify.kind(v) in (LETTER, NONE) for v in filled)
        if not filled or read < 0.6 * len(filled):
            continue
        layout.shape = "list"
        layout.header_rows = [r]
        layout.data_start = r + 1
        layout.activity_col, layout.name_col, layout.role_cols = act, names[0], letters
        areas = [c for c, h in enumerate(heads) if h in AREA_HEADERS and c != act]
        layout.area_col = areas[0] if areas else None
        layout.reasons.append(
            f"a list: one row per activity ({grid.col_name(act)}), role "
            f"({grid.col_name(names[0])}) and letters ({grid.col_name(letters[0])})"
        )
        return True
    return False


def letter_header(value: str, scheme: Scheme) -> str | None:
    """The letter a long matrix's column header names ('R', 'Responsible', 'Accountable (A)')."""
    text = value.strip()
    if len(text) == 1 and scheme.has(text.upper()):
        return text.upper()
    words = re.findall(r"[A-Za-z]+", text)
    if not words or len(words) > 4:
        return None
    for x in scheme.letters:
        if x.word.casefold() == words[0].casefold():
            return x.letter
    return None


def detect(
    grid: Grid,
    scheme: Scheme | None,
    *,
    header_row: int | None = None,
    activity_col: int | None = None,
    role_cols: list[int] | None = None,
) -> Layout:
    """The layout of a wide (or long) matrix in the grid; `role_cols` empty when none."""
    rows = grid.rows
    legend_rows, entries = find_legend(rows)
    if scheme is None:
        scheme, how = guess_scheme(
            [row for r, row in enumerate(rows) if r not in legend_rows], [w for _, w in entries]
        )
    else:
        how = "given"
    aliases = aliases_for(entries, scheme)
    layout = Layout(grid.name, scheme, how, aliases=aliases, legend_rows=legend_rows)
    layout.transposed = grid.transposed
    for r in sorted(legend_rows):
        layout.skipped.append(Skipped(r, "legend"))
    if aliases:
        shown = ", ".join(f"{k} = {v or 'not involved'}" for k, v in aliases.items())
        layout.reasons.append(f"the legend defines {shown}")
    classify = Classifier(scheme, aliases)
    if role_cols is None and _list_layout(grid, classify, layout, header_row, activity_col):
        return layout
    kinds = [classify.kinds(row) if r not in legend_rows else [] for r, row in enumerate(rows)]
    if role_cols is None and header_row is None:
        lr, lcols = long_header(grid, scheme, legend_rows)
        if lcols:
            layout.shape = "long"
            layout.header_rows = [lr]
            layout.role_cols = sorted(lcols)
            layout.data_start = lr + 1
            layout.activity_col = (
                activity_col
                if activity_col is not None
                else _activity(
                    grid, kinds, lr, [c for c in range(grid.width) if c not in lcols], layout
                )
            )
            layout.reasons.append(
                "a long matrix: columns "
                + ", ".join(f"{grid.cell(lr, c)!r} ({x})" for c, x in sorted(lcols.items()))
                + " hold names"
            )
            return layout
    width = grid.width
    columns = list(zip_longest(*kinds, fillvalue=EMPTY)) if kinds else []
    # A legend row (no kinds) may be wider than every other row: its columns are empty.
    columns += [(EMPTY,) * len(kinds)] * (width - len(columns))
    letters = [col.count(LETTER) for col in columns]
    first_letter = [
        col.index(LETTER) if n else len(rows) for col, n in zip(columns, letters, strict=True)
    ]
    others = [0] * width
    for c, col in enumerate(columns):
        if letters[c]:  # below the first letter: title rows above do not count
            below = col[first_letter[c] + 1 :]
            others[c] = below.count(WORD) + below.count(TEXT) + below.count(NUMBER)
    letter_cols = [c for c in range(width) if letters[c] and letters[c] >= others[c]]
    if role_cols is not None:
        letter_cols = [c for c in role_cols if letters[c]] or list(role_cols)
    if not letter_cols:
        return layout
    first = min(first_letter[c] for c in letter_cols)
    if header_row is None:
        header_row = _header(grid, kinds, letter_cols, first, layout)
    else:
        layout.reasons.append(f"header {grid.row_name(header_row)} given")
    top = header_row if header_row >= 0 else first - 1
    layout.header_rows = [header_row] if header_row >= 0 else []
    if header_row >= 0:
        _second_header(grid, kinds, letter_cols, header_row, layout)
    holder = layout.holder_row if layout.holder_row is not None else -1
    last_header = max([*layout.header_rows, holder, top])
    layout.data_start = last_header + 1
    start_role = min(letter_cols)
    if activity_col is None:
        candidates = list(range(start_role))
        activity_col = _activity(grid, kinds, last_header, candidates, layout)
    else:
        layout.reasons.append(f"activities in {grid.col_name(activity_col)} (given)")
    layout.activity_col = activity_col
    if activity_col is None:
        return layout
    layout.area_col = _area(grid, kinds, last_header, activity_col, layout)
    if role_cols is not None:
        layout.role_cols = list(role_cols)
        layout.reasons.append("role columns given")
        # The other columns right of the activities ('Notes', cells of a row longer
        # than the header) were dropped without a word: they are attributes.
        layout.attribute_cols += [
            c
            for c in range(activity_col + 1, min(grid.width, len(columns)))
            if c not in layout.role_cols and any(columns[c][layout.data_start :])
        ]
    else:
        _roles(grid, columns, layout, letters)
    # Columns left of the activities (an id, a phase, a number without a header) are
    # kept as attributes too.
    left = [
        c
        for c in range(activity_col)
        if c != layout.area_col and c < len(columns) and any(columns[c][layout.data_start :])
    ]
    layout.attribute_cols[:0] = left
    return layout


def _header(grid: Grid, kinds: list[list[int]], cols: list[int], first: int, layout: Layout) -> int:
    """The row above the first letter that names most letter columns (the lowest on a tie)."""
    best, best_score = -1, 0
    for r in range(min(first + 1, len(kinds))):
        if r in layout.legend_rows:
            continue
        named = {
            grid.cell(r, c) for c in cols if kinds[r][c : c + 1] and kinds[r][c] in (WORD, TEXT)
        }
        score = len(named)
        if r == first and score <= sum(1 for c in cols if kinds[r][c : c + 1] == [LETTER]):
            continue  # the first row with letters is the header only if names outnumber them
        if score >= best_score and score > 0:
            best, best_score = r, score
    if best >= 0:
        layout.reasons.append(
            f"header {grid.row_name(best)}: names {best_score} of {len(cols)} letter columns"
        )
    else:
        layout.reasons.append("no header row: columns are named by their letter")
    return best


_ROLE_WORDS = re.compile(
    r"\b(lead|manager|head|chief|officer|director|vp|engineer|owner|team|board|committee|"
    r"analyst|architect|sponsor|admin|administrator|specialist|coordinator|president|"
    r"executive|counsel|department|group|office|ops|it|hr|pmo|qa|ceo|cfo|cto|coo|cio)\b",
    re.IGNORECASE,
)


def _person_like(value: str) -> bool:
    words = value.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() for w in words)
        and not _ROLE_WORDS.search(value)
    )


def _second_header(
    grid: Grid, kinds: list[list[int]], cols: list[int], header: int, layout: Layout
) -> None:
    """A names row next to the header, and a group row of repeated values above."""

    def named(r: int) -> list[str]:
        return [
            grid.cell(r, c)
            for c in cols
            if r < len(kinds) and c < len(kinds[r]) and kinds[r][c] in (WORD, TEXT)
        ]

    here = named(header)
    above = header - 1
    if above >= 0 and above not in layout.legend_rows:
        other = named(above)
        if len(set(other)) >= 0.8 * len(set(here)) and len(set(other)) > 1:
            people = sum(map(_person_like, here)), sum(map(_person_like, other))
            if people[0] > people[1]:
                layout.header_rows = [above]
                layout.holder_row = header
            elif people[1] > people[0]:
                layout.holder_row = above
            if layout.holder_row is not None:
                layout.reasons.append(
                    f"{grid.row_name(layout.holder_row)} holds the people's names: holders"
                )
                above = min(header, layout.holder_row) - 1
    titles = layout.header_rows[0]
    if above >= 0 and above not in layout.legend_rows and above != titles:
        group = named(above)
        cells = [grid.cell(above, c) for c in sorted(cols)]
        # Merged group cells saved as CSV: 'Finance' over the first of its columns, the
        # others blank ('Finance,,Tech,').
        spans = (
            bool(cells[0])
            and len(group) >= 2
            and len(set(group)) == len(group) == sum(1 for v in cells if v)
            and len(group) < len(cells)
        )
        if len(group) >= 2 and (1 < len(set(group)) < len(group) or spans):
            layout.group_row = above
            layout.group_spans = spans
            layout.reasons.append(f"{grid.row_name(above)} groups the roles: tags")


def _activity(
    grid: Grid, kinds: list[list[int]], header: int, candidates: list[int], layout: Layout
) -> int | None:
    """The column of activity titles: the first with (nearly) the most distinct titles."""
    distinct: dict[int, int] = {}
    for c in candidates:
        values = {
            grid.cell(r, c)
            for r in range(header + 1, len(grid.rows))
            if kinds[r] and c < len(kinds[r]) and kinds[r][c] in (WORD, TEXT)
        }
        distinct[c] = len(values)
    if not distinct or max(distinct.values()) == 0:
        return None
    top = max(distinct.values())
    good = [c for c in candidates if distinct[c] >= 0.7 * top]
    heads = {c: norm(grid.cell(header, c)) if header >= 0 else "" for c in good}
    named = [c for c in good if heads[c] in ACTIVITY_HEADERS]
    others = [
        c
        for c in good
        if heads[c] not in AREA_HEADERS and not heads[c].startswith(ATTRIBUTE_HEADERS[:7])
    ]
    # The most distinct titles; on a tie the rightmost (an area column is left of it).
    chosen = named[0] if named else max(reversed(others or good), key=distinct.__getitem__)
    layout.reasons.append(
        f"activities in {grid.col_name(chosen)}: {distinct[chosen]} distinct titles"
    )
    return chosen


def _area(
    grid: Grid, kinds: list[list[int]], header: int, activity: int, layout: Layout
) -> int | None:
    """A column left of the activities that repeats its values or leaves cells empty."""
    titles = sum(1 for r in range(header + 1, len(grid.rows)) if grid.cell(r, activity))
    for c in reversed(range(activity)):
        values = [
            grid.cell(r, c)
            for r in range(header + 1, len(grid.rows))
            if kinds[r] and c < len(kinds[r]) and kinds[r][c] in (WORD, TEXT)
        ]
        if values and len(set(values)) < titles:
            layout.reasons.append(
                f"areas in {grid.col_name(c)}: it repeats values or leaves cells empty"
            )
            return c
    return None


def _name(grid: Grid, layout: Layout, col: int) -> str:
    for r in layout.header_rows:
        if grid.cell(r, col):
            return grid.cell(r, col)
    return ""


def _roles(grid: Grid, columns: list[tuple[int, ...]], layout: Layout, letters: list[int]) -> None:
    """Every named column right of the activities is a role, unless it holds free text."""
    assert layout.activity_col is not None
    for c in range(layout.activity_col + 1, grid.width):
        name = _name(grid, layout, c)
        counts = Counter(columns[c][layout.data_start :] if c < len(columns) else ())
        filled = sum(n for k, n in counts.items() if k != EMPTY)
        if not name:
            if letters[c]:
                layout.role_cols.append(c)
            elif filled:  # notes under no header: kept as 'Column D', not dropped
                layout.attribute_cols.append(c)
            continue
        key = norm(name)
        if key in LEGEND_TITLES:
            layout.skipped_cols.append(c)  # a legend beside the matrix
            continue
        keyword = any(key.startswith(w) for w in ATTRIBUTE_HEADERS if len(w) > 2) or key in (
            "id",
            "no",
            "",
        )
        if not filled and not keyword:
            layout.role_cols.append(c)  # an empty role column: a role in scope
            continue
        # An empty 'Notes' column is no role: it was written as role 'notes', in scope.
        if (keyword and (not filled or counts[LETTER] < 0.5 * filled)) or (
            filled and counts[TEXT] + counts[NUMBER] >= 0.6 * filled
        ):
            layout.attribute_cols.append(c)
        else:
            layout.role_cols.append(c)
    if layout.attribute_cols:
        layout.reasons.append(
            "free-text columns kept as activity attributes: "
            + ", ".join(repr(_name(grid, layout, c)) for c in layout.attribute_cols)
        )
