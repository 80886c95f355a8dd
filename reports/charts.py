"""Bar charts as SVG drawn on the server: no script, no chart library, readable by a screen
reader (a title, a description, and each bar's label and value as text), with the same
numbers in a table beside the chart."""

from dataclasses import dataclass

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 22, 8, 330, 320


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int


def bar_chart(rows: list[tuple[str, int]]) -> dict:
    """Geometry of a horizontal bar chart; the template draws it."""
    largest = max([value for _label, value in rows] + [1])
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            Bar(
                label=label,
                value=value,
                y=y,
                width=round(CHART_WIDTH * value / largest),
                text_y=y + BAR_HEIGHT - 6,
            )
        )
    return {
        "bars": bars,
        "height": len(rows) * (BAR_HEIGHT + GAP),
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + CHART_WIDTH + 60,
        "bar_height": BAR_HEIGHT,
    }
