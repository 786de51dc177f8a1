"""The data-quality report shows what a partner sent as text: never as markup a browser would act on."""

from __future__ import annotations

import html

from workspace_builder import Ws, people_config


def test_partner_text_in_the_quality_report_is_escaped(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv}").replace("title: Clients", "title: Clients & carers"))
    ws.file(
        "extracts/2024-01-31/clients.csv",
        "id,first,last,dob\n"
        "C1,Ann,Lee,<script>alert(1)</script>\n"
        'C2,Bob,Ray,"=HYPERLINK(""http://x"")"\n'
        "C3,Cy,Day,03/04/1992\n",
    )
    ws.ingest()
    assert ws.query("select raw_value from quarantine order by row_number") == [
        ("<script>alert(1)</script>",),
        ('=HYPERLINK("http://x")',),
    ]
    (run_dir,) = (ws.root / "reports").iterdir()
    page = (run_dir / "clients.html").read_text("utf-8")
    assert "<script" not in page and 'HYPERLINK("' not in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page
    assert '=HYPERLINK("http://x")' in html.unescape(page)
    assert "<h1>Data quality: Clients &amp; carers</h1>" in page
    index = (run_dir / "index.html").read_text("utf-8")
    assert '<a href="clients.html">Clients &amp; carers</a>' in index
