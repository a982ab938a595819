"""A system check for the "enabling or supporting?" guide: every language present, at least
15 situations, the same keys in the same order, and every row complete."""

from __future__ import annotations

from django.core import checks

LANGUAGES = ("en", "es", "fr")
MINIMUM = 15


def guide_problems() -> list[str]:
    from alongside.plans import content

    problems, reference = [], None
    for language in LANGUAGES:
        path = content.CONTENT_DIR / f"{language}.yaml"
        if not path.exists():
            problems.append(f"plans/content/{language}.yaml is missing")
            continue
        try:
            guide = content.load(language)
        except Exception as exc:  # noqa: BLE001 - any broken file is reported, not raised
            problems.append(f"plans/content/{language}.yaml cannot be read: {exc}")
            continue
        keys = [row.key for row in guide.situations]
        if len(keys) < MINIMUM:
            problems.append(f"plans/content/{language}.yaml has {len(keys)} situations, fewer than {MINIMUM}")
        for row in guide.situations:
            if not (row.situation and row.why and row.better) or row.verdict not in content.VERDICTS:
                problems.append(f"plans/content/{language}.yaml: situation {row.key!r} is incomplete")
        if reference is None:
            reference = keys
        elif keys != reference:
            problems.append(f"plans/content/{language}.yaml does not have the same situations as en.yaml")
    return problems


def guide_is_sound(app_configs=None, **kwargs):
    return [checks.Error(problem, id="plans.E001") for problem in guide_problems()]
