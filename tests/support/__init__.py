"""Helpers shared by the tests, imported as `support.<name>` (pytest puts `tests/` on the
path: see `pythonpath` in pyproject.toml). Plain modules, no test code of their own."""
