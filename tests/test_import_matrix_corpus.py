"""Every corpus matrix imports with every cell and every role it has (tests/matrices/)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from raci.imports.matrix import MatrixImport, Options, to_yaml
from raci.imports.matrix_sheets import find_matrix
from tests.matrix_corpus import CORPUS, HERE, build, read_truth, truth_text


def cells_of(result: MatrixImport) -> set[tuple[str, str, str]]:
    """(activity title, role id, letters) for every cell the import kept."""
    assert result.scheme is not None
    order = [x.letter for x in result.scheme.letters]
    out = set()
    for act in result.activities:
        per_role: dict[str, list[str]] = {}
        for letter, roles in act.letters.items():
            for role in roles:
                per_role.setdefault(role, []).append(letter)
        for role, letters in per_role.items():
            out.add((act.title, role, "/".join(sorted(letters, key=order.index))))
        out |= {(act.title, u.role, "?" + u.value) for u in act.unread}
    return out


def written_cells(result: MatrixImport) -> set[tuple[str, str, str]]:
    """(activity title, role id, letters) as the written YAML holds them."""
    assert result.scheme is not None
    doc = yaml.safe_load(to_yaml(result, "m.csv")[0])
    order = {x.letter: i for i, x in enumerate(result.scheme.letters)}
    out = set()
    for entry in doc["activities"]:
        for act in entry.get("activities", [entry]):
            per_role: dict[str, list[str]] = {}
            for key, roles in act.get("raci", {}).items():
                for role in [roles] if isinstance(roles, str) else roles:
                    per_role.setdefault(role, []).append(key)
            for role, keys in per_role.items():
                letters = sorted((k for k in keys if k in order), key=order.__getitem__)
                if letters:
                    out.add((act["title"], role, "/".join(letters)))
                out |= {(act["title"], role, "?" + k) for k in keys if k not in order}
    return out


def corpus_file(name: str, tmp_path: Path) -> Path:
    committed = [p for p in HERE.glob(f"{name}.*") if p.suffix in (".csv", ".tsv")]
    return committed[0] if committed else build(name, tmp_path)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_import_keeps_every_cell_and_every_role(name: str, tmp_path: Path) -> None:
    roles, cells = read_truth(HERE / f"{name}.truth")
    result = find_matrix(corpus_file(name, tmp_path), None, None, Options())
    assert cells_of(result) == cells
    assert [c.role for c in result.columns] == roles
    assert written_cells(result) == cells  # and the YAML written reads back the same
    reported = sum(1 for _, _, x in cells if x.startswith("?"))
    assert result.cells_reported == reported
    assert result.cells_read == result.cells_letters + result.cells_none + reported


def test_the_corpus_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    assert len(CORPUS) >= 25
    for name, (_, style) in CORPUS.items():
        assert (HERE / f"{name}.truth").read_text(encoding="utf-8") == truth_text(name), name
        if not style.fmt.startswith("xlsx"):
            fresh = build(name, tmp_path)
            assert fresh.read_bytes() == (HERE / fresh.name).read_bytes(), name


def test_workbooks_resaved_by_libreoffice_keep_every_cell(tmp_path: Path) -> None:
    """LibreOffice rewrites styles, merges and shared strings its own way; and .ods."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (scripts/test.py installs it in CI)")
    names = [n for n, (_, style) in sorted(CORPUS.items()) if style.fmt.startswith("xlsx")]
    sources = [str(build(name, tmp_path)) for name in names]
    for fmt in ("xlsx", "ods"):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(tmp_path / fmt),
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        for name in names:
            roles, cells = read_truth(HERE / f"{name}.truth")
            result = find_matrix(tmp_path / fmt / f"{name}.{fmt}", None, None, Options())
            assert cells_of(result) == cells, (name, fmt)
            assert [c.role for c in result.columns] == roles, (name, fmt)
