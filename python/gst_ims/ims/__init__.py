"""The GST portal's formats: IMS JSON in (reader), upload JSON out (upload)."""
