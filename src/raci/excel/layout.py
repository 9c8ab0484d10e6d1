"""What the exported workbook looks like, shared by export and import.

The matrix is laid out here once: which roles become columns (grouped under the
exec team and the teams), which activities become rows (grouped by area), and
where the hidden ids sit that let an edited workbook come back without relying on
titles a person may have changed.
"""

from __future__ import annotations

from dataclasses import dataclass

# The matrix plan and its fills are shared with the deck; the names stay here too.
from raci.matrix import COLOURS as COLOURS
from raci.matrix import Group as Group
from raci.matrix import Matrix
from raci.matrix import Row as Row
from raci.matrix import plan as plan_matrix
from raci.model import Organisation
from raci.notation import cell_text
from raci.scheme import Meaning as Meaning
from raci.scheme import Scheme

MATRIX = "Matrix"
META = "_raci"  # the hidden sheet: layout version, scheme, where the ids are
DIGEST_KEY = "letters:"  # a hidden-sheet key per activity: its letters when exported
LAYOUT_VERSION = 1

TITLE_ROW = 1
ID_ROW = 2  # hidden: role ids
GROUP_ROW = 3
HOLDER_ROW = 4
HEADER_ROW = 5  # role titles; the autofilter row
FIRST_ROW = 6
ID_COL = 1  # hidden: activity ids
TITLE_COL = 2
FLAG_COL = 3  # findings marks
FIRST_COL = 4
EXCEL_COLS = 16_384  # column XFD, the last Excel has
# Role columns on one matrix sheet; more roles continue on "Matrix 2", "Matrix 3".
MAX_ROLE_COLUMNS = EXCEL_COLS - FIRST_COL + 1


class Layout(Matrix):
    """The matrix plan, cut into sheets."""

    def pages(self) -> list[Page]:
        """The matrix over as many sheets as its role columns need, groups cut at the edge."""
        pages = [Page(MATRIX, [])]
        room = MAX_ROLE_COLUMNS
        for group in self.groups:
            roles, part = group.roles, 0
            while roles:
                if room == 0:
                    pages.append(Page(f"{MATRIX} {len(pages) + 1}", []))
                    room = MAX_ROLE_COLUMNS
                taken, roles = roles[:room], roles[room:]
                pages[-1].groups.append(Group(group.name + (" (continued)" if part else ""), taken))
                room -= len(taken)
                part += 1
        return pages


@dataclass
class Page:
    """One matrix sheet: every activity row, a share of the role columns."""

    sheet: str
    groups: list[Group]

    @property
    def roles(self) -> list[str]:
        return [r for g in self.groups for r in g.roles]


def places(pages: list[Page]) -> dict[str, tuple[str, int]]:
    """Role id -> its matrix sheet and 1-based column."""
    return {rid: (page.sheet, FIRST_COL + i) for page in pages for i, rid in enumerate(page.roles)}


def choices(scheme: Scheme) -> list[str]:
    """What a matrix cell may hold: each letter, and each allowed pair ('A/R')."""
    out = [x.letter for x in scheme.letters]
    out += sorted(cell_text(set(pair), scheme) for pair in scheme.combinations)
    return out


def plan(org: Organisation, scope: set[str]) -> Layout:
    """Columns: the exec team, then each team's roles, then the rest; rows by area."""
    matrix = plan_matrix(org, scope)
    return Layout(matrix.groups, matrix.rows)


def letter_digests(current: dict[tuple[str, str], set[str]]) -> dict[str, str]:
    """Activity id -> a short digest of every letter it gives, for noticing on import
    that the YAML changed after the workbook was exported."""
    import hashlib

    parts: dict[str, list[str]] = {}
    for (aid, rid), letters in current.items():
        if letters:
            parts.setdefault(aid, []).append(f"{rid}={''.join(sorted(letters))}")
    return {
        aid: hashlib.blake2b("|".join(sorted(items)).encode(), digest_size=8).hexdigest()
        for aid, items in parts.items()
    }


def current_letters(org: Organisation) -> dict[tuple[str, str], set[str]]:
    """(activity, role) -> the letters the org gives now."""
    out: dict[tuple[str, str], set[str]] = {}
    for x in org.assignments:
        out.setdefault((x.activity, x.role), set()).add(x.letter)
    return out
