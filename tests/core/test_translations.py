"""The translation catalogues: complete, faithful to their placeholders, in step with the code, and really used.

When a test here fails after a change of user-facing text: run `make messages`, translate the new or fuzzy
entries in src/backoffice/locale/cs/LC_MESSAGES/django.po (English fills itself), then `make translations`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

import backoffice
from tests.conftest import need_program

SOURCE = Path(backoffice.__file__).resolve().parent
LOCALE = SOURCE / "locale"
LANGUAGES = ["cs", "en"]
PLURAL_FORMS = {
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "en": "nplurals=2; plural=(n != 1);",
}
# The same choices as the Makefile's `messages` target.
MAKEMESSAGES_IGNORE = ["static/vendor/*", "*/migrations/*"]
HOW_TO_FIX = "run `make messages`, translate the new entries in locale/cs, then `make translations`"

PERCENT = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
BRACES = re.compile(r"\{\{\s*[\w.|:]*\s*\}\}|\{[\w.\[\]!:]*\}")

pytestmark = pytest.mark.standalone  # about the catalogues, not the database


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


def live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def placeholders(text: str, python_format: bool) -> list[str]:
    found = sorted(BRACES.findall(text))
    if python_format:
        percent = [m.group(0) for m in PERCENT.finditer(text) if m.group(0) != "%%"]
        # Named ones may move within a sentence; positional ones must keep their order.
        found += sorted(percent) if all(p.startswith("%(") for p in percent) else percent
    return found


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_complete(lang):
    po = catalogue(lang)
    assert not po.metadata_is_fuzzy, f"{lang}: the header is marked fuzzy"
    assert po.metadata.get("Language") == lang
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[lang]
    untranslated = [e.msgid for e in live(po) if not (e.msgstr_plural if e.msgid_plural else e.msgstr)]
    assert not untranslated, f"{lang}: untranslated: {untranslated} — {HOW_TO_FIX}"
    fuzzy = [e.msgid for e in live(po) if "fuzzy" in e.flags]
    assert not fuzzy, f"{lang}: fuzzy (check the translation, then remove the flag): {fuzzy}"
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[lang]).group(1))
    for entry in live(po):
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            assert sorted(forms) == list(range(nplurals)), f"{lang}: {entry.msgid!r} needs {nplurals} plural forms"
            assert all(forms.values()), f"{lang}: {entry.msgid!r} has an empty plural form"


def test_english_is_the_source_language():
    for entry in live(catalogue("en")):
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}, entry.msgid
        else:
            assert entry.msgstr == entry.msgid, f"change English wording in the code, not in the .po: {entry.msgid!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for entry in live(catalogue(lang)):
        python = "python-format" in entry.flags or "python-brace-format" in entry.flags
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural, python)
            if placeholders(entry.msgid, python) != expected:
                wrong.append(f"msgid and msgid_plural differ: {entry.msgid!r}")
            translations = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid, python)
            translations = [entry.msgstr]
        for text in translations:
            if text and placeholders(text, python) != expected:
                wrong.append(f"{entry.msgid!r} → {text!r}: expected {expected}")
    assert not wrong, f"{lang}: " + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gettext_accepts_the_catalogue(lang):
    msgfmt = need_program("msgfmt", "apt-get install gettext")
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_catalogues_match_the_code(tmp_path, settings, monkeypatch):
    """Extract the messages afresh from a copy of the source and compare them with the committed catalogues."""
    need_program("xgettext", "apt-get install gettext")
    copy = tmp_path / "backoffice"
    shutil.copytree(
        SOURCE, copy, ignore=shutil.ignore_patterns("vendor", "migrations", "locale", "__pycache__", "*.pyc")
    )
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = []  # so makemessages writes into the copy's locale/, never into the real one
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=["cs"],
        ignore_patterns=MAKEMESSAGES_IGNORE,
        no_obsolete=True,
        add_location="file",
        verbosity=0,
    )
    in_code = {key(e) for e in live(polib.pofile(str(copy / "locale" / "cs" / "LC_MESSAGES" / "django.po")))}
    for lang in LANGUAGES:
        committed = {key(e) for e in live(catalogue(lang))}
        missing = sorted(in_code - committed)
        stale = sorted(committed - in_code)
        assert not missing and not stale, (
            f"{lang}: not in the catalogue: {missing}; no longer in the code: {stale} — {HOW_TO_FIX}"
        )


@pytest.fixture
def compiled(tmp_path, settings):
    """The catalogues compiled by the product's own command, into a temporary directory the app then uses."""
    for lang in LANGUAGES:
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(LOCALE / lang / "LC_MESSAGES" / "django.po", target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_translations", verbosity=0)
    assert (tmp_path / "cs" / "LC_MESSAGES" / "django.mo").exists()
    return tmp_path


def test_czech_is_what_users_see(compiled):
    from backoffice.core.roles import ROLE_LABELS, TECHNICIAN

    with translation.override("cs"):
        assert translation.gettext("My work") == "Moje práce"
        assert translation.gettext("Log out") == "Odhlásit se"
        assert str(ROLE_LABELS[TECHNICIAN]) == "Technik"
        counted = [
            translation.ngettext("%(counter)s record", "%(counter)s records", n) % {"counter": n} for n in (1, 3, 5)
        ]
        assert counted == ["1 záznam", "3 záznamy", "5 záznamů"]
        page = Template("{% load i18n %}{% translate 'Substitutions' %} · {% translate 'Directory' %}")
        assert page.render(Context()) == "Zástupy · Adresář"
    with translation.override("en"):
        assert translation.gettext("My work") == "My work"
