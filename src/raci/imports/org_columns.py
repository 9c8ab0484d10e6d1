"""Which column of an HRIS or org-chart export is the id, the manager, the name...

Headers are compared after folding (diacritics, case, spaces and punctuation
dropped; Google Workspace's `[Required]` suffix removed), against the names the
common exports use, in English, German, French and Spanish. Each field lists its
names in groups, most specific first: when several columns could be the manager,
the one of the earliest group wins, and the summary says which group matched
(`manager: column 'parentId' (matched as parent id)`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from raci.errors import RaciError
from raci.hints import closest
from raci.imports.tabular import ERRORS, Table, error_value, no_value, zero_value

FIELDS = (
    "id",
    "manager",
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "title",
    "team",
    "email",
    "dotted",
)
HEADER_SEARCH = 40


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# field -> [(what the summary calls the match, folded header names)], most specific first.
ALIASES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "id": [
        (
            "employee id",
            _names(
                "employeeid employeeidincompany employeenumber employee# employeeno empid "
                "emplid  empno employeecode staffid staffnumber personid personnelnumber "
                "workerid associateid userid badgeid eid personalnummer personalnr "
                "mitarbeiterid  mitarbeiternummer matricule numeroemploye identifiantemploye "
                "idemploye idsalarie idempleado numeroempleado numerodeempleado legajo"
            ),
        ),
        ("id", _names("id uniqueid key node nodeid")),
        (
            "position id",
            _names(
                "positionid positionnumber jobid stellenid posteid idposte idpuesto  puestoid "
                "planstelle"
            ),
        ),
    ],
    "manager": [
        (
            "manager id",
            _names(
                "managerid manageremployeeid managerempid manageruserid managerassociateid "
                "manageridincompany supervisorid  supervisoreid supervisoremployeeid "
                "reportstoid reportstoidincompany reportstoemployeeid reportstoassociateid "
                "reportstoemployee# linemanagerid bossid directmanagerid vorgesetzterid "
                "vorgesetzterpersonalnummer managerpersonnelnumber idmanager idresponsable "
                "idjefe idsupervisor matriculeresponsable matriculemanager"
            ),
        ),
        ("parent id", _names("parentid pid parent parentkey parentnode parentnodeid idparent")),
        (
            "parent position id",
            _names(
                "parentpositionid reportstopositionid managerpositionid managerjobid "
                "parentjobid parentposition superiorpositionid  reportstoposition "
                "ubergeordnetestelle posteparent puestosuperior"
            ),
        ),
        (
            "manager email",
            _names(
                "manageremail managerworkemail supervisoremail reportstoemail linemanageremail "
                "bossemail directmanageremail  vorgesetzteremail emailvorgesetzter emailmanager "
                "emailduresponsable emailresponsable correojefe correodeljefe emailjefe"
            ),
        ),
        (
            "manager",
            _names(
                "manager managername reportsto reportstoname reportstolegalname reportingto "
                "supervisor  supervisorname linemanager linemanagername directmanager "
                "directmanagername boss bossname vorgesetzter vorgesetzte vorgesetzterin "
                "vorgesetztername fuhrungskraft direktervorgesetzter berichtetan  responsable "
                "responsablehierarchique superieurhierarchique nomduresponsable nomdumanager "
                "superieur managerdirect n1 jefe jefedirecto jefeinmediato nombredeljefe "
                "gerente reportaa  superior"
            ),
        ),
        ("edge source", _names("source from sourceid fromid")),
    ],
    "name": [
        (
            "name",
            _names(
                "name fullname employeename displayname worker employee legalname "
                "preferredfullname payrollname personname staffname holder holdername incumbent "
                "positionholder currentholder vollstandigername mitarbeiter mitarbeitername "
                "stelleninhaber nomcomplet  nomprenom salarie collaborateur titulaire "
                "nombrecompleto empleado nombreyapellidos titular label"
            ),
        ),
        ("edge target", _names("target to child targetid toid childid")),
    ],
    "first_name": [
        (
            "first name",
            _names(
                "firstname givenname forename legalfirstname first vorname prenom  nombre "
                "nombrepila primernombre preferredname preferredfirstname"
            ),
        )
    ],
    "middle_name": [("middle name", _names("middlename mi middleinitial secondname"))],
    "last_name": [
        (
            "last name",
            _names(
                "lastname surname familyname legallastname last nachname familienname  nom "
                "nomdefamille apellido apellidos primerapellido"
            ),
        )
    ],
    "title": [
        (
            "title",
            _names(
                "title jobtitle position positionname positiontitle businesstitle role "
                "employeetitle jobprofile jobtitledescription jobname job designation "
                "stellenbezeichnung jobtitel titel funktion berufsbezeichnung stelle poste "
                "intitule  intituledeposte fonction titre puesto cargo titulo nombredelpuesto"
            ),
        )
    ],
    "team": [
        (
            "team",
            _names(
                "department team teamname division supervisoryorganization dept area  orgunit "
                "orgunitpath homedepartment homedepartmentdescription departmentname abteilung "
                "bereich organisationseinheit departement service equipe departamento equipo "
                "unidad"
            ),
        )
    ],
    "email": [
        (
            "email",
            _names(
                "email workemail emailwork emailaddress primaryworkemail mail businessemail "
                "workcontactworkemail emailprofessionnel adresseemail courriel correo "
                "correoelectronico emailadresse dienstlicheemail emailaddressrequired"
            ),
        )
    ],
    "dotted": [
        (
            "dotted line",
            _names(
                "dottedid altreportsto dottedlinemanager dottedline matrixmanager "
                "dottedlinemanagerid secondarymanager  functionalmanager fachvorgesetzter "
                "responsablefonctionnel"
            ),
        )
    ],
}
VACANT = frozenset(
    (
        "vacant",
        "open",
        "tbh",
        "tbd",
        "tba",
        "to be hired",
        "to be determined",
        "open position",
        "open role",
        "open req",
        "open requisition",
        "vacancy",
        "hiring",
        "position vacant",
        "vakant",
        "offen",
        "unbesetzt",
        "offene stelle",
        "poste vacant",
        "a pourvoir",
        "poste a pourvoir",
        "vacante",
        "puesto vacante",
        "por contratar",
    )
)


_VACANT_FIRST = frozenset(v.split()[0] for v in VACANT)  # written folded
_VACANT_ALONE = frozenset(
    ("vacant", "vacancy", "tbh", "tbd", "tba", "vakant", "unbesetzt", "vacante")
)
# What spreadsheets put where a name is missing: no letter or digit at all ('-', '--',
# '?', a zero-width space), zeros (an empty formula), 'N/A' and R's 'NA', the words for
# nothing, and Excel's error values ('#N/A', '#REF!', '#NAME?'). 'Na' or 'Nil' alone
# are names, so case matters for the short ones.
_PLACEHOLDER = re.compile(
    r"[\W_]*|[0.]+|NA|N\.A\.|(?i:n/a|#n/?a|none|null|unknown|not applicable)"
    r"|#(?:N/A|REF!|VALUE!|NAME\?|DIV/0!|NULL!|NUM!|SPILL!|CALC!|GETTING_DATA)"
).fullmatch
# A manager cell that says there is none (SuccessFactors writes NO_MANAGER for the top).
NO_MANAGER = frozenset(("no manager", "nomanager", "none", "n/a", "na", "-", "--", "null", "root"))


class OrgImportError(RaciError):
    """Nothing could be read, or a bad --map (exit 2)."""


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: 'José  MARÍA' -> 'jose maria'."""
    if text.isascii():
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def header_key(header: str) -> str:
    """'Reports To (Name)' -> 'reportstoname'; 'First Name [Required]' -> 'firstname'."""
    return re.sub(r"[^a-z0-9#]+", "", fold(re.sub(r"\[[^\]]*\]", "", header)))


def no_manager(value: str) -> bool:
    return fold(value).replace("_", " ") in NO_MANAGER


def is_header(row: list[str], mapping: dict[str, str]) -> bool:
    """A second header row: the labels SuccessFactors writes under its field codes."""
    return len(_match(row, mapping).at) >= 3


def is_vacant(name: str) -> bool:
    """'VACANT', '[Open]', 'TBH', 'Open position - Engineer', 'Vacant, Position' are no one."""
    first = name.lstrip("[(<*-_ ").partition(" ")[0].rstrip("])>*:-_,.")
    if (first.casefold() if first.isascii() else fold(first)) not in _VACANT_FIRST:
        return False  # the common case, without folding every name
    text = re.sub(r"[^a-z0-9 ]+", " ", fold(name)).strip()
    if text.split()[0] in _VACANT_ALONE:
        return True  # 'Vacant - Engineer', 'TBH (Q3)': no name starts with these words
    if "," in name:  # 'Position, Open' is 'Open Position' written 'Last, First'
        last, _, given = name.partition(",")
        text = re.sub(r"[^a-z0-9 ]+", " ", fold(f"{given} {last}")).strip()
    return text in VACANT or any(text.startswith(v + " ") for v in VACANT if " " in v)


def placeholder(name: str) -> bool:
    """A name cell that names nobody: 'N/A', '-', '0', '#N/A', 'TBD', 'Vacant', ''."""
    return not name or bool(_PLACEHOLDER(name.strip())) or is_vacant(name)


def _lookup() -> dict[str, tuple[str, int, str]]:
    """Folded header -> (field, rank of its group, the group's label)."""
    out: dict[str, tuple[str, int, str]] = {}
    for target, groups in ALIASES.items():
        for rank, (label, names) in enumerate(groups):
            for name in names:
                out.setdefault(name, (target, rank, label))
    return out


LOOKUP = _lookup()


@dataclass
class Columns:
    header_row: int
    at: dict[str, int]  # field -> column index
    how: dict[str, str] = field(default_factory=dict)  # field -> 'matched as parent id'
    headers: list[str] = field(default_factory=list)
    fallback: list[int] = field(default_factory=list)  # other manager columns, in rank order

    @property
    def edge_list(self) -> bool:
        """`source,target` or `child,parent`: managers may appear only as managers."""
        return self.how.get("name") == "matched as edge target"

    @property
    def positions(self) -> bool:
        """One row per position: the id is the position's, the holder may be empty."""
        return self.how.get("id") == "matched as position id"

    def describe(self) -> list[str]:
        """`manager: column 'parentId' (matched as parent id)`, one per field found."""
        out = []
        for f, c in sorted(self.at.items(), key=lambda item: item[1]):
            out.append(f"{f}: column {self.headers[c]!r} ({self.how[f]})")
            if f == "manager" and self.fallback:
                others = ", ".join(repr(self.headers[o]) for o in self.fallback)
                out[-1] += (
                    f", else column {others} when it is empty or names nobody in the file "
                    "(a row where they name two people is reported)"
                )
        return out


class ColumnMap(dict[str, str]):
    """{folded column: field}, and each column as the --map option wrote it."""

    def __init__(self) -> None:
        super().__init__()
        self.given: dict[str, str] = {}


def parse_map(items: tuple[str, ...]) -> ColumnMap:
    """`--map "Boss Email=manager"` -> {folded column: field}."""
    out = ColumnMap()
    for item in items:
        column, sep, target = item.partition("=")
        target = target.strip().replace("-", "_").lower()
        if not sep or not column.strip():
            raise OrgImportError(f"--map {item!r}: write COLUMN=FIELD")
        if target not in FIELDS:
            raise OrgImportError(
                f"--map {item!r}: unknown field {target!r} (use one of {', '.join(FIELDS)})"
            )
        key = header_key(column)
        if key in out and out[key] != target:
            raise OrgImportError(f"--map {item!r}: column {column.strip()!r} is already {out[key]}")
        if target in out.values() and out.get(key) != target:
            raise OrgImportError(f"--map {item!r}: another --map already names the {target} column")
        out[key] = target
        out.given[key] = column.strip()
    return out


def _match(headers: list[str], mapping: dict[str, str]) -> Columns:
    at: dict[str, int] = {}
    how: dict[str, str] = {}
    best: dict[str, int] = {}
    mapped = {f for f in mapping.values()}
    managers: list[tuple[int, int]] = []  # (rank, column) of every column that may be it
    for c, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        if key in mapping:
            target = mapping[key]
            if target not in at or how[target] != "from --map":
                at[target], how[target] = c, "from --map"
            continue
        hit = LOOKUP.get(key)
        if hit is None or hit[0] in mapped:
            continue
        target, rank, label = hit
        if target == "manager" and label not in ("parent position id", "edge source"):
            managers.append((rank, c))  # ids, emails and names: any of them finds a person
        if target not in best or rank < best[target]:
            at[target], how[target], best[target] = c, f"matched as {label}", rank
    # A parent *position* id points at position ids, not at employee ids.
    if how.get("manager") == "matched as parent position id" and "id" in at:
        for c, header in enumerate(headers):
            hit = LOOKUP.get(header_key(header))
            if hit and hit[0] == "id" and hit[2] == "position id" and how["id"] != "from --map":
                at["id"], how["id"] = c, "matched as position id"
    # 'Name' next to 'Vorname' or 'Nom' next to 'Prénom' is the surname.
    if (
        "name" in at
        and "first_name" in at
        and "last_name" not in at
        and header_key(headers[at["first_name"]]) in ("vorname", "prenom")
        and header_key(headers[at["name"]]) in ("name", "nom")
    ):
        at["last_name"], how["last_name"] = at.pop("name"), how.pop("name") + " (the surname)"
    columns = Columns(0, at, how, headers)
    # Another manager column answers for a row whose chosen one is empty or finds nobody
    # (HR datasets whose ManagerID counts managers apart, while ManagerName names them).
    if "manager" in at and how["manager"] != "from --map":
        columns.fallback = [c for _, c in sorted(managers) if c != at["manager"]]
    return columns


def find_columns(table: Table, mapping: dict[str, str]) -> Columns:
    """The header row and its fields; raises OrgImportError when there is none."""
    for r in range(min(HEADER_SEARCH, len(table.rows))):
        columns = _match(table.rows[r], mapping)
        found = columns.at
        named = bool({"name", "first_name", "last_name", "title"} & found.keys())
        if named and ("manager" in found or "id" in found) and len(found) >= 2:
            columns.header_row = r
            _check_map(table.rows[r], r, mapping)
            return columns
    # A --map naming a header that is nowhere is why no header row was found: say that.
    rows = table.rows[:HEADER_SEARCH]
    seen = {header_key(h) for row in rows for h in row}
    if any(column not in seen for column in mapping):
        likely = max(range(len(rows)), key=lambda r: (len(_match(rows[r], {}).at), -r))
        _check_map(rows[likely], likely, mapping)
    raise OrgImportError(
        f"{table.name}: no header row with a name (or title) column and a manager or id "
        "column in the first rows; name the columns with --map COLUMN=FIELD"
    )


def _check_map(headers: list[str], row: int, mapping: dict[str, str]) -> None:
    """A --map naming a column the header row does not have is a usage error, not a no-op."""
    keys = {header_key(h): h for h in headers if h.strip()}
    given = getattr(mapping, "given", {})
    for column, target in mapping.items():
        if column not in keys:
            text = given.get(column, column)
            named = ", ".join(repr(h) for h in keys.values()) or "none"
            near = closest(column, keys)  # by folded keys; shown as the file writes it
            hint = f" (did you mean --map {keys[near] + '=' + target!r}?)" if near else ""
            raise OrgImportError(
                f"--map {text + '=' + target!r}: no column {text!r} in the header row "
                f"(row {row + 1}); its columns are {named}{hint}"
            )


# Fields whose cells are text: a formula's saved 0 there is no value. An id, a manager
# or a dotted line may be a number, and 0 a real one.
TEXT_FIELDS = frozenset(
    ("name", "first_name", "middle_name", "last_name", "title", "team", "email")
)


@dataclass(frozen=True)
class Unread:
    """A cell whose value is not what a person sees: an error value, or a formula's."""

    col: int
    says: str  # what it is, in raci's words
    error: str | None = None  # the error value the cell reads as ('#N/A'), if it is one
    zero: bool = False  # a formula saved with 0 where a number may be: kept, and noted


def unread_cells(table: Table, columns: Columns) -> dict[int, list[Unread]]:
    """Row -> the cells below the header holding one of Excel's error values (in a
    workbook, or as text in a CSV), a formula saved without a value, or a formula
    saved with 0 (in a text field's column, or, kept, in an id or manager column);
    each reported where it is read."""
    text_cols = {c for f, c in columns.at.items() if f in TEXT_FIELDS}
    number_cols = set(columns.at.values()) - text_cols
    out: dict[int, list[Unread]] = {}
    start = columns.header_row + 1
    for (r, c), odd in table.errors.items():  # a workbook's, with their formulas
        if r >= start:
            out.setdefault(r, []).append(Unread(c, odd.says(), odd.error))
    for r in range(start, len(table.rows)):  # and the same text in a CSV file
        row = table.rows[r]
        if "#" not in "\0".join(row):  # most rows: joined in C, not looked at cell by cell
            continue
        for c, value in enumerate(row):
            if value[:1] == "#" and value in ERRORS and (r, c) not in table.errors:
                out.setdefault(r, []).append(Unread(c, error_value(value), value))
    for (r, c), formula in table.formulas.items():
        if r >= start:
            out.setdefault(r, []).append(Unread(c, no_value(formula)))
    for (r, c), odd in table.zeros.items():
        if r >= start and c in text_cols:
            out.setdefault(r, []).append(Unread(c, zero_value(odd.formula)))
        elif r >= start and c in number_cols:
            out.setdefault(r, []).append(Unread(c, "", zero=True))
    return out
