"""Charts drawn on the server as SVG (Vega-Lite through Altair, rendered by vl-convert), so a page needs no
script to show them. A chart is a tidy table (one row per mark) and a ``ChartSpec`` saying which columns the
axes and colours read; the SVG carries ``role="img"``, a name and a description, and is inlined in the page
beside a table of the same figures."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import vl_convert
from markupsafe import Markup, escape

#: GOV.UK Design System colours, in the order series take them.
GOVUK_COLOURS = (
    "#1d70b8",  # blue
    "#f47738",  # orange
    "#00703c",  # green
    "#4c2c92",  # purple
    "#d4351c",  # red
    "#5694ca",  # light blue
    "#912b88",  # bright purple
    "#85994b",  # light green
    "#28a197",  # turquoise
    "#b58840",  # brown
    "#6f72af",  # light purple
    "#505a5f",  # dark grey
)
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
FONT = "Arial, sans-serif"

_CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "#ffffff",
    "view": {"stroke": None},
    "axis": {
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
        "labelFontSize": 14,
        "titleFontSize": 14,
        "gridColor": GRID_COLOUR,
        "domainColor": TEXT_COLOUR,
        "tickColor": TEXT_COLOUR,
        "labelLimit": 260,
    },
    "legend": {
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
        "labelFontSize": 14,
        "titleFontSize": 14,
        "labelLimit": 480,
    },
    "range": {"category": list(GOVUK_COLOURS)},
}


@dataclass(frozen=True)
class ChartSpec:
    """``bar``: one horizontal bar per category, in the rows' order (stacked by ``series``, if any, or side by
    side with ``grouped``: for values that do not add up, such as two views of one change);
    ``stacked``: columns over the category (months, say), stacked by ``series``;
    ``line``: a line per ``series`` over the category, a point where it has a value, told apart by colour and
    dash."""

    kind: Literal["bar", "stacked", "line"]
    category: str
    value: str
    series: str | None = None
    category_title: str = ""
    value_title: str = ""
    series_title: str = ""
    grouped: bool = False
    #: The value axis from and to (for a scale with fixed ends, such as levels 0 to 4).
    value_domain: tuple[float, float] | None = None


def _value_axis(rows: Sequence[Mapping[str, Any]], spec: ChartSpec) -> alt.Axis:
    """Whole numbers on the axis of counts (no tick at half a family), at most five ticks."""
    values = [row[spec.value] for row in rows]
    if not all(isinstance(v, int) for v in values):
        return alt.Axis()
    most = max(values, default=0)
    if spec.kind == "stacked" and values:
        totals: dict[Any, int] = {}
        for row in rows:
            totals[row[spec.category]] = totals.get(row[spec.category], 0) + row[spec.value]
        most = max(totals.values())
    return alt.Axis(format=",d", tickCount=max(1, min(5, most)))


def _chart(rows: Sequence[Mapping[str, Any]], spec: ChartSpec) -> alt.Chart:
    shown = [dict(row) for row in rows if row.get(spec.value) is not None]  # suppressed cells are not drawn
    categories = list(dict.fromkeys(row[spec.category] for row in rows))
    chart = alt.Chart(alt.Data(values=shown))  # type: ignore[no-untyped-call]
    value = alt.X if spec.kind == "bar" else alt.Y
    category = alt.Y if spec.kind == "bar" else alt.X
    encoding: dict[str, Any] = {
        "category": category(
            f"{spec.category}:N",
            sort=categories,
            title=spec.category_title or None,
            axis=alt.Axis(labelAngle=-45 if spec.kind == "stacked" else 0),
        ),
        "value": value(
            f"{spec.value}:Q",
            title=spec.value_title or None,
            axis=_value_axis(shown, spec),
            scale=alt.Undefined if spec.value_domain is None else alt.Scale(domain=list(spec.value_domain)),
        ),
    }
    if spec.series:
        series = list(dict.fromkeys(row[spec.series] for row in rows))
        # A line's colour and dash share one legend, which Vega-Lite draws only for a scale's domain, not a sort.
        order = {"scale": alt.Scale(domain=series)} if spec.kind == "line" else {"sort": series}
        legend = alt.Legend(orient="bottom", direction="vertical")
        encoding["color"] = alt.Color(
            f"{spec.series}:N", title=spec.series_title or None, legend=legend, **order
        )
    if spec.kind == "bar":
        marked = chart.mark_bar() if spec.series else chart.mark_bar(color=GOVUK_COLOURS[0])
        size = {"width": 420, "height": max(60, 32 * len(categories))}
    elif spec.kind == "line":
        marked = chart.mark_line(point=True)
        size = {"width": 480, "height": 260}
    else:
        marked = chart.mark_bar()
        size = {"width": max(300, 44 * len(categories)), "height": 260}
    x, y = ("value", "category") if spec.kind == "bar" else ("category", "value")
    channels = {"x": encoding[x], "y": encoding[y]}
    if "color" in encoding:
        channels["color"] = encoding["color"]
        if spec.grouped and spec.kind == "bar":
            channels["yOffset"] = alt.YOffset(f"{spec.series}:N", sort=series)
        if spec.kind == "line":
            channels["strokeDash"] = alt.StrokeDash(
                f"{spec.series}:N", title=spec.series_title or None, legend=legend, **order
            )
    encoded: alt.Chart = marked.encode(**channels).properties(**size)
    return encoded


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_DROP = re.compile(r'\sclass="[^"]*"')
#: Roles and ARIA attributes Vega gives marks and axes: the chart is read as one image instead.
_INNER_ARIA = re.compile(r'\s(role|aria-[a-z]+)="[^"]*"')


def render_svg(rows: Sequence[Mapping[str, Any]], spec: ChartSpec, *, title: str, description: str) -> Markup:
    """The chart as an SVG element to inline in a page: an image named ``title`` and described by
    ``description`` (the figures in words), drawn at its own size or narrower (site.css)."""
    vega_lite = _chart(rows, spec).to_dict()
    vega_lite["config"] = _CONFIG
    svg = vl_convert.vegalite_to_svg(vega_lite)
    opening = _SVG_OPEN.search(svg)
    if opening is None:  # vl-convert always writes one svg element; anything else is a bug
        raise ValueError("vl-convert returned no <svg> element")
    tag = _DROP.sub("", opening.group(0))[:-1]
    accessible = (
        f'{tag} class="wf-chart" role="img" aria-label="{escape(title)}" focusable="false">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )
    return Markup(accessible + _INNER_ARIA.sub("", svg[opening.end() :]))
