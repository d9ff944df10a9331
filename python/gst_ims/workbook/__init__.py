"""The workbook: its layout contract, the port to Excel or the file, and its builder."""
