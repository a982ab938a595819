"""The flattened translation lookup answers exactly what Django's catalogue-by-catalogue walk did."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext, trans_real


def walked(catalog, key):
    """Django's own lookup: the first catalogue, in order of precedence, that has the key."""
    for one in catalog._catalogs:
        if key in one:
            return one[key]
    return None


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_string_translates_as_the_first_catalogue_that_has_it(language):
    catalog = trans_real.translation(language)._catalog
    keys = {key for one in catalog._catalogs for key in one}
    assert len(keys) > 2000  # Django's, allauth's and every app's strings
    assert [key for key in keys if catalog.get(key) != walked(catalog, key)] == []
    assert len(catalog._catalogs) < 12  # catalogues under the same plural rule are merged


def test_strings_from_django_and_from_our_apps_still_translate_and_plurals_keep_their_rules():
    with translation.override("es"):
        assert gettext("This field is required.") == "Este campo es obligatorio."
        assert gettext("Rewards for progress") == "Recompensas por los avances"
        assert gettext("A sentence no catalogue has") == "A sentence no catalogue has"
        one, many = "%(days)s day in the current stretch.", "%(days)s days in the current stretch."
        assert ngettext(one, many, 1) % {"days": 1} == "1 día en la racha actual."
        assert ngettext(one, many, 5) % {"days": 5} == "5 días en la racha actual."
    with translation.override("fr"):
        assert gettext("This field is required.") == "Ce champ est obligatoire."
