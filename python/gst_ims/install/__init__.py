"""Putting the Excel edition on a user's PC: the packaged workbook, the per-user xlwings
settings, the set-up check (`doctor`) and the release archive."""
