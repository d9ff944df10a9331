"""Keep the workbook's native charts exactly as the builder made them through a file-port
save.

openpyxl reads the charts of a workbook it loads and writes them out again from its own
object model: the charts survive, but parts of them openpyxl does not model are lost on
the way (the data labels' number format link, the chart language, print settings), and
a later openpyxl may lose more. A chart part always refers to its data by the cell ranges
in its ``<c:f>`` elements, so each chart openpyxl writes is matched by those ranges to
the chart part of the loaded file, whose bytes are written instead. The drawing that
places the charts, and the charts' data, are unaffected: the data are the cells.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Final

CHART_PART: Final = re.compile(r"^xl/charts/chart\d+\.xml$")
_FORMULA: Final = re.compile(rb"<(?:c:)?f>([^<]*)</(?:c:)?f>")

ChartKey = tuple[bytes, ...]


def chart_key(xml: bytes) -> ChartKey:
    """What identifies a chart part: the cell ranges it plots, in order."""
    return tuple(match.group(1).replace(b"&apos;", b"'") for match in _FORMULA.finditer(xml))


def original_charts(path: Path) -> dict[ChartKey, bytes]:
    """The chart parts of the workbook file at `path`, by `chart_key` (a key two charts
    share is dropped: it could not tell them apart)."""
    found: dict[ChartKey, bytes] = {}
    shared: set[ChartKey] = set()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if CHART_PART.match(name):
                data = archive.read(name)
                key = chart_key(data)
                if key in found:
                    shared.add(key)
                found[key] = data
    return {key: data for key, data in found.items() if key and key not in shared}


def kept_chart(name: str, data: bytes, originals: dict[ChartKey, bytes]) -> bytes:
    """The bytes to write for the package part `name`: the original chart when `data`
    is a chart plotting the same ranges as one of `originals`, else `data`."""
    if not originals or not CHART_PART.match(name):
        return data
    return originals.get(chart_key(data), data)
