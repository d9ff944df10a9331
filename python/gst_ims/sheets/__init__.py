"""The translation between the workbook's sheets and the domain frames: reading the
Books, IMS, result, Links and Settings sheets into frames and values, and writing frames,
Summary, Suppliers, Home and Log back through a `WorkbookPort`. `workflow.py` holds the
jobs that call these; nothing here decides what a job does.
"""
