"""The change-over-time chart: each area's mean level by quarter, drawn as SVG on the server (Vega-Lite through
Altair and vl-convert), so the page needs no script. The table beside it holds the same figures."""

from __future__ import annotations

import altair as alt
import vl_convert as vlc

from wholefamily.web.maturity.scoring import Row


def area_levels_svg(quarters: list[str], rows: list[Row], top_level: int) -> str:
    """A line per area (rows whose ``statement`` is empty), a point per quarter it was scored."""
    data = [
        {"quarter": quarter, "area": row.area, "level": level}
        for row in rows
        if not row.statement
        for quarter, level in zip(quarters, row.levels, strict=True)
        if level is not None
    ]
    chart = (
        alt.Chart({"values": data}, width=480, height=260)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title="Quarter", sort=quarters, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("level:Q", title="Mean level", scale=alt.Scale(domain=[0, top_level])),
            color=alt.Color(
                "area:N", title="Area", scale=alt.Scale(scheme="dark2"), legend=alt.Legend(labelLimit=0)
            ),
            strokeDash=alt.StrokeDash("area:N", title="Area"),
        )
        .properties(title="Mean level by area and quarter")
    )
    return str(vlc.vegalite_to_svg(chart.to_dict()))
