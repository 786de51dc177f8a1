"""Small line charts of one wellbeing area's scores over time, as inline SVG made on the server (no script, no
library): one chart per area, each with a text description for screen readers. The page always shows the same
scores as a table too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 260, 130
LEFT, RIGHT, TOP, BOTTOM = 28, 12, 10, 24
LOWEST, HIGHEST = 1, 10


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _y(score: int) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (HIGHEST - score) / (HIGHEST - LOWEST)


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def describe(label: str, points: Sequence[tuple[dt.date, int]]) -> str:
    """The chart in words: every score with its date, and the change from first to last."""
    if not points:
        return f"{label}: not scored yet."
    scores = "; ".join(f"{score} on {_day(day)}" for day, score in points)
    text = f"{label}, scored from 1 to 10: {scores}."
    if len(points) > 1:
        change = points[-1][1] - points[0][1]
        text += (
            " No change overall."
            if change == 0
            else f" {'Up' if change > 0 else 'Down'} {abs(change)} overall."
        )
    return text


def area_chart(chart_id: str, label: str, points: Sequence[tuple[dt.date, int]]) -> Markup:
    """An SVG line chart of ``points`` (date, score), oldest first, on a 1 to 10 scale."""
    ids = escape(chart_id)
    parts = [
        f'<svg class="wf-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{ids}-title {ids}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ids}-title">{escape(label)}</title>',
        f'<desc id="{ids}-desc">{escape(describe(label, points))}</desc>',
    ]
    for score in (LOWEST, 5, HIGHEST):
        y = _y(score)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#505a5f">{score}</text>'
        )
    coords = [(_x(i, len(points)), _y(score)) for i, (_, score) in enumerate(points)]
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1d70b8" stroke-width="3"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1d70b8"/>' for x, y in coords]
    if points:
        first, last = points[0][0], points[-1][0]
        base = HEIGHT - 6
        if len(points) == 1:
            parts.append(
                f'<text x="{coords[0][0]:.1f}" y="{base}" text-anchor="middle" font-size="11" fill="#505a5f">'
                f"{_day(first)}</text>"
            )
        else:
            parts.append(
                f'<text x="{LEFT}" y="{base}" font-size="11" fill="#505a5f">{_day(first)}</text>'
                f'<text x="{WIDTH - RIGHT}" y="{base}" text-anchor="end" font-size="11" fill="#505a5f">'
                f"{_day(last)}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))
