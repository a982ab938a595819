import pytest

from alongside.plans.ichecks import check_statement


def codes(text):
    return [flag.code for flag in check_statement(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "I feel scared when you come home late.",
        "I miss the walks we used to take together.",
        "I love you, and I will help you find treatment whenever you want it.",
        "Me preocupa tu salud y quiero ayudarle.",
        "Je t'aime toujours et je suis inquiète.",
        "Tu me manques, et j'ai peur pour toi.",
    ],
)
def test_a_caring_i_statement_raises_no_flag(sentence):
    assert check_statement(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "You always lie to me.",
        "you never listen",
        "You're always out.",
        "Siempre llegas tarde y yo me preocupo.",
        "Usted nunca llama.",
        "Tu ne m'écoutes jamais, je suis triste.",
        "Vous rentrez toujours tard, je m'inquiète.",
    ],
)
def test_always_and_never_are_flagged_in_three_languages(sentence):
    assert "absolute" in codes(sentence)


@pytest.mark.parametrize(
    "sentence", ["Why do you keep doing this?", "¿Por qué no me escuchas?", "Pourquoi tu mens ?"]
)
def test_why_do_you_questions_are_flagged(sentence):
    assert "why" in codes(sentence)


@pytest.mark.parametrize(
    "sentence, word",
    [
        ("I feel you are an addict.", "addict"),
        ("Me siento triste, eres un drogadicto.", "drogadicto"),
        ("Je pense que tu es un toxico.", "toxico"),
        ("I think you're a junkie", "junkie"),
    ],
)
def test_labels_are_flagged_with_the_word_found(sentence, word):
    flags = [f for f in check_statement(sentence) if f.code == "label"]
    assert [f.found for f in flags] == [word]


def test_a_sentence_that_opens_with_you_is_flagged_even_after_a_first_sentence():
    assert "you_opening" in codes("I am tired. You make everything hard for me.")
    assert "you_opening" not in codes("I am tired and I need your help.")


def test_every_flag_carries_a_hint_and_a_missing_i_is_noticed():
    flags = check_statement("Stop using drugs.")
    assert [f.code for f in flags] == ["no_i"]
    assert all(str(f.hint) for f in check_statement("You never call. Why do you lie, you addict?"))


def test_empty_text_has_no_flags():
    assert check_statement("") == [] and check_statement("   ") == []
