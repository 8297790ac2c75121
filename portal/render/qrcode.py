"""QR codes drawn at build time (segno): a page's public address as inline SVG for printed pages,
and an address as an SVG file (the footer's official accounts).

A citizen who prints a guide can scan the sheet later to reach the current version of the page, so
the printout never has to be the last word. Made at build time, the code needs no script and no
request to another host, and it prints sharply at any size.
"""

from __future__ import annotations

import io

import segno
from markupsafe import Markup


def qr_svg(address: str) -> Markup:
    """An inline SVG QR code of address, its <title> saying what it leads to.

    Error correction "M" survives a crease or a smudge on paper while keeping the code small enough
    to scan from an A4 sheet at arm's length.
    """
    code = segno.make_qr(address, error="m")
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True,  # a viewBox only: CSS sets the printed size
        title=f"二维码：{address}", svgclass="pt-qr__code", lineclass=None,
    )
    # segno escapes the title and writes nothing else from the input; the result is markup.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def qr_svg_file(address: str) -> str:
    """An SVG document of address's QR code, for a file of the site, with a white quiet zone of its
    own: it stays readable on a dark background (the footer)."""
    out = io.BytesIO()
    segno.make_qr(address, error="m").save(out, kind="svg", scale=4, border=4, dark="#000", light="#fff",
                                           title=f"二维码：{address}", encoding="utf-8")
    return out.getvalue().decode("utf-8")
