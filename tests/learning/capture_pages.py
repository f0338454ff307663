"""Small hand-made pages for the capture learner's tests."""

from trainer.learning.capture import Page, Rectangle, Word


def line(y: float, *texts: str, x: float = 100, size: float = 20) -> list[Word]:
    """Words on one line, each as wide as its text, one space apart."""
    words = []
    for text in texts:
        width = len(text) * size * 0.5
        words.append(Word(text, x, y, x + width, y + size))
        x += width + size * 0.3
    return words


def page(*lines: list[Word]) -> Page:
    return Page(number=1, width=1000, height=1400, words=[w for ws in lines for w in ws])


def box(page: Page, text: str) -> Rectangle:
    """A rectangle drawn around the one word ``text``, a little wider than it."""
    [word] = [w for w in page.words if w.text == text]
    return Rectangle(1, word.x1 - 2, word.y1 - 2, word.x2 + 2, word.y2 + 2)


def box_around(page: Page, *texts: str) -> Rectangle:
    words = [w for w in page.words if w.text in texts]
    return Rectangle(
        1,
        min(w.x1 for w in words) - 2,
        min(w.y1 for w in words) - 2,
        max(w.x2 for w in words) + 2,
        max(w.y2 for w in words) + 2,
    )
