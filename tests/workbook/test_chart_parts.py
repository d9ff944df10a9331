"""The file port's chart keeping: a chart openpyxl writes is replaced by the loaded
file's chart part plotting the same cells, and by nothing else."""

from __future__ import annotations

from gst_ims.letters import email_header
from gst_ims.workbook.chart_parts import chart_key, kept_chart

ORIGINAL = (b'<c:chartSpace><c:f>\'Summary\'!$B$5:$B$9</c:f><c:lang val="en-US"/>'
            b"<c:f>'Summary'!$I$5:$I$9</c:f></c:chartSpace>")
REWRITTEN = (b"<chartSpace><f>&apos;Summary&apos;!$B$5:$B$9</f>"
             b"<f>'Summary'!$I$5:$I$9</f></chartSpace>")
OTHER = b"<chartSpace><f>'Summary'!$N$5:$N$14</f></chartSpace>"


def test_a_chart_plotting_the_same_cells_gets_its_original_bytes() -> None:
    originals = {chart_key(ORIGINAL): ORIGINAL}
    assert chart_key(REWRITTEN) == chart_key(ORIGINAL)
    assert kept_chart("xl/charts/chart1.xml", REWRITTEN, originals) == ORIGINAL


def test_other_charts_and_other_parts_pass_through() -> None:
    originals = {chart_key(ORIGINAL): ORIGINAL}
    assert kept_chart("xl/charts/chart2.xml", OTHER, originals) == OTHER
    assert kept_chart("xl/worksheets/sheet1.xml", REWRITTEN, originals) == REWRITTEN
    assert kept_chart("xl/charts/chart1.xml", REWRITTEN, {}) == REWRITTEN


def test_the_register_email_column_is_found_by_its_usual_headers() -> None:
    for header in ("E-mail", "Email", "email id", "E Mail Address", "Mail ID"):
        assert email_header(["GSTIN", header]) == header
    assert email_header(["GSTIN", "Emailed on", "Party"]) is None
