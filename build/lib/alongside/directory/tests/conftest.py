from __future__ import annotations

import json

import pytest

from alongside.directory.demo import REAL_SAMPLE

# The real locator rows the demo loads (CC0; see directory/data/README.md).
LOCATOR_FIXTURE = REAL_SAMPLE


@pytest.fixture
def locator_bytes() -> bytes:
    return LOCATOR_FIXTURE.read_bytes()


@pytest.fixture
def locator_data() -> dict:
    return json.loads(LOCATOR_FIXTURE.read_text())


def pages_of(data: dict, pages: int) -> list[tuple[str, bytes]]:
    """The fixture's rows split into a complete export of ``pages`` pages."""
    rows = data["rows"]
    size = -(-len(rows) // pages)
    return [
        (
            f"page{n}.json",
            json.dumps(
                {
                    "page": n,
                    "totalPages": pages,
                    "recordCount": len(rows),
                    "rows": rows[(n - 1) * size : n * size],
                }
            ).encode(),
        )
        for n in range(1, pages + 1)
    ]
