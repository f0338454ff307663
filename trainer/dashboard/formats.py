"""Numbers written as the active language writes them."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import pgettext


def percent(value: float, decimals: int = 0) -> str:
    """``value`` out of 100 as a percentage of the active language: "42%" in
    English, "42 %" in German and French, with its decimal mark ("12,5 %")."""
    # Translators: a percentage; put a no-break space before % where your language has one.
    return pgettext("percentage", "%(number)s%%") % {"number": number_format(value, decimals)}
