"""Invoices of one layout with varying values, made with fpdf2, and where each value lies.

The whole page is shifted a little (as a printer or a scanner would), the
totals block moves down with the number of items, the customer's name has one
to four words and amounts are right-aligned, so that a capture model has to
follow anchors, not fixed places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from fpdf import FPDF

from trainer.learning.capture import Rectangle

FIELDS = {
    "Root/Invoice Layout/InvoiceNumber": True,
    "Root/Invoice Layout/InvoiceDate": True,
    "Root/Invoice Layout/DueDate": False,
    "Root/Invoice Layout/Customer": True,
    "Root/Invoice Layout/Total": True,
}
CUSTOMERS = [
    "Globex",
    "Initech GmbH",
    "Umbrella Retail AG",
    "Stark Industrial Supplies Ltd",
    "Wayne Foods",
    "Hooli Cloud Services",
    "Vandelay Import Export Corp",
    "Soylent",
]
STREETS = ["Hauptstrasse 1", "Marktplatz 17", "Bahnhofweg 203", "Am Ring 5a"]
PRODUCTS = ["Office chairs", "Printer paper A4", "Standing desk", "Monitor arm", "Desk lamp"]
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Invoice:
    pdf: bytes
    values: dict[str, str]
    # Where each value was printed, in points: (x1, y1, x2, y2), origin top left.
    boxes: dict[str, tuple[float, float, float, float]]

    def rectangles(self, *, dpi: int) -> dict[str, list[Rectangle]]:
        """Each field's rectangle in pixels of page 1 rendered at ``dpi``."""
        scale = dpi / POINTS_PER_INCH
        return {
            name: [Rectangle(1, *(round(v * scale) for v in box))]
            for name, box in self.boxes.items()
        }


def _amount(value: float) -> str:
    return f"{value:,.2f}"


class _Writer:
    def __init__(self, *, shift: tuple[float, float]) -> None:
        self.shift_x, self.shift_y = shift
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.add_page()
        self.boxes: dict[str, tuple[float, float, float, float]] = {}

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        right: bool = False,
        field: str | None = None,
    ) -> None:
        """``text`` with its baseline at ``y``; ending at ``x`` when ``right``."""
        self.pdf.set_font("Helvetica", "B" if bold else "", size)
        width = self.pdf.get_string_width(text)
        left = (x - width if right else x) + self.shift_x
        y += self.shift_y
        self.pdf.text(left, y, text)
        if field:
            self.boxes[field] = (left - 1, y - 0.8 * size, left + width + 1, y + 0.25 * size)


def invoice(seed: int) -> Invoice:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    w = _Writer(shift=(rng.uniform(-12, 12), rng.uniform(-12, 12)))
    number = f"INV-{2020 + seed % 6}-{rng.randint(100, 99999):05d}"
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), 2020 + rng.randint(0, 5)
    date = f"{day:02d}.{month:02d}.{year}"
    due = f"{day:02d}.{month % 12 + 1:02d}.{year + (month == 12)}"
    customer = rng.choice(CUSTOMERS)

    w.text(50, 60, "ACME Supplies GmbH", size=18, bold=True)
    w.text(50, 76, "Industriestrasse 12, 80331 Munich", size=9)
    w.text(545, 60, "INVOICE", size=20, bold=True, right=True)
    w.text(50, 140, "Invoice number:")
    w.text(150, 140, number, field="Root/Invoice Layout/InvoiceNumber")
    w.text(50, 158, "Invoice date:")
    w.text(150, 158, date, field="Root/Invoice Layout/InvoiceDate")
    w.text(50, 176, "Due date:")
    w.text(150, 176, due, field="Root/Invoice Layout/DueDate")
    w.text(350, 140, "Bill to:", bold=True)
    w.text(350, 158, customer, field="Root/Invoice Layout/Customer")
    w.text(350, 176, rng.choice(STREETS))

    y = 230
    for x, label, right in (
        (50, "Description", False),
        (330, "Qty", False),
        (460, "Unit price", True),
        (545, "Amount", True),
    ):
        w.text(x, y, label, bold=True, right=right)
    subtotal = 0.0
    for _item in range(rng.randint(2, 6)):
        y += 18
        quantity, price = rng.randint(1, 40), rng.uniform(2, 900)
        subtotal += quantity * price
        w.text(50, y, rng.choice(PRODUCTS))
        w.text(330, y, str(quantity))
        w.text(460, y, _amount(price), right=True)
        w.text(545, y, _amount(quantity * price), right=True)
    vat = subtotal * 0.19
    y += 36
    w.text(380, y, "Subtotal:")
    w.text(545, y, _amount(subtotal), right=True)
    y += 18
    w.text(380, y, "VAT 19%:")
    w.text(545, y, _amount(vat), right=True)
    y += 22
    total = f"EUR {_amount(subtotal + vat)}"
    w.text(380, y, "Total:", bold=True)
    w.text(545, y, total, bold=True, right=True, field="Root/Invoice Layout/Total")
    w.text(50, 780, "Please pay within 30 days to IBAN DE12 5001 0517 0648 4898 90.", size=8)

    values = {
        "Root/Invoice Layout/InvoiceNumber": number,
        "Root/Invoice Layout/InvoiceDate": date,
        "Root/Invoice Layout/DueDate": due,
        "Root/Invoice Layout/Customer": customer,
        "Root/Invoice Layout/Total": total,
    }
    return Invoice(pdf=bytes(w.pdf.output()), values=values, boxes=w.boxes)
