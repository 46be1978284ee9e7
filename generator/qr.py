"""QR codes of item pages (“扫一扫在手机打开当前页”): inline SVG made at build time, no script.

zxing-cpp encodes (error correction M; its C++ encoder picks the mask by the standard's
penalty rules, so the code depends on the URL alone) in about 0.4 ms, a fifth of segno's time
even with segno's mask fixed: at 20,000 items and two editions that was a minute of build
time. The SVG is written here: one path of horizontal runs, a quiet zone of four modules,
scalable by CSS, labelled for screen readers with the address it opens; a row's first run
is a move to its place, each next one a move from the last one's end (1.2 KB less a page than
a move to each run's place: the item pages' 50 KB budget). The codes are not
cached: every page has its own address, and a cache of them held 50 MiB in each render worker
at 20,000 items. The path's pieces are kept for the process (see _PIECES).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import zxingcpp
from markupsafe import Markup, escape

QUIET = 4  # modules of light margin on each side (ISO/IEC 18004)
_TITLE = "本页地址的二维码"
_DARK_RUN = re.compile(rb"\x00+")  # zxing-cpp images: 0 is a dark module, 255 a light one
# The path's piece of each row's first run, by the run's place in the joined rows, for each
# width of row, and of each next run, by its gap and length. The codes of one size have few
# runs between them (2,068 different ones in 8,000 codes of 33 modules; never more than
# size³ / 2): each piece is formatted once in a process instead of once a code.
_PIECES: dict[int, dict[tuple[int, int], str]] = {}
_NEXT: dict[tuple[int, int], str] = {}


@dataclass(frozen=True, slots=True)
class PageCode:
    """The QR code of the page at *url*, drawn when a template shows it (`{{ qr_svg }}`): a
    theme without the code costs no drawing (0.2 ms a page, two pages an item)."""

    url: str

    def __html__(self) -> str:
        return str(qr_svg(self.url))


def qr_svg(url: str) -> Markup:
    """Return an inline `<svg>` QR code of *url* (error correction M), labelled for screen readers."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    modules = bytes(memoryview(image))  # type: ignore[arg-type]  # a buffer without a stub
    size = math.isqrt(len(modules))  # one byte a module; a QR code is square
    # The rows joined by one light module, so that no run goes on into the next row: then
    # one search finds every run, and a run's row and column come from where it starts.
    width = size + 1
    rows = b"\xff".join([modules[start : start + size] for start in range(0, len(modules), size)])
    path = _path(list(map(re.Match.span, _DARK_RUN.finditer(rows))), width)
    side = size + 2 * QUIET
    label = escape(f"{_TITLE}：{url}")
    # role="img" plus a name: screen readers announce one image, not an unnamed graphic.
    return Markup(
        f'<svg role="img" aria-label="{label}" viewBox="0 0 {side} {side}" class="gk-qr__code">'
        f'<path stroke="#000" d="{path}"/></svg>'
    )


def _path(spans: list[tuple[int, int]], width: int) -> str:
    """Return the path of the dark runs at *spans* of rows *width* bytes apart: a row's first
    run a move to its start (after the quiet zone, on its row's middle), each next run a move
    along the row from the last one's end; each a line of its length."""
    firsts = _PIECES.setdefault(width, {})
    pieces: list[str] = []
    row = last = -1
    for start, end in spans:
        if start // width == row:
            piece = _NEXT.get((start - last, end - start))
            if piece is None:
                piece = _NEXT[start - last, end - start] = f"m{start - last} 0h{end - start}"
        else:
            row = start // width
            piece = firsts.get((start, end))
            if piece is None:
                piece = firsts[start, end] = (
                    f"M{start % width + QUIET} {row + QUIET}.5h{end - start}"
                )
        pieces.append(piece)
        last = end
    return "".join(pieces)
