"""The cell formats and house colours the workbook builder uses, made once per build."""

from __future__ import annotations

from typing import Any, Final

from xlsxwriter.workbook import Workbook

from gst_ims.domain.documents import Category
from gst_ims.workbook import layout as lay

FONT: Final = "Calibri"
NAVY: Final = "1F3864"
GREY_TEXT: Final = "595959"
LIGHT_BORDER: Final = "BFBFBF"


class Formats:
    """The cell formats of the workbook, made once per build."""

    def __init__(self, book: Workbook) -> None:
        base: dict[str, Any] = {"font_name": FONT, "font_size": 10}
        self.book = book
        self.header = book.add_format({
            **base, "bold": True, "font_color": lay.HEADER_FONT, "bg_color": lay.HEADER_FILL,
            "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": "FFFFFF",
        })
        self.title = book.add_format({**base, "bold": True, "font_size": 20, "font_color": NAVY})
        self.subtitle = book.add_format({**base, "italic": True, "font_color": GREY_TEXT})
        self.section = book.add_format({
            **base, "bold": True, "font_size": 12, "font_color": NAVY, "bottom": 2,
            "bottom_color": NAVY,
        })
        self.step = book.add_format({
            **base, "bold": True, "font_size": 22, "font_color": "FFFFFF", "bg_color": NAVY,
            "align": "center", "valign": "vcenter",
        })
        self.label = book.add_format({**base, "font_color": GREY_TEXT, "bottom": 1,
                                      "bottom_color": "D9D9D9"})
        self.note = book.add_format({**base, "font_color": GREY_TEXT})
        self.note_bold = book.add_format({**base, "bold": True, "font_color": NAVY})
        self.key = book.add_format({**base, "font_color": "808080", "font_size": 9,
                                    "num_format": lay.FORMAT_TEXT})
        self.plain = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self._kinds: dict[tuple[str, bool, str, bool], Any] = {}
        self._category_labels: dict[Category, Any] = {}

    def kind(self, number_format: str, *, boxed: bool = False, fill: str = "",
             left: bool = False) -> Any:
        """A cell format for a number format; `boxed` adds a light border (status cells),
        `fill` a background (input cells), `left` aligns numbers left too."""
        key = (number_format, boxed, fill, left)
        if key not in self._kinds:
            spec: dict[str, Any] = {"font_name": FONT, "font_size": 10,
                                    "num_format": number_format, "valign": "vcenter"}
            if boxed:
                spec.update({"border": 1, "border_color": LIGHT_BORDER})
            if fill:
                spec["bg_color"] = fill
            if number_format == lay.FORMAT_TEXT or left:
                spec["align"] = "left"
            self._kinds[key] = self.book.add_format(spec)
        return self._kinds[key]

    def category_label(self, category: Category) -> Any:
        """Label cell in the category's colours (Home counts, Summary)."""
        if category not in self._category_labels:
            colour = lay.CATEGORY_COLOURS[category]
            self._category_labels[category] = self.book.add_format({
                "font_name": FONT, "font_size": 10, "bold": True, "bg_color": colour.fill,
                "font_color": colour.font, "border": 1, "border_color": LIGHT_BORDER,
            })
        return self._category_labels[category]

    def dxf(self, **spec: Any) -> Any:
        """A conditional-format (differential) format."""
        return self.book.add_format(spec)
