"""Looking after yourself: the strain rule, kept pure so it is easy to test.

Strain "stays high" when the three most recent check-ins all have stress at 7 or more (on the
0 to 10 scale). Then the page offers a kind suggestion with concrete options; it never
diagnoses anything and never nags: one fewer high check-in and it goes away.
"""

from __future__ import annotations

from collections.abc import Sequence

HIGH_STRESS = 7
RUN_LENGTH = 3


def strain_stays_high(stress_newest_first: Sequence[int]) -> bool:
    recent = list(stress_newest_first[:RUN_LENGTH])
    return len(recent) == RUN_LENGTH and all(level >= HIGH_STRESS for level in recent)
