"""GST IMS Reconciler: reconcile the GST portal's IMS data with the books ITC register."""

__version__ = "0.1.0"
