"""Every command of the command line over a folder of bad files
(`support/hostile_corpus.py`): each ends with exit status 0 (done) or 1 (a message saying
what is wrong), never a traceback, never the catch-all's "unexpected error", never an error
log; a workbook a command refused is left byte for byte as it was, and every workbook a
command saved opens again."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import openpyxl
import pytest

from gst_ims.cli import main as cli
from gst_ims.error_log import ERROR_LOG
from support.hostile_corpus import Base, Hostile, build_corpus

_SERIAL = count()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Base, list[Hostile]]:
    return build_corpus(tmp_path_factory.mktemp("hostile_corpus"))


@pytest.fixture
def in_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)  # an error log would land here
    yield tmp_path
    assert not (tmp_path / ERROR_LOG).exists()


def _fresh(base: Base, scratch: Path) -> str:
    path = scratch / f"fresh{next(_SERIAL)}.xlsm"
    shutil.copyfile(base.workbook, path)
    return str(path)


def _out(scratch: Path) -> str:
    """A folder of its own for each command's upload files (two exports in one second
    would otherwise meet the first one's file and be refused)."""
    return str(scratch / f"out{next(_SERIAL)}")


def _file_commands(item: Hostile, base: Base, scratch: Path) -> list[list[str]]:
    """The commands that take a file, with `item` as that file."""
    path, rtin = str(item.path), base.recipient
    return [
        ["inspect-ims", path], ["inspect-ims", path, "--json"],
        ["inspect-register", path], ["inspect-register", path, "--json"],
        ["export-actions", "--ims", path, "--decisions", str(base.decisions), "--rtin", rtin,
         "--out", _out(scratch)],
        ["export-actions", "--ims", str(base.ims), "--decisions", path, "--rtin", rtin,
         "--out", _out(scratch), "--json"],
        ["import-ims", "--workbook", _fresh(base, scratch), path],
        ["import-books", "--workbook", _fresh(base, scratch), path, "--json"],
    ]


def _workbook_commands(item: Hostile, base: Base, scratch: Path) -> list[list[str]]:
    """The commands that take a workbook, with `item` as the workbook."""
    path = str(item.path)
    return [
        ["reconcile", "--workbook", path], ["accept-matched", "--workbook", path],
        ["export", "--workbook", path, "--out", _out(scratch), "--rtin", base.recipient],
        ["import-ims", "--workbook", path, str(base.ims)],
        ["import-books", "--workbook", path, str(base.register)],
        ["run", "--workbook", path, "--ims", str(base.ims), "--out", _out(scratch)],
        ["new-workbook", path],
    ]


def _other_commands(item: Hostile, base: Base, scratch: Path) -> list[list[str]]:
    """The whole run with `item` as the IMS file or the register; the commands that make
    files, pointed below `item`."""
    path = str(item.path)
    commands = [["run", "--workbook", _fresh(base, scratch), "--ims", path, "--books",
                 str(base.register), "--out", _out(scratch), "--json"],
                ["run", "--workbook", _fresh(base, scratch), "--ims", str(base.ims),
                 "--books", path, "--out", _out(scratch)]]
    if item.path.exists():
        commands += [["sample-data", "--out", f"{path}/sub", "--docs", "3"],
                     ["build-workbook", "--out", f"{path}/sub/x.xlsm"]]
    return commands


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    workbooks = [Path(a) for a in argv if a.endswith(".xlsm") and Path(a).is_file()]
    before = {path: path.read_bytes() for path in workbooks}
    code = cli(argv)
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert code in (0, 1), (argv, code, said[-2000:])
    assert "unexpected error" not in said and "Traceback" not in said, (argv, said[-2000:])
    for path, data in before.items():
        if code == 1 and argv[0] != "run":
            assert path.read_bytes() == data, f"{argv}: refused but the workbook changed"
        if path.read_bytes() != data:
            openpyxl.load_workbook(path, keep_vba=True).close()


def _items(corpus: tuple[Base, list[Hostile]], kinds: tuple[str, ...]) -> list[Hostile]:
    return [item for item in corpus[1] if item.kind in kinds]


def test_the_corpus_is_shaped_as_promised(corpus: tuple[Base, list[Hostile]]) -> None:
    kinds = {item.kind for item in corpus[1]}
    assert kinds == {"ims", "register", "decisions", "workbook"}
    assert len(corpus[1]) >= 60


def test_every_file_command_over_every_bad_file(
        corpus: tuple[Base, list[Hostile]], in_scratch: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    base, items = corpus
    for item in items:
        for argv in _file_commands(item, base, in_scratch):
            _run(argv, capsys)


def test_every_workbook_command_over_every_bad_workbook(
        corpus: tuple[Base, list[Hostile]], in_scratch: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    base, _ = corpus
    for item in _items(corpus, ("workbook",)):
        for argv in _workbook_commands(item, base, in_scratch):
            _run(argv, capsys)


@pytest.mark.parametrize("kinds", [("ims", "register")])
def test_a_whole_run_over_a_sample_of_bad_inputs(
        corpus: tuple[Base, list[Hostile]], in_scratch: Path,
        capsys: pytest.CaptureFixture[str], kinds: tuple[str, ...]) -> None:
    base, _ = corpus
    for item in _items(corpus, kinds)[::4]:
        for argv in _other_commands(item, base, in_scratch):
            _run(argv, capsys)


@pytest.mark.slow
def test_a_whole_run_over_every_bad_input(
        corpus: tuple[Base, list[Hostile]], in_scratch: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    base, items = corpus
    for item in items:
        for argv in _other_commands(item, base, in_scratch):
            _run(argv, capsys)
        for argv in _workbook_commands(item, base, in_scratch):
            if item.kind != "workbook":
                _run(argv, capsys)
