"""Line charts drawn on the server as inline SVG, without JavaScript.

:func:`line_chart` turns points given as shares of each axis (0 to 1) into the
coordinates that ``templates/dashboard/_partials/line_chart.html`` draws, with
the axis ticks and titles, a ``<title>`` per point and a visually hidden table
of the same data for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 480, 200
# Margins: tick labels and the axis title on the left and at the bottom.
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 44


@dataclass(frozen=True)
class ChartPoint:
    x: float  # share of the x axis, 0 to 1
    y: float  # share of the y axis, 0 to 1
    label: str  # what the point is: a model's name, "3 documents trained"
    x_text: str  # the x value as shown: a date, a count
    y_text: str  # the y value as shown: "0.912", "50 %"


@dataclass(frozen=True)
class ChartSeries:
    name: str  # empty for the only series of a chart
    points: Sequence[ChartPoint]


def _x(share: float) -> float:
    return LEFT + share * (WIDTH - LEFT - RIGHT)


def _y(share: float) -> float:
    return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM)


def _anchor(share: float) -> str:
    """Where a tick label on the x axis hangs: inside the chart at either end."""
    return "start" if share <= 0 else "end" if share >= 1 else "middle"


def _coordinate(value: float) -> str:
    """SVG wants a dot as decimal mark, whatever the language of the page."""
    return f"{value:.1f}"


def line_chart(
    *,
    title: str,
    label_heading: str,
    x_label: str,
    y_label: str,
    x_ticks: Sequence[tuple[str, float]],
    y_ticks: Sequence[tuple[str, float]],
    series: Sequence[ChartSeries],
) -> dict:
    """What the chart partial draws: the frame (``width``, ``height``, ``left``,
    ``right``, ``top``, ``bottom``), ``x_ticks`` and ``y_ticks`` ``[(label,
    coordinate)]``, ``series`` ``[{"number", "name", "polyline", "points"}]`` (each
    point with ``cx``, ``cy`` and what :class:`ChartPoint` says), and the labels
    (an x tick also says how its label is anchored)
    (``label_heading`` heads the column of point labels in the hidden table)."""
    return {
        "title": title,
        "label_heading": label_heading,
        "x_label": x_label,
        "y_label": y_label,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "x_middle": _coordinate(_x(0.5)),
        "y_middle": _coordinate(_y(0.5)),
        "x_ticks": [(label, _coordinate(_x(share)), _anchor(share)) for label, share in x_ticks],
        "y_ticks": [(label, _coordinate(_y(share))) for label, share in y_ticks],
        "series": [
            {
                "number": number,
                "name": line.name,
                "polyline": " ".join(
                    f"{_coordinate(_x(p.x))},{_coordinate(_y(p.y))}" for p in line.points
                ),
                "points": [
                    {"cx": _coordinate(_x(p.x)), "cy": _coordinate(_y(p.y)), "point": p}
                    for p in line.points
                ],
            }
            for number, line in enumerate(series, start=1)
        ],
    }
