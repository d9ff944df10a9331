"""Helpers shared by the tests, imported as `support.<name>` (pytest puts `tests/` on the
path: see `pythonpath` in pyproject.toml). Plain modules, no test code of their own; the
shared fixtures are in `tests/conftest.py`, and their types here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# conftest's `new_workbook(folder, name="GST.xlsm") -> Path`.
NewWorkbook = Callable[..., Path]
# conftest's `sample_month(docs, seed, dialect=Dialect.PORTAL) -> {"ims": ..., "register": ...}`.
SampleMonth = Callable[..., dict[str, Path]]
