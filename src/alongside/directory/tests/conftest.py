from __future__ import annotations

import json

import pytest

from alongside.core.testdata import shared_data_dir

LOCATOR_FIXTURE = shared_data_dir() / "findtreatment" / "locator-export-sample.json"


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
        (f"page{n}.json", json.dumps({"page": n, "totalPages": pages, "recordCount": len(rows),
                                      "rows": rows[(n - 1) * size:n * size]}).encode())
        for n in range(1, pages + 1)
    ]
