"""One dictionary lookup per translated string, instead of one per installed app.

Django 5.2's ``TranslationCatalog.update`` means to merge a new app's catalogue into the top one
when their plural rules match, but it compares a code object with a function
(``trans.plural.__code__ == self._plurals[0]``), which never holds. So every app's catalogue is
kept apart: Spanish here is 23 dictionaries, and each ``gettext`` walks them in turn until one
has the string (a string none has, as every English one, walks them all). A circle page makes
about 280 such calls.

``install()`` keeps Django's order of precedence and plural handling as they are and changes two
things: ``update`` compares code with code, and ``get`` (what ``gettext`` uses) reads one
flattened dictionary, built on first use from the catalogues in reverse order of precedence, so
the same string wins as before. ``plural`` (``ngettext``) still reads each catalogue under its
own plural rule.
"""

from __future__ import annotations

from django.utils.translation import trans_real

_MISSING = object()


def _flat(catalog) -> dict:
    flat = catalog.__dict__.get("_alongside_flat")
    if flat is None:
        flat = {}
        for one in reversed(catalog._catalogs):  # lowest precedence first: the first one wins
            flat.update(one)
        catalog._alongside_flat = flat
    return flat


def _forget(catalog) -> None:
    catalog.__dict__.pop("_alongside_flat", None)


def _update(self, trans) -> None:
    _forget(self)
    if trans.plural.__code__ == self._plurals[0].__code__:
        self._catalogs[0].update(trans._catalog)
    else:
        self._catalogs.insert(0, trans._catalog.copy())
        self._plurals.insert(0, trans.plural)


def _setitem(self, key, value) -> None:
    _forget(self)
    self._catalogs[0][key] = value


def _get(self, key, default=None):
    return _flat(self).get(key, default)


def _getitem(self, key):
    value = _flat(self).get(key, _MISSING)
    if value is _MISSING:
        raise KeyError(key)
    return value


def _contains(self, key) -> bool:
    return key in _flat(self)


def install() -> None:
    catalog = trans_real.TranslationCatalog
    if getattr(catalog, "_alongside_installed", False):
        return
    catalog.update = _update
    catalog.__setitem__ = _setitem
    catalog.get = _get
    catalog.__getitem__ = _getitem
    catalog.__contains__ = _contains
    catalog._alongside_installed = True
