"""What a job tells its user: `JobReport`, the one result type of every job."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gst_ims.domain.problems import Problem


@dataclass(frozen=True)
class JobReport:
    """What a job did, for the user: a plain `message`, `counts` (documents read, per
    category, per action…), the `problems` found in the input, the `files` written (for
    an export: the upload files), `copies` written beside them (the History copy an
    export leaves with the upload, removed with it when the job's save fails), and
    `cancelled` when the user said no."""

    job: str
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    cancelled: bool = False
    copies: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "job": self.job, "message": self.message, "counts": dict(self.counts),
            "problems": [problem.as_dict() for problem in self.problems],
            "files": list(self.files), "copies": list(self.copies),
            "cancelled": self.cancelled,
        }
