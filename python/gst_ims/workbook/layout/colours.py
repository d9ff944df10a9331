"""The colours of the workbook (RGB hex, no '#'): categories, header band, input
cells, changed rows, log severities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from gst_ims.domain.documents import Category

# --- colours (RGB hex, no '#') --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Colour:
    """A fill and the font colour that reads well on it."""

    fill: str
    font: str


CATEGORY_COLOURS: Final[dict[Category, Colour]] = {
    Category.MATCHED: Colour(fill="C6EFCE", font="006100"),  # green
    Category.MISMATCHED: Colour(fill="FFEB9C", font="7F4F00"),  # amber
    Category.SUGGESTED: Colour(fill="FCE4D6", font="843C0C"),  # peach: confirm or leave
    Category.NOT_IN_BOOKS: Colour(fill="FFC7CE", font="9C0006"),  # red
    Category.NOT_IN_IMS: Colour(fill="DDEBF7", font="1F4E78"),  # blue
    Category.NOT_EXPECTED: Colour(fill="EDEDED", font="404040"),  # grey
    Category.EXCLUDED: Colour(fill="EDEDED", font="404040"),  # grey
    Category.OUTSIDE_PERIOD: Colour(fill="F2F2F2", font="595959"),  # light grey
}
# A Status containing one of these words is amber whatever its category: a pairing a
# person should choose ("Ambiguous ..."). Suggestions have their own sheet and colour.
AMBER_STATUS_WORDS: Final[tuple[str, ...]] = ("Ambiguous",)
AMBER: Final = CATEGORY_COLOURS[Category.MISMATCHED]
# Rows the supplier changed after the user decided: bold purple text over the whole row.
CHANGED_FONT: Final = "7030A0"
CHANGED_FILL: Final = "E4DFEC"  # lavender behind the Status of such a row
HEADER_FILL: Final = "1F3864"  # dark navy header band, white bold text
HEADER_FONT: Final = "FFFFFF"
INPUT_FILL: Final = "FFF2CC"  # light yellow: a cell the user fills in
SEVERITY_COLOURS: Final[dict[str, Colour]] = {
    "error": CATEGORY_COLOURS[Category.NOT_IN_BOOKS],
    "warning": AMBER,
    "info": CATEGORY_COLOURS[Category.NOT_IN_IMS],
}
