"""`make demo`: generate a realistic month of sample data and show what was read."""

from __future__ import annotations

import sys
from pathlib import Path

from gst_ims.cli import main as cli_main

DEMO_DIR = Path("demo")


def main() -> int:
    """Run the demo steps through the command line, as a user would."""
    steps = [
        ["sample-data", "--out", str(DEMO_DIR / "input"), "--docs", "2000", "--seed", "7"],
        ["inspect-ims", str(DEMO_DIR / "input" / "ims.json")],
    ]
    for step in steps:
        print(f"\n$ gst-ims {' '.join(step)}", flush=True)
        code = cli_main(step)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
