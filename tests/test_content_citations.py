"""Citations name the right paper, in words we would use ourselves."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alongside.library import content as library_content

SRC = Path(library_content.__file__).resolve().parent.parent

CRAFT_TRIAL_DOI = "https://doi.org/10.1037/0022-006X.67.5.688"
CRAFT_TRIAL_TITLE = (
    "Engaging the unmotivated in treatment for alcohol problems: "
    "a comparison of three strategies for intervention through family members"
)


@pytest.mark.parametrize("app", ["firststeps", "plans"])
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_craft_trial_is_cited_by_its_own_title(app, lang):
    sources = yaml.safe_load((SRC / app / "content" / f"{lang}.yaml").read_text(encoding="utf-8"))["sources"]
    trial = [s for s in sources if s["url"] == CRAFT_TRIAL_DOI]
    assert [s["title"] for s in trial] == [CRAFT_TRIAL_TITLE]
    assert "1999" in trial[0]["publisher"] and "67(5):688-697" in trial[0]["publisher"]


def _source_titles():
    for path in SRC.glob("*/content/**/*"):
        if path.suffix == ".yaml":
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        elif path.suffix == ".md" and path.name != "README.md":
            data = yaml.safe_load(
                path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
            )
        else:
            continue
        sources = data.get("sources", []) if isinstance(data, dict) else []
        for source in sources:
            yield path, source["title"]


def test_no_source_title_uses_words_we_avoid():
    titles = list(_source_titles())
    assert len(titles) > 50
    assert [(str(p.relative_to(SRC)), t) for p, t in titles if library_content.stigma_hits(t, "en")] == []
