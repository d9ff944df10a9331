"""The GST portal's IMS downloads: reading them (both dialects), the one key map of a
record, and the report of what a download holds."""
