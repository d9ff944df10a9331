"""Fixtures shared by the tests of every room: the built workbook (built once a session),
fresh copies of it for jobs to write to, and generated sample months (each written once a
session, whichever test asks first). Helper code without fixtures lives in
`tests/support/`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook.build import build_workbook
from support import NewWorkbook, SampleMonth


@pytest.fixture(scope="session")
def built_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of the workbook, shared by the session: read it, never write to it
    (`new_workbook` gives a copy to write to)."""
    return build_workbook(tmp_path_factory.mktemp("built") / "GST_IMS_Reconciler.xlsm")


@pytest.fixture(scope="session")
def new_workbook(built_workbook: Path) -> NewWorkbook:
    """`new_workbook(folder, name="GST.xlsm")`: a new workbook at folder/name, as
    `build_workbook` writes it (a copy of the session's build: builds are byte-identical)."""

    def make(folder: Path, name: str = "GST.xlsm") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copyfile(built_workbook, folder / name))

    return make


@pytest.fixture(scope="session")
def sample_month(tmp_path_factory: pytest.TempPathFactory) -> SampleMonth:
    """`sample_month(docs, seed, dialect=Dialect.PORTAL)`: the paths (ims, register, truth)
    of a generated month, written once a session per (docs, seed, dialect). Inputs only:
    tests read these files and write elsewhere."""
    made: dict[tuple[int, int, Dialect], dict[str, Path]] = {}

    def make(docs: int, seed: int, dialect: Dialect = Dialect.PORTAL) -> dict[str, Path]:
        key = (docs, seed, dialect)
        if key not in made:
            folder = tmp_path_factory.mktemp(f"month-{docs}-{seed}-{dialect.value}")
            made[key] = write_sample_month(folder, docs=docs, seed=seed, dialect=dialect)
        return dict(made[key])  # a dict of its own: callers add their workbook to it

    return make
