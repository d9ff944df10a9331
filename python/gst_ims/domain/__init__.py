"""Pure vocabulary of the product: no I/O, no Excel, no file formats."""
