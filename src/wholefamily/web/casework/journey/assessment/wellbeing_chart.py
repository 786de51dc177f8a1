"""Small line charts of one wellbeing area's scores over time, as inline SVG made on the server (no script, no
library): one chart per area, each with a text description for screen readers. The keyworker's scores are a solid
blue line with dots; the family's own ratings, where there are any, a dashed orange line with squares (told apart
by shape, not colour alone). The page always shows the same scores as tables too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 260, 130
LEFT, RIGHT, TOP, BOTTOM = 28, 12, 10, 24
LOWEST, HIGHEST = 1, 10


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _y(score: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (HIGHEST - score) / (HIGHEST - LOWEST)


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _change(points: Sequence[tuple[dt.date, float]]) -> str:
    if len(points) < 2:
        return ""
    change = points[-1][1] - points[0][1]
    return (
        " No change overall."
        if change == 0
        else f" {'Up' if change > 0 else 'Down'} {abs(change):g} overall."
    )


def describe(
    label: str, points: Sequence[tuple[dt.date, int]], family_points: Sequence[tuple[dt.date, float]] = ()
) -> str:
    """The chart in words: every score with its date, and the change from first to last; then the family's own
    ratings the same way, if there are any."""
    if not points:
        text = f"{label}: not scored yet."
    else:
        scores = "; ".join(f"{score} on {_day(day)}" for day, score in points)
        text = f"{label}, scored from 1 to 10: {scores}.{_change(points)}"
    if family_points:
        own = "; ".join(f"{score:g} on {_day(day)}" for day, score in family_points)
        text += f" The family's own rating: {own}.{_change(family_points)}"
    return text


def _series(
    points: Sequence[tuple[dt.date, float]], days: list[dt.date], colour: str, *, dashed: bool
) -> list[str]:
    coords = [(_x(days.index(day), len(days)), _y(score)) for day, score in points]
    parts = []
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>')
    if dashed:
        parts += [
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>' for x, y in coords
        ]
    else:
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>' for x, y in coords]
    return parts


def area_chart(
    chart_id: str,
    label: str,
    points: Sequence[tuple[dt.date, int]],
    family_points: Sequence[tuple[dt.date, float]] = (),
) -> Markup:
    """An SVG line chart of ``points`` (date, score), oldest first, on a 1 to 10 scale, with the family's own
    ratings (``family_points``) as a second series on the same dates axis."""
    ids = escape(chart_id)
    parts = [
        f'<svg class="wf-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{ids}-title {ids}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ids}-title">{escape(label)}</title>',
        f'<desc id="{ids}-desc">{escape(describe(label, points, family_points))}</desc>',
    ]
    for score in (LOWEST, 5, HIGHEST):
        y = _y(score)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#505a5f">{score}</text>'
        )
    days = sorted({day for day, _ in points} | {day for day, _ in family_points})
    parts += _series(points, days, "#1d70b8", dashed=False)
    parts += _series(family_points, days, "#b35900", dashed=True)
    if days:
        first, last = days[0], days[-1]
        base = HEIGHT - 6
        if len(days) == 1:
            parts.append(
                f'<text x="{_x(0, 1):.1f}" y="{base}" text-anchor="middle" font-size="11" fill="#505a5f">'
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
