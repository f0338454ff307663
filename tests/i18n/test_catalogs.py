"""The German and French catalogs hold every message of the product, translated."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalog(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def gettext_tool(*args: str) -> str:
    """The output of one of GNU gettext's tools (``make messages`` installs them)."""
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is missing: run `make gettext`"
    return subprocess.run([tool, *args[1:]], capture_output=True, text=True, check=True).stdout


def test_the_catalogs_are_those_of_every_language_but_english():
    assert sorted(path.name for path in LOCALE.iterdir() if path.is_dir()) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation(language):
    assert (
        gettext_tool("msgattrib", "--untranslated", "--no-obsolete", str(catalog(language))) == ""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_left_fuzzy(language):
    assert gettext_tool("msgattrib", "--only-fuzzy", "--no-obsolete", str(catalog(language))) == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_compiles_with_its_placeholders_intact(language, tmp_path):
    gettext_tool("msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(catalog(language)))


def test_the_catalogs_hold_every_message_makemessages_finds(tmp_path, settings, monkeypatch):
    """What ``makemessages`` extracts from the code today is in each catalog: a new
    string that nobody translated, or a catalog not updated, fails here. It runs on
    a copy of the product's code without its catalogs, which it would rewrite."""
    source = tmp_path / "source"
    for folder in ("trainer", "templates"):
        shutil.copytree(
            settings.BASE_DIR / folder,
            source / folder,
            ignore=shutil.ignore_patterns("locale", "__pycache__"),
        )
    monkeypatch.chdir(source)
    settings.LOCALE_PATHS = [tmp_path / "extracted"]
    call_command("makemessages", locale=["de"], verbosity=0)
    extracted = tmp_path / "extracted" / "de" / "LC_MESSAGES" / "django.po"
    for language in LANGUAGES:
        gettext_tool("msgcmp", "--use-untranslated", str(catalog(language)), str(extracted))
