"""Every sentence a template shows goes through {% translate %} or
{% blocktranslate %}: the templates are read with Django's own lexer, and any
word left in the page's text or in an attribute a person reads (title,
placeholder, aria-label, alt) outside a translation tag fails the test."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATE_DIRS = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
TEMPLATES = sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html"))
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description"}
WORD = re.compile(r"[^\W\d_]{2,}")
# A blank stands where a template tag or variable was.
MARK = "\x00"


class _Words(HTMLParser):
    """Collects the text a person reads: data outside <script>/<style>, and the
    read attributes' values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        self.found += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def untranslated(source: str) -> list[str]:
    """The words of ``source`` outside translation tags and comments."""
    text, skip = [], None
    for token in Lexer(source).tokenize():
        if token.token_type is TokenType.BLOCK:
            name = token.contents.split()[0]
            if skip:
                if name == skip:
                    skip = None
                continue
            if name in {"blocktranslate", "blocktrans", "comment"}:
                skip = "end" + name
            text.append(MARK)
        elif token.token_type is TokenType.TEXT and not skip:
            text.append(token.contents)
        elif not skip:
            text.append(MARK)
    parser = _Words()
    parser.feed("".join(text))
    parser.close()
    return [w for chunk in parser.found for w in WORD.findall(chunk.replace(MARK, " "))]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_template_has_no_untranslated_words(path):
    assert untranslated(path.read_text()) == []


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("<p>Train a model</p>", ["Train", "model"]),
        ('<input placeholder="Search models">', ["Search", "models"]),
        ("<p>{% translate 'Train a model' %}</p>", []),
        ("<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</p>", []),
        ("<script>const label = 'not read';</script><p>{{ value }} · 42</p>", []),
        ('<div class="card" data-x="y">{# note #}</div>', []),
    ],
)
def test_the_check_finds_literal_words(source, words):
    assert untranslated(source) == words
