"""Build templates/official.hwpx from reportgen/layout.py.

The template's header.xml holds one paragraph style per layout role ("RG body", "RG item1", …);
an organisation may restyle them in Hangul and pass the file to HwpxWriter. The body shows one
sample line per style so the styles are easy to find and preview. Run: python templates/build_hwpx_template.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportgen import layout  # noqa: E402
from reportgen.writers import owpml  # noqa: E402
from reportgen.writers.hwpx import STYLE_PREFIX, HwpxWriter, header_from_layout  # noqa: E402


def build() -> bytes:
    """header.xml exactly as the writer builds it from layout.py, and a section of sample lines."""
    head = header_from_layout()
    writer = HwpxWriter()  # for the page setup, taken from layout.py
    styles = {s.get("name"): s for s in head.iter(owpml.HH + "style")}
    sec = owpml.root(owpml.HS + "sec")
    for i, role in enumerate(layout.STYLES):
        s = styles[STYLE_PREFIX + role]
        p = owpml.paragraph(sec, i + 1, int(s.get("paraPrIDRef")), int(s.get("id")))
        if i == 0:
            run = owpml.sub(p, owpml.HP + "run", charPrIDRef=s.get("charPrIDRef"))
            owpml.sec_pr(run, **writer._page, margins=writer._margins, border=1)
        owpml.text_run(p, int(s.get("charPrIDRef")), f"{STYLE_PREFIX}{role}: 가나다라 ABC 123 □ ○ ※")
    parts = [
        ("version.xml", owpml.version_xml()),
        ("Contents/header.xml", owpml.xml_bytes(head)),
        ("Contents/section0.xml", owpml.xml_bytes(sec)),
        ("Contents/content.hpf", owpml.content_hpf(title="reportgen official template", author="reportgen", date="2015-01-01", images=[])),
        ("settings.xml", owpml.settings_xml()),
        ("META-INF/container.xml", owpml.container_xml()),
        ("META-INF/manifest.xml", owpml.manifest_xml()),
        ("Preview/PrvText.txt", "\r\n".join(STYLE_PREFIX + r for r in layout.STYLES).encode()),
    ]
    return owpml.package(parts)


if __name__ == "__main__":
    out = ROOT / "templates" / "official.hwpx"
    out.write_bytes(build())
    print(f"{out} ({out.stat().st_size} bytes, {len(layout.STYLES)} roles)")
