"""Where the real data fixtures live (``../shared/data`` beside the checkout).

CI may check the project out elsewhere; ``ALONGSIDE_SHARED_DATA`` then names the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_data_dir() -> Path:
    candidates = [
        os.environ.get("ALONGSIDE_SHARED_DATA", ""),
        REPO_ROOT.parent / "shared" / "data",
        "/work/shared/data",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise FileNotFoundError(
        "The shared data fixtures are missing: set ALONGSIDE_SHARED_DATA to the folder holding "
        "findtreatment/ and meeting-guide/."
    )
