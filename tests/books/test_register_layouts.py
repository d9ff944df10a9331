"""One register in each layout Indian finance teams export, built as a real file from the
layout's own headers and quirks (our rows), read back to the exact documents and paise.

* Tally's columnar purchase register: title rows, voucher columns, one column per ledger
  (``Purchase @ 18%``, ``Input CGST @ 9%`` …), a Round Off ledger, a Grand Total row.
* The GSTN GSTR-2 Excel template as Tally's GSTR-2 export fills it: a summary block above
  the headers, one row per invoice and tax rate, invoices and notes on separate sheets
  (b2b, b2ba, cdnr, cdnra) beside help, unregistered-supplier and master sheets.
* Busy's purchase register: Dr / Cr on every amount, the company's own ``Vch/Bill No``
  beside ``Party Bill No.``, Busy's default ledgers (``IGST Input``, ``CGST Input``).
* Zoho Books' bill export: one row per item, one ``Tax Amount`` column, the bill's
  ``SubTotal`` and ``Total`` repeated on every item row, state codes as letters.
* An SAP purchase journal: ``Document Number`` (ours) and ``Reference`` (the supplier's),
  ``dd.mm.yyyy`` dates, one row per tax code, credit memos with a trailing minus.
* A hand-kept sheet: a merged title, supplier subtotals and a grand total, Dr / Cr.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from gst_ims.books.register import RegisterRead
from gst_ims.books.sheets import read_register_file
from gst_ims.books.tax_split import SPLIT_COLUMN
from gst_ims.domain.problems import Severity
from support.books import ACME, BETA, GAMMA, write_csv, write_workbook

Doc = tuple[str, str, str, pd.Timestamp, int, int, int, int, int, int]


def _docs(read: RegisterRead) -> list[Doc]:
    return list(read.frame[["supplier_gstin", "doc_type", "doc_no", "doc_date", "taxable",
                            "igst", "cgst", "sgst", "cess", "doc_value"]].itertuples(
        index=False, name=None))


def _day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def _serious(read: RegisterRead) -> list[str]:
    return [p.message for p in read.problems if p.severity is not Severity.INFO]


def _notes(read: RegisterRead) -> list[str]:
    return [p.message for p in read.problems if p.severity is Severity.INFO and p.row is None]


# --- Tally columnar purchase register ------------------------------------------------------
TALLY_HEADER = ["Date", "Particulars", "Voucher Type", "Voucher No.", "Supplier Invoice No.",
                "Supplier Invoice Date", "GSTIN/UIN", "Gross Total", "Purchase @ 18%",
                "Purchase @ 5%", "Input CGST @ 9%", "Input SGST @ 9%", "Input CGST @ 2.5%",
                "Input SGST @ 2.5%", "Input IGST @ 18%", "Input IGST @ 5%", "Round Off"]


def test_tally_columnar_register_sums_per_rate_ledgers(tmp_path: Path) -> None:
    d = datetime
    rows: list[list[object]] = [
        ["Shree Balaji Industries Pvt Ltd"], ["Plot 12, MIDC Bhosari, Pune"],
        ["Purchase Register"], ["1-Oct-2025 to 31-Oct-2025"], [],
        TALLY_HEADER,
        [d(2025, 10, 3), "Acme Traders", "Purchase", "1", "AT/25-26/0101", d(2025, 10, 1),
         ACME, 11800.0, 10000.0, None, 900.0, 900.0, None, None, None, None, None],
        [d(2025, 10, 7), "Acme Traders", "Purchase", "2", "AT/25-26/0117", d(2025, 10, 6),
         ACME, 3410.0, 2000.0, 1000.0, 180.0, 180.0, 25.0, 25.0, None, None, None],
        [d(2025, 10, 9), "Beta Steel", "Purchase", "3", "BS-7781", d(2025, 10, 8), BETA,
         6320.0, 5000.0, 400.0, None, None, None, None, 900.0, 20.0, None],
        [d(2025, 10, 15), "Gamma Ltd", "Purchase", "4", "G/2526/55", d(2025, 10, 14), GAMMA,
         1181.0, 1000.55, None, None, None, None, None, 180.10, None, 0.35],
        [None, "Grand Total", None, None, None, None, None, 22711.0, 18000.55, 1400.0,
         1080.0, 1080.0, 25.0, 25.0, 1080.10, 20.0, 0.35],
    ]
    read = read_register_file(write_workbook(tmp_path / "tally.xlsx",
                                             {"Purchase Register": rows}))
    assert read.header_row == 6
    assert _docs(read) == [
        (ACME, "INV", "AT/25-26/0101", _day("2025-10-01"), 1000000, 0, 90000, 90000, 0,
         1180000),
        (ACME, "INV", "AT/25-26/0117", _day("2025-10-06"), 300000, 0, 20500, 20500, 0, 341000),
        (BETA, "INV", "BS-7781", _day("2025-10-08"), 540000, 92000, 0, 0, 0, 632000),
        (GAMMA, "INV", "G/2526/55", _day("2025-10-14"), 100055, 18010, 0, 0, 0, 118100),
    ]
    assert read.sums == {"taxable": ("Purchase @ 18%", "Purchase @ 5%"),
                         "igst": ("Input IGST @ 18%", "Input IGST @ 5%"),
                         "cgst": ("Input CGST @ 9%", "Input CGST @ 2.5%"),
                         "sgst": ("Input SGST @ 9%", "Input SGST @ 2.5%")}
    assert "CGST = 'Input CGST @ 9%' + 'Input CGST @ 2.5%' (ledger columns summed)" in _notes(read)
    assert read.frame["Round Off"].tolist() == [None, None, None, 0.35]
    assert "Input CGST @ 9%" not in read.frame.columns  # summed, not carried twice
    assert read.frame["period"].tolist() == ["10-2025"] * 4
    assert read.skipped_rows == (11,) and _serious(read) == []


# --- GSTN GSTR-2 template (Tally's GSTR-2 export) -----------------------------------------
B2B_HEADER = ["GSTIN of Supplier", "Invoice Number", "Invoice date", "Invoice Value",
              "Place Of Supply", "Reverse Charge", "Invoice Type", "Rate", "Taxable Value",
              "Integrated Tax Paid", "Central Tax Paid", "State/UT Tax Paid", "Cess Paid",
              "Eligibility For ITC", "Availed ITC Integrated Tax", "Availed ITC Central Tax",
              "Availed ITC State/UT Tax", "Availed ITC Cess"]
B2BA_HEADER = ["GSTIN of Supplier", "Original Invoice Number", "Original Invoice date",
               "Revised Invoice Number", "Revised Invoice date", "Invoice Value",
               "Place Of Supply", "Reverse Charge", "Invoice Type", "Rate", "Taxable Value",
               "Integrated Tax Paid", "Central Tax Paid", "State/UT Tax Paid", "Cess Paid",
               "Eligibility For ITC"]
CDNR_HEADER = ["GSTIN of Supplier", "Note/Refund Voucher Number", "Note/Refund Voucher date",
               "Invoice/Advance Payment Voucher Number", "Invoice/Advance Payment Voucher date",
               "Reverse Charge", "Document Type", "Reason For Issuing document", "Supply Type",
               "Note/Refund Voucher Value", "Rate", "Taxable Value", "Integrated Tax Paid",
               "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC",
               "Availed ITC Integrated Tax", "Availed ITC Central Tax",
               "Availed ITC State/UT Tax", "Availed ITC Cess"]
CDNRA_HEADER = ["GSTIN of Supplier", "Original Note/Refund Voucher Number",
                "Original Note/Refund Voucher date", "Revised Note/Refund Voucher Number",
                "Revised Note/Refund Voucher date", "Document Type", "Supply Type",
                "Note/Refund Voucher Value", "Rate", "Taxable Value", "Integrated Tax Paid",
                "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC"]
MH = "27-Maharashtra"


def _summary(title: str, labels: list[str], values: list[object]) -> list[list[object]]:
    return [[title], labels, values]


def test_gstr2_template_reads_every_register_sheet_and_combines_rate_lines(
    tmp_path: Path,
) -> None:
    b2b = [
        *_summary("Summary Of Supplies From Registered Suppliers B2B(3)",
                  ["No. of Suppliers", "No. of Invoices", None, "Total Invoice Value", None,
                   None, None, None, "Total Taxable Value", "Total Integrated Tax Paid",
                   "Total Central Tax Paid", "Total State/UT Tax Paid", "Total Cess"],
                  [2, 2, None, 9730.0, None, None, None, None, 8400.0, 920.0, 205.0, 205.0,
                   0]),
        B2B_HEADER,
        [ACME, "AT/25-26/0117", "06-Oct-2025", 3410.0, MH, "N", "Regular", 18, 2000.0, None,
         180.0, 180.0, None, "Inputs", None, 180.0, 180.0, None],
        [ACME, "AT/25-26/0117", "06-Oct-2025", 3410.0, MH, "N", "Regular", 5, 1000.0, None,
         25.0, 25.0, None, "Inputs", None, 25.0, 25.0, None],
        [BETA, "BS-7781", "08-Oct-2025", 6320.0, MH, "N", "Regular", 18, 5000.0, 900.0, None,
         None, None, "Capital goods", 900.0, None, None, None],
        [BETA, "BS-7781", "08-Oct-2025", 6320.0, MH, "N", "Regular", 5, 400.0, 20.0, None,
         None, None, "Capital goods", 20.0, None, None, None],
    ]
    b2ba = [*_summary("Summary For B2BA", ["No. of Invoices"], [1]), B2BA_HEADER,
            [GAMMA, "G/2526/40", "20-Sep-2025", "G/2526/40R", "22-Sep-2025", 2360.0, MH, "N",
             "Regular", 18, 2000.0, 360.0, None, None, None, "Inputs"]]
    cdnr = [
        *_summary("Summary For CDNR(6C)", ["No. of Suppliers", "No. of Notes/Vouchers"],
                  [2, 2]),
        CDNR_HEADER,
        [ACME, "AT/CN/25-26/009", "15-Oct-2025", "AT/25-26/0117", "06-Oct-2025", "N", "C",
         "01-Sales Return", "Intra State", 341.0, 18, 200.0, None, 18.0, 18.0, None, "Inputs",
         None, 18.0, 18.0, None],
        [ACME, "AT/CN/25-26/009", "15-Oct-2025", "AT/25-26/0117", "06-Oct-2025", "N", "C",
         "01-Sales Return", "Intra State", 341.0, 5, 100.0, None, 2.5, 2.5, None, "Inputs",
         None, 2.5, 2.5, None],
        [BETA, "BS/DN/12", "18-Oct-2025", "BS-7781", "08-Oct-2025", "N", "D", "07-Others",
         "Inter State", 590.0, 18, 500.0, 90.0, None, None, None, "Inputs", 90.0, None, None,
         None],
    ]
    cdnra = [*_summary("Summary For CDNRA", ["No. of Notes/Vouchers"], [0]), CDNRA_HEADER]
    b2bur = [*_summary("Summary Of Supplies From Unregistered Suppliers B2BUR(4B)",
                       ["No. of Invoices"], [1]),
             ["Supplier Name", "Invoice Number", "Invoice date", "Invoice Value",
              "Place Of Supply", "Supply Type", "Rate", "Taxable Value", "Integrated Tax Paid",
              "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC"],
             ["Local Kirana", "77", "10-Oct-2025", 118.0, MH, "Intra State", 18, 100.0, None,
              9.0, 9.0, None, "Inputs"]]
    help_sheet = [["Worksheet Name", "GSTR-2 Table Reference", "Field name", "Help Instruction"],
                  ["b2b", "3, 4A", "GSTIN of Supplier", "Enter the GSTIN of the supplier."]]
    master = [["Place Of Supply", "Reverse Charge", "Invoice Type"],
              [MH, "Y", "Regular"], ["29-Karnataka", "N", "SEZ supplies with payment"]]
    path = write_workbook(tmp_path / "GSTR2_Excel_Workbook_Template.xlsx", {
        "Help Instruction": help_sheet, "b2b": b2b, "b2ba": b2ba, "b2bur": b2bur,
        "cdnr": cdnr, "cdnra": cdnra, "master": master})
    read = read_register_file(path)

    assert read.sheets == ("b2b", "b2ba", "cdnr", "cdnra")
    assert _docs(read) == [
        (ACME, "INV", "AT/25-26/0117", _day("2025-10-06"), 300000, 0, 20500, 20500, 0, 341000),
        (BETA, "INV", "BS-7781", _day("2025-10-08"), 540000, 92000, 0, 0, 0, 632000),
        (GAMMA, "INV", "G/2526/40R", _day("2025-09-22"), 200000, 36000, 0, 0, 0, 236000),
        (ACME, "CN", "AT/CN/25-26/009", _day("2025-10-15"), 30000, 0, 2050, 2050, 0, 34100),
        (BETA, "DN", "BS/DN/12", _day("2025-10-18"), 50000, 9000, 0, 0, 0, 59000),
    ]
    assert read.frame["register_rows"].tolist() == ["b2b: 5, 6", "b2b: 7, 8", "b2ba: 5",
                                                    "cdnr: 5, 6", "cdnr: 7"]
    assert read.frame["Rate"].tolist() == ["18, 5", "18, 5", 18, "18, 5", 18]
    assert read.frame["Original Invoice Number"].tolist()[2] == "G/2526/40"
    assert read.lines == 8 and len(read.frame) == 5
    notes = _notes(read)
    assert any(n.startswith("sheets read: b2b, b2ba, cdnr, cdnra; not read: Help Instruction "
                            "(no register headers); b2bur (no column for the supplier GSTIN")
               for n in notes)
    combined = [n for n in notes if "register lines read as" in n]
    assert combined[0].startswith("4 register lines read as 2 documents: 2 document(s) span "
                                  "several lines (e.g. rows 5, 6)")
    assert ("counted once per document, as every line repeats it: document (invoice) value"
            in combined[0])
    assert _serious(read) == []


# --- Busy purchase register ---------------------------------------------------------------
def test_busy_register_with_dr_cr_and_party_bill_numbers(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Shree Ganesh Traders"], ["Purchase Register"], ["From 01-10-2025 To 31-10-2025"],
        [],
        ["Date", "Vch/Bill No", "Party Bill No.", "Bill Date", "Particulars", "GSTIN/UIN",
         "Taxable Amt", "IGST Input", "CGST Input", "SGST Input", "Bill Amount"],
        ["03-10-2025", "P/0101", "AT/25-26/0101", "01-10-2025", "Acme Traders", ACME,
         "10,000.00 Dr", "", "900.00 Dr", "900.00 Dr", "11,800.00 Cr"],
        ["09-10-2025", "P/0102", "BS-7781", "08-10-2025", "Beta Steel", BETA, "5,400.00 Dr",
         "920.00 Dr", "", "", "6,320.00 Cr"],
        ["16-10-2025", "PR/0007", "AT/CN/25-26/009", "15-10-2025", "Acme Traders", ACME,
         "300.00 Cr", "", "20.50 Cr", "20.50 Cr", "341.00 Dr"],
        ["", "", "", "", "Total", "", "15,100.00 Dr", "920.00 Dr", "879.50 Dr", "879.50 Dr",
         "17,779.00 Cr"],
    ]
    read = read_register_file(write_workbook(tmp_path / "busy.xlsx", {"Sheet1": rows}))
    assert read.header_map["doc_no"] == "Party Bill No."
    assert read.header_map["voucher_no"] == "Vch/Bill No"
    assert read.header_map["doc_date"] == "Bill Date"
    assert read.header_map["posting_date"] == "Date"
    assert _docs(read) == [
        (ACME, "INV", "AT/25-26/0101", _day("2025-10-01"), 1000000, 0, 90000, 90000, 0,
         1180000),
        (BETA, "INV", "BS-7781", _day("2025-10-08"), 540000, 92000, 0, 0, 0, 632000),
        # Bill Amount Dr: the supplier debited, a purchase return = its credit note.
        (ACME, "CN", "AT/CN/25-26/009", _day("2025-10-15"), 30000, 0, 2050, 2050, 0, 34100),
    ]
    assert ("supplier's document number read from 'Party Bill No.' (not from 'Vch/Bill No', "
            "your own voucher number)") in _notes(read)
    assert read.frame["Vch/Bill No"].tolist() == ["P/0101", "P/0102", "PR/0007"]
    assert read.skipped_rows == (9,) and _serious(read) == []


# --- Zoho Books bill export ---------------------------------------------------------------
ZOHO_HEADER = [
    "Bill Date", "Bill ID", "Bill Number", "PurchaseOrder", "Bill Status",
    "Source of Supply", "Destination of Supply", "GST Treatment",
    "GST Identification Number (GSTIN)", "Is Inclusive Tax", "TDS Percent", "TDS Account",
    "Vendor Name", "Due Date", "Currency Code", "Exchange Rate", "Item Name", "Product ID",
    "Account", "Description", "Quantity", "Usage unit", "Rate", "HSN/SAC", "Tax ID",
    "Tax Name", "Tax Percentage", "Tax Amount", "Tax Type", "Item Exemption Code",
    "Item Type", "Reverse Charge Tax Name", "Reverse Charge Tax Rate",
    "Reverse Charge Tax Type", "Item Total", "ITC Eligibility", "SubTotal",
    "Is Discount Before Tax", "Entity Discount Percent", "Entity Discount Amount",
    "Discount Account", "Total", "Balance", "Adjustment", "Adjustment Description",
    "Vendor Notes", "Terms & Conditions", "Payment Terms", "Payment Terms Label",
    "Is Billable", "Is Landed Cost", "Customer Name", "Project Name",
]


def _zoho(**cells: object) -> list[object]:
    return [cells.get(header.replace(" ", "_").replace("(", "").replace(")", ""), "")
            for header in ZOHO_HEADER]


def _zoho_bill(bill_id: str, number: str, day: str, source: str, gstin: str, vendor: str,
               subtotal: str, total: str, eligibility: str = "eligible"
               ) -> dict[str, object]:
    return {"Bill_Date": day, "Bill_ID": bill_id, "Bill_Number": number, "Bill_Status": "Open",
            "Source_of_Supply": source, "Destination_of_Supply": "MH",
            "GST_Treatment": "business_gst", "GST_Identification_Number_GSTIN": gstin,
            "Is_Inclusive_Tax": "false", "Vendor_Name": vendor, "Currency_Code": "INR",
            "Exchange_Rate": "1.00", "ITC_Eligibility": eligibility, "SubTotal": subtotal,
            "Total": total, "Balance": total, "Account": "Cost of Goods Sold"}


def test_zoho_bill_export_splits_one_tax_column_and_counts_bill_totals_once(
    tmp_path: Path,
) -> None:
    steel = _zoho_bill("1960001000000123456", "KA/1001", "2025-10-03", "KA", BETA,
                       "Beta Steel", "5400.00", "6320.00")
    acme = _zoho_bill("1960001000000123470", "AT/25-26/0140", "2025-10-11", "MH", ACME,
                      "Acme Traders", "1000.05", "1180.06")
    canteen = _zoho_bill("1960001000000123481", "AT/25-26/0151", "2025-10-20", "MH", ACME,
                         "Acme Traders", "200.00", "236.00", "ineligible_section17")
    rows = [
        ZOHO_HEADER,
        _zoho(**steel, Item_Name="MS Plate 10mm", Quantity="10", Rate="500.00",
              HSN_SAC="7208", Tax_Name="IGST18", Tax_Percentage="18", Tax_Amount="900.00",
              Tax_Type="ItemAmount", Item_Total="5000.00"),
        _zoho(**steel, Item_Name="Welding rods", Quantity="4", Rate="100.00", HSN_SAC="8311",
              Tax_Name="IGST5", Tax_Percentage="5", Tax_Amount="20.00",
              Tax_Type="ItemAmount", Item_Total="400.00"),
        _zoho(**acme, Item_Name="Packing material", Quantity="1", Rate="1000.05",
              Tax_Name="GST18", Tax_Percentage="18", Tax_Amount="180.01", Tax_Type="TaxGroup",
              Item_Total="1000.05"),
        _zoho(**canteen, Item_Name="Canteen food", Quantity="1", Rate="200.00",
              Tax_Name="GST18", Tax_Percentage="18", Tax_Amount="36.00", Tax_Type="TaxGroup",
              Item_Total="200.00"),
    ]
    read = read_register_file(write_csv(tmp_path / "Bill.csv", rows))
    assert read.header_map["doc_no"] == "Bill Number"
    assert read.header_map["pos"] == "Destination of Supply"
    assert read.header_map["rate"] == "Tax Percentage"
    assert _docs(read) == [
        (BETA, "INV", "KA/1001", _day("2025-10-03"), 540000, 92000, 0, 0, 0, 632000),
        # An odd paisa of tax goes to SGST.
        (ACME, "INV", "AT/25-26/0140", _day("2025-10-11"), 100005, 0, 9000, 9001, 0, 118006),
        (ACME, "INV", "AT/25-26/0151", _day("2025-10-20"), 20000, 0, 1800, 1800, 0, 23600),
    ]
    assert read.frame["itc_eligible"].tolist() == [True, True, False]
    assert read.frame[SPLIT_COLUMN].tolist() == [
        "IGST derived from 'Tax Amount': place of supply 27 differs from the supplier's "
        "state 29",
        "CGST + SGST derived from 'Tax Amount': place of supply 27 is the supplier's state 27",
        "CGST + SGST derived from 'Tax Amount': place of supply 27 is the supplier's state 27",
    ]
    assert read.frame["Item Total"].tolist()[0] == "5000.00, 400.00"
    notes = " | ".join(_notes(read))
    assert "one tax column 'Tax Amount': split into IGST, or CGST + SGST" in notes
    assert ("counted once per document, as every line repeats it: taxable value, document "
            "(invoice) value") in notes
    assert _serious(read) == []


# --- SAP purchase journal -----------------------------------------------------------------
def test_sap_journal_reads_the_reference_not_our_document_number(tmp_path: Path) -> None:
    header = ["Company Code", "Document Number", "Fiscal Year", "Document Type",
              "Document Date", "Posting Date", "Reference", "Vendor", "Vendor Name",
              "Tax Number 3", "Tax Code", "Base Amount", "CGST Amount", "SGST Amount",
              "IGST Amount", "Amount in LC"]

    def line(number: str, kind: str, day: str, posted: str, reference: str, vendor: str,
             name: str, gstin: str, code: str, *amounts: str) -> list[str]:
        return ["1000", number, "2025", kind, day, posted, reference, vendor, name, gstin,
                code, *amounts]

    rows = [
        header,
        line("5105600123", "RE", "01.10.2025", "03.10.2025", "AT/25-26/0101", "100045",
             "ACME TRADERS", ACME, "G9", "10,000.00", "900.00", "900.00", "0.00",
             "11,800.00"),
        line("5105600124", "RE", "06.10.2025", "07.10.2025", "AT/25-26/0117", "100045",
             "ACME TRADERS", ACME, "G9", "2,000.00", "180.00", "180.00", "0.00", "2,360.00"),
        line("5105600124", "RE", "06.10.2025", "07.10.2025", "AT/25-26/0117", "100045",
             "ACME TRADERS", ACME, "G5", "1,000.00", "25.00", "25.00", "0.00", "1,050.00"),
        line("5105600131", "KG", "15.10.2025", "16.10.2025", "AT/CN/25-26/009", "100045",
             "ACME TRADERS", ACME, "G9", "300.00-", "20.50-", "20.50-", "0.00", "341.00-"),
        line("1900000045", "KR", "18.10.2025", "03.11.2025", "BS/DN/12", "100046",
             "BETA STEEL", BETA, "I9", "500.00", "0.00", "0.00", "90.00", "590.00"),
    ]
    read = read_register_file(write_csv(tmp_path / "fbl1n.csv", rows, delimiter="\t"))
    assert read.header_map["doc_no"] == "Reference"
    assert read.header_map["voucher_no"] == "Document Number"
    assert read.header_map["supplier_gstin"] == "Tax Number 3"
    assert _docs(read) == [
        (ACME, "INV", "AT/25-26/0101", _day("2025-10-01"), 1000000, 0, 90000, 90000, 0,
         1180000),
        (ACME, "INV", "AT/25-26/0117", _day("2025-10-06"), 300000, 0, 20500, 20500, 0, 341000),
        (ACME, "CN", "AT/CN/25-26/009", _day("2025-10-15"), 30000, 0, 2050, 2050, 0, 34100),
        # The supplier's debit note booked as a vendor invoice (KR): an invoice here; the
        # engine compares it with the IMS debit note.
        (BETA, "INV", "BS/DN/12", _day("2025-10-18"), 50000, 9000, 0, 0, 0, 59000),
    ]
    assert read.frame["register_rows"].tolist() == ["2", "3, 4", "5", "6"]
    assert read.frame["period"].tolist() == ["10-2025", "10-2025", "10-2025", "11-2025"]
    assert read.frame["Document Number"].tolist()[1] == "5105600124"
    assert _serious(read) == []


# --- a hand-kept sheet --------------------------------------------------------------------
def test_hand_kept_sheet_with_merged_title_subtotals_and_dr_cr(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Shree Balaji Industries Pvt Ltd - Purchase Register - October 2025"],
        ["(All amounts in Rs.)"],
        ["Sr. No.", "Date", "Party Name", "GSTIN No.", "Inv. No.", "Inv. Date", "Taxable Amt",
         "CGST", "SGST", "IGST", "Total Amt"],
        [1, "03/10/2025", "Acme Traders", ACME, "AT/25-26/0101", "01/10/2025", "10,000.00 Cr",
         "900.00 Cr", "900.00 Cr", "", "11,800.00 Cr"],
        [2, "16/10/2025", "Acme Traders", ACME, "AT/CN/25-26/009", "15/10/2025", "300.00 Dr",
         "20.50 Dr", "20.50 Dr", "", "341.00 Dr"],
        ["", "", "Sub Total - Acme Traders", "", "", "", "9,700.00 Cr", "879.50 Cr",
         "879.50 Cr", "", "11,459.00 Cr"],
        [3, "09/10/2025", "Beta Steel", BETA, "BS-7781", "08/10/2025", "5,400.00 Cr", "", "",
         "920.00 Cr", "6,320.00 Cr"],
        [4, "20/10/2025", "Beta Steel", BETA, "BS/DN/12", "18/10/2025", "500.00 Cr", "", "",
         "90.00 Cr", "590.00 Cr"],
        ["", "", "Sub Total - Beta Steel", "", "", "", "5,900.00 Cr", "", "", "1,010.00 Cr",
         "6,910.00 Cr"],
        [],
        ["", "", "Grand Total", "", "", "", "15,600.00 Cr", "879.50 Cr", "879.50 Cr",
         "1,010.00 Cr", "18,369.00 Cr"],
    ]
    path = write_workbook(tmp_path / "purchase register oct.xlsx", {"Oct 2025": rows},
                          merged={"Oct 2025": ["A1:K1", "A2:K2"]})
    read = read_register_file(path)
    assert read.header_row == 3
    assert _docs(read) == [
        (ACME, "INV", "AT/25-26/0101", _day("2025-10-01"), 1000000, 0, 90000, 90000, 0,
         1180000),
        # Every amount Dr: a return, the supplier's credit note.
        (ACME, "CN", "AT/CN/25-26/009", _day("2025-10-15"), 30000, 0, 2050, 2050, 0, 34100),
        (BETA, "INV", "BS-7781", _day("2025-10-08"), 540000, 92000, 0, 0, 0, 632000),
        (BETA, "INV", "BS/DN/12", _day("2025-10-18"), 50000, 9000, 0, 0, 0, 59000),
    ]
    assert read.skipped_rows == (6, 9, 10, 11)
    assert read.frame["Sr. No."].tolist() == [1, 2, 3, 4]
    assert _serious(read) == []
