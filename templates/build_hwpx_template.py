"""Build templates/official.hwpx from reportgen/layout.py.

The template's header.xml holds one paragraph style per layout role ("RG body", "RG item1", …);
an organisation may restyle them in Hangul and pass the file to HwpxWriter. The body shows one
sample line per style so the styles are easy to find and preview. Run: python templates/build_hwpx_template.py [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportgen import layout  # noqa: E402
from reportgen.writers import owpml, package  # noqa: E402
from reportgen.writers.hwpx import HwpxWriter  # noqa: E402
from reportgen.writers.owpml_head import STYLE_PREFIX, LayoutHead  # noqa: E402


def build() -> bytes:
    """header.xml exactly as the writer builds it from layout.py, and a section of sample lines."""
    head = LayoutHead()
    writer = HwpxWriter()  # for the page setup, taken from layout.py
    styles = head.styles()
    paragraphs = []
    for i, role in enumerate(layout.STYLES):
        s = styles[role]
        setup = owpml.run(s.char, owpml.sec_pr(**writer._page, margins=writer._margins, border=1)) if i == 0 else ""
        sample = owpml.run(s.char, owpml.run_text(f"{STYLE_PREFIX}{role}: 가나다라 ABC 123 □ ○ ※"))
        paragraphs.append(owpml.paragraph(i + 1, s.para, s.style_id, setup + sample))
    parts = [
        ("version.xml", owpml.VERSION_XML),
        ("Contents/header.xml", head.text().encode()),
        ("Contents/section0.xml", owpml.section("".join(paragraphs))),
        ("Contents/content.hpf", owpml.content_hpf(title="reportgen official template", author="reportgen", date="2015-01-01", images=[])),
        ("settings.xml", owpml.SETTINGS_XML),
        ("META-INF/container.xml", owpml.CONTAINER_XML),
        ("META-INF/manifest.xml", owpml.MANIFEST_XML),
        ("Preview/PrvText.txt", "\r\n".join(STYLE_PREFIX + r for r in layout.STYLES).encode()),
    ]
    # `mimetype` first and stored (readers sniff it)
    stored = [package.part("mimetype", owpml.MIMETYPE, deflate=False)]
    return package.pack(stored + [package.part(name, data, level=1) for name, data in parts])


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "official.hwpx"
    out.write_bytes(build())
    print(f"{out} ({out.stat().st_size} bytes, {len(layout.STYLES)} roles)")
